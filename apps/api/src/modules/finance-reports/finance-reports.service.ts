import {
  CASH_FLOW_MAX_PERIODS,
  type CashFlow,
  type CashFlowInterval,
  type CashFlowPeriod,
  type CashForecast,
  type MoneyOverview,
  type MoneySnapshot,
  type MoneyTotals,
  type MonthTotals,
  type PnlLine,
  type ProfitAndLoss,
  type ProfitAndLossReport,
  type ReportPeriod,
  type Runway,
} from '@aiceo/shared/finance-reports';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import { detectRecurring, projectWeeks, type HistoryRow } from './finance-reports.forecast';
import {
  addDays,
  daysBetween,
  localToday,
  monthEnd,
  monthStart,
  periodContaining,
  previousPeriod,
  weekday,
  type DayRange,
} from './finance-reports.periods';

// Reports over the org's books. Each report is one aggregate statement, never a row-by-row load:
// the P&L and the cash flow over the daily totals FinanceDailyTotal (kept by triggers on
// FinanceTransaction), the others over FinanceTransaction (orgId, date, ...);
// only the forecast reads rows, and only those of counterparties seen at least three times.

type ReportDeps = Pick<Deps, 'database' | 'clock'>;

export type MoneySettingsRow = { currency: string; timezone: string; fiscalYearStartMonth: number };

/** Sums come back as float8 (exact below 2^53) or, from some drivers, as strings. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Runs a report aggregate as an unnamed statement, so PostgreSQL plans it for the actual days on
 * every call. A named (prepared) statement, as `database.query` sends, switches to a generic plan
 * after five runs, and for a year of a large org that plan is an index scan fetching every row
 * from the heap instead of a parallel scan: seconds instead of a fraction of one at 1M rows.
 */
const queryReport = async <T>(database: Deps['database'], sql: string, params: unknown[]): Promise<T[]> => {
  const session = await database.session();
  try {
    return await session.query<T>(sql, params);
  } finally {
    await session.release();
  }
};

export const getMoneySettings = async (
  { database }: Pick<Deps, 'database'>,
  { orgId }: { orgId: string },
): Promise<MoneySettingsRow> => {
  const [row] = await database.query<MoneySettingsRow>(
    `SELECT currency, timezone, "fiscalYearStartMonth" FROM "Organization" WHERE id = $1`,
    [orgId],
  );
  if (!row) throw notFound('Organisation');
  return row;
};

// ---------------------------------------------------------------- profit and loss

type PnlRow = {
  categoryId: string | null;
  current: boolean;
  sameCurrency: boolean;
  /** No transfer id. */
  notTransfer: boolean;
  positive: boolean;
  sumMinor: unknown;
  count: number;
  kind: 'income' | 'expense' | 'transfer' | null;
  key: string | null;
  name: string | null;
};

/**
 * The P&L aggregate: one pass over the daily totals (FinanceDailyTotal, kept by triggers on
 * FinanceTransaction) of the days from `previousFrom` to `to`, grouped by category, by whether the
 * day is in the current period, the org's currency or another, a transfer id or none, and the sign,
 * with plain sums; categories are joined after grouping.
 */
export const PNL_SQL = `
SELECT a."categoryId", a."current", a."sameCurrency", a."notTransfer", a."positive", a."sumMinor", a."count", c.kind, c.key, c.name
FROM (
  SELECT NULLIF(t."categoryKey", '')::uuid AS "categoryId", t.date >= $4::date AS "current",
         t.currency = $2 AS "sameCurrency", NOT t.transfer AS "notTransfer", t.positive AS "positive",
         sum(t."sumMinor")::float8 AS "sumMinor", sum(t."count")::int AS "count"
  FROM "FinanceDailyTotal" t
  WHERE t."orgId" = $1::uuid AND t.date >= $3::date AND t.date <= $5::date
  GROUP BY 1, 2, 3, 4, 5
) a
LEFT JOIN "FinanceCategory" c ON c.id = a."categoryId" AND c."orgId" = $1::uuid`;

/**
 * The P&L aggregate as it reads the transactions themselves (no rollup): not used by the API, only
 * by the benchmark (scripts/bench-finance-reports.mjs) as the raw query the endpoint is compared with.
 */
