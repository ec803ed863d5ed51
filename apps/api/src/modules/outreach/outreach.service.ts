import { renderTemplate, UNSUBSCRIBE_FOOTER } from '@aiceo/shared/campaigns';
import { withUtmInText } from '@aiceo/shared/attribution';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { orgNameOf } from '../campaigns/campaigns.service';
import { unsubscribeUrl } from '../campaigns/unsubscribe.service';
import { logLeadActivity } from '../leads/leads.service';
import { spendUsage } from '../usage/usage.service';

/** A follow-up done (emailed, or written by a finished follow-up task) this many days ago still blocks another. */
export const RECENT_FOLLOWUP_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * Why a lead must not be contacted now: unsubscribed, won or lost, a meeting coming up, a
 * follow-up pending (task or approval item) or done recently.
 */
export type OutreachBlock = {
  code: 'unsubscribed' | 'closed' | 'meeting_upcoming' | 'followup_pending' | 'contacted_recently' | 'not_found';
  /** In plain words, naming the lead ("Jane Doe unsubscribed on 2 Dec 2026"). */
  message: string;
};

type Db = Deps['db'] | Prisma.TransactionClient;
type BlocksDeps = { db: Db; clock: Deps['clock'] };
type BlocksOptions = { orgId: string; leadIds: string[]; ignoreTaskId?: string; ignoreApprovalId?: string };

// Checked in this order: the first that applies is the one reported.
const BLOCK_ORDER: OutreachBlock['code'][] = [
  'not_found',
  'unsubscribed',
  'closed',
  'meeting_upcoming',
  'followup_pending',
  'contacted_recently',
];

/** "2 Dec 2026", in UTC like every date the API writes. */
export const plainDay = (date: Date): string =>
  date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

type FollowupTaskRow = {
  id: string;
  leadId: string;
  status: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';
  createdAt: Date;
  finishedAt: Date | null;
  emailed: string | null;
};

/**
 * The org's lead_followup tasks for these leads that are queued, running, or finished within the
 * window, whoever queued them. One query: the lead is inside the task's JSON input.
 */
const followupTasks = (
  db: Db,
  { orgId, leadIds, since, ignoreTaskIds }: { orgId: string; leadIds: string[]; since: Date; ignoreTaskIds: string[] },
): Promise<FollowupTaskRow[]> =>
  db.$queryRaw<FollowupTaskRow[]>`
    SELECT id, input->>'leadId' AS "leadId", status::text AS status, "createdAt", "finishedAt",
      output->>'emailed' AS emailed
    FROM "Task"
    WHERE "orgId" = ${orgId}::uuid AND type = 'lead_followup' AND input->>'leadId' = ANY(${leadIds}::text[])
      AND (status IN ('PENDING', 'IN_PROGRESS') OR (status = 'COMPLETED' AND "finishedAt" >= ${since}))
      AND NOT (id = ANY(${ignoreTaskIds}::uuid[]))
    ORDER BY "createdAt" DESC`;

/** The asking approval item and the task that proposed it: neither blocks the item's own send. */
const ignoredTasksOf = async (db: Db, { orgId, ignoreTaskId, ignoreApprovalId }: BlocksOptions): Promise<string[]> => {
  const ids = ignoreTaskId ? [ignoreTaskId] : [];
  if (!ignoreApprovalId) return ids;
  const item = await db.approvalItem.findFirst({
    where: { id: ignoreApprovalId, orgId },
    select: { taskId: true, executionTaskId: true },
  });
  return [...ids, ...[item?.taskId, item?.executionTaskId].filter((id): id is string => Boolean(id))];
};

const readState = async (db: Db, options: BlocksOptions & { now: Date; ignoreTaskIds: string[] }) => {
  const { orgId, leadIds, now, ignoreTaskIds, ignoreApprovalId } = options;
  const since = new Date(now.getTime() - RECENT_FOLLOWUP_DAYS * DAY_MS);
  const [leads, meetings, tasks, approvals, followups] = await Promise.all([
    db.lead.findMany({
      where: { orgId, id: { in: leadIds } },
      select: { id: true, name: true, stage: true, unsubscribedAt: true },
    }),
    db.meeting.findMany({
      where: { orgId, leadId: { in: leadIds }, startsAt: { gte: now } },
      orderBy: { startsAt: 'asc' },
      select: { leadId: true, title: true, startsAt: true },
    }),
    followupTasks(db, { orgId, leadIds, since, ignoreTaskIds }),
    db.approvalItem.findMany({
      where: {
        orgId,
        targetType: 'lead',
        targetId: { in: leadIds },
        status: { in: ['pending', 'approved'] },
        ...(ignoreApprovalId ? { id: { not: ignoreApprovalId } } : {}),
        // The asking task's own item (a retried follow-up finds the item it proposed) does not block it.
        ...(ignoreTaskIds.length > 0 ? { OR: [{ taskId: null }, { taskId: { notIn: ignoreTaskIds } }] } : {}),
      },
      orderBy: { createdAt: 'desc' },
      select: { targetId: true, status: true, createdAt: true },
    }),
    db.leadActivity.findMany({
      where: {
        orgId,
        leadId: { in: leadIds },
        kind: 'ai_followup',
        occurredAt: { gte: since },
        // NULL <> id is not true in SQL: activities logged by no task are kept explicitly.
        ...(ignoreTaskIds.length > 0 ? { OR: [{ taskId: null }, { taskId: { notIn: ignoreTaskIds } }] } : {}),
      },
      orderBy: { occurredAt: 'desc' },
      select: { leadId: true, occurredAt: true },
    }),
  ]);
  return { leads, meetings, tasks, approvals, followups };
};

