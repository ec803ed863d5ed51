import { randomUUID } from 'node:crypto';
import {
  goalProgress,
  moneyGoalMetrics,
  type GoalLive,
  type GoalMetric,
  type CreateGoalInput,
  type Goal,
  type GoalDetail,
  type ListGoalsQuery,
  type UpdateGoalInput,
} from '@aiceo/shared/goals';
import type { Task } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { formatMoney, minorDigits } from '@aiceo/shared/money';
import { AppError, notFound } from '../../http/app-error';
import { aiMessagesPerAnswer, runAi } from '../ai/ai.service';
import { gatherOrgFacts } from '../ai/org-context';
import { enqueueTasks, listGoalSteps, type NewTask } from '../tasks/tasks.service';
import { spendUsage } from '../usage/usage.service';
import { isGoalMetric, liveStandings } from './goal-live';
import { parsePlan, PLAN_TASK, templatePlan, type PlanMetric, type PlanStep } from './goal-plan';
import { toPage } from '../../lib/pagination';
import { clip } from '../../lib/text';

const DAY_MS = 86_400_000;
const DEFAULT_GOAL_DAYS = 30;

type GoalDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log' | 'taskSignal'>;
type GoalScope = { orgId: string; goalId: string };

const stepsOf = (orgId: string) =>
  ({
    where: { orgId },
    orderBy: { goalOrder: 'asc' },
    select: { id: true, title: true, status: true, dueAt: true, stepDoneAt: true },
  }) satisfies Prisma.Goal$tasksArgs;

const goalFields = {
  id: true,
  title: true,
  description: true,
  targetDate: true,
  status: true,
  plannedBy: true,
  metric: true,
  metricTarget: true,
  metricCurrency: true,
  createdById: true,
  completedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.GoalSelect;
const goalSelect = (orgId: string) => ({ ...goalFields, tasks: stepsOf(orgId) }) satisfies Prisma.GoalSelect;
type GoalRow = Prisma.GoalGetPayload<{ select: typeof goalFields }>;
type GoalStep = Pick<Task, 'id' | 'title' | 'status' | 'dueAt' | 'stepDoneAt'>;

const iso = (value: Date | null) => value?.toISOString() ?? null;

const toGoal = (row: GoalRow, steps: GoalStep[], live: GoalLive | null): Goal => {
  // The next step is the first the owner has not done: a prepared deliverable still waits for them.
  const next = steps.find((step) => step.stepDoneAt === null && step.status !== 'CANCELLED');
  // The metric columns stay internal: `live` is how a goal's number reaches the wire.
  const { metric: _metric, metricTarget: _target, metricCurrency: _currency, ...fields } = row;
  return {
    ...fields,
    plannedBy: row.plannedBy as Goal['plannedBy'],
    targetDate: iso(row.targetDate),
    progress: goalProgress(steps),
    live,
    nextStep: next ? { taskId: next.id, title: next.title, dueAt: next.dueAt } : null,
    completedAt: iso(row.completedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
};

const futureDateIssue = (path: string) =>
  new AppError('VALIDATION_FAILED', 'The target date must be in the future', {
    issues: [{ location: 'body', path, message: 'Pick a date after today' }],
  });

/** The plan from the AI, or the template when it is offline or its answer is not a usable plan. */
const planGoal = async (
  deps: GoalDeps,
  {
    orgId,
    userId,
    goal,
    targetDate,
    totalDays,
    metric,
  }: {
    orgId: string;
    userId: string | null;
    goal: { title: string; description: string };
    targetDate: Date;
    totalDays: number;
    metric: PlanMetric | null;
  },
) => {
  const facts = await gatherOrgFacts(deps, { orgId });
  const request = [
    `Goal: ${goal.title}`,
    ...(goal.description ? [`About the goal: ${goal.description}`] : []),
    `Today: ${facts.now.toISOString().slice(0, 10)}. Target date: ${targetDate.toISOString().slice(0, 10)} (${totalDays} days from today).`,
    // A metric goal is judged by one live number: the plan must aim its steps at it.
    ...(metric
      ? [
          `The goal is measured by a live number: ${metric.words}. Target: ${metric.targetText} by the target date, counted from today.`,
          'Every step must move this number; say in each step how it moves it.',
        ]
      : []),
  ].join('\n');
  const result = await runAi(deps, {
    orgId,
    userId,
    purpose: 'reasoning',
    turns: [{ role: 'user', content: request }],
    task: PLAN_TASK,
    facts,
  });
  // Offline answers are prose for people, never a plan: the template is built from the same facts.
  const parsed = result.provider === 'offline' ? null : parsePlan(result.text, { totalDays });
  if (parsed) return { steps: parsed, plannedBy: result.provider };
  if (result.provider !== 'offline')
    deps.log.warn(
      { orgId, provider: result.provider, requestId: result.requestId },
      'goal plan: the AI answer was not a usable plan; using the template',
    );
  return { steps: templatePlan({ goal, facts, totalDays, metric }), plannedBy: 'offline' as const };
};

type MetricColumns = { metric: GoalMetric; metricTarget: number; metricCurrency: string | null };

const targetIssue = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ location: 'body', path, message }] });

