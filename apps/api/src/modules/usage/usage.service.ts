import { randomUUID } from 'node:crypto';
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
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { recordMrrChange } from '../platform/mrr.service';

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

type Reservation = { orgId: string; month: string; resource: UsageResource; count: number };

type ReserveOptions = { orgId: string; resource: UsageResource; count: number };

/**
 * Takes `count` units in one conditional upsert, so concurrent callers can never pass the
 * limit together: the row lock makes each re-check `used` as the previous one left it.
 * Throws 402 QUOTA_EXCEEDED (and writes nothing) when the units would pass the limit.
 */
const reserveUsage = async (
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
    requested: count,
  };
  const label = usageResourceLabels[resource].other;
  throw new AppError(
    'QUOTA_EXCEEDED',
    `The ${planDefinitions[plan].name} plan allows ${limit} ${label} a month`,
    details,
  );
};

/** Gives reserved units back; the month is the reservation's, even after a rollover. */
const releaseUsage = async (
  { database }: Pick<Deps, 'database'>,
  { orgId, month, resource, count }: Reservation,
): Promise<void> => {
  await database.query(
    'UPDATE "UsageCounter" SET used = GREATEST(used - $4::int, 0) WHERE "orgId" = $1 AND month = $2 AND resource = $3::"UsageResource"',
    [orgId, month, resource, count],
  );
};

/** Units taken for one action and not given back yet. */
export type UsageHold = {
  /**
   * Gives back `count` of the units still held (all of them by default; never more than are held,
   * so a second call cannot give back twice). A failure to write is logged, never thrown: the
   * action's own outcome is what the caller answers.
   */
  giveBack: (count?: number) => Promise<void>;
};

type SpendDeps = Pick<Deps, 'database' | 'clock' | 'log'>;

const holdOf = (deps: Pick<Deps, 'database' | 'log'>, reservation: Reservation): UsageHold => {
  let held = reservation.count;
  return {
    giveBack: async (count = held) => {
      const units = Math.min(count, held);
      if (units <= 0) return;
      held -= units;
      const { orgId, resource } = reservation;
      await releaseUsage(deps, { ...reservation, count: units }).catch((err: unknown) =>
        deps.log.error({ err, orgId, resource, count: units }, 'could not release reserved usage'),
      );
    },
  };
};

type SpendOptions = { orgId: string; resource: UsageResource; count?: number };

/**
 * The one way a feature spends plan units. Reserves `count` units of `resource` (default 1) in one
 * atomic statement, so concurrent callers never pass the limit together; 402 QUOTA_EXCEEDED, with
 * nothing taken and `run` not called, when they would. Then runs `run`: if it throws, every unit
 * still held is given back and its error rethrown; once it returns, the units stay spent. `run`
 * gives back the units it did not use with its hold, and may hand the hold on (a streamed answer
 * that ends up writing nothing gives its message back later).
 */
export const spendUsage = async <T>(
  deps: SpendDeps,
  { orgId, resource, count = 1 }: SpendOptions,
  run: (hold: UsageHold) => Promise<T>,
): Promise<T> => {
  const reservation =
    count > 0
      ? await reserveUsage(deps, { orgId, resource, count })
      : { orgId, month: monthKey(deps.clock.now()), resource, count: 0 };
  const hold = holdOf(deps, reservation);
  try {
    return await run(hold);
  } catch (error) {
    await hold.giveBack();
    throw error;
  }
};

/**
 * Gives back units spent in `month` (by an earlier request or process), inside the caller's
 * transaction, so the refund happens exactly once, together with the change that earns it.
 */
export const refundUsage = async (
  tx: Pick<Prisma.TransactionClient, '$executeRaw'>,
  { orgId, month, resource, count }: Reservation,
): Promise<void> => {
  await tx.$executeRaw`UPDATE "UsageCounter" SET used = GREATEST(used - ${count}::int, 0)
    WHERE "orgId" = ${orgId}::uuid AND month = ${month} AND resource = ${resource}::"UsageResource"`;
};

export const setOrgPlan = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, plan }: { orgId: string; plan: Plan },
): Promise<AdminOrgPlan> => {
  // The plan and its MRR movement change together (sourceKey admin:<uuid>: one row per change).
  await db.$transaction(async (tx) => {
    const { count } = await tx.organization.updateMany({ where: { id: orgId }, data: { plan } });
    if (count === 0) throw notFound('Organisation');
    await recordMrrChange(tx, { orgId, planTo: plan, occurredAt: clock.now(), sourceKey: `admin:${randomUUID()}` });
  });
  return { orgId, plan };
};
