import { z } from 'zod';
import {
  leadScore,
  leadStages,
  type CreateLeadActivityInput,
  type CreateMeetingInput,
  type Lead,
  type LeadActivity,
  type LeadDetail,
  type LeadInput,
  type LeadListQuery,
  type LeadPage,
  type LeadPipeline,
  type LeadStage,
  type Meeting,
  type UpdateMeetingInput,
} from '@aiceo/shared/leads';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { leadWhere } from './leads.queries';

type Db = Deps['db'];
type Tx = Prisma.TransactionClient;

export const leadSelect = {
  id: true,
  name: true,
  email: true,
  company: true,
  title: true,
  phone: true,
  source: true,
  stage: true,
  priority: true,
  valueCents: true,
  tags: true,
  notes: true,
  score: true,
  activityCount: true,
  lastActivityAt: true,
  unsubscribedAt: true,
  followupDraftedAt: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
  org: { select: { currency: true } },
} satisfies Prisma.LeadSelect;
type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadSelect }>;

export const toLead = ({
  lastActivityAt,
  unsubscribedAt,
  followupDraftedAt,
  createdAt,
  updatedAt,
  org,
  ...row
}: LeadRow): Lead => ({
  ...row,
  currency: org.currency,
  lastActivityAt: lastActivityAt?.toISOString() ?? null,
  unsubscribedAt: unsubscribedAt?.toISOString() ?? null,
  followupDraftedAt: followupDraftedAt?.toISOString() ?? null,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

const badField = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ location: 'body', path, message }] });

// The owner must belong to the org the lead is in; a stranger's id is a bad input, not a 404.
const checkOwner = async (db: Db | Tx, { orgId, ownerId }: { orgId: string; ownerId: string | null | undefined }) => {
  if (!ownerId) return;
  const membership = await db.membership.findFirst({ where: { orgId, userId: ownerId }, select: { id: true } });
  if (!membership) throw badField('ownerId', 'The owner must be a member of this organisation');
};

const emailTaken = (email: string) => new AppError('ALREADY_EXISTS', `A lead with the email ${email} already exists`);

// --- list ---------------------------------------------------------------------------------

const sortColumn = {
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  score: 'score',
  value: 'valueCents',
  name: 'name',
} as const;
type SortKey = LeadListQuery['sort'];

const cursorSchema = z.object({
  s: z.string(),
  o: z.enum(['asc', 'desc']),
  v: z.union([z.string(), z.number()]),
  id: z.uuid(),
});

const encodeCursor = (sort: SortKey, order: 'asc' | 'desc', row: LeadRow): string => {
  const raw = row[sortColumn[sort]];
  const v = raw instanceof Date ? raw.toISOString() : raw;
  return Buffer.from(JSON.stringify({ s: sort, o: order, v, id: row.id })).toString('base64url');
};

const badCursor = () =>
  new AppError('VALIDATION_FAILED', 'Invalid cursor', {
    issues: [{ location: 'query', path: 'cursor', message: 'Invalid cursor' }],
  });

/** The rows after the cursor's (sort value, id), as a range on the sort index plus the tie-break on id. */
const afterCursor = (query: LeadListQuery): Prisma.LeadWhereInput | undefined => {
  if (!query.cursor) return undefined;
  let decoded: z.infer<typeof cursorSchema>;
  try {
    decoded = cursorSchema.parse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')));
  } catch {
    throw badCursor();
  }
  // A cursor only continues the listing it came from.
  if (decoded.s !== query.sort || decoded.o !== query.order) throw badCursor();
  const column = sortColumn[query.sort];
  const isDate = query.sort === 'createdAt' || query.sort === 'updatedAt';
  const isNumber = query.sort === 'score' || query.sort === 'value';
  if ((isNumber && typeof decoded.v !== 'number') || (!isNumber && typeof decoded.v !== 'string')) throw badCursor();
  const value = isDate ? new Date(decoded.v) : decoded.v;
  if (value instanceof Date && Number.isNaN(value.getTime())) throw badCursor();
  const [inclusive, strict, idStrict] =
    query.order === 'desc' ? (['lte', 'lt', 'lt'] as const) : (['gte', 'gt', 'gt'] as const);
  // The redundant inclusive bound lets the planner start the index scan at the cursor.
  return {
    AND: [
      { [column]: { [inclusive]: value } },
      { OR: [{ [column]: { [strict]: value } }, { [column]: value, id: { [idStrict]: decoded.id } }] },
    ],
  };
};

