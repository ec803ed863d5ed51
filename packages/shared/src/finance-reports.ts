import { z } from 'zod';
import { isoDaySchema } from './common';
import { defineEndpoint, orgAuth } from './contract';

// Profit and loss, cash flow, forecast and runway. Every amount is an integer in minor units of
// the org's currency (`currency`); transactions in another currency are left out of the figures
// and counted in `otherCurrencyCount`. Transfers between own accounts (a transfer category or a
// transfer id) are neither income nor expense.

/** Earliest and latest day a report may cover. */
export const REPORT_MIN_DAY = '1970-01-01';
export const REPORT_MAX_DAY = '2199-12-31';
/** Most periods one cash-flow report may have (days, weeks or months). */
export const CASH_FLOW_MAX_PERIODS = 1000;

/** A calendar day `YYYY-MM-DD` within the years reports cover. */
export const reportDaySchema = isoDaySchema.refine(
  (day) => day >= REPORT_MIN_DAY && day <= REPORT_MAX_DAY,
  `Use a day between ${REPORT_MIN_DAY} and ${REPORT_MAX_DAY}`,
);

export const reportPeriods = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type ReportPeriod = (typeof reportPeriods)[number];

export const cashFlowIntervals = ['day', 'week', 'month'] as const;
export type CashFlowInterval = (typeof cashFlowIntervals)[number];

const bothOrNeither = (value: { from?: string | undefined; to?: string | undefined }) =>
  (value.from === undefined) === (value.to === undefined);
const inOrder = (value: { from?: string | undefined; to?: string | undefined }) =>
  value.from === undefined || value.to === undefined || value.from <= value.to;

/**
 * Which days a P&L covers: the `period` (default month) containing `date` (default today, in the
 * org's timezone; weeks start on Monday, quarters and years follow the fiscal year), or `from`
 * to `to` inclusive.
 */
export const profitAndLossQuerySchema = z
  .object({
    period: z.enum(reportPeriods).optional(),
    date: reportDaySchema.optional(),
    from: reportDaySchema.optional(),
    to: reportDaySchema.optional(),
  })
  .refine(bothOrNeither, { message: 'Give both from and to, or neither', path: ['from'] })
  .refine(inOrder, { message: 'from must not be after to', path: ['from'] })
  .refine((value) => value.from === undefined || (value.period === undefined && value.date === undefined), {
    message: 'Give either period and date, or from and to',
    path: ['period'],
  });
export type ProfitAndLossQuery = z.input<typeof profitAndLossQuerySchema>;

/** Days a cash-flow report covers (default: the last 12 months, this one included) and its step. */
export const cashFlowQuerySchema = z
  .object({
    from: reportDaySchema.optional(),
    to: reportDaySchema.optional(),
    interval: z.enum(cashFlowIntervals).default('month'),
  })
  .refine(bothOrNeither, { message: 'Give both from and to, or neither', path: ['from'] })
  .refine(inOrder, { message: 'from must not be after to', path: ['from'] });
export type CashFlowQuery = z.input<typeof cashFlowQuerySchema>;

export const forecastQuerySchema = z.object({
  weeks: z.coerce.number().int().min(1).max(26).default(13),
});

const minor = z.number().int();

/** One category line of a P&L: income net of refunds, expenses as positive amounts. */
export const pnlLineSchema = z.object({
  categoryId: z.uuid(),
  key: z.string().nullable(),
  name: z.string(),
  amountMinor: minor,
});
export type PnlLine = z.infer<typeof pnlLineSchema>;

/**
 * Profit and loss from `from` to `to` inclusive. `incomeMinor` is the income categories plus
 * uncategorised money in, `expenseMinor` the expense categories plus uncategorised money out, so
 * `netMinor` is every non-transfer movement of the period.
 */
export const profitAndLossSchema = z.object({
  currency: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  incomeMinor: minor,
  expenseMinor: minor,
  netMinor: minor,
  /** Net as a percentage of income, one decimal; null when there is no income. */
  marginPercent: z.number().nullable(),
  income: z.array(pnlLineSchema),
  expenses: z.array(pnlLineSchema),
  uncategorisedInMinor: minor,
  uncategorisedOutMinor: minor,
  /** Transactions counted (transfers and other currencies excluded). */
  transactionCount: z.number().int(),
  /** Transactions of the period in another currency than the org's, not in the figures. */
  otherCurrencyCount: z.number().int(),
});
export type ProfitAndLoss = z.infer<typeof profitAndLossSchema>;

const totalsSchema = z.object({ incomeMinor: minor, expenseMinor: minor, netMinor: minor });
export type MoneyTotals = z.infer<typeof totalsSchema>;

/** A P&L with the totals of the period before it and the change. */
export const profitAndLossReportSchema = profitAndLossSchema.extend({
  /** The period containing the date, or `custom` for from/to. */
  period: z.enum([...reportPeriods, 'custom']),
  /** The previous period of the same kind (for from/to: as many days just before). */
  previous: totalsSchema.extend({ from: z.iso.date(), to: z.iso.date() }),
  /** This period minus the previous; percentages of the previous amount (null when it was 0). */
  change: z.object({
    incomeMinor: minor,
    expenseMinor: minor,
    netMinor: minor,
    incomePercent: z.number().nullable(),
    expensePercent: z.number().nullable(),
    netPercent: z.number().nullable(),
  }),
});
export type ProfitAndLossReport = z.infer<typeof profitAndLossReportSchema>;

