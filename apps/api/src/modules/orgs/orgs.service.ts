import { randomBytes } from 'node:crypto';
import type { CreateOrgInput, Org, OrgDeletionItemKind, OrgDeletionPreview, UpdateOrgInput } from '@aiceo/shared/orgs';
import type { Plan } from '@aiceo/shared/plans';
import type { OrgRole } from '@aiceo/shared/roles';
import { playbookKeySchema, resolveStageLabels } from '@aiceo/shared/stage-labels';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { writePlaybook } from '../playbooks/playbooks.service';

const SLUG_MIN = 3;
const SLUG_MAX = 48;
const SUFFIX_LENGTH = 6;
const SLUG_ATTEMPTS = 5;

export const orgDtoSelect = {
  id: true,
  name: true,
  slug: true,
  plan: true,
  currency: true,
  timezone: true,
  fiscalYearStartMonth: true,
  playbook: true,
  stageLabels: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { memberships: true } },
} satisfies Prisma.OrganizationSelect;

type OrgRow = Prisma.OrganizationGetPayload<{ select: typeof orgDtoSelect }>;

export const toOrgDto = (row: OrgRow, role: OrgRole | null): Org => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  role,
  memberCount: row._count.memberships,
  plan: row.plan,
  currency: row.currency,
  timezone: row.timezone,
  fiscalYearStartMonth: row.fiscalYearStartMonth,
  playbook: playbookKeySchema.safeParse(row.playbook).data ?? null,
  stageLabels: resolveStageLabels(row.stageLabels),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** "Café Été, Ltd." -> "cafe-ete-ltd"; may be shorter than a valid slug (callers add a suffix). */
export const slugify = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX - SUFFIX_LENGTH - 1)
    .replace(/-+$/, '');

const randomSuffix = (): string => randomBytes(8).toString('hex').slice(0, SUFFIX_LENGTH);

/** Candidate slugs for a name: the plain one first (when long enough), then with random suffixes. */
const slugCandidates = (name: string): string[] => {
  const plain = slugify(name);
  const suffixed = Array.from({ length: SLUG_ATTEMPTS }, () => `${plain || 'org'}-${randomSuffix()}`);
  return plain.length >= SLUG_MIN ? [plain, ...suffixed] : suffixed;
};

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

const slugTaken = (slug: string) =>
  new AppError('ALREADY_EXISTS', `The web address "${slug}" is taken`, {
    issues: [{ location: 'body', path: 'slug', message: 'Another organisation already has this web address' }],
  });

type CreateOrgOptions = { userId: string; input: CreateOrgInput };

/**
 * Creates the org with the creator as owner, and writes its playbook (when one was chosen) in the
 * same transaction: the org exists with all of it or not at all. Slug clashes are caught on the
 * unique index rather than checked first, so two creators racing for a slug cannot both win.
 */
export const createOrg = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { userId, input }: CreateOrgOptions,
): Promise<Org> => {
  const candidates = input.slug ? [input.slug] : slugCandidates(input.name);
  for (const slug of candidates) {
    const now = clock.now();
    try {
      const org = await db.$transaction(async (tx) => {
        const created = await tx.organization.create({
          data: {
            name: input.name,
            slug,
            createdAt: now,
            updatedAt: now,
            memberships: { create: { userId, role: 'owner', createdAt: now, updatedAt: now } },
          },
          select: { id: true },
        });
        if (input.playbook) await writePlaybook(tx, { orgId: created.id, userId, key: input.playbook });
        return tx.organization.findUniqueOrThrow({ where: { id: created.id }, select: orgDtoSelect });
      });
      return toOrgDto(org, 'owner');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.slug) throw slugTaken(input.slug);
    }
  }
  throw new AppError('CONFLICT', 'Could not find a free web address for this name; choose one');
};

export const listMyOrgs = async ({ db }: Pick<Deps, 'db'>, { userId }: { userId: string }): Promise<Org[]> => {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, org: { select: orgDtoSelect } },
    orderBy: [{ org: { name: 'asc' } }, { orgId: 'asc' }],
  });
  return memberships.map((m) => toOrgDto(m.org, m.role));
};

type OrgOptions = { orgId: string; role: OrgRole | null };

