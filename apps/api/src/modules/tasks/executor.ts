import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { taskInputSchemas, type TaskInputs, type TaskOrigin, type TaskType } from '@aiceo/shared/tasks';
import { z } from 'zod';
import { AppError } from '../../http/app-error';
import { reportError } from '../../http/error-middleware';
import { settleGoal } from '../goals/goals.service';
import { taskHandlers } from './handlers';
import {
  PermanentTaskError,
  RetryableTaskError,
  type TaskHandler,
  type TaskHandlerDeps,
  type TaskHandlers,
} from './task-handler';

export type ExecutorDeps = TaskHandlerDeps;

/** What one tick did; a tick started while another runs gets the running one's result. */
export type TickResult = {
  /** Tasks claimed, recovered ones included. */
  claimed: number;
  /** Claimed from a worker whose lease had expired. */
  recovered: number;
  completed: number;
  /** Failed and queued again after the backoff. */
  retried: number;
  failed: number;
  /** Finished here after another worker had taken the task over: the result was dropped. */
  lost: number;
};

export type Executor = {
  readonly workerId: string;
  /** Claims and runs due tasks until none is due; never overlaps itself. */
  tick(): Promise<TickResult>;
  /** Stops claiming and resolves once the tasks in hand have finished. */
  stop(): Promise<void>;
};

/** Called after a task reached COMPLETED or FAILED (not after a retry is queued). */
export type TaskFinished = {
  taskId: string;
  orgId: string;
  type: TaskType;
  goalId: string;
  status: 'COMPLETED' | 'FAILED';
};

/** A goal is completed once all its counted steps are. */
const settleGoalOf = async (deps: ExecutorDeps, finished: TaskFinished): Promise<void> => {
  await settleGoal(deps, { orgId: finished.orgId, goalId: finished.goalId });
};

type ExecutorOptions = {
  workerId?: string;
  handlers?: TaskHandlers;
  /** Run a tick ~50 ms after deps.taskSignal says tasks were queued in this process (default true). */
  subscribe?: boolean;
  /** After each finished goal step (default: settleGoal); errors are reported, never fail the task. */
  onFinished?: (deps: ExecutorDeps, finished: TaskFinished) => Promise<void>;
};

type ClaimedRow = {
  id: string;
  orgId: string;
  type: TaskType;
  title: string;
  input: unknown;
  origin: TaskOrigin;
  createdById: string | null;
  goalId: string | null;
  attempts: number;
  maxAttempts: number;
};

const SIGNAL_DEBOUNCE_MS = 50;
const MAX_ERROR_LENGTH = 2_000;
const LEASE_LOST_MESSAGE = 'The worker running this task stopped before it finished, and it has no attempts left';

const RETURNING = `RETURNING t.id, t."orgId", t.type, t.title, t.input, t.origin, t."createdById", t."goalId", t.attempts, t."maxAttempts"`;
const CLAIM_SET = `SET status = 'IN_PROGRESS', "leaseOwner" = $1, "leaseExpiresAt" = $3, attempts = t.attempts + 1, "startedAt" = $2, "updatedAt" = $2`;

// One statement per batch: the inner SELECT locks due rows other workers have not locked
// (SKIP LOCKED), so concurrent claims never wait on, or take, each other's rows.
const CLAIM_DUE_SQL = `UPDATE "Task" AS t ${CLAIM_SET}
WHERE t.id IN (SELECT id FROM "Task" WHERE status = 'PENDING' AND "runAfter" <= $2 ORDER BY "runAfter" LIMIT $4 FOR UPDATE SKIP LOCKED)
${RETURNING}`;

// A lease that ran out means its worker died or hung: the task is taken over as a new attempt.
const CLAIM_EXPIRED_SQL = `UPDATE "Task" AS t ${CLAIM_SET}
WHERE t.id IN (SELECT id FROM "Task" WHERE status = 'IN_PROGRESS' AND "leaseExpiresAt" < $2 AND attempts < "maxAttempts" ORDER BY "leaseExpiresAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
${RETURNING}`;