export const listLeads = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, query }: { orgId: string; query: LeadListQuery },
): Promise<LeadPage> => {
  const cursor = afterCursor(query);
  const filter = leadWhere(orgId, query);
  const column = sortColumn[query.sort];
  const rows = await db.lead.findMany({
    where: cursor ? { AND: [filter, cursor] } : filter,
    orderBy: [{ [column]: query.order }, { id: query.order }],
    take: query.limit + 1,
    select: leadSelect,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toLead),
    nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, last) : null,
  };
};

export const getLeadPipeline = async (
  { db }: Pick<Deps, 'db'>,
  { orgId }: { orgId: string },
): Promise<LeadPipeline> => {
  const groups = await db.lead.groupBy({
    by: ['stage'],
    where: { orgId },
    _count: { _all: true },
    _sum: { valueCents: true },
  });
  const byStage = new Map(groups.map((g) => [g.stage, g]));
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { currency: true } });
  return {
    currency: org.currency,
    stages: leadStages.map((stage) => ({
      stage,
      count: byStage.get(stage)?._count._all ?? 0,
      valueCents: Number(byStage.get(stage)?._sum.valueCents ?? 0),
    })),
  };
};

// --- one lead -----------------------------------------------------------------------------

export const getLead = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId }: { orgId: string; leadId: string },
): Promise<LeadDetail> => {
  const row = await db.lead.findFirst({ where: { id: leadId, orgId }, select: leadSelect });
  if (!row) throw notFound('Lead');
  return { ...toLead(row), scoreFactors: leadScore(row).factors };
};

/** A new lead's columns with their defaults and its starting score (no activities yet); shared by create and import. */
export const newLeadFields = (input: LeadInput) => {
  const fields = {
    name: input.name,
    email: input.email ?? null,
    company: input.company ?? '',
    title: input.title ?? '',
    phone: input.phone ?? '',
    source: input.source ?? '',
    stage: input.stage ?? 'new',
    priority: input.priority ?? 'medium',
    valueCents: input.valueCents ?? 0,
    tags: [...new Set(input.tags ?? [])],
    notes: input.notes ?? '',
  };
  return { ...fields, score: leadScore({ ...fields, activityCount: 0 }).score };
};

export const createLead = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, input }: { orgId: string; input: LeadInput },
): Promise<Lead> => {
  await checkOwner(db, { orgId, ownerId: input.ownerId });
  if (input.email && (await db.lead.findFirst({ where: { orgId, email: input.email }, select: { id: true } })))
    throw emailTaken(input.email);
  const row = await db.lead.create({
    data: { orgId, ...newLeadFields(input), ownerId: input.ownerId ?? null },
    select: leadSelect,
  });
  return toLead(row);
};

/** Locks the lead row for the rest of the transaction, so score updates cannot interleave; false when there is no such lead. */
const lockLead = async (tx: Tx, { orgId, leadId }: { orgId: string; leadId: string }): Promise<boolean> => {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Lead" WHERE id = ${leadId}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
  return rows.length > 0;
};

const scoreFieldsSelect = {
  priority: true,
  company: true,
  activityCount: true,
  source: true,
  stage: true,
  lastActivityAt: true,
} satisfies Prisma.LeadSelect;

export const updateLead = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId, input }: { orgId: string; leadId: string; input: Partial<LeadInput> },
): Promise<Lead> => {
  await checkOwner(db, { orgId, ownerId: input.ownerId });
  const row = await db.$transaction(async (tx) => {
    if (!(await lockLead(tx, { orgId, leadId }))) throw notFound('Lead');
    const current = await tx.lead.findFirstOrThrow({ where: { id: leadId, orgId }, select: scoreFieldsSelect });
    if (
      input.email &&
      (await tx.lead.findFirst({ where: { orgId, email: input.email, id: { not: leadId } }, select: { id: true } }))
    )
      throw emailTaken(input.email);
    const { score } = leadScore({
      priority: input.priority ?? current.priority,
      company: input.company ?? current.company,
      source: input.source ?? current.source,
      stage: input.stage ?? current.stage,
      activityCount: current.activityCount,
    });
    const data: Prisma.LeadUncheckedUpdateInput = { ...input, score };
    if (input.tags) data.tags = [...new Set(input.tags)];
    return tx.lead.update({ where: { id: leadId, orgId }, data, select: leadSelect });
  });
  return toLead(row);
};

