import type {
  ApprovalContent,
  ApprovalItem,
  ApprovalKind,
  ApprovalStatus,
  BulkDecisionInput,
  BulkDecisionResult,
  EditApprovalInput,
  ListApprovalsQuery,
} from '@aiceo/shared/approvals';
import { createCampaignInputSchema } from '@aiceo/shared/campaigns';
import { MAX_POST_BODY_LENGTH } from '@aiceo/shared/content';
import type { TaskOrigin } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { toPage } from '../../lib/pagination';
import { clip } from '../../lib/text';
import { outreachBlocks } from '../outreach/outreach.service';
import { notifyApprovalRequested } from '../telegram-notify/telegram-notify.service';
import { carryOutApprovedAction, type ActionDeps, type ActionRun } from './approval-actions';
import { assessRisk, expiresAtFor, ruleCovers } from './approvals.risk';
import {
  contentOf,
  expiredMessage,
  getItemRow,
  itemSelect,
  kindOf,
  orgSettingsOf,
  queueExecution,
  targetOf,
  TX_OPTIONS,
  toItem,
  type ItemRow,
} from './approvals.queries';
import { describeChange, readTarget, versionOf } from './approvals.targets';

type ApprovalDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'taskSignal' | 'env'>;
type ItemRef = { orgId: string; approvalId: string };

/** What a task hands the inbox when its action would reach outside the business. */
export type ApprovalRequest = {
  orgId: string;
  kind: ApprovalKind;
  /** The proposing task: one item per task and kind, so a retried task finds its item. */
  taskId: string;
  insightId: string | null;
  targetType: 'lead' | 'post' | 'campaign';
  targetId: string;
  title: string;
  audience: string;
  audienceSize: number;
  content: ApprovalContent;
  /** A template written offline: it must be edited before it can be approved. */
  needsEdit: boolean;
  moneyMinor: number;
  currency: string;
  reason: string;
  evidence: Record<string, unknown>;
};

/** Actions the engine or a goal proposed wait in the inbox; the owner's own tasks (user, API key) act as asked. */
export const needsApproval = (run: { origin: TaskOrigin }): boolean =>
  run.origin === 'agentic' || run.origin === 'goal';

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

// The item's real status: a retried task may find its item already decided (rejected, expired, executed ...).
const answerOf = (row: Pick<ItemRow, 'id' | 'status'>): { id: string; status: ApprovalStatus } => ({
  id: row.id,
  status: row.status,
});

/** What a proposing task's output says about its item, in words that never claim it went out. */
export const approvalStateWords = (status: ApprovalStatus, words: { pending: string; approved: string }): string =>
  status === 'pending'
    ? words.pending
    : status === 'approved'
      ? words.approved
      : `Already decided in the approval inbox: ${status}`;

/**
 * Puts an autonomous action in the approval inbox, or approves it at once when an enabled
 * auto-approve rule covers it (and queues its execution). Idempotent per (taskId, kind): a
 * retried task gets its earlier item back. Answers 'approved' once a yes was given.
 */