/** Counts above this make no sense for one goal (a typo, or minor units given for a count). */
const MAX_COUNT_TARGET = 1_000_000;

/**
 * The columns of a metric goal: money metrics are kept in the org's currency (minor units). A
 * target that cannot be meant (a count in the millions, money under one major unit) answers 400.
 */
const metricColumns = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, metric, target, path }: { orgId: string; metric: GoalMetric; target: number | undefined; path: string },
): Promise<MetricColumns> => {
  if (target === undefined) throw targetIssue(path, 'Give the target for this metric');
  if (!moneyGoalMetrics.includes(metric)) {
    if (target > MAX_COUNT_TARGET)
      throw targetIssue(
        path,
        `A ${metric.replace('_', ' ')} target is a count: ${target} is more than one goal can mean`,
      );
    return { metric, metricTarget: target, metricCurrency: null };
  }
  const org = await db.organization.findFirst({ where: { id: orgId }, select: { currency: true } });
  const currency = org?.currency ?? 'USD';
  if (target < 10 ** minorDigits(currency))
    throw targetIssue(
      path,
      `A target of ${formatMoney(target, currency)} is less than ${formatMoney(10 ** minorDigits(currency), currency)}: money targets are in minor units of ${currency} (cents)`,
    );
  return { metric, metricTarget: target, metricCurrency: currency };
};

const planMetric = ({ metric, metricTarget, metricCurrency }: MetricColumns): PlanMetric => ({
  metric,
  target: metricTarget,
  currency: metricCurrency,
  words: metricWordsForPlan[metric],
  targetText: metricCurrency ? formatMoney(metricTarget, metricCurrency) : String(metricTarget),
});

const metricWordsForPlan: Record<GoalMetric, string> = {
  deals_won: 'deals won (leads moved to won)',
  revenue: 'revenue (income recorded in the books)',
  posts_published: 'posts published',
  new_leads: 'new leads in the CRM',
  pipeline_value: 'open pipeline value (deal value of the open leads)',
};

/**
 * Sets a goal: the AI breaks it into ordered steps (one AI message), and each step becomes a
 * goal_step task, due along the way to the target date. A step is not run before the previous
 * one's due date, so the executor works them in order. The goal and its steps are written in one
 * transaction (enqueueTasks' own, so the usage is reserved before it opens); 402 (nothing written, the AI message given back) when the plan's steps do not fit
 * the tasks quota.
 */
