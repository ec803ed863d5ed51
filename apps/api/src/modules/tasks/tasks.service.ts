import {
  DEFAULT_TASK_ATTEMPTS,
  leadFollowupTaskInputSchema,
  taskStatuses,
  type CreateTaskInput,
  type ListTasksQuery,
  type Task,
  type TaskInputs,
  type TaskOrigin,
  type TaskSummary,
  type TaskType,
} from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { outreachBlocks } from '../outreach/outreach.service';
import { spendUsage } from '../usage/usage.service';
import { toPage } from '../../lib/pagination';
import { clip } from '../../lib/text';

const taskSelect = {
  id: true,
  type: true,
  status: true,
  title: true,
  input: true,
  output: true,
  error: true,
  attempts: true,
  maxAttempts: true,
  runAfter: true,
  leaseExpiresAt: true,
  origin: true,
  createdById: true,
  goalId: true,
  goalOrder: true,
  dueAt: true,
  stepDoneAt: true,
  insightId: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TaskSelect;
type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;

const iso = (value: Date | null) => value?.toISOString() ?? null;
const asRecord = (value: Prisma.JsonValue | null): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const toTask = (row: TaskRow): Task => ({
  ...row,
  input: asRecord(row.input) ?? {},
  output: asRecord(row.output),
  runAfter: row.runAfter.toISOString(),
  leaseExpiresAt: iso(row.leaseExpiresAt),
  dueAt: iso(row.dueAt),
  stepDoneAt: iso(row.stepDoneAt),
  startedAt: iso(row.startedAt),
  finishedAt: iso(row.finishedAt),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** A task to put in the queue; the input must already be parsed by its type's schema. */
export type NewTask<T extends TaskType = TaskType> = {
  type: T;
  input: TaskInputs[T];
  title: string;
  runAfter?: Date;
  maxAttempts?: number;
  goalId?: string;
  goalOrder?: number;
  dueAt?: Date;
  insightId?: string;
  /** Tasks whose key the org already has are not created again (and not counted). */
  dedupeKey?: string;
};

type EnqueueOptions = {
  orgId: string;
  origin: TaskOrigin;
  createdById: string | null;
  tasks: NewTask[];
  /**
   * Rows to write in the same transaction, before the tasks (a goal its steps point to). There is
   * no "write in my transaction" option: the usage is reserved before the transaction opens, and on
   * PGlite (one session) a reservation made while a caller's transaction is open would wait for it.
   */
  prepare?: (tx: Prisma.TransactionClient) => Promise<void>;
};

const followupLeadIds = (tasks: NewTask[]): string[] =>
  tasks.flatMap((task) => (task.type === 'lead_followup' ? [(task.input as TaskInputs['lead_followup']).leadId] : []));

/**
 * A follow-up for a lead that must not be contacted now (unsubscribed, closed, a meeting coming,
 * a follow-up pending or recent, whoever queued it) is refused with 409 and the reason, and so
 * is a second follow-up for one lead in the same batch. The leads' rows are locked first, so two
 * enqueues for one lead at once are taken one after the other and the second sees the first.
 */
const refuseBlockedFollowups = async (
  db: Prisma.TransactionClient,
  { orgId, clock, tasks }: { orgId: string; clock: Deps['clock']; tasks: NewTask[] },
) => {
  const leadIds = followupLeadIds(tasks);
  if (leadIds.length === 0) return;
  const unique = [...new Set(leadIds)].sort();
  await db.$queryRaw`SELECT id FROM "Lead" WHERE "orgId" = ${orgId}::uuid AND id = ANY(${unique}::uuid[]) ORDER BY id FOR UPDATE`;
  const blocks = await outreachBlocks({ db, clock }, { orgId, leadIds: unique });
  const block = leadIds.map((leadId) => blocks.get(leadId)).find((found) => found !== undefined);
  if (block) throw new AppError('CONFLICT', block.message, { code: block.code });
  if (unique.length < leadIds.length)
    throw new AppError('CONFLICT', 'Two follow-ups for the same lead were asked at once; one is enough.');
};

/**
 * The one way tasks enter the queue (API, agentic engine, goals). Reserves one `tasks` unit each
 * (402 QUOTA_EXCEEDED, nothing written, when they would pass the plan's limit); tasks whose
 * dedupeKey exists are skipped and their units given back. A lead_followup for a lead that must
 * not be contacted now is refused, whatever the origin: 409 CONFLICT with why, nothing written. Returns the tasks created, in order,
 * and wakes this process's executor.
 */
export const enqueueTasks = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'taskSignal'>,
  { orgId, origin, createdById, tasks, prepare }: EnqueueOptions,
): Promise<Task[]> => {
  if (tasks.length === 0) return [];
  const now = deps.clock.now();
  const created = await spendUsage(deps, { orgId, resource: 'tasks', count: tasks.length }, async (hold) => {
    const written: Task[] = [];
    const write = async (db: Prisma.TransactionClient) => {
      if (prepare) await prepare(db);
      // One read for every key; a key repeated within the batch is created once.
      const keys = [...new Set(tasks.flatMap((task) => (task.dedupeKey ? [task.dedupeKey] : [])))];
      const taken = new Set(
        keys.length === 0
          ? []
          : (await db.task.findMany({ where: { orgId, dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map(
              (task) => task.dedupeKey,
            ),
      );
      const fresh = tasks.filter((task) => {
        if (!task.dedupeKey) return true;
        if (taken.has(task.dedupeKey)) return false;
        taken.add(task.dedupeKey);
        return true;
      });
      await refuseBlockedFollowups(db, { orgId, clock: deps.clock, tasks: fresh });
      for (const task of fresh) {
        const row = await db.task.create({
          data: {
            orgId,
            type: task.type,
            title: task.title,
            input: task.input as Prisma.InputJsonValue,
            runAfter: task.runAfter ?? now,
            maxAttempts: task.maxAttempts ?? DEFAULT_TASK_ATTEMPTS,
            origin,
            createdById,
            goalId: task.goalId ?? null,
            goalOrder: task.goalOrder ?? null,
            dueAt: task.dueAt ?? null,
            insightId: task.insightId ?? null,
            dedupeKey: task.dedupeKey ?? null,
            createdAt: now,
            updatedAt: now,
          },
          select: taskSelect,
        });
        written.push(toTask(row));
      }
    };
    try {
      await deps.db.$transaction(write);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new AppError('CONFLICT', 'That task is already queued');
      }
      throw error;
    }
    // Tasks skipped for an existing dedupeKey give their units back.
    await hold.giveBack(tasks.length - written.length);
    return written;
  });
  if (created.length > 0) deps.taskSignal.notify();
  return created;
};

/** A title for a task the owner did not name. */
const defaultTaskTitle = (input: CreateTaskInput): string => {
  switch (input.type) {
    case 'social_media_post':
      return `LinkedIn post: ${clip(input.input.brief, 80)}`;
    case 'email_campaign':
      return `Email campaign: ${clip(input.input.name ?? input.input.brief, 80)}`;
    case 'lead_followup':
      return 'Follow up with a lead';
    case 'report':
      return `Business report (${input.input.period})`;
  }
};

export const createTask = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'taskSignal'>,
  {
    orgId,
    origin,
    createdById,
    input,
  }: { orgId: string; origin: TaskOrigin; createdById: string | null; input: CreateTaskInput },
): Promise<Task> => {
  if (input.type === 'lead_followup') {
    const lead = await deps.db.lead.findFirst({ where: { id: input.input.leadId, orgId }, select: { name: true } });
    if (!lead) {
      throw new AppError('VALIDATION_FAILED', 'That lead does not exist', {
        issues: [{ location: 'body', path: 'input.leadId', message: 'No such lead' }],
      });
    }
    input = { ...input, title: input.title ?? `Follow up with ${lead.name}` };
  }
  const [task] = await enqueueTasks(deps, {
    orgId,
    origin,
    createdById,
    tasks: [
      {
        type: input.type,
        input: input.input,
        title: input.title ?? defaultTaskTitle(input),
        ...(input.runAfter ? { runAfter: new Date(input.runAfter) } : {}),
        ...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {}),
      },
    ],
  });
  if (!task) throw new Error('the task was not created');
  return task;
};

export const listTasks = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, query }: { orgId: string; query: ListTasksQuery },
) => {
  const where: Prisma.TaskWhereInput = {
    orgId,
    ...(query.status ? { status: { in: query.status } } : {}),
    ...(query.type ? { type: { in: query.type } } : {}),
    ...(query.origin ? { origin: query.origin } : {}),
    ...(query.goalId ? { goalId: query.goalId } : {}),
    ...(query.insightId ? { insightId: query.insightId } : {}),
  };
  const rows = await db.task.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: taskSelect,
  });
  return toPage(rows, query.limit, toTask);
};

