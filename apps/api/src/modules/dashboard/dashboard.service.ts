import type { Dashboard, DashboardLink } from '@aiceo/shared/dashboard';
import { leadStages, type LeadStage } from '@aiceo/shared/leads';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';
import { runwayFrom } from '../finance-reports/finance-reports.service';
import { getUsage } from '../usage/usage.service';

// The business at a glance in one request: a handful of aggregate statements run at once, each
// scoped to the org, plus the plan's AI messages. The books are read from the daily totals
// (FinanceDailyTotal, kept by triggers on FinanceTransaction) with the money reports' rules, never
// from the transactions themselves: at 1,000,000 transactions the reports' twelve-month query over
// FinanceTransaction alone took most of a second (the test checks both agree).
// "This month", "today" and the weeks are the org's calendar (its timezone); the clock is the
// app's (`now` is passed to every statement), so tests can move it.

type DashboardDeps = Pick<Deps, 'database' | 'clock'>;

const OPEN_STAGES: readonly LeadStage[] = ['new', 'contacted', 'qualified', 'proposal'];
const TOP_SOURCES = 8;
const WEEKS = 12;
export const FAILED_WINDOW_DAYS = 7;

/** Sums come back as float8 (exact below 2^53) or, from some drivers, as strings. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * The org's calendar now: its timezone's month start, next month start, last month start, the end
 * of today (all timestamptz) and today as a day. Every statement below starts with it.
 */
const CALENDAR = `
  cal AS (
    SELECT o.currency, o.timezone,
           to_char($2::timestamptz AT TIME ZONE o.timezone, 'YYYY-MM-DD') AS today,
           date_trunc('month', $2::timestamptz AT TIME ZONE o.timezone) AT TIME ZONE o.timezone AS "monthStart",
           (date_trunc('month', $2::timestamptz AT TIME ZONE o.timezone) + interval '1 month') AT TIME ZONE o.timezone AS "nextMonthStart",
           (date_trunc('month', $2::timestamptz AT TIME ZONE o.timezone) - interval '1 month') AT TIME ZONE o.timezone AS "lastMonthStart",
           (date_trunc('day', $2::timestamptz AT TIME ZONE o.timezone) + interval '1 day') AT TIME ZONE o.timezone AS "endOfToday",
           date_trunc('week', $2::timestamptz AT TIME ZONE o.timezone)::date AS "thisWeek"
      FROM "Organization" o WHERE o.id = $1::uuid
  )`;

type CountsRow = {
  currency: string;
  today: string;
  newThisMonth: number;
  newLastMonth: number;
  wonCount: number;
  wonValue: unknown;
  publishedThisMonth: number;
  scheduled: number;
  emailsSent: number;
  tasksDue: number;
  tasksFailed: number;
  openInsights: number;
  approvalsWaiting: number;
};

