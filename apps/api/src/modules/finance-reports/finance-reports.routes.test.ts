import request from 'supertest';
import type { CashFlow, ProfitAndLossReport } from '@aiceo/shared/finance-reports';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import {
  createAccount,
  createCategory,
  insertTransactions,
  seededRandom,
  transferPair,
  type TestTransaction,
} from '../../testing/generated-books';

// Every figure of the P&L and the cash flow is recomputed here in plain TypeScript from the
// generated transactions (several categories, refunds, transfers both ways, uncategorised rows,
// another currency, days at month ends) and compared with what the API answers.

type Category = { id: string; name: string; key: string | null; kind: 'income' | 'expense' | 'transfer' };
type Account = { id: string; currency: string; openingBalanceMinor: number };
type Range = { from: string; to: string };

const CURRENCY = 'EUR';
const base = (org: SeededOrg) => `/api/orgs/${org.id}/finance/reports`;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => day(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
const round1 = (value: number) => Math.round(value * 10) / 10 + 0; // never -0, as JSON never carries it

/** The P&L of a range recomputed from the rows. */
const expectedPnl = (rows: TestTransaction[], categories: Category[], range: Range) => {
  const kindOf = new Map(categories.map((c) => [c.id, c]));
  const inRange = rows.filter((r) => r.date >= range.from && r.date <= range.to);
  const counted = inRange.filter(
    (r) =>
      r.currency === CURRENCY &&
      r.transferId === null &&
      (r.categoryId === null || kindOf.get(r.categoryId)?.kind !== 'transfer'),
  );
  const lines = (kind: 'income' | 'expense') =>
    categories
      .filter((c) => c.kind === kind)
      .map((c) => {
        const mine = counted.filter((r) => r.categoryId === c.id);
        const sum = mine.reduce((total, r) => total + r.amountMinor, 0);
        return {
          present: mine.length > 0,
          categoryId: c.id,
          key: c.key,
          name: c.name,
          amountMinor: kind === 'income' ? sum : -sum,
        };
      })
      .filter((line) => line.present)
      .map(({ present: _present, ...line }) => line)
      .sort((a, b) => b.amountMinor - a.amountMinor || a.name.localeCompare(b.name));
  const uncategorised = counted.filter((r) => r.categoryId === null);
  const uncategorisedInMinor = uncategorised.filter((r) => r.amountMinor > 0).reduce((s, r) => s + r.amountMinor, 0);
  const uncategorisedOutMinor =
    0 - uncategorised.filter((r) => r.amountMinor < 0).reduce((s, r) => s + r.amountMinor, 0);
  const income = lines('income');
  const expenses = lines('expense');
  const incomeMinor = income.reduce((s, l) => s + l.amountMinor, uncategorisedInMinor);
  const expenseMinor = expenses.reduce((s, l) => s + l.amountMinor, uncategorisedOutMinor);
  return {
    currency: CURRENCY,
    from: range.from,
    to: range.to,
    incomeMinor,
    expenseMinor,
    netMinor: incomeMinor - expenseMinor,
    marginPercent: incomeMinor > 0 ? round1(((incomeMinor - expenseMinor) / incomeMinor) * 100) : null,
    income,
    expenses,
    uncategorisedInMinor,
    uncategorisedOutMinor,
    transactionCount: counted.length,
    otherCurrencyCount: inRange.filter((r) => r.currency !== CURRENCY).length,
  };
};

const expectedReport = (
  rows: TestTransaction[],
  categories: Category[],
  options: { period: string; range: Range; previous: Range },
): ProfitAndLossReport => {
  const current = expectedPnl(rows, categories, options.range);
  const before = expectedPnl(rows, categories, options.previous);
  const percent = (now: number, was: number) => (was === 0 ? null : round1(((now - was) / Math.abs(was)) * 100));
  return {
    ...current,
    period: options.period as ProfitAndLossReport['period'],
    previous: {
      ...options.previous,
      incomeMinor: before.incomeMinor,
      expenseMinor: before.expenseMinor,
      netMinor: before.netMinor,
    },
    change: {
      incomeMinor: current.incomeMinor - before.incomeMinor,
      expenseMinor: current.expenseMinor - before.expenseMinor,
      netMinor: current.netMinor - before.netMinor,
      incomePercent: percent(current.incomeMinor, before.incomeMinor),
      expensePercent: percent(current.expenseMinor, before.expenseMinor),
      netPercent: percent(current.netMinor, before.netMinor),
    },
  };
};

/** The cash flow recomputed from the rows, for the given period starts and ends. */
const expectedCashFlow = (
  rows: TestTransaction[],
  categories: Category[],
  accounts: Account[],
  periods: Range[],
): Pick<CashFlow, 'periods' | 'openingBalanceMinor'> => {
  const transfers = new Set(categories.filter((c) => c.kind === 'transfer').map((c) => c.id));
  const balanceAt = (account: Account, until: string) =>
    rows
      .filter((r) => r.accountId === account.id && r.currency === account.currency && r.date <= until)
      .reduce((s, r) => s + r.amountMinor, account.openingBalanceMinor);
  const total = (until: string) =>
    accounts.filter((a) => a.currency === CURRENCY).reduce((s, a) => s + balanceAt(a, until), 0);
  const first = periods[0]?.from ?? '';
  return {
    openingBalanceMinor: total(addDays(first, -1)),
    periods: periods.map((p) => {
      const flows = rows.filter(
        (r) =>
          r.date >= p.from &&
          r.date <= p.to &&
          r.currency === CURRENCY &&
          r.transferId === null &&
          !(r.categoryId && transfers.has(r.categoryId)),
      );
      const inMinor = flows.filter((r) => r.amountMinor > 0).reduce((s, r) => s + r.amountMinor, 0);
      const outMinor = 0 - flows.filter((r) => r.amountMinor < 0).reduce((s, r) => s + r.amountMinor, 0);
      return {
        periodStart: p.from,
        periodEnd: p.to,
        inMinor,
        outMinor,
        netMinor: inMinor - outMinor,
        balanceMinor: total(p.to),
        accounts: accounts.map((a) => ({ accountId: a.id, balanceMinor: balanceAt(a, p.to) })),
      };
    }),
  };
};

/** Random books over 2024-2026 with many days at month ends. */
const generateBooks = (options: { accounts: Account[]; categories: Category[]; seed: number; count: number }) => {
  const random = seededRandom(options.seed);
  const [main, savings, dollars] = options.accounts as [Account, Account, Account];
  const byKind = (kind: Category['kind']) => options.categories.filter((c) => c.kind === kind);
  const transferCategory = byKind('transfer')[0] ?? null;
  const randomDay = () => {
    const month = random.int(0, 35);
    const start = Date.UTC(2024, month, 1);
    const end = Date.UTC(2024, month + 1, 0);
    const edge = random.next();
    if (edge < 0.15) return day(start);
    if (edge < 0.3) return day(end);
    return day(start + random.int(0, (end - start) / 86_400_000) * 86_400_000);
  };
  const rows: TestTransaction[] = [];
  while (rows.length < options.count) {
    const roll = random.next();
    const date = randomDay();
    const amount = random.int(1, 500_000);
    if (roll < 0.08) {
      // A transfer between own accounts: a transfer category, none, or even an expense category.
      const categoryId = random.pick([transferCategory?.id ?? null, null, byKind('expense')[0]?.id ?? null]);
      const [from, to] = random.next() < 0.5 ? [main, savings] : [savings, main];
      rows.push(
        ...transferPair({ from: from.id, to: to.id, date, amountMinor: amount, currency: CURRENCY, categoryId }),
      );
      continue;
    }
    const account = roll < 0.16 ? dollars : random.next() < 0.8 ? main : savings;
    let categoryId: string | null;
    let sign: number;
    if (roll < 0.2) {
      categoryId = transferCategory?.id ?? null;
      sign = random.next() < 0.5 ? 1 : -1;
    } else if (roll < 0.35) {
      categoryId = null;
      sign = random.next() < 0.5 ? 1 : -1;
    } else if (roll < 0.6) {
      categoryId = random.pick(byKind('income')).id;
      sign = random.next() < 0.9 ? 1 : -1; // refunds
    } else {
      categoryId = random.pick(byKind('expense')).id;
      sign = random.next() < 0.9 ? -1 : 1;
    }
    rows.push({
      accountId: account.id,
      date,
      amountMinor: sign * amount,
      currency: account.currency,
      categoryId,
      counterparty: `Party ${random.int(1, 40)}`,
      transferId: null,
    });
  }
  return rows;
};

const monthRanges = (from: string, to: string): Range[] => {
  const ranges: Range[] = [];
  for (let start = `${from.slice(0, 7)}-01`; start <= to;) {
    const next = day(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)), 1));
    ranges.push({ from: start < from ? from : start, to: addDays(next, -1) > to ? to : addDays(next, -1) });
    start = next;
  }
  return ranges;
};