/**
 * Inside the caller's transaction (an accepted proposal): the lead moves to won with the deal's
 * value, under its row lock, its score by the usual rules. False when the lead no longer exists.
 */
export const markLeadWonInTx = async (
  tx: Tx,
  { orgId, leadId, valueMinor }: { orgId: string; leadId: string; valueMinor: number },
): Promise<boolean> => {
  if (!(await lockLead(tx, { orgId, leadId }))) return false;
  const current = await tx.lead.findFirstOrThrow({ where: { id: leadId, orgId }, select: scoreFieldsSelect });
  const { score } = leadScore({ ...current, stage: 'won' });
  // valueCents is a 32-bit column: a larger deal keeps the largest value it can hold.
  const valueCents = Math.min(Math.max(0, Math.round(valueMinor)), 2_147_483_647);
  await tx.lead.update({ where: { id: leadId, orgId }, data: { stage: 'won', valueCents, score } });
  return true;
};

/**
 * Inside the caller's transaction (a proposal was sent): the lead moves to `stage` only when it is
 * now at one of `from` (never out of won or lost), under its row lock, its score by the usual rules.
 * True when it moved.
 */
export const advanceLeadStageInTx = async (
  tx: Tx,
  { orgId, leadId, stage, from }: { orgId: string; leadId: string; stage: LeadStage; from: readonly LeadStage[] },
): Promise<boolean> => {
  if (!(await lockLead(tx, { orgId, leadId }))) return false;
  const current = await tx.lead.findFirstOrThrow({ where: { id: leadId, orgId }, select: scoreFieldsSelect });
  if (!from.includes(current.stage)) return false;
  const { score } = leadScore({ ...current, stage });
  await tx.lead.update({ where: { id: leadId, orgId }, data: { stage, score } });
  return true;
};

export const deleteLead = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId }: { orgId: string; leadId: string },
): Promise<void> => {
  const { count } = await db.lead.deleteMany({ where: { id: leadId, orgId } });
  if (count === 0) throw notFound('Lead');
};

// --- activities ---------------------------------------------------------------------------

const activitySelect = {
  id: true,
  leadId: true,
  kind: true,
  summary: true,
  actorId: true,
  occurredAt: true,
  createdAt: true,
} satisfies Prisma.LeadActivitySelect;
type ActivityRow = Prisma.LeadActivityGetPayload<{ select: typeof activitySelect }>;
const toActivity = ({ occurredAt, createdAt, ...row }: ActivityRow): LeadActivity => ({
  ...row,
  occurredAt: occurredAt.toISOString(),
  createdAt: createdAt.toISOString(),
});

const requireLead = async (db: Db, { orgId, leadId }: { orgId: string; leadId: string }) => {
  if (!(await db.lead.findFirst({ where: { id: leadId, orgId }, select: { id: true } }))) throw notFound('Lead');
};

export const listActivities = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId }: { orgId: string; leadId: string },
) => {
  await requireLead(db, { orgId, leadId });
  const rows = await db.leadActivity.findMany({
    where: { orgId, leadId },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: 500,
    select: activitySelect,
  });
  return { items: rows.map(toActivity) };
};

type NewActivity = {
  orgId: string;
  leadId: string;
  actorId: string | null;
  kind: LeadActivity['kind'];
  summary: string;
  occurredAt: Date;
  taskId?: string | undefined;
};

/** Kinds that mean someone really reached the lead: they move the last contact and clear "follow-up drafted, not sent". */
export const CONTACT_KINDS: readonly LeadActivity['kind'][] = ['call', 'email', 'meeting', 'ai_followup'];
export const isContactKind = (kind: LeadActivity['kind']): boolean => CONTACT_KINDS.includes(kind);

type LeadCounters = Prisma.LeadGetPayload<{ select: typeof scoreFieldsSelect & { followupDraftedAt: true } }>;

