import {
  CAMPAIGN_PREVIEW_SIZE,
  campaignAudienceSchema,
  TEST_SENDS_PER_HOUR,
  TEST_SUBJECT_PREFIX,
  type Campaign,
  type CampaignAudience,
  type CampaignPreview,
  type CampaignRecipient,
  type CreateCampaignInput,
  type ListRecipientsQuery,
  type RecipientCounts,
  type TestSendResult,
  type UpdateCampaignInput,
} from '@aiceo/shared/campaigns';
import type { PageQuery } from '@aiceo/shared/common';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import type { Auth } from '../../http/auth-context';
import { buildCampaignMail, loadCampaignBrand } from './campaign-mail';
import { leadWhere } from '../leads/leads.queries';
import { toPage } from '../../lib/pagination';

type CampaignRef = { orgId: string; campaignId: string };

const campaignSelect = {
  id: true,
  name: true,
  subject: true,
  body: true,
  audience: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  sentAt: true,
} satisfies Prisma.EmailCampaignSelect;
type CampaignRow = Prisma.EmailCampaignGetPayload<{ select: typeof campaignSelect }>;

const NO_RECIPIENTS: RecipientCounts = { pending: 0, sent: 0, failed: 0, skipped: 0, clicked: 0, unsubscribed: 0 };

/** The stored filter; a row that does not parse must never widen into "every lead". */
export const audienceOf = (row: Pick<CampaignRow, 'id' | 'audience'>): CampaignAudience => {
  const parsed = campaignAudienceSchema.safeParse(row.audience);
  if (!parsed.success)
    throw new AppError('INTERNAL', `Campaign ${row.id} has an invalid audience`, undefined, { cause: parsed.error });
  return parsed.data;
};

const toCampaign = (row: CampaignRow, counts: RecipientCounts): Campaign => ({
  ...row,
  audience: audienceOf(row),
  counts,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
});

const countsByCampaign = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, campaignIds }: { orgId: string; campaignIds: string[] },
) => {
  const where = { orgId, campaignId: { in: campaignIds } };
  const [groups, clicked, unsubscribed] = await Promise.all([
    db.campaignRecipient.groupBy({ by: ['campaignId', 'status'], where, _count: { _all: true } }),
    db.campaignRecipient.groupBy({
      by: ['campaignId'],
      where: { ...where, clickedAt: { not: null } },
      _count: { _all: true },
    }),
    db.campaignRecipient.groupBy({
      by: ['campaignId'],
      where: { ...where, unsubscribedAt: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const counts = new Map<string, RecipientCounts>();
  const add = (campaignId: string, key: keyof RecipientCounts, count: number) => {
    const current = counts.get(campaignId) ?? { ...NO_RECIPIENTS };
    counts.set(campaignId, { ...current, [key]: count });
  };
  for (const group of groups) add(group.campaignId, group.status, group._count._all);
  for (const group of clicked) add(group.campaignId, 'clicked', group._count._all);
  for (const group of unsubscribed) add(group.campaignId, 'unsubscribed', group._count._all);
  return counts;
};

export const findCampaignRow = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, campaignId }: CampaignRef,
): Promise<CampaignRow> => {
  const row = await db.emailCampaign.findFirst({ where: { id: campaignId, orgId }, select: campaignSelect });
  if (!row) throw notFound('Campaign');
  return row;
};

export const getCampaign = async (deps: Pick<Deps, 'db'>, ref: CampaignRef): Promise<Campaign> => {
  const row = await findCampaignRow(deps, ref);
  const counts = await countsByCampaign(deps, { orgId: ref.orgId, campaignIds: [row.id] });
  return toCampaign(row, counts.get(row.id) ?? NO_RECIPIENTS);
};

export const listCampaigns = async (deps: Pick<Deps, 'db'>, { orgId, query }: { orgId: string; query: PageQuery }) => {
  const rows = await deps.db.emailCampaign.findMany({
    where: { orgId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: campaignSelect,
  });
  const counts = await countsByCampaign(deps, { orgId, campaignIds: rows.slice(0, query.limit).map((row) => row.id) });
  return toPage(rows, query.limit, (row) => toCampaign(row, counts.get(row.id) ?? NO_RECIPIENTS));
};

export const createCampaign = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  {
    orgId,
    createdBy,
    input,
    taskId,
  }: { orgId: string; createdBy: string | null; input: CreateCampaignInput; taskId?: string },
): Promise<Campaign> => {
  const now = clock.now();
  const row = await db.emailCampaign.create({
    // taskId is unique: a retried task cannot write a second campaign.
    data: {
      orgId,
      name: input.name,
      subject: input.subject,
      body: input.body,
      audience: input.audience,
      createdBy,
      taskId: taskId ?? null,
      createdAt: now,
      updatedAt: now,
    },
    select: campaignSelect,
  });
  return toCampaign(row, NO_RECIPIENTS);
};

/** 404 when the campaign is not the org's, else 409: it exists but is no longer a draft. */
const notADraft = async (deps: Pick<Deps, 'db'>, ref: CampaignRef): Promise<never> => {
  await findCampaignRow(deps, ref);
  throw new AppError('CONFLICT', 'Only a draft campaign can be changed or deleted');
};

export const updateCampaign = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, campaignId, input }: CampaignRef & { input: UpdateCampaignInput },
): Promise<Campaign> => {
  const { count } = await deps.db.emailCampaign.updateMany({
    where: { id: campaignId, orgId, status: 'draft' },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.audience !== undefined ? { audience: input.audience } : {}),
      updatedAt: deps.clock.now(),
    },
  });
  if (count === 0) return notADraft(deps, { orgId, campaignId });
  return getCampaign(deps, { orgId, campaignId });
};