/** Every single-number figure in one statement (each an index-backed count scoped to the org). */
export const COUNTS_SQL = `
WITH ${CALENDAR}
SELECT cal.currency, cal.today,
  (SELECT count(*)::int FROM "Lead" l WHERE l."orgId" = $1::uuid
     AND l."createdAt" >= cal."monthStart" AND l."createdAt" < cal."nextMonthStart") AS "newThisMonth",
  (SELECT count(*)::int FROM "Lead" l WHERE l."orgId" = $1::uuid
     AND l."createdAt" >= cal."lastMonthStart" AND l."createdAt" < cal."monthStart") AS "newLastMonth",
  w."wonCount", w."wonValue",
  (SELECT count(*)::int FROM "ContentPost" p WHERE p."orgId" = $1::uuid AND p.status = 'published'
     AND p."publishedAt" >= cal."monthStart" AND p."publishedAt" < cal."nextMonthStart") AS "publishedThisMonth",
  (SELECT count(*)::int FROM "ContentPost" p WHERE p."orgId" = $1::uuid AND p.status = 'scheduled') AS "scheduled",
  (SELECT count(*)::int FROM "CampaignRecipient" r WHERE r."orgId" = $1::uuid AND r.status = 'sent'
     AND r."sentAt" >= cal."monthStart" AND r."sentAt" < cal."nextMonthStart") AS "emailsSent",
  (SELECT count(*)::int FROM "Task" t WHERE t."orgId" = $1::uuid AND t.status = 'PENDING'
     AND COALESCE(t."dueAt", t."runAfter") < cal."endOfToday") AS "tasksDue",
  (SELECT count(*)::int FROM "Task" t WHERE t."orgId" = $1::uuid AND t.status = 'FAILED'
     AND COALESCE(t."finishedAt", t."updatedAt") >= $2::timestamptz - make_interval(days => $3::int)) AS "tasksFailed",
  (SELECT count(*)::int FROM "Insight" i WHERE i."orgId" = $1::uuid AND i.status = 'open') AS "openInsights",
  (SELECT count(*)::int FROM "ApprovalItem" a WHERE a."orgId" = $1::uuid AND a.status = 'pending'
     AND a."expiresAt" > $2::timestamptz) AS "approvalsWaiting"
FROM cal
CROSS JOIN LATERAL (
  SELECT count(*)::int AS "wonCount", COALESCE(sum(l."valueCents"), 0)::float8 AS "wonValue"
    FROM "Lead" l WHERE l."orgId" = $1::uuid AND l.stage = 'won'
     AND l."updatedAt" >= cal."monthStart" AND l."updatedAt" < cal."nextMonthStart"
) w`;

type LeadGroupRow = { stage: LeadStage | null; source: string | null; count: number; value: unknown };
/**
 * Leads per stage (count and deal value) and per source (the largest TOP_SOURCES + 1) in one pass
 * over the org's leads: grouping sets, so the table is read once for both.
 */
export const LEADS_SQL = `
WITH g AS (
  SELECT stage, btrim(source) AS source, GROUPING(stage) = 1 AS "bySource",
         count(*)::int AS count, COALESCE(sum("valueCents"), 0)::float8 AS value
    FROM "Lead" WHERE "orgId" = $1::uuid
   GROUP BY GROUPING SETS ((stage), (btrim(source)))
)
SELECT stage, NULL AS source, count, value FROM g WHERE NOT "bySource"
UNION ALL
(SELECT NULL, source, count, value FROM g WHERE "bySource" ORDER BY count DESC, source LIMIT ${TOP_SOURCES + 1})`;

type WeekRow = { weekStart: string; published: number };
/** Posts published per week (Monday to Sunday, org timezone), the last 12 weeks with zeros. */
export const WEEKS_SQL = `
WITH ${CALENDAR},
weeks AS (
  SELECT w::date AS week, cal.timezone
    FROM cal, generate_series(cal."thisWeek" - ${(WEEKS - 1) * 7}, cal."thisWeek", interval '7 days') AS w
),
posts AS (
  SELECT date_trunc('week', p."publishedAt" AT TIME ZONE cal.timezone)::date AS week, count(*)::int AS n
    FROM "ContentPost" p, cal
   WHERE p."orgId" = $1::uuid AND p.status = 'published'
     AND p."publishedAt" >= ((cal."thisWeek" - ${(WEEKS - 1) * 7})::timestamp AT TIME ZONE cal.timezone)
   GROUP BY 1
)
SELECT to_char(weeks.week, 'YYYY-MM-DD') AS "weekStart", COALESCE(posts.n, 0) AS published
  FROM weeks LEFT JOIN posts ON posts.week = weeks.week
 ORDER BY weeks.week`;

type BookRow = {
  month: string;
  kind: 'income' | 'expense' | 'transfer' | null;
  positive: boolean;
  sumMinor: unknown;
  count: number;
};
/**
 * The books by month, this one and the eleven before (to today), in the org's currency, transfers
 * (transfer id) out: grouped daily totals by month, category and sign, categories joined after.
 */
