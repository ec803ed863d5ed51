import { extractByRules } from './widget-fields';

describe('extractByRules (the offline qualifier)', () => {
  it('when the visitor says what they need, then it is the need', () => {
    const found = extractByRules('Hi, we need a new online catalogue for our 300 products', {
      asked: null,
      needKnown: false,
    });
    expect(found.need).toBe('a new online catalogue for our 300 products');
  });

  it('when the need is known and a later message says "we need it within 2 months", then the need stays and the timeline is taken', () => {
    const found = extractByRules('Budget around 5000 dollars, we need it within 2 months.', {
      asked: null,
      needKnown: true,
    });
    expect(found.need).toBeUndefined();
    expect(found.timeline).toBe('within 2 months');
    expect(found.budget).toBe('5000 dollars');
  });
});