export const deleteCampaign = async (deps: Pick<Deps, 'db'>, { orgId, campaignId }: CampaignRef): Promise<void> => {
  const { count } = await deps.db.emailCampaign.deleteMany({ where: { id: campaignId, orgId, status: 'draft' } });
  if (count === 0) await notADraft(deps, { orgId, campaignId });
};

/** The leads of the filter that have an email, oldest first; unsubscribed ones are included and marked. */
export const audienceLeadsWhere = (orgId: string, audience: CampaignAudience): Prisma.LeadWhereInput =>
  leadWhere(orgId, { ...audience, hasEmail: true });

export const audienceLeadSelect = {
  id: true,
  email: true,
  name: true,
  company: true,
  title: true,
  unsubscribedAt: true,
} satisfies Prisma.LeadSelect;
export const orgNameOf = async ({ db }: Pick<Deps, 'db'>, { orgId }: { orgId: string }): Promise<string> => {
  const org = await db.organization.findFirst({ where: { id: orgId }, select: { name: true } });
  if (!org) throw notFound('Organisation');
  return org.name;
};

export const previewCampaign = async (
  deps: Pick<Deps, 'db' | 'env' | 'tokens'>,
  ref: CampaignRef,
): Promise<CampaignPreview> => {
  const row = await findCampaignRow(deps, ref);
  const where = audienceLeadsWhere(ref.orgId, audienceOf(row));
  const [audienceCount, unsubscribedCount, sampleLeads, brand] = await Promise.all([
    deps.db.lead.count({ where: { AND: [where, { unsubscribedAt: null }] } }),
    deps.db.lead.count({ where: { AND: [where, { unsubscribedAt: { not: null } }] } }),
    deps.db.lead.findMany({
      where: { AND: [where, { unsubscribedAt: null }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: CAMPAIGN_PREVIEW_SIZE,
      select: audienceLeadSelect,
    }),
    loadCampaignBrand(deps, ref),
  ]);
  const sample = sampleLeads.map((lead) => {
    const email = lead.email ?? '';
    // The mail as the lead gets it; its links go where they say but count for nobody (no recipient yet).
    const mail = buildCampaignMail(deps, { orgId: ref.orgId, brand, campaign: row, lead, email, recipientId: null });
    return { leadId: lead.id, email, subject: mail.subject, body: mail.text, html: mail.html };
  });
  return { audienceCount, unsubscribedCount, sample };
};

/** The person a test mail goes to: the signed-in user, or the person who made the API key. */
const testMailRecipient = async ({ db }: Pick<Deps, 'db'>, { orgId, auth }: { orgId: string; auth: Auth }) => {
  const userId =
    auth.kind === 'user'
      ? auth.userId
      : (
          await db.apiKey.findFirst({
            where: { id: auth.apiKeyId, orgId },
            select: { createdById: true },
          })
        )?.createdById;
  const user = userId
    ? await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } })
    : null;
  if (!user)
    throw new AppError(
      'FORBIDDEN',
      'This API key has no person to send a test mail to; sign in and send it from the app',
    );
  return user;
};