export const createGoal = async (
  deps: GoalDeps,
  { orgId, userId, input }: { orgId: string; userId: string | null; input: CreateGoalInput },
): Promise<GoalDetail> => {
  const now = deps.clock.now();
  const targetDate = input.targetDate
    ? new Date(input.targetDate)
    : new Date(now.getTime() + DEFAULT_GOAL_DAYS * DAY_MS);
  if (targetDate.getTime() <= now.getTime()) throw futureDateIssue('targetDate');
  const totalDays = Math.max(1, Math.ceil((targetDate.getTime() - now.getTime()) / DAY_MS));
  const metric = input.metric
    ? await metricColumns(deps, { orgId, metric: input.metric, target: input.target, path: 'target' })
    : null;

  return spendUsage(deps, { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async () => {
    const plan = await planGoal(deps, {
      orgId,
      userId,
      goal: input,
      targetDate,
      totalDays,
      metric: metric ? planMetric(metric) : null,
    });
    // The id is made here so the steps can point to the goal that the same transaction writes first.
    const goalId = randomUUID();
    await enqueueTasks(deps, {
      orgId,
      origin: 'goal',
      createdById: userId,
      tasks: stepTasks({ goalId, goalTitle: input.title, steps: plan.steps, now, targetDate }),
      prepare: async (tx) => {
        await tx.goal.create({
          data: {
            id: goalId,
            orgId,
            title: input.title,
            description: input.description,
            targetDate,
            plannedBy: plan.plannedBy,
            metric: metric?.metric ?? null,
            metricTarget: metric?.metricTarget ?? null,
            metricCurrency: metric?.metricCurrency ?? null,
            createdById: userId,
            createdAt: now,
            updatedAt: now,
          },
          select: { id: true },
        });
      },
    });
    return getGoal(deps, { orgId, goalId });
  });
};

/** Step k may start when step k-1 is due; the last step is due on the target date exactly. */
const stepTasks = ({
  goalId,
  goalTitle,
  steps,
  now,
  targetDate,
}: {
  goalId: string;
  goalTitle: string;
  steps: PlanStep[];
  now: Date;
  targetDate: Date;
}): NewTask<'goal_step'>[] => {
  const dueAt = steps.map((step, index) =>
    index === steps.length - 1
      ? targetDate
      : new Date(Math.min(now.getTime() + step.dueInDays * DAY_MS, targetDate.getTime())),
  );
  return steps.map((step, index) => ({
    type: 'goal_step',
    input: { goalId, step: step.title.slice(0, 300), detail: step.detail.slice(0, 2_000) },
    title: clip(`${step.title} (goal: ${clip(goalTitle, 60)})`, 200),
    goalId,
    goalOrder: index + 1,
    dueAt: dueAt[index] ?? targetDate,
    runAfter: index === 0 ? now : (dueAt[index - 1] ?? now),
  }));
};

export const listGoals = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, query }: { orgId: string; query: ListGoalsQuery },
) => {
  const rows = await db.goal.findMany({
    where: { orgId, ...(query.status ? { status: query.status } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: goalSelect(orgId),
  });
  // The live numbers of the page's metric goals: one statement per metric, not one per goal.
  const live = await liveStandings({ db }, { orgId, goals: rows.slice(0, query.limit), now: clock.now() });
  return toPage(rows, query.limit, ({ tasks, ...row }) =>
    toGoal(
      row,
      tasks.map((task) => ({ ...task, dueAt: iso(task.dueAt), stepDoneAt: iso(task.stepDoneAt) })),
      live.get(row.id) ?? null,
    ),
  );
};

export const getGoal = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, goalId }: GoalScope,
): Promise<GoalDetail> => {
  // The steps are read once: the progress and the next step come from the same rows.
  const [row, steps] = await Promise.all([
    db.goal.findFirst({ where: { id: goalId, orgId }, select: goalFields }),
    listGoalSteps({ db }, { orgId, goalId }),
  ]);
  if (!row) throw notFound('Goal');
  const live = await liveStandings({ db }, { orgId, goals: [row], now: clock.now() });
  return { ...toGoal(row, steps, live.get(row.id) ?? null), steps };
};

/**
 * Edits a goal. A new target date moves the unfinished steps' dates in proportion; cancelling
 * cancels its pending steps (a running one finishes); setting a cancelled goal active again
 * queues its cancelled steps again.
 */
export const updateGoal = async (
  deps: Pick<Deps, 'db' | 'clock' | 'taskSignal'>,
  { orgId, goalId, input }: GoalScope & { input: UpdateGoalInput },
): Promise<GoalDetail> => {
  const now = deps.clock.now();
  const goal = await deps.db.goal.findFirst({
    where: { id: goalId, orgId },
    select: { status: true, targetDate: true, createdAt: true, metric: true, metricTarget: true },
  });
  if (!goal) throw notFound('Goal');
  const metric = await metricChange(deps, { orgId, goal, input });
  if (input.status && goal.status === 'completed')
    throw new AppError('CONFLICT', 'This goal is completed; it cannot be cancelled or reopened');
  const targetDate =
    input.targetDate === undefined ? undefined : input.targetDate === null ? null : new Date(input.targetDate);
  if (targetDate && targetDate.getTime() <= now.getTime()) throw futureDateIssue('targetDate');

  let requeued = false;
  await deps.db.$transaction(async (tx) => {
    await tx.goal.updateMany({
      where: { id: goalId, orgId },
      data: {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(targetDate !== undefined ? { targetDate } : {}),
        ...(input.status ? { status: input.status } : {}),
        ...(metric ?? {}),
        updatedAt: now,
      },
    });
    if (input.status === 'cancelled' && goal.status !== 'cancelled') {
      await tx.task.updateMany({
        where: { orgId, goalId, status: 'PENDING' },
        data: { status: 'CANCELLED', finishedAt: now, updatedAt: now },
      });
    }
    if (input.status === 'active' && goal.status === 'cancelled') {
      const { count } = await tx.task.updateMany({
        where: { orgId, goalId, status: 'CANCELLED' },
        data: {
          status: 'PENDING',
          attempts: 0,
          error: null,
          finishedAt: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: now,
        },
      });
      requeued = count > 0;
    }
    if (targetDate)
      await rescheduleSteps(tx, {
        orgId,
        goalId,
        from: goal.createdAt,
        oldTarget: goal.targetDate,
        newTarget: targetDate,
        now,
      });
  });
  if (requeued) deps.taskSignal.notify();
  return getGoal(deps, { orgId, goalId });
};

