import type { AdminOrg, AdminOrgDetail, ListAdminOrgsQuery, MrrMovement } from '@aiceo/shared/platform';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../http/app-error';
import { toPage, type Page } from '../../lib/pagination';

const NANO_PER_CENT = 10_000_000;

/** Midnight UTC on the first day of `now`'s month. */
const monthStartOf = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

type Figures = { mrrCents: number; paidThisMonthCents: number; aiCostNanoUsd: number; aiCalls: number };

/**
 * MRR (latest movement), what each org paid us this month (its books' billing rows) and its AI
 * cost this month, for a set of orgs: three aggregate queries whatever the number of orgs.
 */
const figuresOf = async (
  { db }: Pick<Deps, 'db'>,
  { orgIds, now }: { orgIds: string[]; now: Date },
): Promise<Map<string, Figures>> => {
  const since = monthStartOf(now);
  const [latest, paid, ai] = await Promise.all([
    db.mrrMovement.findMany({
      where: { orgId: { in: orgIds } },
      distinct: ['orgId'],
      orderBy: [{ orgId: 'asc' }, { occurredAt: 'desc' }, { createdAt: 'desc' }],
      select: { orgId: true, toCents: true },
    }),
    db.financeTransaction.groupBy({
      by: ['orgId'],
      where: { orgId: { in: orgIds }, source: 'billing', currency: 'USD', date: { gte: since } },
      _sum: { amountMinor: true },
    }),
    db.aiCall.groupBy({
      by: ['orgId'],
      where: { orgId: { in: orgIds }, createdAt: { gte: since } },
      _sum: { costNanoUsd: true },
      _count: { _all: true },
    }),
  ]);
  const figures = new Map<string, Figures>(
    orgIds.map((id) => [id, { mrrCents: 0, paidThisMonthCents: 0, aiCostNanoUsd: 0, aiCalls: 0 }]),
  );
  for (const row of latest) {
    const f = figures.get(row.orgId);
    if (f) f.mrrCents = row.toCents;
  }
  // A payment to us is an expense (negative) in the org's books.
  for (const row of paid) {
    const f = figures.get(row.orgId);
    if (f) f.paidThisMonthCents = -Number(row._sum.amountMinor ?? 0n);
  }
  for (const row of ai) {
    const f = figures.get(row.orgId);
    if (f) {
      f.aiCostNanoUsd = Number(row._sum.costNanoUsd ?? 0n);
      f.aiCalls = row._count._all;
    }
  }
  return figures;
};

/** Margin on MRR: MRR minus this month's AI cost, in cents (rounded) and as a fraction of MRR. */
const marginOf = ({ mrrCents, aiCostNanoUsd }: Figures) => ({
  marginCents: Math.round((mrrCents * NANO_PER_CENT - aiCostNanoUsd) / NANO_PER_CENT),
  marginRate: mrrCents === 0 ? null : (mrrCents * NANO_PER_CENT - aiCostNanoUsd) / (mrrCents * NANO_PER_CENT),
});

const orgSelect = {
  id: true,
  name: true,
  slug: true,
  plan: true,
  createdAt: true,
  _count: { select: { memberships: true } },
} as const;
type OrgRow = Prisma.OrganizationGetPayload<{ select: typeof orgSelect }>;

const toAdminOrg = (row: OrgRow, f: Figures): AdminOrg => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  plan: row.plan,
  members: row._count.memberships,
  currency: 'USD',
  mrrCents: f.mrrCents,
  paidThisMonthCents: f.paidThisMonthCents,
  aiCostNanoUsd: f.aiCostNanoUsd,
  ...marginOf(f),
  createdAt: row.createdAt.toISOString(),
});

const noFigures: Figures = { mrrCents: 0, paidThisMonthCents: 0, aiCostNanoUsd: 0, aiCalls: 0 };

/** Organisations by slug; `search` matches name or slug (case-insensitive); the cursor is the last org's id. */
export const listAdminOrgs = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { query }: { query: ListAdminOrgsQuery },
): Promise<Page<AdminOrg>> => {
  const where: Prisma.OrganizationWhereInput = query.search
    ? {
        OR: [
          { name: { contains: query.search, mode: 'insensitive' } },
          { slug: { contains: query.search, mode: 'insensitive' } },
        ],
      }
    : {};
  const rows = await db.organization.findMany({
    where,
    orderBy: [{ slug: 'asc' }],
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    take: query.limit + 1,
    select: orgSelect,
  });
  const figures = await figuresOf({ db }, { orgIds: rows.slice(0, query.limit).map((r) => r.id), now: clock.now() });
  return toPage(rows, query.limit, (row) => toAdminOrg(row, figures.get(row.id) ?? noFigures));
};

const sourceOf = (sourceKey: string): string => sourceKey.split(':')[0] ?? 'unknown';

export const getAdminOrg = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId }: { orgId: string },
): Promise<AdminOrgDetail> => {
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: {
      ...orgSelect,
      billing: { select: { subscriptionStatus: true, currentPeriodEnd: true, pastDueSince: true } },
      credits: { select: { balance: true } },
      memberships: {
        orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
        take: 50,
        select: { role: true, user: { select: { id: true, name: true, email: true } } },
      },
      mrrMovements: {
        orderBy: [{ occurredAt: 'desc' }, { createdAt: 'desc' }],
        take: 20,
        select: {
          id: true,
          occurredAt: true,
          kind: true,
          fromCents: true,
          toCents: true,
          currency: true,
          planFrom: true,
          planTo: true,
          sourceKey: true,
        },
      },
    },
  });
  if (!org) throw notFound('Organisation');
  const f = (await figuresOf({ db }, { orgIds: [orgId], now: clock.now() })).get(orgId) ?? noFigures;
  const movements: MrrMovement[] = org.mrrMovements.map(({ sourceKey, occurredAt, ...m }) => ({
    ...m,
    occurredAt: occurredAt.toISOString(),
    source: sourceOf(sourceKey),
  }));
  return {
    ...toAdminOrg(org, f),
    billing: org.billing
      ? {
          subscriptionStatus: org.billing.subscriptionStatus,
          currentPeriodEnd: org.billing.currentPeriodEnd?.toISOString() ?? null,
          pastDueSince: org.billing.pastDueSince?.toISOString() ?? null,
        }
      : null,
    creditBalance: org.credits?.balance ?? 0,
    aiCallsThisMonth: f.aiCalls,
    memberList: org.memberships.map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
    })),
    movements,
  };
};
