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
import { hasRole, type OrgRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { toPage } from '../../lib/pagination';
import { staleLeadWhere } from '../ai/business-facts';
import { goalStandings } from '../goals/goals.service';
import { whatWorkedForPrompt } from '../outcomes/outcomes.service';
import { outreachBlocks } from '../outreach/outreach.service';
import { listProjectsAtRisk } from '../projects/projects.service';
import { enqueueTasks, type NewTask } from '../tasks/tasks.service';
import { cancelQueuedWork, describeCancelled, describeRan, loadWork, type WorkStanding } from './insight-work';
import {
  CONTENT_WINDOW_DAYS,
  DAY_MS,
  DEAL_AT_RISK_MIN_CENTS,
  DEAL_QUIET_DAYS,
  detectInsights,
  FAILED_TASKS_WINDOW_DAYS,
  isContentLow,
  type AgenticFacts,
  type DetectedInsight,
} from './insights';
import { screenLeads } from './lead-screen';
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
/** The insight's evidence; what the last decision did is kept beside it (no column of its own). */
const dataOf = (row: Pick<InsightRow, 'data'>): Record<string, unknown> =>
  row.data !== null && typeof row.data === 'object' && !Array.isArray(row.data)
    ? (row.data as Record<string, unknown>)
    : {};
const NO_WORK: WorkStanding = {
  work: { state: 'none', queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, awaitingApproval: 0 },
  undoable: false,
};
const toInsight = (row: InsightRow, standing: WorkStanding = NO_WORK): Insight => {
  const { decisionSummary, ...data } = dataOf(row);
  return {
    ...row,
    kind: row.kind as InsightKind,
    data,
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
    work: standing.work,
    undoable: standing.undoable,
    decisionSummary: typeof decisionSummary === 'string' ? decisionSummary : null,
  };
};

/** Insights as the feed shows them: their work read from the database for the whole list at once. */
const withWork = async ({ db }: Pick<Deps, 'db'>, { orgId, rows }: { orgId: string; rows: InsightRow[] }) => {
  const standings = await loadWork({ db }, { orgId, insights: rows });
  return rows.map((row) => toInsight(row, standings.get(row.id)));
};

const leadFactSelect = {
  id: true,
  name: true,
  company: true,
  stage: true,
  valueCents: true,
  lastActivityAt: true,
  createdAt: true,
  unsubscribedAt: true,
  followupDraftedAt: true,
} satisfies Prisma.LeadSelect;

/** Everything the detectors need, read with the org's id in every `where`. */
const gatherAgenticFacts = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, now }: { orgId: string; now: Date },
): Promise<Omit<AgenticFacts, 'money' | 'projects'>> => {
  const { db } = deps;
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
    postsAwaitingApproval,
    lastPublished,
    drafts,
    overdueCount,
    oldestDue,
    failureGroups,
    goals,
  ] = await Promise.all([
    db.organization.findFirst({ where: { id: orgId }, select: { name: true, createdAt: true } }),
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
    db.approvalItem.count({ where: { orgId, targetType: 'post', status: { in: ['pending', 'approved'] } } }),
    db.contentPost.aggregate({ where: { orgId, status: 'published' }, _max: { publishedAt: true } }),
    db.contentPost.count({ where: { orgId, status: 'draft' } }),
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
    goalStandings(deps, { orgId, now }),
  ]);
  if (!org) throw notFound('Organisation');
  const screened = await screenLeads(deps, { orgId, now, stale, deals });

  const errors = failureGroups
    .map((group) => ({ message: group.error ?? 'No error recorded', count: group._count._all }))
    .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message));
  const facts: Omit<AgenticFacts, 'money' | 'projects'> = {
    now,
    org: {
      name: org.name,
      industry: settings?.industry ?? '',
      companyDescription: settings?.companyDescription ?? '',
      goals: settings?.goals ?? [],
      createdAt: org.createdAt,
    },
    ...screened,
    whatWorked: { followup: [], post: [] },
    content: {
      recentPosts,
      scheduledAhead,
      queuedPostTasks: queuedPostTasks + postsAwaitingApproval,
      lastPublishedAt: lastPublished._max.publishedAt,
      drafts,
    },
    backlog: { overdueCount, oldestDueAt: oldestDue?.runAfter ?? null, oldestTaskId: oldestDue?.id ?? null },
    failures: { count: errors.reduce((sum, e) => sum + e.count, 0), errors },
    goals: goals.map(({ id, title, createdAt, targetDate, completed, total, percent, live }) => ({
      id,
      title,
      createdAt,
      targetDate,
      completed,
      total,
      percent,
      live,
    })),
  };
  // The memory of what worked is read only when a brief will use it.
  const wantsFollowups = screened.followupCap > 0 && screened.staleLeads.length + screened.quietDeals.length > 0;
  const [followup, post] = await Promise.all([
    wantsFollowups ? whatWorkedForPrompt(deps, { orgId, action: 'followup' }) : [],
    isContentLow(facts) ? whatWorkedForPrompt(deps, { orgId, action: 'post' }) : [],
  ]);
  return { ...facts, whatWorked: { followup, post } };
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