/**
 * The metric columns an edit writes, or undefined when it leaves them alone: metric null turns
 * the goal back into a plan; a new metric needs its target; a target alone needs a metric goal.
 */
const metricChange = async (
  deps: Pick<Deps, 'db'>,
  {
    orgId,
    goal,
    input,
  }: { orgId: string; goal: { metric: string | null; metricTarget: number | null }; input: UpdateGoalInput },
): Promise<MetricColumns | { metric: null; metricTarget: null; metricCurrency: null } | undefined> => {
  if (input.metric === null) {
    if (input.target !== undefined)
      throw targetIssue('target', 'A goal without a metric has no target: leave the target out or pick a metric');
    return { metric: null, metricTarget: null, metricCurrency: null };
  }
  if (input.metric !== undefined) {
    // Keeping the old target is only meaningful for the same metric (5 deals are not 5 cents).
    const target = input.target ?? (input.metric === goal.metric ? (goal.metricTarget ?? undefined) : undefined);
    return metricColumns(deps, { orgId, metric: input.metric, target, path: 'target' });
  }
  if (input.target !== undefined) {
    if (!goal.metric || !isGoalMetric(goal.metric))
      throw targetIssue('target', 'This goal is a plan without a metric: give a metric with the target');
    return metricColumns(deps, { orgId, metric: goal.metric, target: input.target, path: 'target' });
  }
  return undefined;
};

/** Scales the unfinished steps' due dates (and start times) from the old span to the new one, never into the past. */
const rescheduleSteps = async (
  tx: Prisma.TransactionClient,
  {
    orgId,
    goalId,
    from,
    oldTarget,
    newTarget,
    now,
  }: { orgId: string; goalId: string; from: Date; oldTarget: Date | null; newTarget: Date; now: Date },
) => {
  const steps = await tx.task.findMany({
    where: { orgId, goalId },
    orderBy: { goalOrder: 'asc' },
    select: { id: true, status: true, dueAt: true, runAfter: true },
  });
  const lastDue = steps.reduce((latest, step) => Math.max(latest, step.dueAt?.getTime() ?? 0), 0);
  const oldSpan = (oldTarget?.getTime() ?? lastDue) - from.getTime();
  const newSpan = newTarget.getTime() - from.getTime();
  if (oldSpan <= 0) return;
  const scale = (date: Date) =>
    new Date(Math.max(now.getTime(), from.getTime() + ((date.getTime() - from.getTime()) * newSpan) / oldSpan));
  for (const step of steps) {
    if (step.status === 'COMPLETED' || step.status === 'CANCELLED' || step.status === 'FAILED') continue;
    await tx.task.updateMany({
      where: { id: step.id, orgId },
      data: {
        ...(step.dueAt ? { dueAt: scale(step.dueAt) } : {}),
        ...(step.status === 'PENDING' ? { runAfter: scale(step.runAfter) } : {}),
        updatedAt: now,
      },
    });
  }
};

/** Deletes a goal and its steps (the steps go with it through the foreign key). */
export const deleteGoal = async ({ db }: Pick<Deps, 'db'>, { orgId, goalId }: GoalScope): Promise<void> => {
  const { count } = await db.goal.deleteMany({ where: { id: goalId, orgId } });
  if (count === 0) throw notFound('Goal');
};

