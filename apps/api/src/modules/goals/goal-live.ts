import { goalMetrics, moneyGoalMetrics, type GoalLive, type GoalMetric } from '@aiceo/shared/goals';
import { formatMoney } from '@aiceo/shared/money';
import type { Deps } from '../../deps';

/** A goal as the live standing needs it. */
export type MetricGoalRow = {
  id: string;
  createdAt: Date;
  targetDate: Date | null;
  metric: string | null;
  metricTarget: number | null;
  metricCurrency: string | null;
};

/** Before this share of the time to the deadline has gone (and at least a day), the pace is too young to project from. */
const MIN_ELAPSED_TO_PROJECT = 0.1;
const DAY_MS = 86_400_000;
const MAX_VALUE = 2_000_000_000;
const OPEN_STAGES = ['new', 'contacted', 'qualified', 'proposal'] as const;

export const isGoalMetric = (metric: string | null): metric is GoalMetric =>
  metric !== null && (goalMetrics as readonly string[]).includes(metric);

type Db = Deps['db'];
type ValueRow = { id: string; value: number | string | bigint | null };

const toNumber = (value: ValueRow['value']): number => Math.min(MAX_VALUE, Math.round(Number(value ?? 0)));
const valuesById = (rows: ValueRow[]) => new Map(rows.map((row) => [row.id, toNumber(row.value)]));

/*
 * One statement per metric for all the goals that use it (a list never reads per goal). Every
 * statement is scoped by the org on both sides of the join, and counts from the goal's creation:
 * - deals_won: leads now in the won stage whose row changed since the goal was set. There is no
 *   stage history, so a lead won before the goal and edited after it counts too.
 * - revenue: income in the books (daily totals kept from FinanceTransaction): positive amounts,
 *   not transfers (no transfer id, not in a transfer category), in the goal's currency, dated from
 *   the day the goal was set (in the org's timezone) to today.
 * Counting stops at the deadline: what came after it did not reach the goal in time.
 */
type CountOptions = { orgId: string; ids: string[]; now: Date };
const countSince = {
  deals_won: (db: Db, { orgId, ids, now }: CountOptions) => db.$queryRaw<ValueRow[]>`
    SELECT g.id, count(l.id)::int AS value
    FROM "Goal" g
    LEFT JOIN "Lead" l ON l."orgId" = g."orgId" AND l.stage = 'won' AND l."updatedAt" >= g."createdAt"
     AND l."updatedAt" <= LEAST(${now}::timestamptz, COALESCE(g."targetDate", ${now}::timestamptz))
    WHERE g."orgId" = ${orgId}::uuid AND g.id = ANY(${ids}::uuid[])
    GROUP BY g.id`,
  new_leads: (db: Db, { orgId, ids, now }: CountOptions) => db.$queryRaw<ValueRow[]>`
    SELECT g.id, count(l.id)::int AS value
    FROM "Goal" g
    LEFT JOIN "Lead" l ON l."orgId" = g."orgId" AND l."createdAt" >= g."createdAt"
     AND l."createdAt" <= LEAST(${now}::timestamptz, COALESCE(g."targetDate", ${now}::timestamptz))
    WHERE g."orgId" = ${orgId}::uuid AND g.id = ANY(${ids}::uuid[])
    GROUP BY g.id`,
  posts_published: (db: Db, { orgId, ids, now }: CountOptions) => db.$queryRaw<ValueRow[]>`
    SELECT g.id, count(p.id)::int AS value
    FROM "Goal" g
    LEFT JOIN "ContentPost" p ON p."orgId" = g."orgId" AND p.status = 'published' AND p."publishedAt" >= g."createdAt"
     AND p."publishedAt" <= LEAST(${now}::timestamptz, COALESCE(g."targetDate", ${now}::timestamptz))
    WHERE g."orgId" = ${orgId}::uuid AND g.id = ANY(${ids}::uuid[])
    GROUP BY g.id`,
};

type RevenueOptions = CountOptions & { currency: string; timezone: string };
const revenueSince = (db: Db, { orgId, ids, currency, timezone, now }: RevenueOptions) =>
  db.$queryRaw<ValueRow[]>`
    SELECT g.id, COALESCE(sum(t."sumMinor"), 0)::float8 AS value
    FROM "Goal" g
    LEFT JOIN "FinanceDailyTotal" t
      ON t."orgId" = g."orgId" AND t.positive AND NOT t.transfer
     AND t.currency = COALESCE(g."metricCurrency", ${currency})
     AND t.date >= (g."createdAt" AT TIME ZONE ${timezone})::date
     AND t.date <= (LEAST(${now}::timestamptz, COALESCE(g."targetDate", ${now}::timestamptz)) AT TIME ZONE ${timezone})::date
     AND NOT EXISTS (SELECT 1 FROM "FinanceCategory" c
                     WHERE c."orgId" = t."orgId" AND c.id::text = t."categoryKey" AND c.kind = 'transfer')
    WHERE g."orgId" = ${orgId}::uuid AND g.id = ANY(${ids}::uuid[])
    GROUP BY g.id`;