/** The newest row per lead (rows come newest first), or the soonest for meetings (soonest first). */
const firstByLead = <T>(rows: T[], leadOf: (row: T) => string): Map<string, T> => {
  const map = new Map<string, T>();
  for (const row of rows) if (!map.has(leadOf(row))) map.set(leadOf(row), row);
  return map;
};

const nextAllowed = (done: Date) => plainDay(new Date(done.getTime() + RECENT_FOLLOWUP_DAYS * DAY_MS));

type State = Awaited<ReturnType<typeof readState>>;
type Indexed = {
  meeting: Map<string, State['meetings'][number]>;
  pendingTask: Map<string, FollowupTaskRow>;
  doneTask: Map<string, FollowupTaskRow>;
  approval: Map<string, State['approvals'][number]>;
  followup: Map<string, State['followups'][number]>;
};

const pendingMessage = (name: string, indexed: Indexed, leadId: string): string | null => {
  const task = indexed.pendingTask.get(leadId);
  if (task)
    return task.status === 'IN_PROGRESS'
      ? `A follow-up with ${name} is being written right now (queued on ${plainDay(task.createdAt)}); one is enough.`
      : `A follow-up with ${name} is already queued (since ${plainDay(task.createdAt)}); one is enough.`;
  const item = indexed.approval.get(leadId);
  if (!item) return null;
  return item.status === 'approved'
    ? `A follow-up email to ${name} was approved on ${plainDay(item.createdAt)} and is about to be sent.`
    : `A follow-up email to ${name} has been waiting for approval since ${plainDay(item.createdAt)}.`;
};

const recentMessage = (name: string, indexed: Indexed, leadId: string): string | null => {
  const sent = indexed.followup.get(leadId);
  if (sent)
    return `${name} was emailed a follow-up on ${plainDay(sent.occurredAt)}; the next one can go from ${nextAllowed(sent.occurredAt)}.`;
  const task = indexed.doneTask.get(leadId);
  if (!task?.finishedAt) return null;
  return task.emailed === 'true'
    ? `${name} was emailed a follow-up on ${plainDay(task.finishedAt)}; the next one can go from ${nextAllowed(task.finishedAt)}.`
    : `A follow-up for ${name} was written on ${plainDay(task.finishedAt)} and is waiting as a draft, not sent: ` +
        `send or edit that one (a new one can be written from ${nextAllowed(task.finishedAt)}).`;
};

const messageFor = (code: OutreachBlock['code'], lead: State['leads'][number], indexed: Indexed): string | null => {
  switch (code) {
    case 'not_found':
      return null;
    case 'unsubscribed':
      return lead.unsubscribedAt
        ? `${lead.name} unsubscribed on ${plainDay(lead.unsubscribedAt)} and must not be contacted.`
        : null;
    case 'closed':
      return lead.stage === 'won' || lead.stage === 'lost'
        ? `${lead.name} is already ${lead.stage}: the deal is closed, so there is nothing to follow up.`
        : null;
    case 'meeting_upcoming': {
      const meeting = indexed.meeting.get(lead.id);
      return meeting
        ? `${lead.name} has a meeting on ${plainDay(meeting.startsAt)} ("${meeting.title}"); no follow-up before it.`
        : null;
    }
    case 'followup_pending':
      return pendingMessage(lead.name, indexed, lead.id);
    case 'contacted_recently':
      return recentMessage(lead.name, indexed, lead.id);
  }
};

/**
 * The one guard every outreach path asks (owner, API, engine, executor, approval inbox): the
 * leads among `leadIds` that must not be contacted, with why. `ignoreTaskId` leaves out the
 * asking follow-up task itself; `ignoreApprovalId` the asking approval item (and the task that
 * proposed it). A fixed handful of queries whatever the number of leads, all scoped to the org;
 * `db` may be a transaction.
 */
