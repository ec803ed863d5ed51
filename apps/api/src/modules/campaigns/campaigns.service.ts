import {
  bodyWithUnsubscribe,
  CAMPAIGN_PREVIEW_SIZE,
  campaignAudienceSchema,
  renderTemplate,
  type Campaign,
  type CampaignAudience,
  type CampaignPreview,
  type CampaignRecipient,
  type CreateCampaignInput,
  type ListRecipientsQuery,
  type RecipientCounts,
  type UpdateCampaignInput,
} from '@aiceo/shared/campaigns';
import type { PageQuery } from '@aiceo/shared/common';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { leadWhere } from '../leads/leads.queries';
import { unsubscribeUrl } from './unsubscribe.service';
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

const NO_RECIPIENTS: RecipientCounts = { pending: 0, sent: 0, failed: 0, skipped: 0 };

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
  const groups = await db.campaignRecipient.groupBy({
    by: ['campaignId', 'status'],
    where: { orgId, campaignId: { in: campaignIds } },
    _count: { _all: true },
  });
  const counts = new Map<string, RecipientCounts>();
  for (const group of groups) {
    const current = counts.get(group.campaignId) ?? { ...NO_RECIPIENTS };
    counts.set(group.campaignId, { ...current, [group.status]: group._count._all });
  }
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
type AudienceLead = Prisma.LeadGetPayload<{ select: typeof audienceLeadSelect }>;

type Template = { subject: string; body: string };
type RenderedMail = { subject: string; body: string; unsubscribeUrl: string };

/** One lead's mail: values are plain text (the mail is text/plain), and the body always carries the unsubscribe link. */
export const renderMail = (
  deps: Pick<Deps, 'env' | 'tokens'>,
  {
    orgId,
    orgName,
    template,
    lead,
    email,
  }: {
    orgId: string;
    orgName: string;
    template: Template;
    lead: Omit<AudienceLead, 'email' | 'unsubscribedAt'>;
    email: string;
  },
): RenderedMail => {
  const url = unsubscribeUrl(deps, { orgId, leadId: lead.id });
  const values = {
    name: lead.name,
    firstName: lead.name.trim().split(/\s+/)[0] ?? '',
    company: lead.company,
    title: lead.title,
    email,
    org: orgName,
    unsubscribeUrl: url,
  };
  // A value with a line break must not split the subject header.
  const subject = renderTemplate(template.subject, values).replace(/\s+/g, ' ').trim();
  return { subject, body: renderTemplate(bodyWithUnsubscribe(template.body), values), unsubscribeUrl: url };
};

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
  const [audienceCount, unsubscribedCount, sampleLeads, orgName] = await Promise.all([
    deps.db.lead.count({ where: { AND: [where, { unsubscribedAt: null }] } }),
    deps.db.lead.count({ where: { AND: [where, { unsubscribedAt: { not: null } }] } }),
    deps.db.lead.findMany({
      where: { AND: [where, { unsubscribedAt: null }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: CAMPAIGN_PREVIEW_SIZE,
      select: audienceLeadSelect,
    }),
    orgNameOf(deps, ref),
  ]);
  const sample = sampleLeads.map((lead) => {
    const email = lead.email ?? '';
    const mail = renderMail(deps, { orgId: ref.orgId, orgName, template: row, lead, email });
    return { leadId: lead.id, email, subject: mail.subject, body: mail.body };
  });
  return { audienceCount, unsubscribedCount, sample };
};

const recipientSelect = {
  id: true,
  leadId: true,
  email: true,
  status: true,
  error: true,
  sentAt: true,
} satisfies Prisma.CampaignRecipientSelect;

export const listRecipients = async (
  deps: Pick<Deps, 'db'>,
  { orgId, campaignId, query }: CampaignRef & { query: ListRecipientsQuery },
) => {
  await findCampaignRow(deps, { orgId, campaignId });
  const where = { orgId, campaignId, ...(query.status ? { status: query.status } : {}) };
  const rows = await deps.db.campaignRecipient.findMany({
    where,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId, campaignId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: recipientSelect,
  });
  return toPage(rows, query.limit, (row): CampaignRecipient => ({ ...row, sentAt: row.sentAt?.toISOString() ?? null }));
};