export const BOOKS_SQL = `
WITH ${CALENDAR}
SELECT to_char(g.month, 'YYYY-MM') AS month, c.kind, g.positive, g."sumMinor", g."count"
FROM (
  SELECT date_trunc('month', t.date)::date AS month, NULLIF(t."categoryKey", '')::uuid AS "categoryId", t.positive,
         sum(t."sumMinor")::float8 AS "sumMinor", sum(t."count")::int AS "count"
    FROM "FinanceDailyTotal" t, cal
   WHERE t."orgId" = $1::uuid AND t.currency = cal.currency AND NOT t.transfer
     AND t.date >= (date_trunc('month', cal.today::date) - interval '11 months')::date AND t.date <= cal.today::date
   GROUP BY 1, 2, 3
) g
LEFT JOIN "FinanceCategory" c ON c.id = g."categoryId" AND c."orgId" = $1::uuid`;

type CashRow = { opening: unknown; moved: unknown };
/** Cash today: opening balances of the accounts in the org's currency plus their daily totals to today. */
export const CASH_SQL = `
WITH ${CALENDAR}
SELECT
  (SELECT COALESCE(sum(a."openingBalanceMinor"), 0)::float8 FROM "FinanceAccount" a
    WHERE a."orgId" = $1::uuid AND a.currency = cal.currency) AS opening,
  (SELECT COALESCE(sum(d."sumMinor"), 0)::float8 FROM "FinanceDailyTotal" d
     JOIN "FinanceAccount" a ON a.id = d."accountId" AND a."orgId" = $1::uuid
    WHERE d."orgId" = $1::uuid AND d.currency = cal.currency AND a.currency = cal.currency
      AND d.date <= cal.today::date) AS moved
FROM cal`;

type MonthFigures = { month: string; incomeMinor: number; expenseMinor: number; counted: number };

/** The twelve months with the P&L rules: a category's kind decides; without one (or deleted) the sign does. */
const foldBooks = (rows: BookRow[], today: string): MonthFigures[] => {
  const byMonth = new Map<string, MonthFigures>();
  const start = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  for (let i = 11; i >= 0; i -= 1) {
    const month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - i, 1)).toISOString().slice(0, 7);
    byMonth.set(month, { month, incomeMinor: 0, expenseMinor: 0, counted: 0 });
  }
  for (const row of rows) {
    const month = byMonth.get(row.month);
    if (!month || row.kind === 'transfer') continue;
    const sum = num(row.sumMinor);
    month.counted += row.count;
    if (row.kind === 'income' || (row.kind === null && row.positive)) month.incomeMinor += sum;
    else month.expenseMinor -= sum;
  }
  return [...byMonth.values()];
};

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Week of 3 Nov" (the year only when it is not this one). */
export const weekLabel = (weekStart: string, today: string): string => {
  const date = new Date(`${weekStart}T00:00:00Z`);
  const format = weekStart.slice(0, 4) === today.slice(0, 4) ? dayMonth : dayMonthYear;
  return `Week of ${format.format(date)}`;
};

const link = (page: DashboardLink['page'], search?: string): DashboardLink => (search ? { page, search } : { page });

/**
 * The dashboard of `orgId`. `seesMoney`: the caller may see the books (admin, owner or an API key
 * with the read scope, as on the money pages); otherwise `money` and the revenue chart are null.
 */