export const outreachBlocks = async (
  { db, clock }: BlocksDeps,
  options: BlocksOptions,
): Promise<Map<string, OutreachBlock>> => {
  const leadIds = [...new Set(options.leadIds)];
  const blocks = new Map<string, OutreachBlock>();
  if (leadIds.length === 0) return blocks;
  const now = clock.now();
  const ignoreTaskIds = await ignoredTasksOf(db, options);
  const state = await readState(db, { ...options, leadIds, now, ignoreTaskIds });
  const indexed: Indexed = {
    meeting: firstByLead(state.meetings, (m) => m.leadId),
    pendingTask: firstByLead(
      state.tasks.filter((t) => t.status !== 'COMPLETED'),
      (t) => t.leadId,
    ),
    doneTask: firstByLead(
      state.tasks.filter((t) => t.status === 'COMPLETED'),
      (t) => t.leadId,
    ),
    approval: firstByLead(state.approvals, (a) => a.targetId),
    followup: firstByLead(state.followups, (f) => f.leadId),
  };
  const leads = new Map(state.leads.map((lead) => [lead.id, lead]));
  for (const leadId of leadIds) {
    const lead = leads.get(leadId);
    if (!lead) {
      blocks.set(leadId, { code: 'not_found', message: 'That lead no longer exists.' });
      continue;
    }
    for (const code of BLOCK_ORDER) {
      const message = messageFor(code, lead, indexed);
      if (message) {
        blocks.set(leadId, { code, message });
        break;
      }
    }
  }
  return blocks;
};

type SendDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'mailer' | 'env' | 'tokens'>;
type SendOptions = {
  orgId: string;
  leadId: string;
  subject: string;
  body: string;
  taskId: string;
  ignoreApprovalId?: string;
};
type SendResult = { emailed: true; emailedTo: string; activityId: string } | { emailed: false; reason: string };

type MailOptions = { orgId: string; leadId: string; taskId: string; to: string; subject: string; body: string };

/**
 * Mails with the campaigns' unsubscribe footer and headers, counting one `emails` unit; null when
 * the plan has none left. Links in the message carry UTM parameters naming this follow-up (its
 * task), so a visit it brings back is credited to it; the logged activity keeps the text as written.
 */
const mailOnce = async (
  deps: SendDeps,
  { orgId, leadId, taskId, to, subject, body }: MailOptions,
): Promise<{ quota: string } | null> => {
  const orgName = await orgNameOf(deps, { orgId });
  const url = unsubscribeUrl(deps, { orgId, leadId });
  const tagged = withUtmInText(body, { kind: 'followup', id: taskId, name: subject });
  try {
    await spendUsage(deps, { orgId, resource: 'emails' }, async () => {
      const result = await deps.mailer.send({
        to,
        subject: subject.replace(/\s+/g, ' ').trim(),
        text: `${tagged}${renderTemplate(UNSUBSCRIBE_FOOTER, { org: orgName, unsubscribeUrl: url })}`,
        headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      // Thrown (503, not permanent) so a task retries it; the unit is given back.
      if (result.status === 'failed') throw new AppError('UNAVAILABLE', `Could not email ${to}: ${result.error}`);
    });
    return null;
  } catch (error) {
    // Only the reservation answers QUOTA_EXCEEDED: nothing was mailed.
    if (error instanceof AppError && error.code === 'QUOTA_EXCEEDED') return { quota: error.message };
    throw error;
  }
};

/**
 * Emails one follow-up to a lead now (the unsubscribe footer and headers, one `emails` unit) after
 * asking outreachBlocks again, and logs it as an ai_followup activity (a real contact: it moves the
 * last contact and clears "follow-up drafted, not sent"). `taskId` is the running task: the activity
 * is unique per task, so a retry neither mails nor logs twice once the activity exists. A mail
 * server failure throws UNAVAILABLE (retry later); every other "not sent" is an answer in words.
 */
export const sendLeadEmail = async (deps: SendDeps, options: SendOptions): Promise<SendResult> => {
  const { orgId, leadId, taskId } = options;
  const [lead, sent] = await Promise.all([
    deps.db.lead.findFirst({ where: { id: leadId, orgId }, select: { email: true } }),
    deps.db.leadActivity.findFirst({ where: { orgId, taskId, kind: 'ai_followup' }, select: { id: true } }),
  ]);
  if (!lead) return { emailed: false, reason: 'That lead no longer exists.' };
  // Already mailed by an earlier attempt of this task: true, and not mailed again.
  if (sent) return { emailed: true, emailedTo: lead.email ?? '', activityId: sent.id };
  const blocks = await outreachBlocks(deps, {
    orgId,
    leadIds: [leadId],
    ignoreTaskId: taskId,
    ...(options.ignoreApprovalId ? { ignoreApprovalId: options.ignoreApprovalId } : {}),
  });
  const block = blocks.get(leadId);
  if (block) return { emailed: false, reason: `Not sent: ${block.message}` };
  if (!lead.email) return { emailed: false, reason: 'Not sent: the lead has no email address.' };
  const body = options.body.trim();
  if (!body) return { emailed: false, reason: 'Not sent: the message is empty.' };
  const quota = await mailOnce(deps, { orgId, leadId, taskId, to: lead.email, subject: options.subject, body });
  if (quota) return { emailed: false, reason: `Not sent: ${quota.quota}` };
  const activity = await deps.db.$transaction((tx) =>
    logLeadActivity(tx, {
      orgId,
      leadId,
      actorId: null,
      kind: 'ai_followup',
      summary: body,
      occurredAt: deps.clock.now(),
      taskId,
    }),
  );
  // The lead was deleted between the mail and the log: the mail went, there is nothing left to log on.
  if (!activity) return { emailed: true, emailedTo: lead.email, activityId: '' };
  return { emailed: true, emailedTo: lead.email, activityId: activity.id };
};