const FAIL_EXHAUSTED_SQL = `UPDATE "Task" AS t SET status = 'FAILED', error = $2, "finishedAt" = $1, "updatedAt" = $1, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
WHERE t.id IN (SELECT id FROM "Task" WHERE status = 'IN_PROGRESS' AND "leaseExpiresAt" < $1 AND attempts >= "maxAttempts" LIMIT $3 FOR UPDATE SKIP LOCKED)
${RETURNING}`;

// Every write on a claimed task is fenced on (leaseOwner, attempts, IN_PROGRESS): a run that
// lost its lease can never overwrite the outcome of the one that took the task over, even when
// that one is this same worker (its own expired lease, recovered).
const COMPLETE_SQL = `UPDATE "Task" AS t SET status = 'COMPLETED', output = v.output, "finishedAt" = $2, "updatedAt" = $2, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
FROM jsonb_to_recordset($3::jsonb) AS v(id uuid, attempt int, output jsonb)
WHERE t.id = v.id AND t.attempts = v.attempt AND t."leaseOwner" = $1 AND t.status = 'IN_PROGRESS'
RETURNING t.id, t.attempts`;

const RETRY_SQL = `UPDATE "Task" SET status = 'PENDING', error = $5, "runAfter" = $6, "updatedAt" = $2, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
WHERE id = $3 AND attempts = $4 AND "leaseOwner" = $1 AND status = 'IN_PROGRESS'
RETURNING id`;

const FAIL_SQL = `UPDATE "Task" SET status = 'FAILED', error = $5, "finishedAt" = $2, "updatedAt" = $2, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
WHERE id = $3 AND attempts = $4 AND "leaseOwner" = $1 AND status = 'IN_PROGRESS'
RETURNING id`;

const RENEW_SQL = `UPDATE "Task" AS t SET "leaseExpiresAt" = $3, "updatedAt" = $2
FROM jsonb_to_recordset($4::jsonb) AS v(id uuid, attempt int)
WHERE t.id = v.id AND t.attempts = v.attempt AND t."leaseOwner" = $1 AND t.status = 'IN_PROGRESS'
RETURNING t.id, t.attempts`;

export const defaultWorkerId = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Seconds before retry n (1-based): base * 2^(n-1), at most max. */
export const retryDelaySeconds = (options: { attempt: number; baseSeconds: number; maxSeconds: number }): number =>
  Math.min(options.baseSeconds * 2 ** Math.max(0, options.attempt - 1), options.maxSeconds);

/** What the owner reads for an error that was not written for them (a bug, the database): like a 500, masked. */
export const INTERNAL_TASK_ERROR = 'An internal error stopped this attempt; it has been logged for the team';

/**
 * The failure in words for the owner: the message of errors written for them (ours, or a handler
 * saying why), never a stack; anything else is masked and goes to the error log instead.
 */
const errorText = (error: unknown): string => {
  const forOwner =
    (error instanceof AppError && error.status !== 500) ||
    error instanceof PermanentTaskError ||
    error instanceof RetryableTaskError;
  const text = forOwner ? error.message || error.name : INTERNAL_TASK_ERROR;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 3)}...` : text;
};

const isPermanent = (error: unknown): boolean => error instanceof PermanentTaskError;

const emptyResult = (): TickResult => ({ claimed: 0, recovered: 0, completed: 0, retried: 0, failed: 0, lost: 0 });

type Completion = {
  id: string;
  attempt: number;
  output: Record<string, unknown>;
  done: (accepted: boolean) => void;
  failed: (error: unknown) => void;
};

/** One run of a task: a task claimed again (its lease expired) is another run. */
const runKey = (task: { id: string; attempts: number }) => `${task.id}#${task.attempts}`;

