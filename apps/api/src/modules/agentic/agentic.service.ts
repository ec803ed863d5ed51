import {
  AGENTIC_ACT_THRESHOLD,
  financeInsightKinds,
  type AgenticRun,
  type AgenticTrigger,
  type Insight,
  type InsightAction,
  type InsightKind,
  type InsightStatus,
  type ListInsightsQuery,
} from '@aiceo/shared/agentic';
import { goalProgress } from '@aiceo/shared/goals';
import { hasRole, type OrgRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { toPage } from '../../lib/pagination';
import { staleLeadWhere } from '../ai/business-facts';
import { enqueueTasks, type NewTask } from '../tasks/tasks.service';
import {
  CONTENT_WINDOW_DAYS,
  DAY_MS,
  DEAL_AT_RISK_MIN_CENTS,
  DEAL_QUIET_DAYS,
  detectInsights,
  FAILED_TASKS_WINDOW_DAYS,
  followupKey,
  type AgenticFacts,
  type DetectedInsight,
  type LeadFact,
} from './insights';
import { gatherMoneyFacts } from './money-facts';

type AgenticDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'taskSignal' | 'env'>;

/** A manual run is refused while another run of the org started this recently has not finished (older ones count as crashed). */
const RUN_GUARD_MS = 2 * 60_000;
/** Leads read per list: far more than one run acts on, so the reason's counts stay true for any real pipeline. */
const LEADS_GATHERED = 200;
const HOUR_MS = 3_600_000;

/** An action as stored: proposed and skipped ones keep the task to create on accept. */
type StoredAction = InsightAction & { task?: NewTask & { dedupeKey: string } };

const runSelect = {
  id: true,
  trigger: true,
  triggeredById: true,
  insightCount: true,
  actionCount: true,
  error: true,
  startedAt: true,
  finishedAt: true,
} satisfies Prisma.AgenticRunSelect;
type RunRow = Prisma.AgenticRunGetPayload<{ select: typeof runSelect }>;
const toRun = (row: RunRow): AgenticRun => ({
  ...row,
  trigger: row.trigger as AgenticTrigger,
  startedAt: row.startedAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

const insightSelect = {
  id: true,
  runId: true,
  kind: true,
  confidence: true,
  title: true,
  reason: true,
  data: true,
  actions: true,
  status: true,
  decidedById: true,
  decidedAt: true,
  createdAt: true,
} satisfies Prisma.InsightSelect;
type InsightRow = Prisma.InsightGetPayload<{ select: typeof insightSelect }>;
const storedActions = (row: Pick<InsightRow, 'actions'>): StoredAction[] =>
  Array.isArray(row.actions) ? (row.actions as unknown as StoredAction[]) : [];
const toInsight = (row: InsightRow): Insight => ({
  ...row,
  kind: row.kind as InsightKind,
  data:
    row.data !== null && typeof row.data === 'object' && !Array.isArray(row.data)
      ? (row.data as Record<string, unknown>)
      : {},
  // The stored task spec is the engine's own; the feed shows what was done and why.
  actions: storedActions(row).map(({ kind, reason, taskId, taskType, title }) => ({
    kind,
    reason,
    taskId,
    taskType,
    title,
  })),
  decidedAt: row.decidedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  // Groundwork placeholder: the engine's lifecycle work fills these from the tasks and approval items.
  work: { state: 'none', queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, awaitingApproval: 0 },
  undoable: false,
  decisionSummary: null,
});

const leadFactSelect = {
  id: true,
  name: true,
  company: true,
  stage: true,
  valueCents: true,
  lastActivityAt: true,
  createdAt: true,
} satisfies Prisma.LeadSelect;

/** Everything the detectors need, read with the org's id in every `where`. */
const gatherAgenticFacts = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, now }: { orgId: string; now: Date },
): Promise<Omit<AgenticFacts, 'money'>> => {
  const dealQuietBefore = new Date(now.getTime() - DEAL_QUIET_DAYS * DAY_MS);
  const contentSince = new Date(now.getTime() - CONTENT_WINDOW_DAYS * DAY_MS);
  const [
    org,
    settings,
    stale,
    deals,
    recentPosts,
    scheduledAhead,
    queuedPostTasks,
    overdueCount,
    oldestDue,
    failureGroups,
    goals,
  ] = await Promise.all([
    db.organization.findFirst({ where: { id: orgId }, select: { name: true } }),
    db.aiSettings.findFirst({ where: { orgId }, select: { industry: true, companyDescription: true, goals: true } }),
    db.lead.findMany({
      where: staleLeadWhere({ orgId, now }),
      orderBy: [{ valueCents: 'desc' }, { score: 'desc' }, { id: 'asc' }],
      take: LEADS_GATHERED,
      select: leadFactSelect,
    }),
    db.lead.findMany({
      where: {
        orgId,
        stage: { in: ['qualified', 'proposal'] },
        valueCents: { gte: DEAL_AT_RISK_MIN_CENTS },
        OR: [{ lastActivityAt: { lt: dealQuietBefore } }, { lastActivityAt: null, createdAt: { lt: dealQuietBefore } }],
      },
      orderBy: [{ valueCents: 'desc' }, { id: 'asc' }],
      take: LEADS_GATHERED,
      select: leadFactSelect,
    }),
    db.contentPost.count({
      where: {
        orgId,
        OR: [
          { status: 'published', publishedAt: { gte: contentSince } },
          { status: 'scheduled', scheduledFor: { gte: contentSince } },
        ],
      },
    }),
    db.contentPost.count({ where: { orgId, status: 'scheduled', scheduledFor: { gt: now } } }),
    db.task.count({ where: { orgId, type: 'social_media_post', status: { in: ['PENDING', 'IN_PROGRESS'] } } }),
    db.task.count({ where: { orgId, status: 'PENDING', runAfter: { lt: new Date(now.getTime() - HOUR_MS) } } }),
    db.task.findFirst({
      where: { orgId, status: 'PENDING', runAfter: { lte: now } },
      orderBy: [{ runAfter: 'asc' }, { id: 'asc' }],
      select: { id: true, runAfter: true },
    }),
    db.task.groupBy({
      by: ['error'],
      where: {
        orgId,
        status: 'FAILED',
        finishedAt: { gte: new Date(now.getTime() - FAILED_TASKS_WINDOW_DAYS * DAY_MS) },
      },
      _count: { _all: true },
    }),
    db.goal.findMany({
      where: { orgId, status: 'active', targetDate: { not: null } },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        title: true,
        createdAt: true,
        targetDate: true,
        tasks: { where: { orgId }, select: { status: true } },
      },
    }),
  ]);
  if (!org) throw notFound('Organisation');

  // Leads already followed up for their current quiet spell are handled: they leave the evidence.
  const candidates: LeadFact[] = [...stale, ...deals];
  const keys = [...new Set(candidates.map(followupKey))];
  const followed = new Set(
    keys.length === 0
      ? []
      : (await db.task.findMany({ where: { orgId, dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map(
          (task) => task.dedupeKey,
        ),
  );
  const notFollowed = (lead: LeadFact) => !followed.has(followupKey(lead));

  const errors = failureGroups
    .map((group) => ({ message: group.error ?? 'No error recorded', count: group._count._all }))
    .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message));
  return {
    now,
    org: {
      name: org.name,
      industry: settings?.industry ?? '',
      companyDescription: settings?.companyDescription ?? '',
      goals: settings?.goals ?? [],
    },
    staleLeads: stale.filter(notFollowed),
    quietDeals: deals.filter(notFollowed),
    content: { recentPosts, scheduledAhead, queuedPostTasks },
    backlog: { overdueCount, oldestDueAt: oldestDue?.runAfter ?? null, oldestTaskId: oldestDue?.id ?? null },
    failures: { count: errors.reduce((sum, e) => sum + e.count, 0), errors },
    goals: goals.flatMap((goal) => {
      if (!goal.targetDate) return [];
      const progress = goalProgress(goal.tasks.map((task) => task.status));
      return [{ id: goal.id, title: goal.title, createdAt: goal.createdAt, targetDate: goal.targetDate, ...progress }];
    }),
  };
};

/**
 * Opens a run, unless one of the org started under RUN_GUARD_MS ago and is still going (409).
 * The check and the insert hold a per-org advisory lock, so two clicks cannot both pass.
 */
const startRun = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, trigger, triggeredById }: { orgId: string; trigger: AgenticTrigger; triggeredById: string | null },
) => {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`agentic:${orgId}`}))`;
    const running = await tx.agenticRun.findFirst({
      where: { orgId, finishedAt: null, startedAt: { gt: new Date(now.getTime() - RUN_GUARD_MS) } },
      select: { startedAt: true },
    });
    if (running)
      throw new AppError(
        'CONFLICT',
        `The AI CEO is already analysing this organisation (since ${running.startedAt.toISOString()}); try again when it finishes`,
      );
    return tx.agenticRun.create({ data: { orgId, trigger, triggeredById, startedAt: now }, select: { id: true } });
  });
};

/** Creates one planned task; a used-up quota or an existing dedupe key becomes a skipped action, not a failed run. */
const createPlannedTask = async (
  deps: AgenticDeps,
  { orgId, insightId, task }: { orgId: string; insightId: string; task: NewTask & { dedupeKey: string } },
): Promise<{ taskId: string } | { skipped: string }> => {
  try {
    // The owner's window to undo what the engine decided alone; tasks the owner accepts run at once.
    const runAfter = new Date(deps.clock.now().getTime() + deps.env.AGENTIC_UNDO_MINUTES * 60_000);
    const [created] = await enqueueTasks(deps, {
      orgId,
      origin: 'agentic',
      createdById: null,
      tasks: [{ ...task, insightId, runAfter }],
    });
    return created ? { taskId: created.id } : { skipped: 'Already queued earlier; not created twice.' };
  } catch (error) {
    if (error instanceof AppError && (error.code === 'QUOTA_EXCEEDED' || error.code === 'CONFLICT'))
      return { skipped: error.message };
    throw error;
  }
};

const taskAction = (
  kind: InsightAction['kind'],
  reason: string,
  task: NewTask & { dedupeKey: string },
  taskId: string | null,
): StoredAction => ({
  kind,
  reason,
  taskId,
  taskType: task.type,
  title: task.title,
  ...(taskId ? {} : { task }),
});

/** Writes the insight, then (above the threshold) creates its tasks one by one, so a quota that runs out midway still creates what fits. */
const recordInsight = async (
  deps: AgenticDeps,
  { orgId, runId, detected }: { orgId: string; runId: string; detected: DetectedInsight },
) => {
  const acts = detected.confidence > AGENTIC_ACT_THRESHOLD;
  const now = deps.clock.now();
  const row = await deps.db.insight.create({
    data: {
      orgId,
      runId,
      kind: detected.kind,
      confidence: detected.confidence,
      title: detected.title,
      reason: detected.reason,
      data: detected.data as Prisma.InputJsonValue,
      actions: [],
      createdAt: now,
    },
    select: { id: true },
  });
  const actions: StoredAction[] = [];
  let created = 0;
  for (const planned of detected.actions) {
    if (planned.kind === 'warning') {
      actions.push({ kind: 'warning', reason: planned.reason, taskId: null, taskType: null, title: planned.title });
      continue;
    }
    if (!acts) {
      actions.push(
        taskAction(
          'task_proposed',
          `${planned.reason} Proposed (confidence ${detected.confidence} is not above ${AGENTIC_ACT_THRESHOLD}): accept the insight to create it.`,
          planned.task,
          null,
        ),
      );
      continue;
    }
    const outcome = await createPlannedTask(deps, { orgId, insightId: row.id, task: planned.task });
    if ('taskId' in outcome) {
      created += 1;
      actions.push(taskAction('task_created', planned.reason, planned.task, outcome.taskId));
    } else {
      actions.push(taskAction('task_skipped', `${planned.reason} Not created: ${outcome.skipped}`, planned.task, null));
    }
  }
  const saved = await deps.db.insight.update({
    where: { id: row.id, orgId },
    data: { actions: actions as unknown as Prisma.InputJsonValue },
    select: insightSelect,
  });
  return { insight: toInsight(saved), created };
};

/**
 * Drops insights whose evidence is already in the feed (same kind and fingerprint, whatever its
 * status): an open one is still there to act on, and a dismissed or undone one was the owner's
 * answer to exactly this evidence. New evidence (another lead goes quiet, a new week) is new.
 */
const withoutRecorded = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, detected }: { orgId: string; detected: DetectedInsight[] },
) => {
  if (detected.length === 0) return [];
  const kinds = [...new Set(detected.map((insight) => insight.kind))];
  const known = await db.insight.findMany({
    where: {
      orgId,
      kind: { in: kinds },
      OR: detected.map((insight) => ({
        kind: insight.kind,
        data: { path: ['fingerprint'], equals: insight.data.fingerprint },
      })),
    },
    select: { kind: true, data: true },
  });
  const seen = new Set(
    known.map((row) => `${row.kind}:${String((row.data as { fingerprint?: unknown } | null)?.fingerprint)}`),
  );
  return detected.filter((insight) => !seen.has(`${insight.kind}:${insight.data.fingerprint}`));
};

type AnalyzeOptions = { orgId: string; trigger: AgenticTrigger; triggeredById: string | null };

/** One run for one org: gather, detect, record what is new, act above the threshold. A failure is written on the run and rethrown. */
export const analyzeOrg = async (
  deps: AgenticDeps,
  { orgId, trigger, triggeredById }: AnalyzeOptions,
): Promise<{ run: AgenticRun; insights: Insight[] }> => {
  const run = await startRun(deps, { orgId, trigger, triggeredById });
  const insights: Insight[] = [];
  let actionCount = 0;
  try {
    const now = deps.clock.now();
    const [facts, money] = await Promise.all([
      gatherAgenticFacts(deps, { orgId, now }),
      gatherMoneyFacts(deps, { orgId }),
    ]);
    for (const detected of await withoutRecorded(deps, { orgId, detected: detectInsights({ ...facts, money }) })) {
      const { insight, created } = await recordInsight(deps, { orgId, runId: run.id, detected });
      insights.push(insight);
      actionCount += created;
    }
  } catch (error) {
    // The run is readable by members: only our own messages go on it; the rest goes to the log.
    const message =
      error instanceof AppError
        ? error.message
        : 'The analysis stopped on an unexpected error; the next run tries again.';
    await deps.db.agenticRun.update({
      where: { id: run.id, orgId },
      data: { insightCount: insights.length, actionCount, error: message, finishedAt: deps.clock.now() },
    });
    throw error;
  }
  const finished = await deps.db.agenticRun.update({
    where: { id: run.id, orgId },
    data: { insightCount: insights.length, actionCount, finishedAt: deps.clock.now() },
    select: runSelect,
  });
  return { run: toRun(finished), insights };
};

/** The hourly job: every pro and enterprise org in turn; one org's failure is on its run and does not stop the rest. */
export const runScheduledAnalysis = async (
  deps: AgenticDeps,
): Promise<{ orgs: number; insights: number; actions: number; failed: number }> => {
  const orgs = await deps.db.organization.findMany({
    where: { plan: { in: ['pro', 'enterprise'] } },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  const totals = { orgs: 0, insights: 0, actions: 0, failed: 0 };
  for (const org of orgs) {
    try {
      const { run } = await analyzeOrg(deps, { orgId: org.id, trigger: 'schedule', triggeredById: null });
      totals.orgs += 1;
      totals.insights += run.insightCount;
      totals.actions += run.actionCount;
    } catch (error) {
      totals.failed += 1;
      // A manual run still going is expected, not a fault.
      if (error instanceof AppError && error.code === 'CONFLICT')
        deps.log.info({ orgId: org.id }, 'agentic analysis skipped: a run is in progress');
      else deps.log.error({ err: error, orgId: org.id }, 'agentic analysis failed for an org');
    }
  }
  return totals;
};

export const listRuns = async ({ db }: Pick<Deps, 'db'>, { orgId, limit }: { orgId: string; limit: number }) => {
  const rows = await db.agenticRun.findMany({
    where: { orgId },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: runSelect,
  });
  return { items: rows.map(toRun) };
};

/**
 * The feed. Finance is admin+, so a member's feed leaves out the CFO insights (they carry money
 * figures); `role` is null for an API key, which its scope already admitted.
 */
export const listInsights = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, query, role }: { orgId: string; query: ListInsightsQuery; role: OrgRole | null },
) => {
  const seesMoney = role === null || hasRole(role, 'admin');
  const rows = await db.insight.findMany({
    where: {
      orgId,
      AND: [query.kind ? { kind: query.kind } : {}, seesMoney ? {} : { kind: { notIn: [...financeInsightKinds] } }],
      ...(query.status ? { status: query.status } : {}),
      ...(query.runId ? { runId: query.runId } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: insightSelect,
  });
  return toPage(rows, query.limit, toInsight);
};

type DecideOptions = { orgId: string; insightId: string; userId: string | null };

/** Moves the insight from one of `from` to `to` in one conditional update; 409 (or 404) otherwise. */
const transition = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, insightId, userId }: DecideOptions,
  from: InsightStatus[],
  to: InsightStatus,
) => {
  const { count } = await db.insight.updateMany({
    where: { id: insightId, orgId, status: { in: from } },
    data: { status: to, decidedById: userId, decidedAt: clock.now() },
  });
  if (count === 1) return;
  const current = await db.insight.findFirst({ where: { id: insightId, orgId }, select: { status: true } });
  if (!current) throw notFound('Insight');
  throw new AppError('CONFLICT', `This insight is ${current.status}; only ${from.join(' or ')} insights can be ${to}`);
};

const readInsight = async ({ db }: Pick<Deps, 'db'>, { orgId, insightId }: { orgId: string; insightId: string }) => {
  const row = await db.insight.findFirst({ where: { id: insightId, orgId }, select: insightSelect });
  if (!row) throw notFound('Insight');
  return row;
};

const saveActions = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, insightId, actions }: { orgId: string; insightId: string; actions: StoredAction[] },
) =>
  toInsight(
    await db.insight.update({
      where: { id: insightId, orgId },
      data: { actions: actions as unknown as Prisma.InputJsonValue },
      select: insightSelect,
    }),
  );

/**
 * open → accepted: the proposed and quota-skipped tasks are created now, together (402 passes
 * through and the insight stays open). A task whose key another insight already queued is
 * reported as skipped rather than created twice.
 */
export const acceptInsight = async (deps: AgenticDeps, options: DecideOptions): Promise<Insight> => {
  const { orgId, insightId } = options;
  await transition(deps, options, ['open'], 'accepted');
  const row = await readInsight(deps, { orgId, insightId });
  const actions = storedActions(row);
  const pending = actions.flatMap((action) =>
    action.task && (action.kind === 'task_proposed' || action.kind === 'task_skipped') ? [action.task] : [],
  );
  try {
    await enqueueTasks(deps, {
      orgId,
      origin: 'agentic',
      createdById: null,
      tasks: pending.map((task) => ({ ...task, insightId })),
    });
  } catch (error) {
    await deps.db.insight.updateMany({
      where: { id: insightId, orgId, status: 'accepted' },
      data: { status: 'open', decidedById: null, decidedAt: null },
    });
    throw error;
  }
  const keys = pending.map((task) => task.dedupeKey);
  const queued =
    keys.length === 0
      ? []
      : await deps.db.task.findMany({
          where: { orgId, dedupeKey: { in: keys } },
          select: { id: true, dedupeKey: true, insightId: true },
        });
  const byKey = new Map(queued.map((task) => [task.dedupeKey, task]));
  const next = actions.map((action): StoredAction => {
    if (!action.task || (action.kind !== 'task_proposed' && action.kind !== 'task_skipped')) return action;
    const task = byKey.get(action.task.dedupeKey);
    if (task?.insightId === insightId)
      return taskAction('task_created', 'Created when the insight was accepted.', action.task, task.id);
    return {
      ...action,
      kind: 'task_skipped',
      reason: 'Not created: the same task was already queued by an earlier insight or run.',
    };
  });
  return saveActions(deps, { orgId, insightId, actions: next });
};

/** open → dismissed. Nothing is created or cancelled: tasks it already queued stay (undo cancels them). */
export const dismissInsight = async (deps: Pick<Deps, 'db' | 'clock'>, options: DecideOptions): Promise<Insight> => {
  await transition(deps, options, ['open'], 'dismissed');
  return toInsight(await readInsight(deps, options));
};

const statusWords: Record<string, string> = {
  IN_PROGRESS: 'was already running',
  COMPLETED: 'had already finished',
  FAILED: 'had already failed',
};

/**
 * open|accepted → undone: every PENDING task the insight created is cancelled in one conditional,
 * org-scoped update. Tasks that already started or finished are left, and their actions say so.
 */
export const undoInsight = async (deps: Pick<Deps, 'db' | 'clock'>, options: DecideOptions): Promise<Insight> => {
  const { orgId, insightId } = options;
  await transition(deps, options, ['open', 'accepted'], 'undone');
  const now = deps.clock.now();
  await deps.db.task.updateMany({
    where: { orgId, insightId, status: 'PENDING' },
    data: { status: 'CANCELLED', finishedAt: now, updatedAt: now },
  });
  const row = await readInsight(deps, { orgId, insightId });
  const tasks = await deps.db.task.findMany({ where: { orgId, insightId }, select: { id: true, status: true } });
  const statusOf = new Map(tasks.map((task) => [task.id, task.status]));
  const next = storedActions(row).map((action): StoredAction => {
    if (action.kind !== 'task_created' || !action.taskId) return action;
    const status = statusOf.get(action.taskId);
    if (status === 'CANCELLED')
      return { ...action, kind: 'task_cancelled', reason: `${action.reason} Cancelled by undo before it started.` };
    return {
      ...action,
      reason: `${action.reason} Could not be undone: the task ${statusWords[status ?? ''] ?? 'no longer exists'}.`,
    };
  });
  return saveActions(deps, { orgId, insightId, actions: next });
};