/**
 * Mails the campaign to the caller as the first lead of its audience would get it (or filled
 * with the caller's own name when the audience is empty), subject prefixed "[Test] ". It makes no
 * recipients and is not counted against the plan; TEST_SENDS_PER_HOUR per person.
 */
export const testSendCampaign = async (
  deps: Pick<Deps, 'db' | 'env' | 'tokens' | 'mailer' | 'rateLimiter'>,
  { orgId, campaignId, auth }: CampaignRef & { auth: Auth },
): Promise<TestSendResult> => {
  const row = await findCampaignRow(deps, { orgId, campaignId });
  const user = await testMailRecipient(deps, { orgId, auth });
  const limit = await deps.rateLimiter.hit(`campaign-test-send:user:${user.id}`, {
    limit: TEST_SENDS_PER_HOUR,
    windowSeconds: 3600,
  });
  if (!limit.allowed) {
    const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
    throw new AppError(
      'RATE_LIMITED',
      `You can send ${TEST_SENDS_PER_HOUR} test mails an hour; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      { retryAfterSeconds: limit.retryAfterSeconds },
      { headers: { 'Retry-After': String(limit.retryAfterSeconds) } },
    );
  }
  const [sampleLead, brand] = await Promise.all([
    deps.db.lead.findFirst({
      where: { AND: [audienceLeadsWhere(orgId, audienceOf(row)), { unsubscribedAt: null }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: audienceLeadSelect,
    }),
    loadCampaignBrand(deps, { orgId }),
  ]);
  const lead = sampleLead ?? { id: user.id, name: user.name, company: '', title: '', email: user.email };
  const mail = buildCampaignMail(deps, {
    orgId,
    brand,
    campaign: row,
    lead,
    email: lead.email ?? '',
    recipientId: null,
    test: true,
  });
  const subject = `${TEST_SUBJECT_PREFIX}${mail.subject}`;
  const result = await deps.mailer.send({
    to: user.email,
    subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    fromName: mail.fromName,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
  });
  return {
    to: user.email,
    subject,
    sampleLeadId: sampleLead?.id ?? null,
    sampleName: lead.name,
    status: result.status,
    error: result.status === 'failed' ? result.error : null,
  };
};

const recipientSelect = {
  id: true,
  leadId: true,
  email: true,
  status: true,
  error: true,
  sentAt: true,
  clickedAt: true,
  clickCount: true,
  unsubscribedAt: true,
} satisfies Prisma.CampaignRecipientSelect;

export const listRecipients = async (
  deps: Pick<Deps, 'db'>,
  { orgId, campaignId, query }: CampaignRef & { query: ListRecipientsQuery },
) => {
  await findCampaignRow(deps, { orgId, campaignId });
  const where: Prisma.CampaignRecipientWhereInput = {
    orgId,
    campaignId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.clicked === undefined ? {} : { clickedAt: query.clicked ? { not: null } : null }),
    ...(query.unsubscribed === undefined ? {} : { unsubscribedAt: query.unsubscribed ? { not: null } : null }),
  };
  const rows = await deps.db.campaignRecipient.findMany({
    where,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId, campaignId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: recipientSelect,
  });
  return toPage(rows, query.limit, (row): CampaignRecipient => ({
    ...row,
    sentAt: row.sentAt?.toISOString() ?? null,
    clickedAt: row.clickedAt?.toISOString() ?? null,
    unsubscribedAt: row.unsubscribedAt?.toISOString() ?? null,
  }));
};