export const getDashboard = async (
  deps: DashboardDeps,
  { orgId, seesMoney }: { orgId: string; seesMoney: boolean },
): Promise<Dashboard> => {
  const { database, clock } = deps;
  const now = clock.now();
  const [counts, leadRows, weekRows, bookRows, cashRows, usage] = await Promise.all([
    database.query<CountsRow>(COUNTS_SQL, [orgId, now, FAILED_WINDOW_DAYS]),
    database.query<LeadGroupRow>(LEADS_SQL, [orgId]),
    database.query<WeekRow>(WEEKS_SQL, [orgId, now]),
    seesMoney ? database.query<BookRow>(BOOKS_SQL, [orgId, now]) : Promise.resolve(null),
    seesMoney ? database.query<CashRow>(CASH_SQL, [orgId, now]) : Promise.resolve(null),
    getUsage(deps, { orgId }),
  ]);
  const row = counts[0];
  if (!row) throw notFound('Organisation');

  const byStage = new Map(leadRows.flatMap((r) => (r.stage ? [[r.stage, r] as const] : [])));
  const sourceRows = leadRows.flatMap((r) =>
    r.stage === null && r.source !== null ? [{ source: r.source, count: r.count }] : [],
  );
  const stages = leadStages.map((stage) => ({
    stage,
    count: byStage.get(stage)?.count ?? 0,
    valueMinor: num(byStage.get(stage)?.value),
  }));
  const open = stages.filter((s) => OPEN_STAGES.includes(s.stage));
  const totalLeads = stages.reduce((sum, s) => sum + s.count, 0);

  const top = sourceRows.slice(0, TOP_SOURCES);
  const inTop = top.reduce((sum, s) => sum + s.count, 0);
  const leadsBySource = totalLeads > inTop ? [...top, { source: 'Other', count: totalLeads - inTop }] : top;

  const ai = usage.resources.find((r) => r.resource === 'aiMessages');

  const months = bookRows ? foldBooks(bookRows, row.today) : null;
  const thisMonth = months?.at(-1);
  const cashMinor = num(cashRows?.[0]?.opening) + num(cashRows?.[0]?.moved);
  // Runway over the last three complete months, as the money pages count it.
  const runway = months
    ? runwayFrom(
        cashMinor,
        months
          .slice(0, -1)
          .slice(-3)
          .map((m) => ({ netMinor: m.incomeMinor - m.expenseMinor, counted: m.counted })),
      )
    : null;

  return {
    currency: row.currency,
    today: row.today,
    pipeline: {
      stages,
      openCount: open.reduce((sum, s) => sum + s.count, 0),
      openValueMinor: open.reduce((sum, s) => sum + s.valueMinor, 0),
      link: link('leadsBoard'),
    },
    dealsWon: { count: row.wonCount, valueMinor: num(row.wonValue), link: link('leads', 'stage=won') },
    newLeads: { thisMonth: row.newThisMonth, lastMonth: row.newLastMonth, link: link('leads') },
    money:
      thisMonth && runway
        ? {
            cashMinor,
            monthToDate: {
              incomeMinor: thisMonth.incomeMinor,
              expenseMinor: thisMonth.expenseMinor,
              netMinor: thisMonth.incomeMinor - thisMonth.expenseMinor,
            },
            runway,
            link: link('money'),
          }
        : null,
    posts: { publishedThisMonth: row.publishedThisMonth, scheduled: row.scheduled, link: link('content') },
    emails: { sentThisMonth: row.emailsSent, link: link('campaigns') },
    tasks: {
      due: row.tasksDue,
      failed: row.tasksFailed,
      dueLink: link('tasks', 'status=PENDING'),
      failedLink: link('tasks', 'status=FAILED'),
    },
    insights: { open: row.openInsights, link: link('insights') },
    approvals: { waiting: row.approvalsWaiting, link: link('approvals') },
    aiMessages: {
      used: ai?.used ?? 0,
      limit: ai?.limit ?? 0,
      remaining: ai?.remaining ?? 0,
      link: link('billing'),
    },
    charts: {
      revenueVsCosts: months
        ? months.map((m) => ({ month: m.month, incomeMinor: m.incomeMinor, expenseMinor: m.expenseMinor }))
        : null,
      leadsBySource,
      postsPerWeek: weekRows.map((w) => ({
        weekStart: w.weekStart,
        label: weekLabel(w.weekStart, row.today),
        published: w.published,
      })),
    },
  };
};