export const PNL_FROM_TRANSACTIONS_SQL = `
SELECT a."categoryId", a."current", a."sameCurrency", a."notTransfer", a."positive", a."sumMinor", a."count", c.kind, c.key, c.name
FROM (
  SELECT t."categoryId", t.date >= $4::date AS "current",
         t.currency = $2 AS "sameCurrency", t."transferId" IS NULL AS "notTransfer", t."amountMinor" > 0 AS "positive",
         sum(t."amountMinor")::float8 AS "sumMinor", count(*)::int AS "count"
  FROM "FinanceTransaction" t
  WHERE t."orgId" = $1::uuid AND t.date >= $3::date AND t.date <= $5::date
  GROUP BY 1, 2, 3, 4, 5
) a
LEFT JOIN "FinanceCategory" c ON c.id = a."categoryId" AND c."orgId" = $1::uuid`;

const emptyPnl = (currency: string, range: DayRange): ProfitAndLoss => ({
  currency,
  from: range.from,
  to: range.to,
  incomeMinor: 0,
  expenseMinor: 0,
  netMinor: 0,
  marginPercent: null,
  income: [],
  expenses: [],
  uncategorisedInMinor: 0,
  uncategorisedOutMinor: 0,
  transactionCount: 0,
  otherCurrencyCount: 0,
});

// `+ 0` turns -0 (a tiny fall rounded away) into 0.
const round1 = (value: number): number => Math.round(value * 10) / 10 + 0;

const byAmount = (a: PnlLine, b: PnlLine) => b.amountMinor - a.amountMinor || a.name.localeCompare(b.name);

type CategoryFlow = { row: PnlRow; inMinor: number; outMinor: number };

/** Folds the grouped rows of one period into a P&L. */
const foldPnl = (currency: string, range: DayRange, rows: PnlRow[]): ProfitAndLoss => {
  const pnl = emptyPnl(currency, range);
  const flows = new Map<string | null, CategoryFlow>();
  for (const row of rows) {
    // Rows in another currency are counted (transfers too) but stay out of the figures.
    if (!row.sameCurrency) {
      pnl.otherCurrencyCount += row.count;
      continue;
    }
    // Transfers between own accounts are neither income nor expense.
    if (!row.notTransfer || row.kind === 'transfer') continue;
    pnl.transactionCount += row.count;
    const key = row.kind ? row.categoryId : null;
    const flow = flows.get(key) ?? { row, inMinor: 0, outMinor: 0 };
    flows.set(key, flow);
    if (row.positive) flow.inMinor += num(row.sumMinor);
    else flow.outMinor -= num(row.sumMinor);
  }
  for (const [categoryId, { row, inMinor, outMinor }] of flows) {
    const line = { categoryId: categoryId ?? '', key: row.key, name: row.name ?? '' };
    if (categoryId && row.kind === 'income') pnl.income.push({ ...line, amountMinor: inMinor - outMinor });
    else if (categoryId && row.kind === 'expense') pnl.expenses.push({ ...line, amountMinor: outMinor - inMinor });
    else {
      // No category (or one deleted): shown as its own lines, never dropped.
      pnl.uncategorisedInMinor += inMinor;
      pnl.uncategorisedOutMinor += outMinor;
    }
  }
  pnl.income.sort(byAmount);
  pnl.expenses.sort(byAmount);
  pnl.incomeMinor = pnl.income.reduce((sum, line) => sum + line.amountMinor, pnl.uncategorisedInMinor);
  pnl.expenseMinor = pnl.expenses.reduce((sum, line) => sum + line.amountMinor, pnl.uncategorisedOutMinor);
  pnl.netMinor = pnl.incomeMinor - pnl.expenseMinor;
  pnl.marginPercent = pnl.incomeMinor > 0 ? round1((pnl.netMinor / pnl.incomeMinor) * 100) : null;
  return pnl;
};

const queryPnl = async (
  { database }: Pick<Deps, 'database'>,
  options: { orgId: string; currency: string; range: DayRange; previous?: DayRange },
): Promise<{ current: ProfitAndLoss; previous: ProfitAndLoss | null }> => {
  const first = options.previous?.from ?? options.range.from;
  const rows = await queryReport<PnlRow>(database, PNL_SQL, [
    options.orgId,
    options.currency,
    first,
    options.range.from,
    options.range.to,
  ]);
  return {
    current: foldPnl(
      options.currency,
      options.range,
      rows.filter((row) => row.current),
    ),
    previous: options.previous
      ? foldPnl(
          options.currency,
          options.previous,
          rows.filter((row) => !row.current),
        )
      : null,
  };
};