export const getTaskSummary = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId }: { orgId: string },
): Promise<TaskSummary> => {
  const [groups, oldest] = await Promise.all([
    db.task.groupBy({ by: ['status'], where: { orgId }, _count: { _all: true } }),
    db.task.findFirst({
      where: { orgId, status: 'PENDING', runAfter: { lte: clock.now() } },
      orderBy: { runAfter: 'asc' },
      select: { runAfter: true },
    }),
  ]);
  const counts = Object.fromEntries(
    taskStatuses.map((status) => [status, groups.find((g) => g.status === status)?._count._all ?? 0]),
  ) as TaskSummary['counts'];
  return { counts, oldestDueAt: iso(oldest?.runAfter ?? null) };
};

export const getTask = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, taskId }: { orgId: string; taskId: string },
): Promise<Task> => {
  const row = await db.task.findFirst({ where: { id: taskId, orgId }, select: taskSelect });
  if (!row) throw notFound('Task');
  return toTask(row);
};

/** A goal's steps in plan order. */
export const listGoalSteps = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, goalId }: { orgId: string; goalId: string },
): Promise<Task[]> => {
  const rows = await db.task.findMany({ where: { orgId, goalId }, orderBy: { goalOrder: 'asc' }, select: taskSelect });
  return rows.map(toTask);
};