/** What an activity does to its lead: a draft only flags the lead; anything else counts, and a contact clears the flag. */
const leadChangesFor = (lead: LeadCounters, { kind, occurredAt }: Pick<NewActivity, 'kind' | 'occurredAt'>) => {
  if (kind === 'followup_draft') {
    // A draft is not a contact: the count, last activity and score stay as they are.
    const drafted = lead.followupDraftedAt && lead.followupDraftedAt > occurredAt ? lead.followupDraftedAt : occurredAt;
    return { followupDraftedAt: drafted };
  }
  const activityCount = lead.activityCount + 1;
  // A back-dated activity must not move the last activity backwards.
  const lastActivityAt = lead.lastActivityAt && lead.lastActivityAt > occurredAt ? lead.lastActivityAt : occurredAt;
  // A contact clears the draft flag, unless it is back-dated before the draft (the draft is still unsent).
  const clearsDraft = isContactKind(kind) && lead.followupDraftedAt !== null && occurredAt >= lead.followupDraftedAt;
  return {
    activityCount,
    lastActivityAt,
    score: leadScore({ ...lead, activityCount }).score,
    ...(clearsDraft ? { followupDraftedAt: null } : {}),
  };
};

/**
 * Logs an activity inside the caller's transaction and keeps the lead's activity count, last
 * activity, score and draft flag in step, under the lead's row lock. Null when there is no such lead.
 * A `followup_draft` is not a contact: it only sets followupDraftedAt. An ai_followup for a task
 * that logged a draft turns that draft into the sent follow-up (one activity per task).
 */
export const logLeadActivity = async (
  tx: Tx,
  { orgId, leadId, actorId, kind, summary, occurredAt, taskId }: NewActivity,
) => {
  if (!(await lockLead(tx, { orgId, leadId }))) return null;
  const lead = await tx.lead.findFirstOrThrow({
    where: { id: leadId, orgId },
    select: { ...scoreFieldsSelect, followupDraftedAt: true },
  });
  const draft =
    taskId && kind === 'ai_followup'
      ? await tx.leadActivity.findFirst({
          where: { orgId, leadId, taskId, kind: 'followup_draft' },
          select: { id: true },
        })
      : null;
  // taskId is unique: a retried task cannot log (and count) a second activity.
  const activity = draft
    ? await tx.leadActivity.update({
        where: { id: draft.id, orgId },
        data: { kind, summary, actorId, occurredAt },
        select: activitySelect,
      })
    : await tx.leadActivity.create({
        data: { orgId, leadId, kind, summary, actorId, taskId: taskId ?? null, occurredAt },
        select: activitySelect,
      });
  await tx.lead.update({ where: { id: leadId, orgId }, data: leadChangesFor(lead, { kind, occurredAt }) });
  return activity;
};

/**
 * logLeadActivity for many leads at once (a campaign batch): one activity each, and every lead's
 * count, last activity, score and draft flag moved by one statement, under the leads' row locks
 * (taken in id order, so two batches cannot deadlock). Leads deleted meanwhile are left out.
 */
