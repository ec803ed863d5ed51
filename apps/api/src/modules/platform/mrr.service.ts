import { planDefinitions, type Plan } from '@aiceo/shared/plans';
import { classifyMrrChange, type MrrMovementKind } from '@aiceo/shared/saas-metrics';
import type { Prisma } from '../../generated/prisma/client';

// The MRR history (MrrMovement) is append-only: every change of an org's paying state writes one
// row in the same transaction as the change. An org's MRR is the `toCents` of its latest row.

/** MRR of a plan: its monthly list price (USD cents). */
export const mrrOfPlan = (plan: Plan): number => planDefinitions[plan].priceCents;

export type MrrChange = {
  orgId: string;
  /** The plan the org pays for after the change ('free' when it pays nothing). */
  planTo: Plan;
  /** When it happened; never before the org's previous movement, so each org's history stays in order. */
  occurredAt: Date;
  /** What caused it, written once ('stripe:<event id>', 'admin:<uuid>'). */
  sourceKey: string;
};

/**
 * Writes the movement from the org's current MRR (its latest movement, 0 without one) to the
 * plan's MRR, classified as ChartMogul does: 0 -> x is new the first time and reactivation after a
 * churn, x -> 0 churn, up expansion, down contraction. No change writes nothing. Locks the org's
 * row first, so concurrent changes of one org chain one after another. Answers the kind written.
 */
export const recordMrrChange = async (
  tx: Prisma.TransactionClient,
  { orgId, planTo, occurredAt, sourceKey }: MrrChange,
): Promise<MrrMovementKind | null> => {
  await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${orgId}::uuid FOR UPDATE`;
  const last = await tx.mrrMovement.findFirst({
    where: { orgId },
    orderBy: [{ occurredAt: 'desc' }, { createdAt: 'desc' }],
    select: { toCents: true, planTo: true, occurredAt: true },
  });
  const fromCents = last?.toCents ?? 0;
  const toCents = mrrOfPlan(planTo);
  const hadMrrBefore =
    fromCents > 0 ||
    (last !== null &&
      (await tx.mrrMovement.count({ where: { orgId, OR: [{ toCents: { gt: 0 } }, { fromCents: { gt: 0 } }] } })) > 0);
  const kind = classifyMrrChange({ fromCents, toCents, hadMrrBefore });
  if (!kind) return null;
  const at = last && last.occurredAt.getTime() > occurredAt.getTime() ? last.occurredAt : occurredAt;
  const { count } = await tx.mrrMovement.createMany({
    data: [
      {
        orgId,
        occurredAt: at,
        kind,
        fromCents,
        toCents,
        currency: planDefinitions[planTo].currency,
        planFrom: last?.planTo ?? (fromCents === 0 ? 'free' : null),
        planTo,
        sourceKey,
      },
    ],
    skipDuplicates: true,
  });
  return count > 0 ? kind : null;
};