/** Runway: months of cash at the average monthly net burn of the last three complete months. */
export const runwaySchema = z.object({
  kind: z.enum(['months', 'cash_flow_positive', 'no_data']),
  /** One decimal; set when kind is `months`. */
  months: z.number().nullable(),
  /** Average monthly net outflow (0 when cash grows). */
  burnMinorPerMonth: minor,
  /** How many of the last three complete months had transactions (the average is over these). */
  basedOnMonths: z.number().int(),
});
export type Runway = z.infer<typeof runwaySchema>;

/** The org's money at a glance (the overview, the AI CEO's context, the owner's summary). */
export const moneySnapshotSchema = z.object({
  currency: z.string(),
  /** Today in the org's timezone. */
  today: z.iso.date(),
  monthToDate: totalsSchema,
  lastMonth: totalsSchema,
  /** This month's largest expense categories, at most three. */
  topExpenseCategories: z.array(z.object({ name: z.string(), amountMinor: minor })),
  /** Balances of the accounts in the org's currency: opening balance plus transactions up to today. */
  cashMinor: minor,
  runway: runwaySchema,
  /** Transactions without a category (transfers aside). */
  uncategorisedCount: z.number().int(),
  transactionCount: z.number().int(),
  otherCurrencyCount: z.number().int(),
});
export type MoneySnapshot = z.infer<typeof moneySnapshotSchema>;

export const monthTotalsSchema = totalsSchema.extend({ month: z.string().regex(/^\d{4}-\d{2}$/) });
export type MonthTotals = z.infer<typeof monthTotalsSchema>;

export const moneyOverviewSchema = z.object({
  snapshot: moneySnapshotSchema,
  /** Twelve months ending with this one (month to date), oldest first. */
  last12Months: z.array(monthTotalsSchema),
});
export type MoneyOverview = z.infer<typeof moneyOverviewSchema>;

export const cashFlowPeriodSchema = z.object({
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  inMinor: minor,
  outMinor: minor,
  netMinor: minor,
  /** All org-currency accounts at the end of the period. */
  balanceMinor: minor,
  /** Each account's balance at the end of the period, in the account's currency. */
  accounts: z.array(z.object({ accountId: z.uuid(), balanceMinor: minor })),
});
export type CashFlowPeriod = z.infer<typeof cashFlowPeriodSchema>;

export const cashFlowSchema = z.object({
  currency: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  interval: z.enum(cashFlowIntervals),
  accounts: z.array(z.object({ id: z.uuid(), name: z.string(), currency: z.string() })),
  /** Balance of the org-currency accounts at the start of `from`. */
  openingBalanceMinor: minor,
  inMinor: minor,
  outMinor: minor,
  netMinor: minor,
  periods: z.array(cashFlowPeriodSchema),
  otherCurrencyCount: z.number().int(),
});
export type CashFlow = z.infer<typeof cashFlowSchema>;

export const recurringSchema = z.object({
  counterparty: z.string(),
  /** Signed: + money in, - money out. */
  amountMinor: minor,
  intervalDays: z.number().int(),
  nextDate: z.iso.date(),
  categoryName: z.string().nullable(),
});
export type Recurring = z.infer<typeof recurringSchema>;

export const forecastWeekSchema = z.object({
  weekStart: z.iso.date(),
  inMinor: minor,
  outMinor: minor,
  netMinor: minor,
  balanceMinor: minor,
});

export const cashForecastSchema = z.object({
  currency: z.string(),
  startingCashMinor: minor,
  weeks: z.array(forecastWeekSchema),
  lowestWeek: z.object({ weekStart: z.iso.date(), balanceMinor: minor }),
  recurring: z.array(recurringSchema),
  runway: runwaySchema,
  /** How the forecast was made, in one sentence for the UI. */
  method: z.string(),
});
export type CashForecast = z.infer<typeof cashForecastSchema>;

const tag = 'Finance reports';
const reader = orgAuth('admin', 'read');
const orgParams = z.object({ orgId: z.uuid() });
const base = '/api/orgs/:orgId/finance/reports';

export const financeReportEndpoints = {
  profitAndLoss: defineEndpoint({
    method: 'GET',
    path: `${base}/profit-and-loss`,
    summary:
      'Profit and loss for a period with income and expenses by category and the change against the period before',
    tag,
    auth: reader,
    params: orgParams,
    query: profitAndLossQuerySchema,
    status: 200,
    response: profitAndLossReportSchema,
  }),
  profitAndLossExport: defineEndpoint({
    method: 'GET',
    path: `${base}/profit-and-loss/export`,
    summary: 'The profit and loss report as CSV',
    tag,
    auth: reader,
    params: orgParams,
    query: profitAndLossQuerySchema,
    status: 200,
    response: null,
    produces: 'text/csv',
  }),
  cashFlow: defineEndpoint({
    method: 'GET',
    path: `${base}/cash-flow`,
    summary: 'Money in, out and net per period with running balances per account and in total',
    tag,
    auth: reader,
    params: orgParams,
    query: cashFlowQuerySchema,
    status: 200,
    response: cashFlowSchema,
  }),
  cashFlowExport: defineEndpoint({
    method: 'GET',
    path: `${base}/cash-flow/export`,
    summary: 'The cash-flow report as CSV',
    tag,
    auth: reader,
    params: orgParams,
    query: cashFlowQuerySchema,
    status: 200,
    response: null,
    produces: 'text/csv',
  }),
  forecast: defineEndpoint({
    method: 'GET',
    path: `${base}/forecast`,
    summary: 'Cash forecast by week from recurring transactions and the average of the rest, with runway',
    tag,
    auth: reader,
    params: orgParams,
    query: forecastQuerySchema,
    status: 200,
    response: cashForecastSchema,
  }),
  overview: defineEndpoint({
    method: 'GET',
    path: `${base}/overview`,
    summary: 'Money at a glance (this month, last month, cash, runway) and the last twelve months',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: moneyOverviewSchema,
  }),
};