type OrgReadRow = {
  id: string;
  name: string;
  slug: string;
  plan: Plan;
  currency: string;
  timezone: string;
  fiscalYearStartMonth: number;
  playbook: string | null;
  stageLabels: Prisma.JsonValue;
  createdAt: Date;
  updatedAt: Date;
  memberCount: number;
};

/** One driver-level statement: this is the hottest read of the API (integrations poll it). */
export const getOrg = async ({ database }: Pick<Deps, 'database'>, { orgId, role }: OrgOptions): Promise<Org> => {
  const [org] = await database.query<OrgReadRow>(
    `SELECT o.id, o.name, o.slug, o.plan, o.currency, o.timezone, o."fiscalYearStartMonth", o.playbook, o."stageLabels",
            o."createdAt", o."updatedAt",
            (SELECT count(*)::int FROM "Membership" m WHERE m."orgId" = o.id) AS "memberCount"
       FROM "Organization" o WHERE o.id = $1`,
    [orgId],
  );
  if (!org) throw notFound('Organisation');
  return toOrgDto({ ...org, _count: { memberships: org.memberCount } }, role);
};

export const updateOrg = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, role, input }: OrgOptions & { input: UpdateOrgInput },
): Promise<Org> => {
  try {
    const org = await db.organization.update({
      where: { id: orgId },
      data: {
        name: input.name,
        slug: input.slug,
        currency: input.currency,
        timezone: input.timezone,
        fiscalYearStartMonth: input.fiscalYearStartMonth,
        updatedAt: clock.now(),
      },
      select: orgDtoSelect,
    });
    return toOrgDto(org, role);
  } catch (error) {
    if (input.slug && isUniqueViolation(error)) throw slugTaken(input.slug);
    throw error;
  }
};

/** Memberships, invitations and API keys go with it (ON DELETE CASCADE). */
const deletionNouns: Record<OrgDeletionItemKind, [one: string, many: string]> = {
  members: ['member', 'members'],
  invitations: ['open invitation', 'open invitations'],
  apiKeys: ['API key', 'API keys'],
  leads: ['lead', 'leads'],
  posts: ['post', 'posts'],
  campaigns: ['email campaign', 'email campaigns'],
  transactions: ['money transaction', 'money transactions'],
  tasks: ['AI task', 'AI tasks'],
  goals: ['goal', 'goals'],
  conversations: ['chat conversation', 'chat conversations'],
  integrations: ['connected account', 'connected accounts'],
};

/** What goes with the organisation if it is deleted now, counted; kinds with none are left out. */
export const orgDeletionPreview = async (
  { db }: Pick<Deps, 'db' | 'clock'>,
  { orgId }: { orgId: string },
): Promise<OrgDeletionPreview> => {
  const org = await db.organization.findFirst({ where: { id: orgId }, select: { name: true } });
  if (!org) throw notFound('Organisation');
  const where = { orgId };
  const counts: Record<OrgDeletionItemKind, number> = {
    members: await db.membership.count({ where }),
    invitations: await db.invitation.count({ where: { orgId, acceptedAt: null, revokedAt: null } }),
    apiKeys: await db.apiKey.count({ where: { orgId, revokedAt: null } }),
    leads: await db.lead.count({ where }),
    posts: await db.contentPost.count({ where }),
    campaigns: await db.emailCampaign.count({ where }),
    transactions: await db.financeTransaction.count({ where }),
    tasks: await db.task.count({ where }),
    goals: await db.goal.count({ where }),
    conversations: await db.chatConversation.count({ where }),
    integrations: await db.integration.count({ where }),
  };
  const items = (Object.keys(deletionNouns) as OrgDeletionItemKind[])
    .filter((kind) => counts[kind] > 0)
    .map((kind) => {
      const [one, many] = deletionNouns[kind];
      const count = counts[kind];
      return { kind, count, label: `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}` };
    });
  return { name: org.name, items };
};

export const deleteOrg = async (
  { db, orgAccessCache }: Pick<Deps, 'db' | 'orgAccessCache'>,
  { orgId }: { orgId: string },
): Promise<void> => {
  const { count } = await db.organization.deleteMany({ where: { id: orgId } });
  orgAccessCache.invalidateOrg(orgId);
  if (count === 0) throw notFound('Organisation');
};