export const requestApproval = async (
  deps: ApprovalDeps,
  request: ApprovalRequest,
): Promise<{ id: string; status: ApprovalStatus }> => {
  const { db, clock } = deps;
  const { orgId, taskId, kind } = request;
  const earlier = await db.approvalItem.findFirst({
    where: { orgId, taskId, kind },
    select: { id: true, status: true },
  });
  if (earlier) return answerOf(earlier);
  const now = clock.now();
  const [org, target, rules] = await Promise.all([
    orgSettingsOf(deps, { orgId }),
    readTarget(deps, { orgId, targetType: request.targetType, targetId: request.targetId }),
    db.approvalRule.findMany({
      where: { orgId, kind, enabled: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, kind: true, maxRisk: true, maxMoneyMinor: true, weekdaysOnly: true, enabled: true },
    }),
  ]);
  const { risk, riskReasons } = assessRisk(request);
  const covering = rules.find((rule) =>
    ruleCovers(rule, { ...request, risk }, { now, timezone: org.timezone, orgCurrency: org.currency }),
  );
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.approvalItem.create({
        data: {
          orgId,
          kind,
          status: covering ? 'approved' : 'pending',
          title: clip(request.title, 200),
          targetType: request.targetType,
          targetId: request.targetId,
          audience: request.audience,
          audienceSize: request.audienceSize,
          content: request.content,
          targetVersion: versionOf(target),
          risk,
          riskReasons,
          moneyMinor: request.moneyMinor,
          currency: request.currency,
          reason: request.reason,
          evidence: { ...request.evidence, ...(request.needsEdit ? { needsEdit: true } : {}) } as Prisma.InputJsonValue,
          insightId: request.insightId,
          taskId,
          expiresAt: expiresAtFor(kind, now),
          autoRuleId: covering?.id ?? null,
          decidedAt: covering ? now : null,
          createdAt: now,
          updatedAt: now,
        },
        select: { id: true, status: true, title: true },
      });
      if (covering) await queueExecution(tx, { orgId, approvalId: created.id, title: created.title, now });
      return created;
    }, TX_OPTIONS);
    if (covering) deps.taskSignal.notify();
    // Waiting for a decision: the admins' linked Telegram chats get it with Approve / Reject (never throws, not awaited).
    else void notifyApprovalRequested(deps, { orgId, approvalId: row.id });
    return answerOf(row);
  } catch (error) {
    // Two attempts of one task raced: the item the other one wrote is the answer.
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.approvalItem.findFirst({
      where: { orgId, taskId, kind },
      select: { id: true, status: true },
    });
    if (!winner) throw error;
    return answerOf(winner);
  }
};

/** Why a task proposed its action: its insight's reason and evidence, else its goal step. */
export const approvalReasonFor = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, taskId }: { orgId: string; taskId: string },
): Promise<{ insightId: string | null; reason: string; evidence: Record<string, unknown> }> => {
  const task = await db.task.findFirst({
    where: { orgId, id: taskId },
    select: { title: true, insightId: true, goalId: true },
  });
  if (task?.insightId) {
    const insight = await db.insight.findFirst({
      where: { orgId, id: task.insightId },
      select: { id: true, title: true, reason: true, data: true },
    });
    if (insight) {
      const data = insight.data !== null && typeof insight.data === 'object' && !Array.isArray(insight.data);
      return {
        insightId: insight.id,
        reason: `${insight.title}: ${insight.reason}`,
        evidence: { insight: insight.title, ...(data ? (insight.data as Record<string, unknown>) : {}) },
      };
    }
  }
  if (task?.goalId) {
    const goal = await db.goal.findFirst({ where: { orgId, id: task.goalId }, select: { id: true, title: true } });
    if (goal)
      return {
        insightId: null,
        reason: `A step of the goal "${goal.title}": ${task.title}`,
        evidence: { goalId: goal.id, goal: goal.title, step: task.title },
      };
  }
  return { insightId: null, reason: `Proposed by the AI: ${task?.title ?? 'an automatic task'}`, evidence: {} };
};

// --- reading -------------------------------------------------------------------------------

/** Pending items of the org past their time become expired (the sweep does it for every org). */
const expireOverdue = async ({ db, clock }: Pick<Deps, 'db' | 'clock'>, where: Prisma.ApprovalItemWhereInput) => {
  const now = clock.now();
  const overdue = await db.approvalItem.findMany({
    where: { ...where, status: 'pending', expiresAt: { lte: now } },
    select: { id: true, orgId: true, expiresAt: true },
    take: 500,
  });
  const zones = new Map<string, string>();
  for (const item of overdue) {
    const timezone = zones.get(item.orgId) ?? (await orgSettingsOf({ db }, { orgId: item.orgId })).timezone;
    zones.set(item.orgId, timezone);
    await db.approvalItem.updateMany({
      where: { orgId: item.orgId, id: item.id, status: 'pending', expiresAt: { lte: now } },
      data: { status: 'expired', error: expiredMessage(item.expiresAt, timezone), updatedAt: now },
    });
  }
  return overdue.length;
};