/** Cancels PENDING tasks (a running one finishes; a finished one stays as it is). */
export const cancelTask = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, taskId }: { orgId: string; taskId: string },
): Promise<Task> => {
  const now = clock.now();
  const { count } = await db.task.updateMany({
    where: { id: taskId, orgId, status: 'PENDING' },
    data: { status: 'CANCELLED', finishedAt: now, updatedAt: now },
  });
  const task = await getTask({ db }, { orgId, taskId });
  if (count === 0)
    throw new AppError(
      'CONFLICT',
      `This task is ${task.status.toLowerCase().replace('_', ' ')}; only a pending task can be cancelled`,
    );
  return task;
};

/** A follow-up retried for a lead that must not be contacted now is refused like a new one (409 with why). */
const refuseBlockedRetry = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, taskId }: { orgId: string; taskId: string },
) => {
  const task = await deps.db.task.findFirst({
    where: { id: taskId, orgId, type: 'lead_followup', status: { in: ['FAILED', 'CANCELLED'] } },
    select: { input: true },
  });
  // An input that no longer parses fails again at run time with its own message.
  const parsed = leadFollowupTaskInputSchema.safeParse(task?.input);
  if (!task || !parsed.success) return;
  const { leadId } = parsed.data;
  const block = (await outreachBlocks(deps, { orgId, leadIds: [leadId], ignoreTaskId: taskId })).get(leadId);
  if (block) throw new AppError('CONFLICT', block.message, { code: block.code });
};

/** Queues a FAILED or CANCELLED task again now, with its attempts reset. It was counted when it was created. */
export const retryTask = async (
  deps: Pick<Deps, 'db' | 'clock' | 'taskSignal'>,
  { orgId, taskId }: { orgId: string; taskId: string },
): Promise<Task> => {
  const now = deps.clock.now();
  await refuseBlockedRetry(deps, { orgId, taskId });
  const { count } = await deps.db.task.updateMany({
    where: { id: taskId, orgId, status: { in: ['FAILED', 'CANCELLED'] } },
    data: {
      status: 'PENDING',
      attempts: 0,
      error: null,
      runAfter: now,
      finishedAt: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: now,
    },
  });
  const task = await getTask(deps, { orgId, taskId });
  if (count === 0)
    throw new AppError(
      'CONFLICT',
      `This task is ${task.status.toLowerCase().replace('_', ' ')}; only a failed or cancelled task can be retried`,
    );
  deps.taskSignal.notify();
  return task;
};
