import { majorAmount } from './finance-reports.csv';

describe('majorAmount', () => {
  it.each([
    [123456, 'EUR', '1234.56'],
    [-5, 'USD', '-0.05'],
    [0, 'USD', '0.00'],
    [-1250, 'JPY', '-1250'],
    [1, 'KWD', '0.001'],
    [9_007_199_254_740_991, 'USD', '90071992547409.91'],
  ])('when %i minor units of %s are written, then the CSV shows %s exactly', (minor, currency, text) => {
    expect(majorAmount(minor, currency)).toBe(text);
  });
});