/**
 * The owner marks a step of the goal done (they did it) or not done. Marking is idempotent (a
 * step marked done keeps its first time). A cancelled step answers 409. Marking the last step of
 * a plan done completes the goal; undoing a step of a plan its steps completed reopens it (a
 * metric goal is completed by its number, never reopened by a step).
 */
export const markGoalStep = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, goalId, taskId, done }: GoalScope & { taskId: string; done: boolean },
): Promise<GoalDetail> => {
  const now = deps.clock.now();
  const step = await deps.db.task.findFirst({
    where: { id: taskId, orgId, goalId },
    select: { status: true, stepDoneAt: true },
  });
  if (!step) throw notFound('Goal step');
  if (step.status === 'CANCELLED')
    throw new AppError('CONFLICT', 'This step was cancelled: it is no longer part of the plan, so it cannot be marked');
  if (done !== (step.stepDoneAt !== null)) {
    await deps.db.$transaction(async (tx) => {
      // Only a change is written: a second "done" keeps the time the step was first marked.
      await tx.task.updateMany({
        where: { id: taskId, orgId, goalId, stepDoneAt: done ? null : { not: null } },
        data: { stepDoneAt: done ? now : null, updatedAt: now },
      });
      // A plan completed by its steps is open again; a metric goal is completed by its number.
      if (!done)
        await tx.goal.updateMany({
          where: { id: goalId, orgId, status: 'completed', metric: null },
          data: { status: 'active', completedAt: null, updatedAt: now },
        });
    });
  }
  if (done) await settleGoal(deps, { orgId, goalId });
  return getGoal(deps, { orgId, goalId });
};

/**
 * Marks an active goal completed once it is reached: a plan when the owner marked done every
 * step that counts (all but cancelled ones): the AI preparing a step's deliverable is not the
 * step done; a metric goal when its live number reaches the target (its steps only serve the
 * number). Returns whether it did. Called after each goal step finishes (where it completes a
 * metric goal whose number got there) and when the owner marks a step done.
 */
export const settleGoal = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, goalId }: GoalScope,
): Promise<boolean> => {
  const now = clock.now();
  const goal = await db.goal.findFirst({
    where: { id: goalId, orgId, status: 'active' },
    select: { id: true, createdAt: true, targetDate: true, metric: true, metricTarget: true, metricCurrency: true },
  });
  if (!goal) return false;
  if (goal.metric) {
    const live = (await liveStandings({ db }, { orgId, goals: [goal], now })).get(goal.id);
    if (!live || live.value < live.target) return false;
  } else {
    const steps = await db.task.findMany({ where: { orgId, goalId }, select: { status: true, stepDoneAt: true } });
    const progress = goalProgress(steps);
    if (progress.total === 0 || progress.completed < progress.total) return false;
  }
  const { count } = await db.goal.updateMany({
    where: { id: goalId, orgId, status: 'active' },
    data: { status: 'completed', completedAt: now, updatedAt: now },
  });
  return count > 0;
};

/** An active goal with a deadline, as the agentic engine reads it: its steps and (metric goals) its live standing. */
export type GoalStanding = {
  id: string;
  title: string;
  createdAt: Date;
  targetDate: Date;
  /** Steps the owner marked done, of those that count. */
  completed: number;
  /** Steps the AI prepared that the owner has not marked done yet. */
  prepared: number;
  total: number;
  percent: number;
  live: GoalLive | null;
};

/**
 * Every active goal of the org with a deadline, oldest first, with its standing now: its steps,
 * and for a metric goal the live number (read in one statement per metric for all of them).
 */
export const goalStandings = async (
  { db }: Pick<Deps, 'db' | 'clock'>,
  { orgId, now }: { orgId: string; now: Date },
): Promise<GoalStanding[]> => {
  const goals = await db.goal.findMany({
    where: { orgId, status: 'active', targetDate: { not: null } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      title: true,
      createdAt: true,
      targetDate: true,
      metric: true,
      metricTarget: true,
      metricCurrency: true,
      tasks: { where: { orgId }, select: { status: true, stepDoneAt: true } },
    },
  });
  const live = await liveStandings({ db }, { orgId, goals, now });
  return goals.flatMap((goal) => {
    if (!goal.targetDate) return [];
    const progress = goalProgress(goal.tasks);
    return [
      {
        id: goal.id,
        title: goal.title,
        createdAt: goal.createdAt,
        targetDate: goal.targetDate,
        ...progress,
        live: live.get(goal.id) ?? null,
      },
    ];
  });
};
