import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { StatementTotals } from '@aiceo/shared/finance-imports';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/finance/imports`;
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const b64 = (content: string | Buffer) => Buffer.from(content).toString('base64');

const seedAccount = async (org: SeededOrg, currency = 'EUR', name = `Bank ${currency}`) =>
  (
    await t.deps.db.financeAccount.create({
      data: { orgId: org.id, name, kind: 'bank', currency },
      select: { id: true },
    })
  ).id;

const upload = (
  org: SeededOrg,
  body: { fileName: string; contentBase64: string; accountId?: string },
  token?: string,
) =>
  request(t.app)
    .post(base(org))
    .set(bearer(token ?? org.owner.token))
    .send(body);

const commit = (org: SeededOrg, id: string, body: object = {}) =>
  request(t.app)
    .post(`${base(org)}/${id}/commit`)
    .set(bearer(org.owner.token))
    .send(body);

type Totals = Pick<StatementTotals, 'count' | 'inflowMinor' | 'outflowMinor' | 'firstDate' | 'lastDate'>;

// Each bank's export layout (fixtures/README.md): its currency, what must be detected, and the
// totals worked out independently from the transactions the fixture was written from.
const banks: [string, string, [string, string, number | null, string, string], Totals][] = [
  [
    'us-chase-checking.csv',
    'USD',
    ['utf-8', ',', 1, 'MM/DD/YYYY', '.'],
    { count: 6, inflowMinor: 250_000, outflowMinor: 206_043, firstDate: '2026-11-03', lastDate: '2026-11-28' },
  ],
  [
    'us-bank-of-america.csv',
    'USD',
    ['utf-8', ',', 7, 'MM/DD/YYYY', '.'],
    { count: 6, inflowMinor: 339_900, outflowMinor: 1_362_610, firstDate: '2026-11-02', lastDate: '2026-11-30' },
  ],
  [
    'us-wells-fargo.csv',
    'USD',
    ['utf-8', ',', null, 'MM/DD/YYYY', '.'],
    { count: 6, inflowMinor: 310_000, outflowMinor: 216_619, firstDate: '2026-11-01', lastDate: '2026-11-29' },
  ],
  [
    'gb-barclays.csv',
    'GBP',
    ['utf-8', ',', 1, 'DD/MM/YYYY', '.'],
    { count: 6, inflowMinor: 345_000, outflowMinor: 149_443, firstDate: '2026-11-02', lastDate: '2026-11-28' },
  ],
  [
    'gb-monzo.csv',
    'GBP',
    ['utf-8', ',', 1, 'DD/MM/YYYY', '.'],
    { count: 6, inflowMinor: 150_000, outflowMinor: 13_899, firstDate: '2026-11-01', lastDate: '2026-11-30' },
  ],
  [
    'gb-nationwide.csv',
    'GBP',
    ['windows-1252', ',', 5, 'DD MMM YYYY', '.'],
    { count: 5, inflowMinor: 210_050, outflowMinor: 213_995, firstDate: '2026-11-02', lastDate: '2026-11-26' },
  ],
  [
    'gb-hsbc.csv',
    'GBP',
    ['utf-8', ',', null, 'DD/MM/YYYY', '.'],
    { count: 5, inflowMinor: 560_000, outflowMinor: 247_369, firstDate: '2026-11-03', lastDate: '2026-11-30' },
  ],
  [
    'de-deutsche-bank.csv',
    'EUR',
    ['windows-1252', ';', 4, 'DD.MM.YYYY', ','],
    { count: 6, inflowMinor: 450_000, outflowMinor: 216_139, firstDate: '2026-11-02', lastDate: '2026-11-30' },
  ],
  [
    'de-sparkasse-camt.csv',
    'EUR',
    ['windows-1252', ';', 1, 'DD.MM.YY', ','],
    { count: 6, inflowMinor: 325_000, outflowMinor: 134_979, firstDate: '2026-11-03', lastDate: '2026-11-26' },
  ],
  [
    'de-ing.csv',
    'EUR',
    ['windows-1252', ';', 14, 'DD.MM.YYYY', ','],
    { count: 5, inflowMinor: 540_000, outflowMinor: 256_255, firstDate: '2026-11-01', lastDate: '2026-11-29' },
  ],
  [
    'de-n26.csv',
    'EUR',
    ['utf-8', ',', 1, 'YYYY-MM-DD', '.'],
    { count: 5, inflowMinor: 280_000, outflowMinor: 44_599, firstDate: '2026-11-02', lastDate: '2026-11-29' },
  ],
  [
    'de-commerzbank.csv',
    'EUR',
    ['utf-8-bom', ';', 1, 'DD.MM.YYYY', ','],
    { count: 5, inflowMinor: 185_000, outflowMinor: 153_564, firstDate: '2026-11-03', lastDate: '2026-11-30' },
  ],
  [
    'de-volksbank.csv',
    'EUR',
    ['windows-1252', ';', 11, 'DD.MM.YYYY', ','],
    { count: 5, inflowMinor: 420_000, outflowMinor: 119_339, firstDate: '2026-11-02', lastDate: '2026-11-27' },
  ],
  [
    'fr-bnp-paribas.csv',
    'EUR',
    ['utf-8', ';', 2, 'DD/MM/YYYY', ','],
    { count: 5, inflowMinor: 385_050, outflowMinor: 151_720, firstDate: '2026-11-03', lastDate: '2026-11-28' },
  ],
  [
    'fr-credit-agricole.csv',
    'EUR',
    ['windows-1252', ';', 9, 'DD/MM/YYYY', ','],
    { count: 5, inflowMinor: 234_500, outflowMinor: 401_350, firstDate: '2026-11-02', lastDate: '2026-11-27' },
  ],
  [
    'fr-societe-generale.csv',
    'EUR',
    ['utf-8', ';', 3, 'DD/MM/YYYY', ','],
    { count: 5, inflowMinor: 410_000, outflowMinor: 168_949, firstDate: '2026-11-02', lastDate: '2026-11-30' },
  ],
  [
    'nl-ing.csv',
    'EUR',
    ['utf-8', ';', 1, 'YYYYMMDD', ','],
    { count: 5, inflowMinor: 260_000, outflowMinor: 143_044, firstDate: '2026-11-02', lastDate: '2026-11-26' },
  ],
  [
    'nl-rabobank.csv',
    'EUR',
    ['utf-8', ',', 1, 'YYYY-MM-DD', ','],
    { count: 5, inflowMinor: 175_000, outflowMinor: 214_674, firstDate: '2026-11-03', lastDate: '2026-11-29' },
  ],
  [
    'nl-abn-amro.tab',
    'EUR',
    ['utf-8', '\t', null, 'YYYYMMDD', ','],
    { count: 5, inflowMinor: 315_000, outflowMinor: 125_894, firstDate: '2026-11-02', lastDate: '2026-11-27' },
  ],
  [
    'es-santander.csv',
    'EUR',
    ['utf-8', ';', 4, 'DD/MM/YYYY', ','],
    { count: 5, inflowMinor: 298_000, outflowMinor: 127_700, firstDate: '2026-11-02', lastDate: '2026-11-28' },
  ],
  [
    'es-bbva.csv',
    'EUR',
    ['utf-8', ';', 4, 'DD/MM/YYYY', ','],
    { count: 5, inflowMinor: 420_000, outflowMinor: 161_079, firstDate: '2026-11-01', lastDate: '2026-11-27' },
  ],
  [
    'es-caixabank.csv',
    'EUR',
    ['utf-8', ';', 1, 'DD/MM/YYYY', ','],
    { count: 5, inflowMinor: 195_000, outflowMinor: 117_400, firstDate: '2026-11-03', lastDate: '2026-11-30' },
  ],
  [
    'pt-millennium-bcp.csv',
    'EUR',
    ['utf-8', ';', 5, 'DD-MM-YYYY', ','],
    { count: 5, inflowMinor: 310_000, outflowMinor: 100_809, firstDate: '2026-11-02', lastDate: '2026-11-30' },
  ],
  [
    'pt-caixa-geral.csv',
    'EUR',
    ['windows-1252', ';', 7, 'DD-MM-YYYY', ','],
    { count: 5, inflowMinor: 405_000, outflowMinor: 167_250, firstDate: '2026-11-03', lastDate: '2026-11-30' },
  ],
  [
    'it-intesa-sanpaolo.csv',
    'EUR',
    ['utf-8', ';', 1, 'DD/MM/YYYY', ','],
    { count: 5, inflowMinor: 520_000, outflowMinor: 189_560, firstDate: '2026-11-02', lastDate: '2026-11-29' },
  ],
  [
    'it-unicredit.csv',
    'EUR',
    ['utf-8', ';', 1, 'DD.MM.YYYY', ','],
    { count: 5, inflowMinor: 310_000, outflowMinor: 130_505, firstDate: '2026-11-03', lastDate: '2026-11-30' },
  ],
  [
    'ch-ubs.csv',
    'CHF',
    ['utf-8', ';', 10, 'YYYY-MM-DD', '.'],
    { count: 5, inflowMinor: 640_000, outflowMinor: 217_280, firstDate: '2026-11-02', lastDate: '2026-11-30' },
  ],
];

describe('POST /api/orgs/:orgId/finance/imports: real banks without a mapping', () => {
  it('when the fixtures are counted, then they cover at least 15 banks in at least 6 countries', () => {
    expect(banks.length).toBeGreaterThanOrEqual(15);
    expect(new Set(banks.map(([name]) => name.slice(0, 2))).size).toBeGreaterThanOrEqual(6);
  });

  it.each(banks)(
    'when %s is uploaded, then its layout is detected and its count and totals are exact, with nothing rejected',
    async (name, currency, [encoding, delimiter, headerRow, dateFormat, decimalSeparator], totals) => {
      // Arrange
      const org = await seedOrg(t.deps);
      const accountId = await seedAccount(org, currency);
      // Act
      const res = await upload(org, { fileName: name, contentBase64: b64(fixture(name)), accountId });
      // Assert
      expect(res.status).toBe(201);
      expect(res.body.detected).toMatchObject({
        encoding,
        delimiter,
        headerRow,
        dateFormat,
        decimalSeparator,
        needsMapping: false,
        questions: [],
      });
      expect(res.body.totals).toMatchObject({ ...totals, currency, duplicateCount: 0, rejectedCount: 0 });
      expect(res.body.rejected).toEqual([]);
      expect(res.body.detected.columns.filter((c: { role: string }) => c.role === 'date')).toHaveLength(1);
    },
  );

  it('when the Windows-1252 Sparkasse file is committed, then names keep their umlauts and amounts their sign', async () => {
    const org = await seedOrg(t.deps);
    const accountId = await seedAccount(org);
    const created = await upload(org, {
      fileName: 'sparkasse.csv',
      contentBase64: b64(fixture('de-sparkasse-camt.csv')),
      accountId,
    });
    const res = await commit(org, created.body.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 6, skippedDuplicates: 0 });
    const rows = await t.deps.db.financeTransaction.findMany({
      where: { orgId: org.id },
      orderBy: [{ date: 'asc' }, { amountMinor: 'asc' }],
      select: { date: true, amountMinor: true, counterparty: true, description: true, source: true, importId: true },
    });
    expect(rows[0]).toEqual({
      date: new Date('2026-11-03T00:00:00.000Z'),
      amountMinor: -4599n,
      counterparty: 'Vodafone GmbH',
      // Buchungstext and Verwendungszweck together.
      description: 'FOLGELASTSCHRIFT Kundenkonto 12345 Rechnung 11/2026',
      source: 'import',
      importId: created.body.id,
    });
    expect(rows.map((r) => r.counterparty)).toContain('Müller & Söhne KG');
    expect(rows.map((r) => r.counterparty)).toContain('Bäckerei Weiß');
  });
});

describe('POST /api/orgs/:orgId/finance/imports: bad files', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['empty.csv', Buffer.alloc(0), /empty/],
    ['blank.csv', Buffer.from('\r\n\r\n  \r\n'), /empty/],
    [
      'photo.csv',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0]),
      /not text/,
    ],
    [
      'statement.csv',
      Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000[Content_Types].xml'),
      /Excel workbook/,
    ],
    ['statement.csv', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), /PDF/],
    ['notes.csv', Buffer.from('Name,Comment\r\nAda,hello\r\nGrace,world\r\n'), /No column of this file holds dates/],
    ['nodates.csv', Buffer.from('Date,Description,Amount\r\nyesterday,Coffee,-3.50\r\ntoday,Tea,-2.00\r\n'), /dates/],
    ['amounts.csv', Buffer.from('Date,Description\r\n2026-11-01,Coffee\r\n2026-11-02,Tea\r\n'), /amounts/],
    [
      'quote.csv',
      Buffer.from('Date,Description,Amount\r\n2026-11-01,"never closed,-3.50\r\n'),
      /quoted field is never closed/,
    ],
  ];
  it.each(cases)(
    'when %s is uploaded, then it answers 400 saying what is wrong and stores nothing',
    async (fileName, bytes, message) => {
      const org = await seedOrg(t.deps);
      const res = await upload(org, { fileName, contentBase64: b64(bytes) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(message);
      expect(await t.deps.db.financeImport.count({ where: { orgId: org.id } })).toBe(0);
    },
  );

  it('when the content is not base64, then it answers 400', async () => {
    const org = await seedOrg(t.deps);
    const res = await upload(org, { fileName: 'x.csv', contentBase64: 'not base64 at all!' });
    expect(res.status).toBe(400);
  });

  it('when the file is over 10 MB, then it answers 413; over 100,000 rows, 400', async () => {
    const org = await seedOrg(t.deps);
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
    const tooBig = await upload(org, { fileName: 'big.csv', contentBase64: b64(big) });
    const lines = ['Date,Description,Amount'];
    for (let i = 0; i < 100_001; i += 1) lines.push('2026-11-01,x,-1.00');
    const tooMany = await upload(org, { fileName: 'many.csv', contentBase64: b64(lines.join('\n')) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/more than 100000 rows/);
  }, 60_000);

  it('when a row has a bad date or amount, then it is listed as rejected with its line, text and reason, and the rest is read', async () => {
    const org = await seedOrg(t.deps);
    const csv = [
      'Date,Description,Amount',
      '2026-11-01,Coffee,-3.50',
      '2026-13-45,Broken date,-1.00',
      '2026-11-02,Broken amount,abc',
      '2026-11-03,Client,100.00',
      'Total,,95.00',
    ].join('\r\n');
    const res = await upload(org, { fileName: 'x.csv', contentBase64: b64(csv) });
    expect(res.status).toBe(201);
    expect(res.body.rejected).toEqual([
      { row: 3, raw: '2026-13-45,Broken date,-1.00', reason: 'Date "2026-13-45" is not YYYY-MM-DD' },
      { row: 4, raw: '2026-11-02,Broken amount,abc', reason: 'Amount "abc" is not a number' },
    ]);
    expect(res.body.totals).toMatchObject({ count: 2, inflowMinor: 10_000, outflowMinor: 350, rejectedCount: 2 });
    expect(res.body.detected.skippedLines).toBe(1);
  });
});

describe('mapping when detection is unsure', () => {
  it('when every date fits both day/month and month/day in both orders, then it asks for the date format and commit is refused until it is given', async () => {
    // Arrange: 01/02, 03/04, 05/06 are sorted as 1 Feb, 3 Apr, 5 Jun and as 2 Jan, 4 Mar, 6 May.
    const org = await seedOrg(t.deps);
    const csv =
      'Date,Description,Amount\r\n01/02/2026,Rent,-500.00\r\n03/04/2026,Client,900.00\r\n05/06/2026,Coffee,-3.00\r\n';
    // Act
    const created = await upload(org, { fileName: 'ambiguous.csv', contentBase64: b64(csv) });
    const refused = await commit(org, created.body.id);
    const mapping = { columns: ['date', 'description', 'amount'], dateFormat: 'DD/MM/YYYY' };
    const previewed = await request(t.app)
      .post(`${base(org)}/${created.body.id}/preview`)
      .set(bearer(org.owner.token))
      .send({ mapping });
    const committed = await commit(org, created.body.id);
    // Assert
    expect(created.status).toBe(201);
    expect(created.body.detected).toMatchObject({ needsMapping: true, dateFormat: null });
    expect(created.body.detected.questions).toEqual([
      expect.objectContaining({ field: 'dateFormat', options: ['DD/MM/YYYY', 'MM/DD/YYYY'] }),
    ]);
    expect(created.body.detected.columns).toEqual([
      { index: 0, header: 'Date', role: 'date', samples: ['01/02/2026', '03/04/2026', '05/06/2026'] },
      { index: 1, header: 'Description', role: 'description', samples: ['Rent', 'Client', 'Coffee'] },
      { index: 2, header: 'Amount', role: 'amount', samples: ['-500.00', '900.00', '-3.00'] },
    ]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/choose the date format/);
    expect(previewed.status).toBe(200);
    expect(previewed.body.totals).toMatchObject({ count: 3, firstDate: '2026-02-01', lastDate: '2026-06-05' });
    expect(committed.status).toBe(200);
    expect(committed.body).toEqual({ imported: 3, skippedDuplicates: 0 });
  });

  it('when the dates are unsorted but one reading is, then the sorted reading is taken without asking', async () => {
    const org = await seedOrg(t.deps);
    const csv = 'Date,Description,Amount\r\n11/03/2026,A,-1.00\r\n11/05/2026,B,-1.00\r\n12/01/2026,C,-1.00\r\n';
    const res = await upload(org, { fileName: 'x.csv', contentBase64: b64(csv) });
    expect(res.body.detected).toMatchObject({ needsMapping: false, dateFormat: 'MM/DD/YYYY' });
  });

  it('when every amount is positive and no column says in or out, then it asks instead of booking them as income', async () => {
    const org = await seedOrg(t.deps);
    const csv = 'Date,Description,Amount\r\n2026-11-01,Office chairs,450.00\r\n2026-11-02,Laptop,1200.00\r\n';
    const created = await upload(org, { fileName: 'card.csv', contentBase64: b64(csv) });
    const committed = await commit(org, created.body.id, {
      mapping: { columns: ['date', 'description', 'amount'], invertSign: true },
    });
    expect(created.body.detected.needsMapping).toBe(true);
    expect(created.body.detected.questions[0]).toMatchObject({ field: 'invertSign' });
    expect(committed.body).toEqual({ imported: 2, skippedDuplicates: 0 });
    const sum = await t.deps.db.financeTransaction.aggregate({ where: { orgId: org.id }, _sum: { amountMinor: true } });
    expect(sum._sum.amountMinor).toBe(-165_000n);
  });

  it('when a mapping names the wrong number of columns, then it answers 400 on the mapping', async () => {
    const org = await seedOrg(t.deps);
    const created = await upload(org, { fileName: 'x.csv', contentBase64: b64('Date,Amount\r\n2026-11-01,-1.00\r\n') });
    const res = await commit(org, created.body.id, { mapping: { columns: ['date'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('mapping');
  });
});

describe('dedupe', () => {
  const lines = (rows: string[]) => ['Date,Description,Amount', ...rows].join('\r\n');
  const october = [
    '2026-10-30,Rent,-1000.00',
    '2026-10-31,Coffee,-3.50',
    '2026-10-31,Coffee,-3.50',
    '2026-11-01,Client,2500.00',
  ];

  it('when the same file is imported twice, then the second commit imports nothing and counts every row as a duplicate', async () => {
    const org = await seedOrg(t.deps);
    const first = await upload(org, { fileName: 'a.csv', contentBase64: b64(lines(october)) });
    const firstCommit = await commit(org, first.body.id);
    const second = await upload(org, { fileName: 'a.csv', contentBase64: b64(lines(october)) });
    const secondCommit = await commit(org, second.body.id);
    expect(firstCommit.body).toEqual({ imported: 4, skippedDuplicates: 0 });
    expect(second.body.totals).toMatchObject({ count: 4, duplicateCount: 4, newCount: 0 });
    expect(second.body.duplicates).toHaveLength(4);
    expect(second.body.duplicates[0]).toMatchObject({ row: 2, kind: 'exact', amountMinor: -100_000 });
    expect(secondCommit.body).toEqual({ imported: 0, skippedDuplicates: 4 });
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(4);
  });

  it('when a later export overlaps the last one, then only the new rows are imported, including a third coffee on a day that had two', async () => {
    const org = await seedOrg(t.deps);
    await commit(org, (await upload(org, { fileName: 'oct.csv', contentBase64: b64(lines(october)) })).body.id);
    const later = [
      '2026-10-31,Coffee,-3.50',
      '2026-10-31,Coffee,-3.50',
      '2026-10-31,Coffee,-3.50',
      '2026-11-01,Client,2500.00',
      '2026-11-02,Internet,-40.00',
    ];
    const created = await upload(org, { fileName: 'nov.csv', contentBase64: b64(lines(later)) });
    const res = await commit(org, created.body.id);
    expect(created.body.totals).toMatchObject({ count: 5, duplicateCount: 3, newCount: 2 });
    expect(res.body).toEqual({ imported: 2, skippedDuplicates: 3 });
    const coffees = await t.deps.db.financeTransaction.count({ where: { orgId: org.id, description: 'Coffee' } });
    expect(coffees).toBe(3);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(6);
  });

  it('when the same file goes to another account, then it is imported there too (the account is part of the key)', async () => {
    const org = await seedOrg(t.deps);
    const main = await seedAccount(org, 'USD', 'Main bank');
    const other = await seedAccount(org, 'USD', 'Second bank');
    await commit(
      org,
      (await upload(org, { fileName: 'a.csv', contentBase64: b64(lines(october)), accountId: main })).body.id,
    );
    const created = await upload(org, { fileName: 'a.csv', contentBase64: b64(lines(october)), accountId: other });
    expect((await commit(org, created.body.id)).body).toEqual({ imported: 4, skippedDuplicates: 0 });
  });

  it('when a row looks like a manual transaction (same amount, two days apart, similar payee), then the preview shows it and it is imported unless confirmed as the same', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await t.deps.db.financeAccount.create({
      data: { orgId: org.id, name: 'Cash', kind: 'cash', currency: 'USD' },
      select: { id: true },
    });
    const manual = await t.deps.db.financeTransaction.create({
      data: {
        orgId: org.id,
        accountId: account.id,
        date: new Date('2026-11-03T00:00:00.000Z'),
        amountMinor: -4_999n,
        currency: 'USD',
        counterparty: 'Verizon',
        source: 'manual',
      },
      select: { id: true },
    });
    const csv = lines([
      '2026-11-01,VERIZON WIRELESS PAYMENTS,-49.99',
      '2026-11-01,SHELL OIL,-49.99',
      '2026-11-02,Acme Corp,-49.99',
    ]);
    // Act
    const created = await upload(org, { fileName: 'nov.csv', contentBase64: b64(csv) });
    // Assert: only the Verizon row matches; Shell and Acme have the amount but not the payee.
    expect(created.body.duplicates).toEqual([
      {
        row: 2,
        kind: 'likely',
        date: '2026-11-01',
        amountMinor: -4_999,
        text: 'VERIZON WIRELESS PAYMENTS',
        existing: {
          transactionId: manual.id,
          date: '2026-11-03',
          amountMinor: -4_999,
          counterparty: 'Verizon',
          source: 'manual',
        },
      },
    ]);
    expect(created.body.totals).toMatchObject({ likelyMatchCount: 1, duplicateCount: 0, newCount: 3 });
    // Not merged silently: a plain commit imports it; confirming it as the same skips it.
    const again = await upload(org, { fileName: 'nov.csv', contentBase64: b64(csv) });
    const confirmed = await commit(org, again.body.id, { sameAsExisting: [2] });
    expect(confirmed.body).toEqual({ imported: 2, skippedDuplicates: 1 });
    const wrong = await upload(org, { fileName: 'other.csv', contentBase64: b64(lines(['2026-11-20,Other,-1.00'])) });
    const refused = await commit(org, wrong.body.id, { sameAsExisting: [2] });
    expect(refused.status).toBe(400);
  });
});

describe('POST /api/orgs/:orgId/finance/imports/:importId/commit', () => {
  it('when committed twice, then the second answers 409 and nothing is booked twice', async () => {
    const org = await seedOrg(t.deps);
    const created = await upload(org, { fileName: 'x.csv', contentBase64: b64(fixture('gb-barclays.csv')) });
    const first = await commit(org, created.body.id);
    const second = await commit(org, created.body.id);
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(6);
    const stored = await request(t.app)
      .get(`${base(org)}/${created.body.id}`)
      .set(bearer(org.owner.token));
    expect(stored.body).toMatchObject({ status: 'committed', imported: 6, skippedDuplicates: 0 });
  });

  it('when two commits race, then exactly one wins and every row is booked once', async () => {
    const org = await seedOrg(t.deps);
    const created = await upload(org, { fileName: 'x.csv', contentBase64: b64(fixture('de-n26.csv')) });
    const results = await Promise.all([
      commit(org, created.body.id),
      commit(org, created.body.id),
      commit(org, created.body.id),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(5);
  });

  it('when a rule matches a row, then the row gets its category and the rule, in the preview and in the books', async () => {
    const org = await seedOrg(t.deps);
    const category = await t.deps.db.financeCategory.create({
      data: { orgId: org.id, name: 'Coffee shops', kind: 'expense' },
      select: { id: true },
    });
    const rule = await t.deps.db.financeRule.create({
      data: {
        orgId: org.id,
        name: 'Coffee',
        position: 1,
        conditions: [{ field: 'description', op: 'contains', value: 'pret a manger' }],
        actions: { categoryId: category.id },
      },
      select: { id: true },
    });
    const created = await upload(org, { fileName: 'b.csv', contentBase64: b64(fixture('gb-barclays.csv')) });
    await commit(org, created.body.id);
    expect(created.body.sample[0]).toMatchObject({ row: 2, categoryId: category.id, ruleId: rule.id });
    const booked = await t.deps.db.financeTransaction.findMany({
      where: { orgId: org.id, categoryId: category.id },
      select: { ruleId: true },
    });
    expect(booked).toEqual([{ ruleId: rule.id }]);
  });

  it('when the import belongs to another org, then it answers 404', async () => {
    const org = await seedOrg(t.deps);
    const stranger = await seedOrg(t.deps);
    const created = await upload(org, { fileName: 'x.csv', contentBase64: b64(fixture('gb-barclays.csv')) });
    const res = await request(t.app)
      .post(`${base(stranger)}/${created.body.id}/commit`)
      .set(bearer(stranger.owner.token))
      .send({});
    expect(res.status).toBe(404);
  });
});

describe('access and listing', () => {
  it('when a member (not an admin) uploads or lists, then it answers 403', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const uploaded = await upload(
      org,
      { fileName: 'x.csv', contentBase64: b64(fixture('gb-barclays.csv')) },
      member.token,
    );
    const listed = await request(t.app).get(base(org)).set(bearer(member.token));
    expect(uploaded.status).toBe(403);
    expect(listed.status).toBe(403);
  });

  it('when someone outside the org sends a large upload, then it is refused before the body is read', async () => {
    const org = await seedOrg(t.deps);
    const stranger = await seedOrg(t.deps);
    const big = { fileName: 'big.csv', contentBase64: 'QUFB'.repeat(700_000) };
    const res = await request(t.app).post(base(org)).set(bearer(stranger.owner.token)).send(big);
    expect(res.status).toBe(404);
  });

  it('when uploads exist, then the list shows them newest first and get answers the preview again', async () => {
    const org = await seedOrg(t.deps);
    const first = await upload(org, { fileName: 'a.csv', contentBase64: b64(fixture('gb-barclays.csv')) });
    t.clock.advance(1000);
    const second = await upload(org, { fileName: 'b.csv', contentBase64: b64(fixture('gb-hsbc.csv')) });
    const list = await request(t.app).get(base(org)).set(bearer(org.owner.token));
    const got = await request(t.app)
      .get(`${base(org)}/${first.body.id}`)
      .set(bearer(org.owner.token));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id, first.body.id]);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: first.body.id, status: 'preview', totals: first.body.totals });
    expect(got.body.sample).toHaveLength(6);
  });
});