export const listApprovals = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, query }: { orgId: string; query: ListApprovalsQuery },
) => {
  await expireOverdue(deps, { orgId });
  const rows = await deps.db.approvalItem.findMany({
    where: { orgId, ...(query.status ? { status: query.status } : {}), ...(query.kind ? { kind: query.kind } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: itemSelect,
  });
  return toPage(rows, query.limit, toItem);
};

export const countPendingApprovals = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId }: { orgId: string },
) => ({
  pending: await db.approvalItem.count({ where: { orgId, status: 'pending', expiresAt: { gt: clock.now() } } }),
});

export const getApproval = async (deps: Pick<Deps, 'db' | 'clock'>, ref: ItemRef): Promise<ApprovalItem> => {
  await expireOverdue(deps, { orgId: ref.orgId, id: ref.approvalId });
  return toItem(await getItemRow(deps, ref));
};

// --- deciding ------------------------------------------------------------------------------

const conflict = (message: string) => new AppError('CONFLICT', message);
const invalidContent = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ location: 'body', path: `content.${path}`, message }] });

/** The edited content for the item's kind: a post has no subject; a campaign must be a valid template. */
const editedContent = (
  kind: ApprovalKind,
  current: ApprovalContent,
  edit: { subject?: string | null | undefined; body: string },
): ApprovalContent => {
  if (kind === 'post_publish') {
    if (edit.body.length > MAX_POST_BODY_LENGTH)
      throw invalidContent('body', `A post has at most ${MAX_POST_BODY_LENGTH} characters`);
    return { subject: null, body: edit.body };
  }
  const subject = edit.subject === undefined ? current.subject : edit.subject;
  if (!subject) throw invalidContent('subject', 'Write a subject');
  if (kind === 'campaign_send') {
    const parsed = createCampaignInputSchema
      .pick({ subject: true, body: true })
      .safeParse({ subject, body: edit.body });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidContent(String(issue?.path[0] ?? 'body'), issue?.message ?? 'Invalid template');
    }
  }
  return { subject, body: edit.body };
};

const notPending = (row: Pick<ItemRow, 'status'>) =>
  conflict(`This item is ${row.status}, no longer waiting for a decision`);

/** 409 unless the item still waits; an item past its time is marked expired on the way. */
const assertPending = async (deps: Pick<Deps, 'db' | 'clock'>, row: ItemRow, timezone: string) => {
  if (row.status !== 'pending') throw notPending(row);
  if (row.expiresAt.getTime() <= deps.clock.now().getTime()) {
    const message = expiredMessage(row.expiresAt, timezone);
    await deps.db.approvalItem.updateMany({
      where: { orgId: row.orgId, id: row.id, status: 'pending' },
      data: { status: 'expired', error: message, updatedAt: deps.clock.now() },
    });
    throw conflict(message);
  }
};

/**
 * Why the item's target is no longer what it was made for (null: unchanged). A lead is also asked
 * of the outreach guard (unsubscribed, closed, meeting coming, contacted), leaving out this item
 * and the task that proposed it.
 */
export const targetChange = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  row: ItemRow,
  context: { timezone: string; acceptVersions?: string[] },
): Promise<string | null> => {
  const target = await readTarget(deps, targetOf(row));
  const version = versionOf(target);
  const accepted = [row.targetVersion, ...(context.acceptVersions ?? [])];
  if (!accepted.includes(version))
    return describeChange(target, { proposedAt: row.createdAt, timezone: context.timezone });
  if (row.targetType !== 'lead') return null;
  const blocks = await outreachBlocks(deps, {
    orgId: row.orgId,
    leadIds: [row.targetId],
    ...(row.taskId ? { ignoreTaskId: row.taskId } : {}),
    ignoreApprovalId: row.id,
  });
  return blocks.get(row.targetId)?.message ?? null;
};