/** Profit and loss from `from` to `to` (inclusive days) in the org's currency. */
export const profitAndLoss = async (
  deps: Pick<Deps, 'database'>,
  { orgId, from, to }: { orgId: string; from: string; to: string },
): Promise<ProfitAndLoss> => {
  const { currency } = await getMoneySettings(deps, { orgId });
  return (await queryPnl(deps, { orgId, currency, range: { from, to } })).current;
};

const percentChange = (now: number, before: number): number | null =>
  before === 0 ? null : round1(((now - before) / Math.abs(before)) * 100);

const totalsOf = (pnl: ProfitAndLoss): MoneyTotals => ({
  incomeMinor: pnl.incomeMinor,
  expenseMinor: pnl.expenseMinor,
  netMinor: pnl.netMinor,
});

export type PnlReportOptions = {
  orgId: string;
  period?: ReportPeriod | undefined;
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/** The P&L of a period (or from/to) with the previous period's totals and the change. */
export const getProfitAndLossReport = async (
  deps: ReportDeps,
  { orgId, ...query }: PnlReportOptions,
): Promise<ProfitAndLossReport> => {
  const settings = await getMoneySettings(deps, { orgId });
  const isCustom = query.from !== undefined && query.to !== undefined;
  const period = isCustom ? 'custom' : (query.period ?? 'month');
  const range: DayRange =
    query.from !== undefined && query.to !== undefined
      ? { from: query.from, to: query.to }
      : periodContaining(
          query.date ?? localToday(deps.clock.now(), settings.timezone),
          query.period ?? 'month',
          settings.fiscalYearStartMonth,
        );
  const previousRange = previousPeriod(range, period);
  const { current, previous } = await queryPnl(deps, {
    orgId,
    currency: settings.currency,
    range,
    previous: previousRange,
  });
  const before = previous ?? emptyPnl(settings.currency, previousRange);
  return {
    ...current,
    period,
    previous: { from: previousRange.from, to: previousRange.to, ...totalsOf(before) },
    change: {
      incomeMinor: current.incomeMinor - before.incomeMinor,
      expenseMinor: current.expenseMinor - before.expenseMinor,
      netMinor: current.netMinor - before.netMinor,
      incomePercent: percentChange(current.incomeMinor, before.incomeMinor),
      expensePercent: percentChange(current.expenseMinor, before.expenseMinor),
      netPercent: percentChange(current.netMinor, before.netMinor),
    },
  };
};

// ---------------------------------------------------------------- cash flow

type CashFlowRow = {
  accountId: string;
  currency: string;
  period: string | null;
  inMinor: unknown;
  outMinor: unknown;
  sumMinor: unknown;
  count: number;
};
type AccountRow = { id: string; name: string; currency: string; openingBalanceMinor: unknown };

/**
 * The cash-flow aggregate: one pass over the daily totals (FinanceDailyTotal) of every day up to
 * `to`, grouped by account, currency and period start (NULL for the days before `from`, which make
 * the opening balances). In and out leave out transfers (a transfer id or a transfer category).
 */
export const CASH_FLOW_SQL = `
SELECT a."accountId", a.currency, to_char(a.period, 'YYYY-MM-DD') AS period, a."inMinor", a."outMinor", a."sumMinor", a."count"
FROM (
  SELECT t."accountId", t.currency,
         CASE WHEN t.date < $2::date THEN NULL ELSE date_trunc($4, t.date::timestamp) END AS period,
         sum(t."sumMinor") FILTER (WHERE t.positive AND NOT t.transfer AND tc.id IS NULL)::float8 AS "inMinor",
         (-sum(t."sumMinor") FILTER (WHERE NOT t.positive AND NOT t.transfer AND tc.id IS NULL))::float8 AS "outMinor",
         sum(t."sumMinor")::float8 AS "sumMinor",
         sum(t."count")::int AS "count"
  FROM "FinanceDailyTotal" t
  LEFT JOIN "FinanceCategory" tc
    ON tc.id = NULLIF(t."categoryKey", '')::uuid AND tc."orgId" = $1::uuid AND tc.kind = 'transfer'
  WHERE t."orgId" = $1::uuid AND t.date <= $3::date
  GROUP BY 1, 2, 3
) a`;

/**
 * The cash-flow aggregate as it reads the transactions themselves (no rollup): not used by the API,
 * only by the benchmark as the raw query the endpoint is compared with.
 */
export const CASH_FLOW_FROM_TRANSACTIONS_SQL = `
SELECT a."accountId", a.currency, to_char(a.period, 'YYYY-MM-DD') AS period, a."inMinor", a."outMinor", a."sumMinor", a."count"
FROM (
  SELECT t."accountId", t.currency,
         CASE WHEN t.date < $2::date THEN NULL ELSE date_trunc($4, t.date::timestamp) END AS period,
         sum(t."amountMinor") FILTER (WHERE t."amountMinor" > 0 AND t."transferId" IS NULL AND tc.id IS NULL)::float8 AS "inMinor",
         (-sum(t."amountMinor") FILTER (WHERE t."amountMinor" < 0 AND t."transferId" IS NULL AND tc.id IS NULL))::float8 AS "outMinor",
         sum(t."amountMinor")::float8 AS "sumMinor",
         count(*)::int AS "count"
  FROM "FinanceTransaction" t
  LEFT JOIN "FinanceCategory" tc ON tc.id = t."categoryId" AND tc."orgId" = $1::uuid AND tc.kind = 'transfer'
  WHERE t."orgId" = $1::uuid AND t.date <= $3::date
  GROUP BY 1, 2, 3
) a`;

/** Period starts from `from` to `to`: every day, every Monday or every first of a month (the first one may be earlier). */
const periodStarts = (range: DayRange, interval: CashFlowInterval): string[] => {
  const first =
    interval === 'day'
      ? range.from
      : interval === 'week'
        ? addDays(range.from, -weekday(range.from))
        : monthStart(range.from);
  const starts: string[] = [];
  for (let start = first; start <= range.to;) {
    starts.push(start);
    if (starts.length > CASH_FLOW_MAX_PERIODS) break;
    start = interval === 'day' ? addDays(start, 1) : interval === 'week' ? addDays(start, 7) : monthStart(start, 1);
  }
  return starts;
};

const periodEndOf = (start: string, interval: CashFlowInterval): string =>
  interval === 'day' ? start : interval === 'week' ? addDays(start, 6) : monthEnd(start);

export type CashFlowOptions = {
  orgId: string;
  from?: string | undefined;
  to?: string | undefined;
  interval: CashFlowInterval;
};

/** In, out and net per period with running balances per account and in total (org-currency accounts). */
export const getCashFlow = async (
  deps: ReportDeps,
  { orgId, interval, ...query }: CashFlowOptions,
): Promise<CashFlow> => {
  const settings = await getMoneySettings(deps, { orgId });
  const today = localToday(deps.clock.now(), settings.timezone);
  const range: DayRange =
    query.from !== undefined && query.to !== undefined
      ? { from: query.from, to: query.to }
      : { from: monthStart(today, -11), to: today };
  const starts = periodStarts(range, interval);
  if (starts.length > CASH_FLOW_MAX_PERIODS) {
    throw new AppError('VALIDATION_FAILED', `A cash-flow report has at most ${CASH_FLOW_MAX_PERIODS} periods`, {
      issues: [{ location: 'query', path: 'interval', message: 'Choose a longer interval or a shorter range' }],
    });
  }
  const [accounts, rows] = await Promise.all([
    deps.database.query<AccountRow>(
      `SELECT id, name, currency, "openingBalanceMinor"::float8 AS "openingBalanceMinor"
         FROM "FinanceAccount" WHERE "orgId" = $1::uuid ORDER BY name, id`,
      [orgId],
    ),
    queryReport<CashFlowRow>(deps.database, CASH_FLOW_SQL, [orgId, range.from, range.to, interval]),
  ]);
  return foldCashFlow({ currency: settings.currency, range, interval, starts, accounts, rows });
};

const foldCashFlow = (options: {
  currency: string;
  range: DayRange;
  interval: CashFlowInterval;
  starts: string[];
  accounts: AccountRow[];
  rows: CashFlowRow[];
}): CashFlow => {
  const { currency, range, interval, starts, accounts, rows } = options;
  const accountCurrency = new Map(accounts.map((a) => [a.id, a.currency]));
  const balances = new Map(accounts.map((a) => [a.id, num(a.openingBalanceMinor)]));
  const flows = new Map<string, { inMinor: number; outMinor: number; byAccount: Map<string, number> }>();
  let otherCurrencyCount = 0;
  for (const row of rows) {
    // An account's balance counts the transactions in its own currency.
    const isAccountCurrency = accountCurrency.get(row.accountId) === row.currency;
    if (row.period === null) {
      if (isAccountCurrency) balances.set(row.accountId, (balances.get(row.accountId) ?? 0) + num(row.sumMinor));
      continue;
    }
    const flow = flows.get(row.period) ?? { inMinor: 0, outMinor: 0, byAccount: new Map<string, number>() };
    flows.set(row.period, flow);
    if (row.currency === currency) {
      flow.inMinor += num(row.inMinor);
      flow.outMinor += num(row.outMinor);
    } else otherCurrencyCount += row.count;
    if (isAccountCurrency)
      flow.byAccount.set(row.accountId, (flow.byAccount.get(row.accountId) ?? 0) + num(row.sumMinor));
  }
  const inOrgCurrency = accounts.filter((a) => a.currency === currency);
  const total = () => inOrgCurrency.reduce((sum, a) => sum + (balances.get(a.id) ?? 0), 0);
  const openingBalanceMinor = total();
  const periods: CashFlowPeriod[] = starts.map((start) => {
    const flow = flows.get(start);
    for (const [accountId, moved] of flow?.byAccount ?? [])
      balances.set(accountId, (balances.get(accountId) ?? 0) + moved);
    const inMinor = flow?.inMinor ?? 0;
    const outMinor = flow?.outMinor ?? 0;
    return {
      periodStart: start < range.from ? range.from : start,
      periodEnd: periodEndOf(start, interval) > range.to ? range.to : periodEndOf(start, interval),
      inMinor,
      outMinor,
      netMinor: inMinor - outMinor,
      balanceMinor: total(),
      accounts: accounts.map((a) => ({ accountId: a.id, balanceMinor: balances.get(a.id) ?? 0 })),
    };
  });
  const inMinor = periods.reduce((sum, p) => sum + p.inMinor, 0);
  const outMinor = periods.reduce((sum, p) => sum + p.outMinor, 0);
  return {
    currency,
    from: range.from,
    to: range.to,
    interval,
    accounts: accounts.map((a) => ({ id: a.id, name: a.name, currency: a.currency })),
    openingBalanceMinor,
    inMinor,
    outMinor,
    netMinor: inMinor - outMinor,
    periods,
    otherCurrencyCount,
  };
};

// ---------------------------------------------------------------- months, cash and runway

type MonthRow = { month: string; income: unknown; expense: unknown; counted: number };

/** Income, expense and net per calendar month from `from` to `to` (P&L rules), one statement. */
const queryMonths = async (
  { database }: Pick<Deps, 'database'>,
  { orgId, currency, from, to }: { orgId: string; currency: string; from: string; to: string },
): Promise<(MonthTotals & { counted: number })[]> => {
  const rows = await queryReport<MonthRow>(
    database,
    `SELECT to_char(date_trunc('month', t.date::timestamp), 'YYYY-MM') AS month,
            (COALESCE(sum(t."amountMinor") FILTER (WHERE c.kind = 'income'), 0)
              + COALESCE(sum(t."amountMinor") FILTER (WHERE c.kind IS NULL AND t."amountMinor" > 0), 0))::float8 AS income,
            (-COALESCE(sum(t."amountMinor") FILTER (WHERE c.kind = 'expense'), 0)
              - COALESCE(sum(t."amountMinor") FILTER (WHERE c.kind IS NULL AND t."amountMinor" < 0), 0))::float8 AS expense,
            count(*) FILTER (WHERE c.kind IS DISTINCT FROM 'transfer')::int AS counted
       FROM "FinanceTransaction" t
       LEFT JOIN "FinanceCategory" c ON c.id = t."categoryId" AND c."orgId" = $1::uuid
      WHERE t."orgId" = $1::uuid AND t.date >= $3::date AND t.date <= $4::date
        AND t.currency = $2 AND t."transferId" IS NULL
      GROUP BY 1`,
    [orgId, currency, from, to],
  );
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  const months: (MonthTotals & { counted: number })[] = [];
  for (let start = monthStart(from); start <= to; start = monthStart(start, 1)) {
    const row = byMonth.get(start.slice(0, 7));
    const incomeMinor = num(row?.income);
    const expenseMinor = num(row?.expense);
    months.push({
      month: start.slice(0, 7),
      incomeMinor,
      expenseMinor,
      netMinor: incomeMinor - expenseMinor,
      counted: row?.counted ?? 0,
    });
  }
  return months;
};

type CashRow = { opening: unknown; moved: unknown; uncategorised: number; total: number; other: number };

/**
 * Cash up to today in the org's currency, and transaction counts, from the daily totals (this runs for
 * every snapshot, so on every admin's chat message: it must not scan the transactions).
 */
const queryCash = async (
  { database }: Pick<Deps, 'database'>,
  { orgId, currency, today }: { orgId: string; currency: string; today: string },
): Promise<{ cashMinor: number; uncategorisedCount: number; transactionCount: number; otherCurrencyCount: number }> => {
  const [row] = await queryReport<CashRow>(
    database,
    `SELECT
       (SELECT COALESCE(sum("openingBalanceMinor"), 0)::float8 FROM "FinanceAccount"
         WHERE "orgId" = $1::uuid AND currency = $2) AS opening,
       COALESCE(sum(d."sumMinor") FILTER (WHERE d.currency = $2 AND a.currency = $2 AND d.date <= $3::date), 0)::float8 AS moved,
       COALESCE(sum(d."count") FILTER (WHERE d."categoryKey" = '' AND NOT d.transfer), 0)::int AS uncategorised,
       COALESCE(sum(d."count"), 0)::int AS total,
       COALESCE(sum(d."count") FILTER (WHERE d.currency <> $2), 0)::int AS other
     FROM "FinanceDailyTotal" d
     JOIN "FinanceAccount" a ON a.id = d."accountId" AND a."orgId" = $1::uuid
     WHERE d."orgId" = $1::uuid`,
    [orgId, currency, today],
  );
  return {
    cashMinor: num(row?.opening) + num(row?.moved),
    uncategorisedCount: row?.uncategorised ?? 0,
    transactionCount: row?.total ?? 0,
    otherCurrencyCount: row?.other ?? 0,
  };
};

/**
 * Months of cash at the average monthly net burn of the complete months given (those with any
 * transaction count); cash-flow positive when they gained money on average.
 */
export const runwayFrom = (cashMinor: number, months: { netMinor: number; counted: number }[]): Runway => {
  const withData = months.filter((m) => m.counted > 0);
  const basedOnMonths = withData.length;
  if (basedOnMonths === 0) return { kind: 'no_data', months: null, burnMinorPerMonth: 0, basedOnMonths };
  const averageNet = withData.reduce((sum, m) => sum + m.netMinor, 0) / basedOnMonths;
  if (averageNet >= 0) return { kind: 'cash_flow_positive', months: null, burnMinorPerMonth: 0, basedOnMonths };
  const burn = Math.round(-averageNet);
  return {
    kind: 'months',
    months: cashMinor <= 0 ? 0 : round1(cashMinor / burn),
    burnMinorPerMonth: burn,
    basedOnMonths,
  };
};

const snapshotFrom = (options: {
  settings: MoneySettingsRow;
  today: string;
  months: (MonthTotals & { counted: number })[];
  monthToDate: ProfitAndLoss;
  cash: Awaited<ReturnType<typeof queryCash>>;
}): MoneySnapshot => {
  const { settings, today, months, monthToDate, cash } = options;
  const lastMonthKey = monthStart(today, -1).slice(0, 7);
  const lastMonth = months.find((m) => m.month === lastMonthKey);
  const thisMonthKey = today.slice(0, 7);
  const completeMonths = months.filter((m) => m.month < thisMonthKey).slice(-3);
  return {
    currency: settings.currency,
    today,
    monthToDate: totalsOf(monthToDate),
    lastMonth: {
      incomeMinor: lastMonth?.incomeMinor ?? 0,
      expenseMinor: lastMonth?.expenseMinor ?? 0,
      netMinor: lastMonth?.netMinor ?? 0,
    },
    topExpenseCategories: monthToDate.expenses
      .filter((line) => line.amountMinor > 0)
      .slice(0, 3)
      .map((line) => ({ name: line.name, amountMinor: line.amountMinor })),
    cashMinor: cash.cashMinor,
    runway: runwayFrom(cash.cashMinor, completeMonths),
    uncategorisedCount: cash.uncategorisedCount,
    transactionCount: cash.transactionCount,
    otherCurrencyCount: cash.otherCurrencyCount,
  };
};

const loadSnapshot = async (deps: ReportDeps, { orgId, monthsBack }: { orgId: string; monthsBack: number }) => {
  const settings = await getMoneySettings(deps, { orgId });
  const today = localToday(deps.clock.now(), settings.timezone);
  const currency = settings.currency;
  const [months, pnl, cash] = await Promise.all([
    queryMonths(deps, { orgId, currency, from: monthStart(today, -monthsBack), to: today }),
    queryPnl(deps, { orgId, currency, range: { from: monthStart(today), to: today } }),
    queryCash(deps, { orgId, currency, today }),
  ]);
  return {
    settings,
    today,
    months,
    snapshot: snapshotFrom({ settings, today, months, monthToDate: pnl.current, cash }),
  };
};

/** This month and last month, top expenses, cash, runway and counts, in the org's currency and timezone. */
export const moneySnapshot = async (deps: ReportDeps, { orgId }: { orgId: string }): Promise<MoneySnapshot> =>
  (await loadSnapshot(deps, { orgId, monthsBack: 3 })).snapshot;

/** The snapshot and the last twelve months (this one to date) for the overview chart. */
export const getMoneyOverview = async (deps: ReportDeps, { orgId }: { orgId: string }): Promise<MoneyOverview> => {
  const { snapshot, months } = await loadSnapshot(deps, { orgId, monthsBack: 11 });
  return { snapshot, last12Months: months.map(({ counted: _counted, ...month }) => month) };
};

// ---------------------------------------------------------------- forecast

/** Days of history searched for recurring transactions (a quarterly one needs three occurrences). */
const RECURRING_LOOKBACK_DAYS = 400;
/** Days of history whose non-recurring money is averaged. */
const AVERAGE_WINDOW_DAYS = 91;
const MAX_HISTORY_ROWS = 20_000;

type HistorySqlRow = {
  key: string;
  counterparty: string;
  date: string;
  amountMinor: unknown;
  categoryName: string | null;
};
type WindowRow = { inMinor: unknown; outMinor: unknown; firstDate: string | null };

const queryHistory = async (
  { database }: Pick<Deps, 'database'>,
  { orgId, currency, today }: { orgId: string; currency: string; today: string },
): Promise<HistoryRow[]> => {
  const rows = await queryReport<HistorySqlRow>(
    database,
    `WITH rows AS (
       SELECT btrim(regexp_replace(lower(t.counterparty), '[^[:alpha:]]+', ' ', 'g')) AS key,
              t.counterparty, t.date, t."amountMinor", c.name AS "categoryName"
         FROM "FinanceTransaction" t
         LEFT JOIN "FinanceCategory" c ON c.id = t."categoryId" AND c."orgId" = $1::uuid
        WHERE t."orgId" = $1::uuid AND t.date > $3::date - $4::int AND t.date <= $3::date
          AND t.currency = $2 AND t."transferId" IS NULL AND c.kind IS DISTINCT FROM 'transfer'
          AND t."amountMinor" <> 0
     ), keys AS (
       SELECT key FROM rows WHERE key <> '' GROUP BY key HAVING count(*) >= 3
     )
     SELECT rows.key, rows.counterparty, to_char(rows.date, 'YYYY-MM-DD') AS date,
            rows."amountMinor"::float8 AS "amountMinor", rows."categoryName"
       FROM rows JOIN keys ON keys.key = rows.key
      ORDER BY rows.date DESC
      LIMIT $5`,
    [orgId, currency, today, RECURRING_LOOKBACK_DAYS, MAX_HISTORY_ROWS],
  );
  return rows.map((row) => ({ ...row, amountMinor: num(row.amountMinor) }));
};

const queryWindow = async (
  { database }: Pick<Deps, 'database'>,
  { orgId, currency, from, to }: { orgId: string; currency: string; from: string; to: string },
): Promise<WindowRow> => {
  const [row] = await queryReport<WindowRow>(
    database,
    `SELECT sum(t."amountMinor") FILTER (WHERE t."amountMinor" > 0)::float8 AS "inMinor",
            (-sum(t."amountMinor") FILTER (WHERE t."amountMinor" < 0))::float8 AS "outMinor",
            (SELECT to_char(min(f.date), 'YYYY-MM-DD') FROM "FinanceTransaction" f WHERE f."orgId" = $1::uuid) AS "firstDate"
       FROM "FinanceTransaction" t
       LEFT JOIN "FinanceCategory" c ON c.id = t."categoryId" AND c."orgId" = $1::uuid
      WHERE t."orgId" = $1::uuid AND t.date >= $3::date AND t.date <= $4::date
        AND t.currency = $2 AND t."transferId" IS NULL AND c.kind IS DISTINCT FROM 'transfer'`,
    [orgId, currency, from, to],
  );
  return row ?? { inMinor: 0, outMinor: 0, firstDate: null };
};

/**
 * A weekly cash forecast from tomorrow: recurring transactions found in the history (same
 * counterparty, similar amount, regular interval) on their next dates, plus the daily average of
 * everything else over the last 91 days; the lowest week and the runway.
 */
export const cashForecast = async (
  deps: ReportDeps,
  { orgId, weeks }: { orgId: string; weeks: number },
): Promise<CashForecast> => {
  const settings = await getMoneySettings(deps, { orgId });
  const currency = settings.currency;
  const today = localToday(deps.clock.now(), settings.timezone);
  const windowFrom = addDays(today, -(AVERAGE_WINDOW_DAYS - 1));
  const [history, window, cash, months] = await Promise.all([
    queryHistory(deps, { orgId, currency, today }),
    queryWindow(deps, { orgId, currency, from: windowFrom, to: today }),
    queryCash(deps, { orgId, currency, today }),
    queryMonths(deps, { orgId, currency, from: monthStart(today, -3), to: addDays(monthStart(today), -1) }),
  ]);
  const series = detectRecurring(history, today);
  // The rest: the window's money minus what the recurring series moved in it.
  let recurringIn = 0;
  let recurringOut = 0;
  for (const row of series.flatMap((s) => s.rows)) {
    if (row.date < windowFrom) continue;
    if (row.amountMinor > 0) recurringIn += row.amountMinor;
    else recurringOut -= row.amountMinor;
  }
  const firstDate = window.firstDate && window.firstDate > windowFrom ? window.firstDate : windowFrom;
  const windowDays = Math.max(1, daysBetween(firstDate, today) + 1);
  const projected = projectWeeks({
    today,
    weeks,
    startingCashMinor: cash.cashMinor,
    series,
    otherInPerDay: Math.max(0, num(window.inMinor) - recurringIn) / windowDays,
    otherOutPerDay: Math.max(0, num(window.outMinor) - recurringOut) / windowDays,
  });
  const lowest = projected.reduce<(typeof projected)[number] | undefined>(
    (low, week) => (!low || week.balanceMinor < low.balanceMinor ? week : low),
    undefined,
  );
  return {
    currency,
    startingCashMinor: cash.cashMinor,
    weeks: projected,
    lowestWeek: {
      weekStart: lowest?.weekStart ?? addDays(today, 1),
      balanceMinor: lowest?.balanceMinor ?? cash.cashMinor,
    },
    recurring: series.map((s) => ({
      counterparty: s.counterparty,
      amountMinor: s.amountMinor,
      intervalDays: s.intervalDays,
      nextDate: s.nextDate,
      categoryName: s.categoryName,
    })),
    runway: runwayFrom(cash.cashMinor, months),
    method:
      `${series.length} recurring transaction${series.length === 1 ? '' : 's'} found in the last 13 months ` +
      `(same counterparty, amount within about 10%, weekly, monthly or quarterly) are placed on their next dates, ` +
      `and the rest is added as the daily average of the last ${windowDays} days.`,
  };
};