export const createExecutor = (deps: ExecutorDeps, options: ExecutorOptions = {}): Executor => {
  const { database, clock, log, env } = deps;
  const workerId = options.workerId ?? defaultWorkerId();
  const handlers = options.handlers ?? taskHandlers;
  const batchSize = env.TASK_BATCH_SIZE;
  const leaseMs = env.TASK_LEASE_SECONDS * 1000;
  // Claim again once half the slots are free, so claims stay batched.
  const refillAt = Math.max(1, Math.ceil(batchSize / 2));

  // Runs from claim to their fenced write (renewed, awaited by stop) ...
  const inHand = new Map<string, { row: ClaimedRow; promise: Promise<void>; controller: AbortController }>();
  // ... and the slots: a run frees its slot when its handler returns, so the next claim does not wait for the write.
  const busy = new Set<Promise<void>>();
  let current: Promise<TickResult> | null = null;
  let again = false;
  let stopping = false;
  let debounce: NodeJS.Timeout | null = null;
  let renewTimer: NodeJS.Timeout | null = null;

  const leaseUntil = (now: Date) => new Date(now.getTime() + leaseMs);

  // --- finishing ------------------------------------------------------------------------

  // Completions are written in batches: one UPDATE for every task that finished while the
  // previous write was in flight.
  let queued: Completion[] = [];
  let flushing = false;
  const flushCompletions = async () => {
    flushing = true;
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      try {
        const now = clock.now();
        const payload = JSON.stringify(batch.map((c) => ({ id: c.id, attempt: c.attempt, output: c.output })));
        const rows = await database.query<{ id: string; attempts: number }>(COMPLETE_SQL, [workerId, now, payload]);
        const accepted = new Set(rows.map(runKey));
        for (const c of batch) c.done(accepted.has(runKey({ id: c.id, attempts: c.attempt })));
      } catch (error) {
        for (const c of batch) c.failed(error);
      }
    }
    flushing = false;
  };
  const complete = (row: ClaimedRow, output: Record<string, unknown>) =>
    new Promise<boolean>((resolve, reject) => {
      queued.push({ id: row.id, attempt: row.attempts, output, done: resolve, failed: reject });
      if (!flushing) void flushCompletions();
    });

  /** Retry after the backoff, or FAILED; resolves to the status written, or null when the lease was lost. */
  const failAttempt = async (row: ClaimedRow, error: unknown): Promise<'PENDING' | 'FAILED' | null> => {
    const now = clock.now();
    const message = errorText(error);
    if (row.attempts < row.maxAttempts && !isPermanent(error)) {
      const delay = retryDelaySeconds({
        attempt: row.attempts,
        baseSeconds: env.TASK_RETRY_BASE_SECONDS,
        maxSeconds: env.TASK_RETRY_MAX_SECONDS,
      });
      const runAfter = new Date(now.getTime() + delay * 1000);
      const rows = await database.query(RETRY_SQL, [workerId, now, row.id, row.attempts, message, runAfter]);
      return rows.length > 0 ? 'PENDING' : null;
    }
    const rows = await database.query(FAIL_SQL, [workerId, now, row.id, row.attempts, message]);
    return rows.length > 0 ? 'FAILED' : null;
  };

  const onFinished = options.onFinished ?? settleGoalOf;
  const finished = async (finishedTask: TaskFinished) => {
    try {
      await onFinished(deps, finishedTask);
    } catch (error) {
      reportError(deps, error, { taskId: finishedTask.taskId, during: 'task finished hook' });
    }
  };

  // --- running one task -----------------------------------------------------------------

  const parseInput = (row: ClaimedRow): TaskInputs[TaskType] => {
    const schema = taskInputSchemas[row.type] as z.ZodType | undefined;
    if (!schema) throw new PermanentTaskError(`There is no task type "${row.type}"`);
    const parsed = schema.safeParse(row.input);
    if (!parsed.success)
      throw new PermanentTaskError(
        `The task's input is not valid: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`,
      );
    return parsed.data as TaskInputs[TaskType];
  };

  const runTask = async (row: ClaimedRow, controller: AbortController, result: TickResult, freeSlot: () => void) => {
    const started = performance.now();
    const context = { taskId: row.id, type: row.type, orgId: row.orgId, attempt: row.attempts, workerId };
    const ms = () => Math.round(performance.now() - started);
    let output: Record<string, unknown> | null = null;
    let failure: unknown = null;
    try {
      const input = parseInput(row);
      const handler = handlers[row.type] as TaskHandler | undefined;
      if (!handler) throw new PermanentTaskError(`This worker cannot run "${row.type}" tasks`);
      output = await handler(deps, {
        id: row.id,
        orgId: row.orgId,
        type: row.type,
        title: row.title,
        input,
        origin: row.origin,
        createdById: row.createdById,
        goalId: row.goalId,
        attempt: row.attempts,
        signal: controller.signal,
      });
    } catch (error) {
      failure = error;
    }
    freeSlot();

    try {
      if (failure === null) {
        const accepted = await complete(row, output ?? {});
        if (!accepted) {
          result.lost += 1;
          log.warn({ ...context, ms: ms() }, 'task finished after its lease was lost: result dropped');
          return;
        }
        result.completed += 1;
        log.info({ ...context, ms: ms(), status: 'COMPLETED' }, 'task completed');
        if (row.goalId)
          await finished({ taskId: row.id, orgId: row.orgId, type: row.type, goalId: row.goalId, status: 'COMPLETED' });
        return;
      }
      const status = await failAttempt(row, failure);
      const error = errorText(failure);
      if (status === null) {
        result.lost += 1;
        log.warn({ ...context, ms: ms(), error }, 'task failed after its lease was lost: outcome dropped');
      } else if (status === 'PENDING') {
        result.retried += 1;
        log.info({ ...context, ms: ms(), status, error }, 'task failed: queued for a retry');
      } else {
        result.failed += 1;
        log.info({ ...context, ms: ms(), status, error, permanent: isPermanent(failure) }, 'task failed');
        if (row.goalId)
          await finished({ taskId: row.id, orgId: row.orgId, type: row.type, goalId: row.goalId, status: 'FAILED' });
      }
      // An unexpected error (not ours, not the handler saying so) also goes to the error log.
      if (error === INTERNAL_TASK_ERROR) reportError(deps, failure, context);
    } catch (error) {
      // The database failed while finishing: the task stays IN_PROGRESS and is taken over when its lease runs out.
      reportError(deps, error, { ...context, during: 'finishing a task' });
    }
  };

  // --- lease renewal --------------------------------------------------------------------

  const renewLeases = async () => {
    const keys = [...inHand.keys()];
    if (keys.length === 0) return;
    const now = clock.now();
    const payload = JSON.stringify([...inHand.values()].map(({ row }) => ({ id: row.id, attempt: row.attempts })));
    try {
      const rows = await database.query<{ id: string; attempts: number }>(RENEW_SQL, [
        workerId,
        now,
        leaseUntil(now),
        payload,
      ]);
      const renewed = new Set(rows.map(runKey));
      for (const key of keys) {
        const task = inHand.get(key);
        // Gone from the map: it finished meanwhile. Still here but not renewed: another run holds it now.
        if (task && !renewed.has(key)) {
          log.warn(
            { taskId: task.row.id, attempt: task.row.attempts, workerId },
            'task lease lost: asking the handler to stop',
          );
          task.controller.abort(new Error('The task lease was lost'));
        }
      }
    } catch (error) {
      reportError(deps, error, { workerId, during: 'renewing task leases' });
    }
  };
  const startRenewing = () => {
    if (renewTimer) return;
    renewTimer = setInterval(() => void renewLeases(), Math.max(1, Math.floor(leaseMs / 3)));
    renewTimer.unref();
  };
  const stopRenewing = () => {
    if (renewTimer) clearInterval(renewTimer);
    renewTimer = null;
  };

  // --- claiming -------------------------------------------------------------------------

  const start = (row: ClaimedRow, result: TickResult) => {
    const key = runKey(row);
    const controller = new AbortController();
    let freeSlot: () => void = () => undefined;
    const slot = new Promise<void>((resolveSlot) => (freeSlot = resolveSlot));
    busy.add(slot);
    void slot.then(() => busy.delete(slot));
    const promise = runTask(row, controller, result, freeSlot).finally(() => {
      freeSlot();
      inHand.delete(key);
      if (inHand.size === 0) stopRenewing();
    });
    inHand.set(key, { row, promise, controller });
    startRenewing();
  };
  const allInHand = () => Promise.all([...inHand.values()].map((task) => task.promise));

  const failExhausted = async (result: TickResult) => {
    const now = clock.now();
    const rows = await database.query<ClaimedRow>(FAIL_EXHAUSTED_SQL, [now, LEASE_LOST_MESSAGE, batchSize * 10]);
    for (const row of rows) {
      result.failed += 1;
      log.info(
        {
          taskId: row.id,
          type: row.type,
          orgId: row.orgId,
          attempt: row.attempts,
          workerId,
          status: 'FAILED',
          error: LEASE_LOST_MESSAGE,
        },
        'task failed',
      );
      if (row.goalId)
        await finished({ taskId: row.id, orgId: row.orgId, type: row.type, goalId: row.goalId, status: 'FAILED' });
    }
  };

  const drain = async (): Promise<TickResult> => {
    const result = emptyResult();
    let recovering = true;
    let dry = false;
    try {
      await failExhausted(result);
      for (;;) {
        if (stopping) break;
        const free = batchSize - busy.size;
        // When the queue ran dry, wait for the running handlers, then look once more.
        if (busy.size === 0 || (!dry && free >= refillAt)) {
          again = false;
          const now = clock.now();
          const params = [workerId, now, leaseUntil(now)];
          let rows: ClaimedRow[] = [];
          if (recovering) {
            rows = await database.query<ClaimedRow>(CLAIM_EXPIRED_SQL, [...params, free]);
            result.recovered += rows.length;
            if (rows.length < free) recovering = false;
          }
          if (rows.length < free)
            rows = rows.concat(await database.query<ClaimedRow>(CLAIM_DUE_SQL, [...params, free - rows.length]));
          result.claimed += rows.length;
          dry = rows.length < free;
          for (const row of rows) start(row, result);
          if (busy.size === 0) {
            // Nothing due: the writes still in flight end the tick (or find what was queued meanwhile).
            await allInHand();
            if (again && !stopping) continue;
            break;
          }
        }
        await Promise.race(busy);
      }
    } finally {
      await allInHand();
    }
    return result;
  };

  const tick = (): Promise<TickResult> => {
    if (current) {
      // Tasks queued while a tick runs are picked up by that tick before it ends.
      again = true;
      return current;
    }
    if (stopping) return Promise.resolve(emptyResult());
    current = drain().finally(() => {
      current = null;
    });
    return current;
  };

  const unsubscribe =
    (options.subscribe ?? true)
      ? deps.taskSignal.subscribe(() => {
          if (stopping || debounce) return;
          debounce = setTimeout(() => {
            debounce = null;
            tick().catch((error: unknown) => reportError(deps, error, { workerId, during: 'executor tick' }));
          }, SIGNAL_DEBOUNCE_MS);
          debounce.unref();
        })
      : () => undefined;

  return {
    workerId,
    tick,
    stop: async () => {
      stopping = true;
      unsubscribe();
      if (debounce) clearTimeout(debounce);
      debounce = null;
      await current?.catch(() => undefined);
      await allInHand();
      stopRenewing();
    },
  };
};