/** Cancels an item whose target changed, saying why; `from` is the status it must still have. */
export const cancelItem = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  row: Pick<ItemRow, 'orgId' | 'id'>,
  { from, reason }: { from: 'pending' | 'approved'; reason: string },
) => {
  const { count } = await db.approvalItem.updateMany({
    where: { orgId: row.orgId, id: row.id, status: from },
    data: { status: 'cancelled', error: `${reason}: nothing was sent`, updatedAt: clock.now() },
  });
  return count > 0;
};

type DecideOptions = ItemRef & { actorId: string | null };

/**
 * Approves a pending item, optionally with edited content: in one transaction the item becomes
 * approved (only while still pending and not expired, so of two racing approvals exactly one
 * wins) and its approved_action task is queued. 409 when it is not pending, has expired, is an
 * unedited template, or its target changed (the item is then cancelled with why).
 */
export const approveApproval = async (
  deps: ApprovalDeps,
  { orgId, approvalId, actorId, content }: DecideOptions & { content?: EditApprovalInput['content'] | undefined },
): Promise<ApprovalItem> => {
  const row = await getItemRow(deps, { orgId, approvalId });
  const { timezone } = await orgSettingsOf(deps, { orgId });
  await assertPending(deps, row, timezone);
  const edited = content ? editedContent(kindOf(row), contentOf(row), content) : null;
  if (!edited && toItem(row).needsEdit) throw conflict('This is a template written offline: edit it before approving');
  const change = await targetChange(deps, row, { timezone });
  if (change) {
    await cancelItem(deps, row, { from: 'pending', reason: change });
    throw conflict(change);
  }
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.approvalItem.updateMany({
      where: { orgId, id: approvalId, status: 'pending', expiresAt: { gt: now } },
      data: {
        status: 'approved',
        decidedById: actorId,
        decidedAt: now,
        ...(edited ? { content: edited, edited: true } : {}),
        updatedAt: now,
      },
    });
    if (count === 0) {
      const current = await tx.approvalItem.findFirst({ where: { orgId, id: approvalId }, select: { status: true } });
      throw current?.status === 'pending'
        ? conflict(expiredMessage(row.expiresAt, timezone))
        : notPending(current ?? row);
    }
    await queueExecution(tx, { orgId, approvalId, title: row.title, now });
  }, TX_OPTIONS);
  deps.taskSignal.notify();
  return toItem(await getItemRow(deps, { orgId, approvalId }));
};

/** Rejects a pending item with the owner's note: nothing is sent. */
export const rejectApproval = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, approvalId, actorId, note }: DecideOptions & { note: string },
): Promise<ApprovalItem> => {
  const row = await getItemRow(deps, { orgId, approvalId });
  const { timezone } = await orgSettingsOf(deps, { orgId });
  await assertPending(deps, row, timezone);
  const now = deps.clock.now();
  const { count } = await deps.db.approvalItem.updateMany({
    where: { orgId, id: approvalId, status: 'pending' },
    data: { status: 'rejected', decidedById: actorId, decidedAt: now, decisionNote: note, updatedAt: now },
  });
  if (count === 0) throw notPending(await getItemRow(deps, { orgId, approvalId }));
  return toItem(await getItemRow(deps, { orgId, approvalId }));
};

/** Replaces the content of a pending item (marks it edited; a template edited is no longer a template). */
export const editApproval = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, approvalId, content }: ItemRef & { content: EditApprovalInput['content'] },
): Promise<ApprovalItem> => {
  const row = await getItemRow(deps, { orgId, approvalId });
  const { timezone } = await orgSettingsOf(deps, { orgId });
  await assertPending(deps, row, timezone);
  const edited = editedContent(kindOf(row), contentOf(row), content);
  const { count } = await deps.db.approvalItem.updateMany({
    where: { orgId, id: approvalId, status: 'pending' },
    data: { content: edited, edited: true, updatedAt: deps.clock.now() },
  });
  if (count === 0) throw notPending(await getItemRow(deps, { orgId, approvalId }));
  return toItem(await getItemRow(deps, { orgId, approvalId }));
};

