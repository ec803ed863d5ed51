import iconv from 'iconv-lite';
import { assertTextual, decodeText } from './decode';
import { detectDelimiter, findHeader, parseRecords, readTable } from './table';
import { dateReadings, detectDateFormat, detectDecimalSeparator, monthNumber, parseAmount } from './values';

describe('decodeText', () => {
  it('when the bytes are UTF-8, UTF-8 with a BOM, UTF-16 or Windows-1252, then each reads back to the same text', () => {
    const text = 'Name;Betrag\r\nBäckerei Müller – Café;-12,50 €\r\n';
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({
      text,
      encoding: 'utf-8-bom',
    });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({
      text,
      encoding: 'utf-16le',
    });
    expect(decodeText(Buffer.from(text, 'utf16le'))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('when an ISO-8859-1 file is read, then its accents come out right (Windows-1252 is a superset)', () => {
    expect(decodeText(iconv.encode('Crédit;Société Générale', 'latin1')).text).toBe('Crédit;Société Générale');
  });

  it('when the file is empty, blank, binary, a workbook or a PDF, then it is refused saying which', () => {
    expect(() => decodeText(Buffer.alloc(0))).toThrow(/empty/);
    expect(() => decodeText(Buffer.from('\r\n \r\n'))).toThrow(/empty/);
    expect(() =>
      decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 1, 2, 3])),
    ).toThrow(/not text/);
    expect(() => decodeText(Buffer.from('PK\u0003\u0004rest of a zip'))).toThrow(/Excel workbook \(.xlsx\)/);
    expect(() => decodeText(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toThrow(/\.xls/);
    expect(() => decodeText(Buffer.from('%PDF-1.7'))).toThrow(/PDF/);
  });

  it('when text received as a string is binary or a workbook, then assertTextual refuses it', () => {
    expect(() => assertTextual('\u0000\u0001\u0002\u0003\u0004')).toThrow(/not text/);
    expect(() => assertTextual('PK\u0003\u0004')).toThrow(/Excel/);
    expect(() => assertTextual('Name\nAda\n')).not.toThrow();
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Date,Description,Amount\n2026-11-01,"Coffee, large",-3.50\n2026-11-02,Tea,-2.00\n', ','],
    ['Datum;Text;Betrag\n01.11.2026;Kaffee;-3,50\n02.11.2026;Tee;-2,00\n', ';'],
    ['Date\tText\tAmount\n2026-11-01\tCoffee\t-3.50\n', '\t'],
    ['"Datum","Bedrag"\n"20261101","-3,50"\n"20261102","1.234,50"\n', ','],
    [
      'Konto;DE12;\nZeitraum;November;\n\nDatum;Text;Soll;Haben;Saldo\n01.11.2026;Kaffee;3,50;;100,00\n02.11.2026;Tee;2,00;;98,00\n',
      ';',
    ],
    ['Name\nAda\nGrace\n', ','],
  ])('when the file is %j, then the delimiter is %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('parseRecords and findHeader', () => {
  it('when records span lines, then each keeps the line it starts on and its raw text', async () => {
    const records = await parseRecords('a,b\r\n\r\n"x\ny",2\r\nlast,1', { delimiter: ',', maxRecords: 10 });
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'], raw: 'a,b' },
      { line: 3, cells: ['x\ny', '2'], raw: '"x\ny",2' },
      { line: 5, cells: ['last', '1'], raw: 'last,1' },
    ]);
  });

  it('when lines above the table describe the account, then the header is the first full-width row that is not values', async () => {
    const text = 'Account;123\nPeriod;November\n\nDate;Text;Amount\n2026-11-01;Coffee;-3.50\n2026-11-02;Tea;-2.00\n';
    const table = await readTable(text, { maxRows: 10 });
    expect(table).toMatchObject({ delimiter: ';', headerLine: 4, header: ['Date', 'Text', 'Amount'] });
    expect(table.preamble.map((r) => r.line)).toEqual([1, 2]);
    expect(table.rows.map((r) => r.line)).toEqual([5, 6]);
  });

  it('when the table starts with data, then there is no header', async () => {
    const records = await parseRecords('2026-11-01,-3.50,Coffee\n2026-11-02,-2.00,Tea\n', {
      delimiter: ',',
      maxRecords: 10,
    });
    expect(findHeader(records)).toBeNull();
  });

  it('when a scorer knows the column names, then the row it rates highest is the header', async () => {
    const records = await parseRecords('Report,Total,Sum\nx,Name,Email\nAda,a@x.test,1\n', {
      delimiter: ',',
      maxRecords: 10,
    });
    expect(findHeader(records, { score: (cells) => cells.filter((c) => c === 'Email' || c === 'Name').length })).toBe(
      1,
    );
  });

  it('when there are more rows than allowed or a quote is never closed, then it throws saying so', async () => {
    await expect(readTable('a,b\n1,2\n3,4\n5,6\n', { maxRows: 2 })).rejects.toThrow(/more than 2 rows/);
    await expect(readTable('a,b\n"1,2\n', { maxRows: 2 })).rejects.toThrow(/Record 2.*never closed/);
  });
});

describe('dates', () => {
  it.each([
    ['2026-11-28', 'YYYY-MM-DD'],
    ['2026/11/28', 'YYYY/MM/DD'],
    ['20261128', 'YYYYMMDD'],
    ['28.11.2026', 'DD.MM.YYYY'],
    ['28.11.26', 'DD.MM.YY'],
    ['28/11/2026', 'DD/MM/YYYY'],
    ['28-11-2026', 'DD-MM-YYYY'],
    ['11/28/2026', 'MM/DD/YYYY'],
    ['11/28/26', 'MM/DD/YY'],
    ['28 Nov 2026', 'DD MMM YYYY'],
    ['28-Nov-26', 'DD MMM YY'],
    ['2026-11-28 10:15:30', 'YYYY-MM-DD'],
    ['28.11.2026 10:15', 'DD.MM.YYYY'],
  ])('when a cell is %j, then it reads as %s on 2026-11-28', (cell, format) => {
    expect(dateReadings(cell)).toContainEqual({ format, day: '2026-11-28' });
  });

  it.each([
    ['Dec', 12],
    ['déc.', 12],
    ['Dezember', 12],
    ['mrt', 3],
    ['März', 3],
    ['juin', 6],
    ['juillet', 7],
    ['août', 8],
    ['maggio', 5],
    ['ene', 1],
    ['out', 10],
    ['okt', 10],
    ['xyz', null],
  ])('when the month is %j, then it is %s', (word, month) => {
    expect(monthNumber(word)).toBe(month);
  });

  it('when one value has a day above 12, then the whole column is read day first', () => {
    expect(detectDateFormat(['01/11/2026', '05/11/2026', '28/11/2026'])).toEqual({
      kind: 'found',
      format: 'DD/MM/YYYY',
    });
    expect(detectDateFormat(['11/01/2026', '11/05/2026', '11/28/2026'])).toEqual({
      kind: 'found',
      format: 'MM/DD/YYYY',
    });
  });

  it('when every day is 12 or less, then the sorted reading wins, and if both are sorted it is ambiguous', () => {
    // Newest first as m/d: 12/01, 11/05, 11/03; as d/m it jumps 12 Jan, 11 May, 11 Mar.
    expect(detectDateFormat(['12/01/2026', '11/05/2026', '11/03/2026'])).toEqual({
      kind: 'found',
      format: 'MM/DD/YYYY',
    });
    expect(detectDateFormat(['01/02/2026', '03/04/2026'])).toEqual({
      kind: 'ambiguous',
      formats: ['DD/MM/YYYY', 'MM/DD/YYYY'],
    });
    expect(detectDateFormat(['01.02.2026', '03.04.2026'])).toEqual({ kind: 'found', format: 'DD.MM.YYYY' });
  });

  it('when values are not dates, then there is no format', () => {
    expect(detectDateFormat(['yesterday', 'today'])).toEqual({ kind: 'none' });
    expect(detectDateFormat(['31/02/2026'])).toEqual({ kind: 'none' });
  });
});

describe('amounts', () => {
  it.each([
    ['-12.00', '.', -1200],
    ['12.00-', '.', -1200],
    ['(12.00)', '.', -1200],
    ['+1,234.56', '.', 123456],
    ['$1,234.56', '.', 123456],
    ['-£5.45', '.', -545],
    ['1.234,56', ',', 123456],
    ['-1.234,56 €', ',', -123456],
    ['-45,20EUR', ',', -4520],
    ['1 234,56', ',', 123456],
    ['1\u00a0234,56', ',', 123456],
    ["1'234.56", '.', 123456],
    ['CHF -2’100.00', '.', -210000],
    ['12.00 DR', '.', -1200],
    ['12.00 CR', '.', 1200],
    ['1234', '.', 123400],
    ['\u221212.50', '.', -1250],
  ])('when the cell is %j with decimal %j, then it is %d minor units', (cell, decimal, minor) => {
    expect(parseAmount(cell, { decimal: decimal as '.' | ',', currency: 'EUR' })).toBe(minor);
  });

  it('when a cell is not a number or has more decimals than the currency, then it is null', () => {
    expect(parseAmount('abc', { decimal: '.', currency: 'EUR' })).toBeNull();
    expect(parseAmount('1.234', { decimal: '.', currency: 'EUR' })).toBeNull();
    expect(parseAmount('1.5', { decimal: '.', currency: 'JPY' })).toBeNull();
    expect(parseAmount('1500', { decimal: '.', currency: 'JPY' })).toBe(1500);
  });

  it('when the column says which separator is the decimal one, then it is found', () => {
    expect(detectDecimalSeparator(['1.234,56', '-12,00'])).toEqual({ kind: 'found', separator: ',' });
    expect(detectDecimalSeparator(['1,234.56', '-12.00'])).toEqual({ kind: 'found', separator: '.' });
    expect(detectDecimalSeparator(['-3,50', '12'])).toEqual({ kind: 'found', separator: ',' });
    expect(detectDecimalSeparator(['1.234.567', '5'])).toEqual({ kind: 'found', separator: ',' });
    expect(detectDecimalSeparator(['1,250', '5,000'])).toEqual({ kind: 'found', separator: '.' });
    expect(detectDecimalSeparator(['1.234,56', '1,234.56'])).toEqual({ kind: 'conflict' });
  });
});