/**
 * All of an insight's tasks in one enqueue (one guard pass, one reservation): the usual case.
 * Null when the batch is refused as a whole (quota, a lead blocked meanwhile): the caller then
 * creates them one by one, so what fits is still created and each refusal names its reason.
 */
const createAllPlannedTasks = async (
  deps: AgenticDeps,
  { orgId, insightId, detected }: { orgId: string; insightId: string; detected: DetectedInsight },
): Promise<Map<string, { taskId: string } | { skipped: string }> | null> => {
  const tasks = detected.actions.flatMap((action) => (action.kind === 'task' ? [action.task] : []));
  if (tasks.length === 0) return new Map();
  const runAfter = new Date(deps.clock.now().getTime() + deps.env.AGENTIC_UNDO_MINUTES * 60_000);
  try {
    await enqueueTasks(deps, {
      orgId,
      origin: 'agentic',
      createdById: null,
      tasks: tasks.map((task) => ({ ...task, insightId, runAfter })),
    });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'QUOTA_EXCEEDED' || error.code === 'CONFLICT')) return null;
    throw error;
  }
  const keys = tasks.map((task) => task.dedupeKey);
  const rows = await deps.db.task.findMany({
    where: { orgId, insightId, dedupeKey: { in: keys } },
    select: { id: true, dedupeKey: true },
  });
  const mine = new Map(rows.map((task) => [task.dedupeKey, task.id]));
  return new Map(
    keys.map((key) => {
      const taskId = mine.get(key);
      return [key, taskId ? { taskId } : { skipped: 'Already queued earlier; not created twice.' }];
    }),
  );
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
  const batched = acts ? await createAllPlannedTasks(deps, { orgId, insightId: row.id, detected }) : null;
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
    const outcome =
      batched?.get(planned.task.dedupeKey) ??
      (await createPlannedTask(deps, { orgId, insightId: row.id, task: planned.task }));
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
  return { row: saved, created };
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
  const insights: InsightRow[] = [];
  let actionCount = 0;
  try {
    const now = deps.clock.now();
    const [facts, money, projects] = await Promise.all([
      gatherAgenticFacts(deps, { orgId, now }),
      gatherMoneyFacts(deps, { orgId }),
      listProjectsAtRisk(deps, { orgId }),
    ]);
    const found = detectInsights({ ...facts, money, projects });
    for (const detected of await withoutRecorded(deps, { orgId, detected: found })) {
      const { row, created } = await recordInsight(deps, { orgId, runId: run.id, detected });
      insights.push(row);
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
  return { run: toRun(finished), insights: await withWork(deps, { orgId, rows: insights }) };
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
  const page = toPage(rows, query.limit, (row) => row);
  return { ...page, items: await withWork({ db }, { orgId, rows: page.items }) };
};

type DecideOptions = { orgId: string; insightId: string; userId: string | null };
type Tx = Prisma.TransactionClient;

/** Moves the insight from one of `from` to `to` in one conditional update; 409 (or 404) otherwise. */
const transition = async (
  { db, clock }: { db: Deps['db'] | Tx; clock: Deps['clock'] },
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

const readInsight = async (
  { db }: { db: Deps['db'] | Tx },
  { orgId, insightId }: { orgId: string; insightId: string },
) => {
  const row = await db.insight.findFirst({ where: { id: insightId, orgId }, select: insightSelect });
  if (!row) throw notFound('Insight');
  return row;
};

/** Writes the actions and what the decision did (kept in the insight's data: it has no column of its own). */
const saveDecision = async (
  { db }: { db: Deps['db'] | Tx },
  { orgId, row, actions, summary }: { orgId: string; row: InsightRow; actions?: StoredAction[]; summary: string },
) => {
  await db.insight.update({
    where: { id: row.id, orgId },
    data: {
      ...(actions ? { actions: actions as unknown as Prisma.InputJsonValue } : {}),
      data: { ...dataOf(row), decisionSummary: summary } as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
};

/** The insight as the feed shows it now, with its work. */
const currentInsight = async (deps: Pick<Deps, 'db'>, options: { orgId: string; insightId: string }) => {
  const row = await readInsight(deps, options);
  const [insight] = await withWork(deps, { orgId: options.orgId, rows: [row] });
  if (!insight) throw notFound('Insight');
  return insight;
};

/** The planned follow-ups among `tasks` whose lead the outreach guard blocks now, with why. */
const blockedFollowups = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, tasks }: { orgId: string; tasks: (NewTask & { dedupeKey: string })[] },
): Promise<Map<string, string>> => {
  const leadOf = new Map(
    tasks.flatMap((task) =>
      task.type === 'lead_followup' ? [[task.dedupeKey, (task.input as { leadId: string }).leadId] as const] : [],
    ),
  );
  if (leadOf.size === 0) return new Map();
  const blocks = await outreachBlocks(deps, { orgId, leadIds: [...new Set(leadOf.values())] });
  return new Map(
    [...leadOf].flatMap(([key, leadId]) => {
      const block = blocks.get(leadId);
      return block ? [[key, block.message] as const] : [];
    }),
  );
};

/**
 * open → accepted: the proposed and quota-skipped tasks are created now, together (402 passes
 * through and the insight stays open). A follow-up whose lead may not be contacted now is not
 * created, and neither is a task whose key another insight already queued; both say why.
 */
export const acceptInsight = async (deps: AgenticDeps, options: DecideOptions): Promise<Insight> => {
  const { orgId, insightId } = options;
  await transition(deps, options, ['open'], 'accepted');
  const row = await readInsight(deps, { orgId, insightId });
  const actions = storedActions(row);
  const planned = actions.flatMap((action) =>
    action.task && (action.kind === 'task_proposed' || action.kind === 'task_skipped') ? [action.task] : [],
  );
  const blocked = await blockedFollowups(deps, { orgId, tasks: planned });
  const pending = planned.filter((task) => !blocked.has(task.dedupeKey));
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
  let created = 0;
  const next = actions.map((action): StoredAction => {
    if (!action.task || (action.kind !== 'task_proposed' && action.kind !== 'task_skipped')) return action;
    const why = blocked.get(action.task.dedupeKey);
    if (why) return { ...action, kind: 'task_skipped', reason: `Not created: ${why}` };
    const task = byKey.get(action.task.dedupeKey);
    if (task?.insightId === insightId) {
      created += 1;
      return taskAction('task_created', 'Created when the insight was accepted.', action.task, task.id);
    }
    return {
      ...action,
      kind: 'task_skipped',
      reason: 'Not created: the same task was already queued by an earlier insight or run.',
    };
  });
  const skipped = planned.length - created;
  const summary =
    `Accepted. Created ${created} ${created === 1 ? 'task' : 'tasks'}` +
    (skipped > 0 ? `; ${skipped} not created (each action says why).` : '.');
  await saveDecision(deps, { orgId, row, actions: next, summary });
  return currentInsight(deps, { orgId, insightId });
};

/** Marks the actions whose tasks were cancelled, and names the ones that had already started. */
const markCancelled = async (
  { db }: { db: Tx },
  { orgId, row, how }: { orgId: string; row: InsightRow; how: string },
): Promise<StoredAction[]> => {
  const tasks = await db.task.findMany({ where: { orgId, insightId: row.id }, select: { id: true, status: true } });
  const statusOf = new Map(tasks.map((task) => [task.id, task.status]));
  return storedActions(row).map((action): StoredAction => {
    if (action.kind !== 'task_created' || !action.taskId) return action;
    const status = statusOf.get(action.taskId);
    if (status === 'CANCELLED') return { ...action, kind: 'task_cancelled', reason: `${action.reason} ${how}` };
    return action;
  });
};

/**
 * Moves the insight from `from` to `to` and, in the same transaction, cancels what it queued that
 * has not started (its PENDING tasks, its items waiting in the approval inbox or approved and not
 * yet running). `summarize` words the decision from what was cancelled and what had already run;
 * it throws to refuse, which rolls the transition back.
 */
const stopInsight = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  options: DecideOptions,
  how: {
    from: InsightStatus[];
    to: InsightStatus;
    error: string;
    actionNote: string;
    summarize: (did: string | null, ran: string) => string;
  },
): Promise<Insight> => {
  const { orgId, insightId } = options;
  await deps.db.$transaction(async (tx) => {
    await transition({ db: tx, clock: deps.clock }, options, how.from, how.to);
    const row = await readInsight({ db: tx }, { orgId, insightId });
    const order = storedActions(row).flatMap((action) => (action.taskId ? [action.taskId] : []));
    const cancelled = await cancelQueuedWork(tx, { orgId, insightId, now: deps.clock.now(), error: how.error, order });
    const ran = await describeRan({ db: tx }, { orgId, insightId, order });
    const summary = how.summarize(describeCancelled(cancelled), ran);
    const actions = await markCancelled({ db: tx }, { orgId, row, how: how.actionNote });
    await saveDecision({ db: tx }, { orgId, row, actions, summary });
  });
  return currentInsight(deps, { orgId, insightId });
};

/** open → dismissed: nothing more is done about it, and what it queued that has not started is cancelled. */
export const dismissInsight = (deps: Pick<Deps, 'db' | 'clock'>, options: DecideOptions): Promise<Insight> =>
  stopInsight(deps, options, {
    from: ['open'],
    to: 'dismissed',
    error: 'Dismissed with the insight',
    actionNote: 'Cancelled when the insight was dismissed.',
    summarize: (did, ran) =>
      `Dismissed. ${did ? `${did}.` : 'Nothing was waiting to be cancelled.'}` + (ran ? ` Not stopped: ${ran}.` : ''),
  });

/**
 * open|accepted → undone, only while something can still be undone. When nothing is left to
 * cancel it is 409 naming what ran, and the insight is left as it was.
 */
export const undoInsight = (deps: Pick<Deps, 'db' | 'clock'>, options: DecideOptions): Promise<Insight> =>
  stopInsight(deps, options, {
    from: ['open', 'accepted'],
    to: 'undone',
    error: 'Undone with the insight',
    actionNote: 'Cancelled by undo before it started.',
    summarize: (did, ran) => {
      if (!did) throw new AppError('CONFLICT', `Nothing left to undo: ${ran || 'this insight queued nothing'}`);
      return `Undone. ${did}.` + (ran ? ` Not undone: ${ran}.` : '');
    },
  });
