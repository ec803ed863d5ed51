import { MAX_METRICS_MONTHS, type AdminMetricsQuery, type SaasMetrics } from '@aiceo/shared/platform';
import { foldMrrMetrics, monthStart, type MrrMovementInput } from '@aiceo/shared/saas-metrics';
import type { Deps } from '../../deps';

const monthOf = (date: Date): string => `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
const addMonths = (month: string, n: number): string => {
  const d = monthStart(month);
  return monthOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
};

type LatestRow = {
  orgId: string;
  occurredAt: Date;
  kind: MrrMovementInput['kind'];
  fromCents: number;
  toCents: number;
};

/** Stripe statuses of a subscription that has not ended. */
const LIVE = ['active', 'trialing', 'past_due'];

/**
 * Metrics per month from the MRR history: the latest movement of each org before the range sets
 * where the first month starts (one DISTINCT ON query), the range's movements are folded in order.
 * Subscription counts are as of now (BillingAccount keeps no status history).
 */
export const getSaasMetrics = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { query }: { query: AdminMetricsQuery },
): Promise<SaasMetrics> => {
  const current = monthOf(clock.now());
  // Only `from`: up to this month, at most MAX_METRICS_MONTHS; only `to`: the 6 months ending there.
  const latestTo = (first: string): string => {
    const cap = addMonths(first, MAX_METRICS_MONTHS - 1);
    const last = current < cap ? current : cap;
    return last < first ? first : last;
  };
  const to = query.to ?? (query.from ? latestTo(query.from) : current);
  const from = query.from ?? addMonths(to, -5);
  const rangeStart = monthStart(from);
  const rangeEnd = monthStart(addMonths(to, 1));

  const [before, inRange, now, statuses] = await Promise.all([
    db.$queryRaw<LatestRow[]>`
      SELECT DISTINCT ON ("orgId") "orgId", "occurredAt", "kind"::text AS "kind", "fromCents", "toCents"
      FROM "MrrMovement" WHERE "occurredAt" < ${rangeStart}
      ORDER BY "orgId", "occurredAt" DESC, "createdAt" DESC`,
    db.mrrMovement.findMany({
      where: { occurredAt: { gte: rangeStart, lt: rangeEnd } },
      orderBy: [{ occurredAt: 'asc' }, { createdAt: 'asc' }],
      select: { orgId: true, occurredAt: true, kind: true, fromCents: true, toCents: true },
    }),
    db.$queryRaw<{ mrr: bigint | null; paying: bigint; manual: bigint }[]>`
      WITH latest AS (
        SELECT DISTINCT ON ("orgId") "orgId", "toCents" FROM "MrrMovement"
        ORDER BY "orgId", "occurredAt" DESC, "createdAt" DESC
      )
      SELECT COALESCE(SUM(l."toCents"), 0)::bigint AS "mrr",
             COUNT(*) FILTER (WHERE l."toCents" > 0) AS "paying",
             COUNT(*) FILTER (WHERE l."toCents" > 0 AND (b."subscriptionStatus" IS NULL
               OR b."subscriptionStatus" NOT IN ('active', 'trialing', 'past_due'))) AS "manual"
      FROM latest l LEFT JOIN "BillingAccount" b ON b."orgId" = l."orgId"`,
    db.billingAccount.groupBy({
      by: ['subscriptionStatus'],
      where: { subscriptionStatus: { not: null } },
      _count: { _all: true },
    }),
  ]);

  const countOf = (status: string) => statuses.find((s) => s.subscriptionStatus === status)?._count._all ?? 0;
  const known = new Set([...LIVE, 'canceled']);
  const totals = now[0];
  return {
    currency: 'USD',
    from,
    to,
    months: foldMrrMetrics({ movements: [...before, ...inRange], from, to }),
    mrrNowCents: Number(totals?.mrr ?? 0),
    payingCustomersNow: Number(totals?.paying ?? 0),
    subscriptions: {
      active: countOf('active'),
      trialing: countOf('trialing'),
      pastDue: countOf('past_due'),
      cancelled: countOf('canceled'),
      other: statuses
        .filter((s) => s.subscriptionStatus && !known.has(s.subscriptionStatus))
        .reduce((sum, s) => sum + s._count._all, 0),
      manual: Number(totals?.manual ?? 0),
    },
  };
};
