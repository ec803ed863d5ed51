import type { CampaignAudience } from '@aiceo/shared/campaigns';
import { Prisma } from '../../generated/prisma/client';

/**
 * The campaign audience as SQL over "Lead" (alias `l`): the same leads as
 * `audienceLeadsWhere` (leads.queries leadWhere with hasEmail), so recipients can be written with
 * one INSERT … SELECT instead of loading the audience. campaign-sending.test.ts checks that both
 * translations pick the same leads for every filter field.
 */
export const audienceSql = (orgId: string, audience: CampaignAudience): Prisma.Sql => {
  const and: Prisma.Sql[] = [Prisma.sql`l."orgId" = ${orgId}::uuid`, Prisma.sql`l.email IS NOT NULL`];
  if (audience.q) {
    // Prisma's `contains` passes the text through as a LIKE pattern (% and _ match anything): so does this.
    const pattern = `%${audience.q}%`;
    and.push(Prisma.sql`(l.name ILIKE ${pattern} OR l.email ILIKE ${pattern} OR l.company ILIKE ${pattern})`);
  }
  if (audience.stage?.length) and.push(Prisma.sql`l.stage::text IN (${Prisma.join(audience.stage)})`);
  if (audience.priority?.length) and.push(Prisma.sql`l.priority::text IN (${Prisma.join(audience.priority)})`);
  if (audience.ownerId) and.push(Prisma.sql`l."ownerId" = ${audience.ownerId}::uuid`);
  if (audience.tag) and.push(Prisma.sql`${audience.tag} = ANY(l.tags)`);
  if (audience.source) and.push(Prisma.sql`l.source ILIKE ${audience.source}`);
  if (audience.minScore !== undefined) and.push(Prisma.sql`l.score >= ${audience.minScore}::int`);
  if (audience.inactiveSince)
    and.push(
      Prisma.sql`(l."lastActivityAt" IS NULL OR l."lastActivityAt" < ${new Date(audience.inactiveSince)}::timestamptz)`,
    );
  return Prisma.join(and, ' AND ');
};