const openPipeline = async (db: Db, orgId: string): Promise<number> => {
  const { _sum } = await db.lead.aggregate({
    where: { orgId, stage: { in: [...OPEN_STAGES] } },
    _sum: { valueCents: true },
  });
  return Math.min(MAX_VALUE, _sum.valueCents ?? 0);
};

const dayIn = (date: Date, timeZone: string): string => {
  try {
    return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  } catch {
    return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  }
};

const metricWords: Record<GoalMetric, (value: string, target: string) => string> = {
  deals_won: (value, target) => `${value} of ${target} deals won`,
  revenue: (value, target) => `${value} of ${target} revenue in the books`,
  posts_published: (value, target) => `${value} of ${target} posts published`,
  new_leads: (value, target) => `${value} of ${target} new leads`,
  pipeline_value: (value, target) => `${value} open pipeline of a ${target} target`,
};

/** The standing of one metric goal from its live value: percent, the projection at the deadline and the words. */
export const standingOf = (
  goal: MetricGoalRow & { metric: GoalMetric; metricTarget: number },
  { value, now, currency, timezone }: { value: number; now: Date; currency: string; timezone: string },
): GoalLive => {
  const money = moneyGoalMetrics.includes(goal.metric);
  const unitCurrency = money ? (goal.metricCurrency ?? currency) : null;
  const show = (amount: number) => (unitCurrency ? formatMoney(amount, unitCurrency) : String(amount));
  const target = goal.metricTarget;
  const start = goal.createdAt.getTime();
  const span = goal.targetDate ? goal.targetDate.getTime() - start : 0;
  const elapsed = span > 0 ? Math.min(1, Math.max(0, (now.getTime() - start) / span)) : 0;
  const reached = value >= target;
  const level = goal.metric === 'pipeline_value';
  const passed = goal.targetDate !== null && now.getTime() >= goal.targetDate.getTime();
  // No deadline, or too little time gone to read a pace from (sums only: pipeline_value is a level).
  const unjudged =
    !reached && !passed && !level && (span <= 0 || elapsed < MIN_ELAPSED_TO_PROJECT || now.getTime() - start < DAY_MS);
  // pipeline_value is a level, not a sum: its projection is the value now.
  const projected = level || reached || passed || unjudged ? value : Math.min(MAX_VALUE, Math.round(value / elapsed));
  const onTrack = reached || unjudged || (!passed && projected >= target);
  const head = metricWords[goal.metric](show(value), show(target));
  const deadline = goal.targetDate ? dayIn(goal.targetDate, timezone) : null;
  const tail = reached
    ? 'reached'
    : passed
      ? `the deadline (${deadline ?? ''}) has passed: missed`
      : unjudged
        ? span <= 0
          ? 'no deadline to project to'
          : `too early to project (due ${deadline ?? ''})`
        : level
          ? onTrack
            ? 'on track'
            : `${show(target - value)} short, due ${deadline ?? 'with no deadline'}: off track`
          : `at this pace ${show(projected)} by ${deadline ?? ''}: ${onTrack ? 'on track' : 'off track'}`;
  return {
    metric: goal.metric,
    unit: money ? 'money' : 'count',
    currency: unitCurrency,
    value,
    target,
    percent: Math.min(100, Math.max(0, Math.floor((value * 100) / target))),
    projected,
    onTrack,
    elapsedPercent: Math.floor(elapsed * 100),
    summary: `${head}; ${tail}`,
  };
};

/**
 * The live standing of each metric goal among `goals` (goals without a metric are left out), in
 * one statement per metric used plus the org's money settings.
 */
export const liveStandings = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, goals, now }: { orgId: string; goals: MetricGoalRow[]; now: Date },
): Promise<Map<string, GoalLive>> => {
  const metricGoals = goals.flatMap((goal) =>
    isGoalMetric(goal.metric) && goal.metricTarget !== null && goal.metricTarget > 0
      ? [{ ...goal, metric: goal.metric, metricTarget: goal.metricTarget }]
      : [],
  );
  const standings = new Map<string, GoalLive>();
  if (metricGoals.length === 0) return standings;
  const org = await db.organization.findFirst({ where: { id: orgId }, select: { currency: true, timezone: true } });
  if (!org) return standings;
  const idsOf = (metric: GoalMetric) => metricGoals.filter((goal) => goal.metric === metric).map((goal) => goal.id);
  const query = async (metric: GoalMetric): Promise<Map<string, number>> => {
    const ids = idsOf(metric);
    if (ids.length === 0) return new Map();
    if (metric === 'pipeline_value') {
      const value = await openPipeline(db, orgId);
      return new Map(ids.map((id) => [id, value]));
    }
    if (metric === 'revenue')
      return valuesById(await revenueSince(db, { orgId, ids, currency: org.currency, timezone: org.timezone, now }));
    return valuesById(await countSince[metric](db, { orgId, ids, now }));
  };
  const values = await Promise.all(goalMetrics.map(query));
  const valueOf = new Map(values.flatMap((map) => [...map]));
  for (const goal of metricGoals)
    standings.set(
      goal.id,
      standingOf(goal, { value: valueOf.get(goal.id) ?? 0, now, currency: org.currency, timezone: org.timezone }),
    );
  return standings;
};
