import type { LeadFilter } from '@aiceo/shared/leads';
import type { Prisma } from '../../generated/prisma/client';

/** The one translation of a lead filter (list, export, campaign audience), always inside one org. */
export const leadWhere = (orgId: string, filter: LeadFilter): Prisma.LeadWhereInput => {
  const and: Prisma.LeadWhereInput[] = [{ orgId }];
  if (filter.q) {
    const contains = { contains: filter.q, mode: 'insensitive' as const };
    and.push({ OR: [{ name: contains }, { email: contains }, { company: contains }] });
  }
  if (filter.stage?.length) and.push({ stage: { in: filter.stage } });
  if (filter.priority?.length) and.push({ priority: { in: filter.priority } });
  if (filter.ownerId) and.push({ ownerId: filter.ownerId });
  if (filter.tag) and.push({ tags: { has: filter.tag } });
  if (filter.source) and.push({ source: { equals: filter.source, mode: 'insensitive' } });
  if (filter.minScore !== undefined) and.push({ score: { gte: filter.minScore } });
  if (filter.hasEmail === true) and.push({ email: { not: null } });
  if (filter.hasEmail === false) and.push({ email: null });
  if (filter.inactiveSince)
    and.push({ OR: [{ lastActivityAt: null }, { lastActivityAt: { lt: new Date(filter.inactiveSince) } }] });
  return { AND: and };
};
