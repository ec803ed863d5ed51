import {
  limitFor,
  monthKey,
  nextMonthStart,
  nextPlan,
  planDefinitions,
  usageResourceLabels,
  usageResources,
  type Plan,
  type UsageResource,
} from '@aiceo/shared/plans';
import type { AdminOrgPlan } from '@aiceo/shared/platform';
import type { QuotaExceededDetails, Usage } from '@aiceo/shared/usage';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';

type OrgScope = { orgId: string };

const findPlan = async ({ database }: Pick<Deps, 'database'>, { orgId }: OrgScope): Promise<Plan> => {
  const [org] = await database.query<{ plan: Plan }>('SELECT plan FROM "Organization" WHERE id = $1', [orgId]);
  if (!org) throw notFound('Organisation');
  return org.plan;
};

export const getUsage = async (
  { database, clock }: Pick<Deps, 'database' | 'clock'>,
  { orgId }: OrgScope,
): Promise<Usage> => {
  const now = clock.now();
  const month = monthKey(now);
  const plan = await findPlan({ database }, { orgId });
  const rows = await database.query<{ resource: UsageResource; used: number }>(
    'SELECT resource, used FROM "UsageCounter" WHERE "orgId" = $1 AND month = $2',
    [orgId, month],
  );
  const usedBy = new Map(rows.map((row) => [row.resource, row.used]));
  return {
    plan,
    month,
    resetsAt: nextMonthStart(now).toISOString(),
    resources: usageResources.map((resource) => {
      const limit = limitFor(plan, resource);
      const used = usedBy.get(resource) ?? 0;
      return { resource, limit, used, remaining: Math.max(limit - used, 0) };
    }),
  };
};

export type Reservation = { orgId: string; month: string; resource: UsageResource; count: number };

type ReserveOptions = { orgId: string; resource: UsageResource; count: number };

/**
 * Takes `count` units in one conditional upsert, so concurrent callers can never pass the
 * limit together: the row lock makes each re-check `used` as the previous one left it.
 * Throws 402 QUOTA_EXCEEDED (and writes nothing) when the units would pass the limit.
 */
export const reserveUsage = async (
  { database, clock }: Pick<Deps, 'database' | 'clock'>,
  { orgId, resource, count }: ReserveOptions,
): Promise<Reservation> => {
  const month = monthKey(clock.now());
  const plan = await findPlan({ database }, { orgId });
  const limit = limitFor(plan, resource);
  const reserved = await database.query<{ used: number }>(
    `INSERT INTO "UsageCounter" AS c ("orgId", month, resource, used)
     SELECT $1::uuid, $2, $3::"UsageResource", $4::int WHERE $4::int <= $5::int
     ON CONFLICT ("orgId", month, resource) DO UPDATE SET used = c.used + EXCLUDED.used
       WHERE c.used + EXCLUDED.used <= $5::int
     RETURNING used`,
    [orgId, month, resource, count, limit],
  );
  if (reserved.length > 0) return { orgId, month, resource, count };

  const [row] = await database.query<{ used: number }>(
    'SELECT used FROM "UsageCounter" WHERE "orgId" = $1 AND month = $2 AND resource = $3::"UsageResource"',
    [orgId, month, resource],
  );
  const upgradePlan = nextPlan(plan);
  const details: QuotaExceededDetails = {
    resource,
    limit,
    used: row?.used ?? 0,
    plan,
    upgrade: upgradePlan ? { plan: upgradePlan, limit: limitFor(upgradePlan, resource) } : null,
  };
  const label = usageResourceLabels[resource].other;
  throw new AppError(
    'QUOTA_EXCEEDED',
    `The ${planDefinitions[plan].name} plan allows ${limit} ${label} a month`,
    details,
  );
};

/** Gives reserved units back (the action failed); the month is the reservation's, even after a rollover. */
export const releaseUsage = async (
  { database }: Pick<Deps, 'database'>,
  { orgId, month, resource, count }: Reservation,
): Promise<void> => {
  await database.query(
    'UPDATE "UsageCounter" SET used = GREATEST(used - $4::int, 0) WHERE "orgId" = $1 AND month = $2 AND resource = $3::"UsageResource"',
    [orgId, month, resource, count],
  );
};

export const setOrgPlan = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, plan }: { orgId: string; plan: Plan },
): Promise<AdminOrgPlan> => {
  const { count } = await db.organization.updateMany({ where: { id: orgId }, data: { plan } });
  if (count === 0) throw notFound('Organisation');
  return { orgId, plan };
};
