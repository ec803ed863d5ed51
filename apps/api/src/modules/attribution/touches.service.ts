import type { Touch } from '@aiceo/shared/attribution';
import { Prisma } from '../../generated/prisma/client';

type Tx = Pick<Prisma.TransactionClient, 'lead'>;

/**
 * Records a visit or click on a lead: the touch becomes its latest, and its first when it has
 * none yet. One conditional update each, so concurrent touches never overwrite a first touch.
 */
export const recordLeadTouch = async (
  tx: Tx,
  { orgId, leadId, touch }: { orgId: string; leadId: string; touch: Touch },
): Promise<void> => {
  await tx.lead.updateMany({
    where: { id: leadId, orgId, firstTouch: { equals: Prisma.DbNull } },
    data: { firstTouch: touch },
  });
  await tx.lead.updateMany({ where: { id: leadId, orgId }, data: { lastTouch: touch } });
};