/** Approves or rejects many items; each answers for itself, through the same functions as one at a time. */
export const decideMany = async (
  deps: ApprovalDeps,
  { orgId, actorId, input }: { orgId: string; actorId: string | null; input: BulkDecisionInput },
): Promise<BulkDecisionResult> => {
  const results: BulkDecisionResult['results'] = [];
  for (const approvalId of [...new Set(input.ids)]) {
    try {
      const item =
        input.decision === 'approve'
          ? await approveApproval(deps, { orgId, approvalId, actorId })
          : await rejectApproval(deps, { orgId, approvalId, actorId, note: input.note });
      results.push({ id: approvalId, ok: true, item, error: null });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      results.push({ id: approvalId, ok: false, item: null, error: { code: error.code, message: error.message } });
    }
  }
  return { results };
};

// --- running and sweeping ------------------------------------------------------------------

/** The approved_action task: carries out one approved item exactly once. */
export const runApprovedAction = (deps: ActionDeps, run: ActionRun): Promise<Record<string, unknown>> =>
  carryOutApprovedAction(deps, run, { targetChange, cancelItem });

const SWEEP_BATCH = 500;

/**
 * The approval-sweep job: undecided items past their time become expired (saying when, and that
 * nothing was sent); approved items without an execution task get it (same dedupe key, so a crash
 * between the approval and the task loses nothing); an approved item whose task ended without
 * carrying it out is marked failed with why.
 */
export const sweepApprovals = async (deps: ApprovalDeps): Promise<{ expired: number; queued: number }> => {
  const { db, clock } = deps;
  const expired = await expireOverdue(deps, {});
  const unqueued = await db.approvalItem.findMany({
    where: { status: 'approved', executionTaskId: null },
    select: { id: true, orgId: true, title: true },
    take: SWEEP_BATCH,
  });
  for (const item of unqueued) {
    const queue = () =>
      db.$transaction(
        (tx) => queueExecution(tx, { orgId: item.orgId, approvalId: item.id, title: item.title, now: clock.now() }),
        TX_OPTIONS,
      );
    try {
      await queue();
    } catch (error) {
      // Another instance's sweep created the task first (same dedupe key): link that one.
      if (!isUniqueViolation(error)) throw error;
      await queue();
    }
  }
  if (unqueued.length > 0) deps.taskSignal.notify();
  await failAbandoned(deps);
  return { expired, queued: unqueued.length };
};

/** Approved items whose task failed or was cancelled by the executor (no attempts left) say so instead of waiting forever. */
const failAbandoned = async ({ db, clock }: Pick<Deps, 'db' | 'clock'>) => {
  const approved = await db.approvalItem.findMany({
    where: { status: 'approved', executionTaskId: { not: null } },
    select: { id: true, orgId: true, executionTaskId: true, result: true },
    take: SWEEP_BATCH,
  });
  if (approved.length === 0) return;
  const ended = await db.task.findMany({
    where: {
      id: { in: approved.flatMap((item) => (item.executionTaskId ? [item.executionTaskId] : [])) },
      status: { in: ['FAILED', 'CANCELLED'] },
    },
    select: { id: true, orgId: true, error: true },
  });
  const byId = new Map(ended.map((task) => [task.id, task]));
  for (const item of approved) {
    const task = item.executionTaskId ? byId.get(item.executionTaskId) : undefined;
    if (!task || task.orgId !== item.orgId) continue;
    const started = item.result !== null;
    const error = started
      ? 'It stopped after it had started: check whether it went out before doing it again'
      : `It stopped before anything was sent${task.error ? ` (${task.error})` : ''}`;
    await db.approvalItem.updateMany({
      where: { orgId: item.orgId, id: item.id, status: 'approved' },
      data: { status: 'failed', error, updatedAt: clock.now() },
    });
  }
};