describe('finance reports', () => {
  let t: TestContext;
  let org: SeededOrg;
  let rows: TestTransaction[];
  let categories: Category[];
  let accounts: Account[];

  beforeAll(async () => {
    t = await createTestContext();
    org = await seedOrg(t.deps);
    await t.deps.db.organization.update({
      where: { id: org.id },
      data: { currency: CURRENCY, timezone: 'Europe/Berlin', fiscalYearStartMonth: 4 },
    });
    const category = async (name: string, kind: Category['kind'], key: string | null = null): Promise<Category> => ({
      id: await createCategory(t.deps, { orgId: org.id, name, kind, ...(key ? { key } : {}) }),
      name,
      key,
      kind,
    });
    categories = [
      await category('Sales', 'income', 'sales'),
      await category('Services', 'income', 'services'),
      await category('Rent', 'expense', 'rent'),
      await category('Payroll', 'expense', 'payroll'),
      await category('Software', 'expense'),
      await category('Transfers', 'transfer', 'transfer'),
    ];
    const account = async (name: string, currency: string, openingBalanceMinor: number): Promise<Account> => ({
      id: await createAccount(t.deps, { orgId: org.id, name, currency, openingBalanceMinor }),
      currency,
      openingBalanceMinor,
    });
    accounts = [
      await account('Main', 'EUR', 1_000_000),
      await account('Savings', 'EUR', 50_000),
      await account('US', 'USD', 20_000),
    ];
    // Created in the order the API lists them (by name).
    rows = generateBooks({ accounts, categories, seed: 20261203, count: 1000 });
    await insertTransactions(t.deps, org.id, rows);
    // Another org's books must never leak in.
    const stranger = await seedOrg(t.deps);
    const strangerAccount = await createAccount(t.deps, {
      orgId: stranger.id,
      name: 'Main',
      currency: 'EUR',
      openingBalanceMinor: 7,
    });
    await insertTransactions(t.deps, stranger.id, [
      {
        accountId: strangerAccount,
        date: '2026-03-31',
        amountMinor: 999_999,
        currency: 'EUR',
        categoryId: null,
        counterparty: 'x',
        transferId: null,
      },
    ]);
  }, 120_000); // Seeding is slow on a busy machine.
  afterAll(() => t.close());

  const getJson = async (path: string) => {
    const res = await request(t.app)
      .get(`${base(org)}${path}`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    return res.body as unknown;
  };

  it.each([
    [
      'month',
      'period=month&date=2026-03-31',
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-02-01', to: '2026-02-28' },
    ],
    [
      'quarter',
      'period=quarter&date=2026-05-15',
      { from: '2026-04-01', to: '2026-06-30' },
      { from: '2026-01-01', to: '2026-03-31' },
    ],
    [
      'quarter',
      'period=quarter&date=2026-02-01',
      { from: '2026-01-01', to: '2026-03-31' },
      { from: '2025-10-01', to: '2025-12-31' },
    ],
    [
      'year',
      'period=year&date=2026-02-10',
      { from: '2025-04-01', to: '2026-03-31' },
      { from: '2024-04-01', to: '2025-03-31' },
    ],
    [
      'year',
      'period=year&date=2026-04-01',
      { from: '2026-04-01', to: '2027-03-31' },
      { from: '2025-04-01', to: '2026-03-31' },
    ],
    [
      'week',
      'period=week&date=2026-03-01',
      { from: '2026-02-23', to: '2026-03-01' },
      { from: '2026-02-16', to: '2026-02-22' },
    ],
    [
      'day',
      'period=day&date=2025-06-30',
      { from: '2025-06-30', to: '2025-06-30' },
      { from: '2025-06-29', to: '2025-06-29' },
    ],
    [
      'custom',
      'from=2025-07-15&to=2026-01-10',
      { from: '2025-07-15', to: '2026-01-10' },
      { from: '2025-01-16', to: '2025-07-14' },
    ],
  ])(
    'when the P&L of a %s (%s) is asked for, then every figure matches the transactions recomputed',
    async (period, query, range, previous) => {
      const body = await getJson(`/profit-and-loss?${query}`);
      expect(body).toEqual(expectedReport(rows, categories, { period, range, previous }));
    },
  );

  it('when every month of 2025 is reported, then the months add up to the custom range of the whole year', async () => {
    const year = (await getJson('/profit-and-loss?from=2025-01-01&to=2025-12-31')) as ProfitAndLossReport;
    let net = 0;
    for (let month = 1; month <= 12; month++) {
      const report = (await getJson(
        `/profit-and-loss?period=month&date=2025-${String(month).padStart(2, '0')}-15`,
      )) as ProfitAndLossReport;
      net += report.netMinor;
    }
    expect(net).toBe(year.netMinor);
    expect(year.transactionCount).toBeGreaterThan(100);
    expect(year.otherCurrencyCount).toBeGreaterThan(0);
    expect(year.uncategorisedInMinor).toBeGreaterThan(0);
  });

  it.each([
    ['month', '2025-03-15', '2026-02-10', monthRanges('2025-03-15', '2026-02-10')],
    [
      'week',
      '2026-01-01',
      '2026-02-15',
      // 1 January 2026 is a Thursday: the first week is cut at the range's start.
      [
        { from: '2026-01-01', to: '2026-01-04' },
        ...[5, 12, 19, 26, 33, 40].map((d) => ({
          from: addDays('2026-01-01', d - 1),
          to: addDays('2026-01-01', d + 5) > '2026-02-15' ? '2026-02-15' : addDays('2026-01-01', d + 5),
        })),
      ],
    ],
    [
      'day',
      '2026-03-25',
      '2026-04-05',
      Array.from({ length: 12 }, (_, i) => ({ from: addDays('2026-03-25', i), to: addDays('2026-03-25', i) })),
    ],
  ])(
    'when the cash flow by %s is asked for, then in, out, net and every running balance match the transactions',
    async (interval, from, to, periods) => {
      const body = (await getJson(`/cash-flow?interval=${interval}&from=${from}&to=${to}`)) as CashFlow;
      const expected = expectedCashFlow(rows, categories, accounts, periods);
      expect(body.openingBalanceMinor).toBe(expected.openingBalanceMinor);
      expect(body.periods).toEqual(expected.periods);
      expect(body.inMinor).toBe(expected.periods.reduce((s, p) => s + p.inMinor, 0));
      expect(body.accounts.map((a) => a.currency)).toEqual(['EUR', 'EUR', 'USD']);
      expect(body.otherCurrencyCount).toBe(
        rows.filter((r) => r.date >= from && r.date <= to && r.currency !== CURRENCY).length,
      );
    },
  );

  it('when the P&L is exported, then it is a CSV attachment with the same totals in major units', async () => {
    const res = await request(t.app)
      .get(`${base(org)}/profit-and-loss/export?period=month&date=2026-03-31`)
      .set(bearer(org.owner.token));
    const report = expectedReport(rows, categories, {
      period: 'month',
      range: { from: '2026-03-01', to: '2026-03-31' },
      previous: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="profit-and-loss-2026-03-01-2026-03-31.csv"');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('Section,Line,Amount,Currency');
    const money = (minor: number) =>
      `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;
    expect(lines).toContain(`Total,Net profit,${money(report.netMinor)},EUR`);
    expect(lines).toContain(`Total,Income,${money(report.incomeMinor)},EUR`);
    expect(lines).toContain(`Income,Uncategorised money in,${money(report.uncategorisedInMinor)},EUR`);
  });

  it('when the cash flow is exported, then there is one CSV row per period with a column per account', async () => {
    const res = await request(t.app)
      .get(`${base(org)}/cash-flow/export?interval=month&from=2025-01-01&to=2025-12-31`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cash-flow-2025-01-01-2025-12-31.csv"$/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('Period start,Period end,In,Out,Net,Balance,Main (EUR),Savings (EUR),US (USD)');
    expect(lines).toHaveLength(13);
    expect(lines[1]?.startsWith('2025-01-01,2025-01-31,')).toBe(true);
  });

  it('when the query is bad (half a range, from after to, too many days), then it answers 400 with the error envelope', async () => {
    for (const path of [
      '/profit-and-loss?from=2026-01-01',
      '/profit-and-loss?from=2026-02-01&to=2026-01-01',
      '/profit-and-loss?period=month&from=2026-01-01&to=2026-01-31',
      '/profit-and-loss?period=fortnight',
      '/profit-and-loss?date=2026-02-30',
      '/cash-flow?interval=day&from=2020-01-01&to=2026-01-01',
      '/cash-flow?interval=year',
      '/forecast?weeks=100',
    ]) {
      const res = await request(t.app)
        .get(`${base(org)}${path}`)
        .set(bearer(org.owner.token));
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('when a member (not an admin) asks for a report, then it answers 403', async () => {
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await request(t.app)
      .get(`${base(org)}/profit-and-loss`)
      .set(bearer(member.token));
    expect(res.status).toBe(403);
  });

  it('when the books change after they were written (recategorised, moved, deleted, an account and a category deleted, more inserted), then the P&L and the cash flow still match the transactions', async () => {
    // Its own org, so the books the other tests recompute stay as they are.
    const own = await seedOrg(t.deps);
    const db = t.deps.db;
    await db.organization.update({
      where: { id: own.id },
      data: { currency: CURRENCY, timezone: 'UTC', fiscalYearStartMonth: 1 },
    });
    const category = async (name: string, kind: Category['kind']): Promise<Category> => ({
      id: await createCategory(t.deps, { orgId: own.id, name, kind }),
      name,
      key: null,
      kind,
    });
    const [sales, consulting, rent, travel, transfers] = [
      await category('Sales', 'income'),
      await category('Consulting', 'income'),
      await category('Rent', 'expense'),
      await category('Travel', 'expense'),
      await category('Transfers', 'transfer'),
    ];
    const account = async (name: string, currency: string, openingBalanceMinor: number): Promise<Account> => ({
      id: await createAccount(t.deps, { orgId: own.id, name, currency, openingBalanceMinor }),
      currency,
      openingBalanceMinor,
    });
    const ownAccounts = [await account('Main', 'EUR', 500_000), await account('Savings', 'EUR', 0)];
    const [main, savings] = ownAccounts as [Account, Account];
    const us = await account('US', 'USD', 1_000);
    const closed = await account('Zz closed', 'EUR', 0);
    const allCategories = [sales, consulting, rent, travel, transfers];
    await insertTransactions(
      t.deps,
      own.id,
      generateBooks({ accounts: [main, savings, us], categories: allCategories, seed: 42, count: 400 }),
    );
    await insertTransactions(
      t.deps,
      own.id,
      [5_000, -7_000, 12_000].map((amountMinor, i) => ({
        accountId: closed.id,
        date: `2025-0${i + 3}-10`,
        amountMinor,
        currency: 'EUR',
        categoryId: i === 0 ? sales.id : rent.id,
        counterparty: 'Closed',
        transferId: null,
      })),
    );
    const ids = (
      await db.financeTransaction.findMany({
        where: { orgId: own.id, accountId: { not: closed.id } },
        orderBy: [{ date: 'asc' }, { id: 'asc' }],
        select: { id: true },
      })
    ).map((r) => r.id);
    const every = (n: number, offset: number) => ids.filter((_, i) => i % n === offset);

    // Recategorised (one statement each), uncategorised, and one row's amount, sign and day changed.
    await db.financeTransaction.updateMany({ where: { id: { in: every(7, 0) } }, data: { categoryId: travel.id } });
    await db.financeTransaction.updateMany({ where: { id: { in: every(11, 3) } }, data: { categoryId: null } });
    await db.financeTransaction.updateMany({ where: { id: { in: every(9, 4) } }, data: { categoryId: consulting.id } });
    await db.financeTransaction.update({
      where: { id: ids[1] as string },
      data: { amountMinor: -123_456n, date: new Date('2026-02-28T00:00:00.000Z'), notes: 'changed' },
    });
    // A change that moves no money (the notes) leaves the figures alone.
    await db.financeTransaction.updateMany({ where: { id: { in: every(5, 2) } }, data: { notes: 'seen' } });
    // One row moved to another account.
    const moved = await db.financeTransaction.findFirstOrThrow({
      where: { orgId: own.id, accountId: main.id, transferId: null, date: { gte: new Date('2025-01-01') } },
      select: { id: true },
    });
    await db.financeTransaction.update({ where: { id: moved.id }, data: { accountId: savings.id } });
    // Some deleted, one by one and in bulk.
    await db.financeTransaction.delete({ where: { id: ids[2] as string } });
    await db.financeTransaction.deleteMany({ where: { id: { in: every(13, 5) } } });
    // A category deleted: its transactions become uncategorised (SetNull).
    expect(await db.financeTransaction.count({ where: { categoryId: consulting.id } })).toBeGreaterThan(0);
    await db.financeCategory.delete({ where: { id: consulting.id } });
    // An account deleted: its transactions go with it (Cascade).
    await db.financeAccount.delete({ where: { id: closed.id } });
    // More books in bulk.
    const remaining = allCategories.filter((c) => c.id !== consulting.id);
    await insertTransactions(
      t.deps,
      own.id,
      generateBooks({ accounts: [main, savings, us], categories: remaining, seed: 43, count: 150 }),
    );

    const books: TestTransaction[] = (
      await db.financeTransaction.findMany({
        where: { orgId: own.id },
        select: {
          accountId: true,
          date: true,
          amountMinor: true,
          currency: true,
          categoryId: true,
          counterparty: true,
          transferId: true,
        },
      })
    ).map((r) => ({ ...r, date: r.date.toISOString().slice(0, 10), amountMinor: Number(r.amountMinor) }));
    expect(books.length).toBeGreaterThan(450);
    const ownGet = async (path: string) => {
      const res = await request(t.app)
        .get(`${base(own)}${path}`)
        .set(bearer(own.owner.token));
      expect(res.status).toBe(200);
      return res.body as unknown;
    };
    for (const year of [2025, 2026]) {
      expect(await ownGet(`/profit-and-loss?period=year&date=${year}-06-15`)).toEqual(
        expectedReport(books, remaining, {
          period: 'year',
          range: { from: `${year}-01-01`, to: `${year}-12-31` },
          previous: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
        }),
      );
    }
    const flow = (await ownGet('/cash-flow?interval=month&from=2025-01-01&to=2026-12-31')) as CashFlow;
    const expected = expectedCashFlow(books, remaining, [main, savings, us], monthRanges('2025-01-01', '2026-12-31'));
    expect(flow.openingBalanceMinor).toBe(expected.openingBalanceMinor);
    expect(flow.periods).toEqual(expected.periods);
    // The rollup holds exactly the totals of the rows, with no row left at zero.
    const totals = (sql: string) =>
      t.deps.database.query<{ key: string }>(`SELECT concat_ws('|', d.*) AS key FROM (${sql}) d ORDER BY 1`, [own.id]);
    expect(
      await totals(
        `SELECT "orgId", date, "accountId", "categoryKey", currency, transfer, positive, "sumMinor", "count"
           FROM "FinanceDailyTotal" WHERE "orgId" = $1::uuid`,
      ),
    ).toEqual(
      await totals(
        `SELECT "orgId", date, "accountId", COALESCE("categoryId"::text, '') AS "categoryKey", currency,
                "transferId" IS NOT NULL AS transfer, "amountMinor" > 0 AS positive,
                sum("amountMinor") AS "sumMinor", count(*)::int AS "count"
           FROM "FinanceTransaction" WHERE "orgId" = $1::uuid GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      ),
    );
  });

  describe('periods in the org timezone', () => {
    it("when it is already 1 April in Berlin but still 31 March in UTC, then the default month and the fiscal year are April's", async () => {
      t.clock.set(new Date('2026-03-31T22:30:00.000Z'));
      const month = (await getJson('/profit-and-loss')) as ProfitAndLossReport;
      expect([month.period, month.from, month.to]).toEqual(['month', '2026-04-01', '2026-04-30']);
      const year = (await getJson('/profit-and-loss?period=year')) as ProfitAndLossReport;
      expect([year.from, year.to, year.previous.from]).toEqual(['2026-04-01', '2027-03-31', '2025-04-01']);
      const flow = (await getJson('/cash-flow')) as CashFlow;
      expect([flow.from, flow.to, flow.periods.length]).toEqual(['2025-05-01', '2026-04-01', 12]);
    });

    it('when it is 1 April in UTC but still 31 March in Los Angeles, then the default month is March', async () => {
      await t.deps.db.organization.update({ where: { id: org.id }, data: { timezone: 'America/Los_Angeles' } });
      t.clock.set(new Date('2026-04-01T05:00:00.000Z'));
      const month = (await getJson('/profit-and-loss')) as ProfitAndLossReport;
      expect([month.from, month.to]).toEqual(['2026-03-01', '2026-03-31']);
      expect(month).toEqual(
        expectedReport(rows, categories, {
          period: 'month',
          range: { from: '2026-03-01', to: '2026-03-31' },
          previous: { from: '2026-02-01', to: '2026-02-28' },
        }),
      );
      await t.deps.db.organization.update({ where: { id: org.id }, data: { timezone: 'Europe/Berlin' } });
    });
  });
});