export const logLeadActivities = async (
  tx: Tx,
  {
    orgId,
    actorId,
    kind,
    occurredAt,
    items,
  }: Omit<NewActivity, 'leadId' | 'summary' | 'taskId'> & { items: { leadId: string; summary: string }[] },
): Promise<number> => {
  if (items.length === 0) return 0;
  const ids = [...new Set(items.map((item) => item.leadId))];
  await tx.$queryRaw`SELECT id FROM "Lead" WHERE "orgId" = ${orgId}::uuid AND id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  const leads = await tx.lead.findMany({
    where: { orgId, id: { in: ids } },
    select: { id: true, ...scoreFieldsSelect, followupDraftedAt: true },
  });
  const byId = new Map(leads.map((lead) => [lead.id, lead]));
  const kept = items.filter((item) => byId.has(item.leadId));
  await tx.leadActivity.createMany({
    data: kept.map((item) => ({ orgId, leadId: item.leadId, kind, summary: item.summary, actorId, occurredAt })),
  });
  const counts = new Map<string, number>();
  for (const item of kept) counts.set(item.leadId, (counts.get(item.leadId) ?? 0) + 1);
  const changes = [...counts].map(([leadId, times]) => {
    let lead = byId.get(leadId) as LeadCounters;
    for (let i = 0; i < times; i += 1) lead = { ...lead, ...leadChangesFor(lead, { kind, occurredAt }) };
    return { leadId, lead };
  });
  if (changes.length === 0) return 0;
  await tx.$executeRaw`
    UPDATE "Lead" AS l SET "activityCount" = v.count, "lastActivityAt" = v.last, score = v.score,
      "followupDraftedAt" = v.drafted
    FROM (SELECT unnest(${changes.map((c) => c.leadId)}::uuid[]) AS id,
                 unnest(${changes.map((c) => c.lead.activityCount)}::int[]) AS count,
                 unnest(${changes.map((c) => c.lead.lastActivityAt)}::timestamptz[]) AS last,
                 unnest(${changes.map((c) => leadScore(c.lead).score)}::int[]) AS score,
                 unnest(${changes.map((c) => c.lead.followupDraftedAt)}::timestamptz[]) AS drafted) AS v
    WHERE l.id = v.id AND l."orgId" = ${orgId}::uuid`;
  return kept.length;
};

export const createActivity = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  {
    orgId,
    leadId,
    actorId,
    input,
    taskId,
  }: {
    orgId: string;
    leadId: string;
    actorId: string | null;
    // By hand only CreateLeadActivityInput's kinds; the follow-up task also logs ai_followup and followup_draft.
    input: Omit<CreateLeadActivityInput, 'kind'> & { kind: LeadActivity['kind'] };
    taskId?: string;
  },
): Promise<LeadActivity> => {
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : clock.now();
  const row = await db.$transaction((tx) =>
    logLeadActivity(tx, { orgId, leadId, actorId, kind: input.kind, summary: input.summary, occurredAt, taskId }),
  );
  if (!row) throw notFound('Lead');
  return toActivity(row);
};

// --- meetings -----------------------------------------------------------------------------

const meetingSelect = {
  id: true,
  leadId: true,
  title: true,
  startsAt: true,
  endsAt: true,
  location: true,
  notes: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.MeetingSelect;
type MeetingRow = Prisma.MeetingGetPayload<{ select: typeof meetingSelect }>;
const toMeeting = ({ startsAt, endsAt, createdAt, updatedAt, ...row }: MeetingRow): Meeting => ({
  ...row,
  startsAt: startsAt.toISOString(),
  endsAt: endsAt.toISOString(),
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

export const listMeetings = async ({ db }: Pick<Deps, 'db'>, { orgId, leadId }: { orgId: string; leadId: string }) => {
  await requireLead(db, { orgId, leadId });
  const rows = await db.meeting.findMany({
    where: { orgId, leadId },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    take: 500,
    select: meetingSelect,
  });
  return { items: rows.map(toMeeting) };
};

export const createMeeting = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId, input }: { orgId: string; leadId: string; input: CreateMeetingInput },
) => {
  await requireLead(db, { orgId, leadId });
  const row = await db.meeting.create({
    data: {
      orgId,
      leadId,
      title: input.title,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      location: input.location ?? '',
      notes: input.notes ?? '',
    },
    select: meetingSelect,
  });
  return toMeeting(row);
};

type MeetingTarget = { orgId: string; leadId: string; meetingId: string };

export const updateMeeting = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId, meetingId, input }: MeetingTarget & { input: UpdateMeetingInput },
) => {
  const where = { id: meetingId, leadId, orgId };
  const current = await db.meeting.findFirst({ where, select: { startsAt: true, endsAt: true } });
  if (!current) throw notFound('Meeting');
  const startsAt = input.startsAt ? new Date(input.startsAt) : current.startsAt;
  const endsAt = input.endsAt ? new Date(input.endsAt) : current.endsAt;
  if (endsAt <= startsAt) throw badField('endsAt', 'End after the start');
  const row = await db.meeting.update({ where, data: { ...input, startsAt, endsAt }, select: meetingSelect });
  return toMeeting(row);
};

export const deleteMeeting = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId, meetingId }: MeetingTarget,
): Promise<void> => {
  const { count } = await db.meeting.deleteMany({ where: { id: meetingId, leadId, orgId } });
  if (count === 0) throw notFound('Meeting');
};
