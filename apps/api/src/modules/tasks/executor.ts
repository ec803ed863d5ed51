import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { taskInputSchemas, type TaskInputs, type TaskOrigin, type TaskType } from '@aiceo/shared/tasks';
import { z } from 'zod';
import { AppError } from '../../http/app-error';
import { reportError } from '../../http/error-middleware';
import { clip } from '../../lib/text';
import { notifyFailedTask } from '../telegram-notify/telegram-notify.service';
import { taskHandlers } from './handlers';
import {
  PermanentTaskError,
  RetryableTaskError,
  SkippedTaskError,
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
  /** Ended CANCELLED by the handler: nothing to do on purpose (a lead that must not be contacted). */
  skipped: number;
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

/** Called after a task reached COMPLETED or FAILED, or was skipped (CANCELLED); not after a retry is queued. */
export type TaskFinished = {
  taskId: string;
  orgId: string;
  type: TaskType;
  goalId: string;
  status: 'COMPLETED' | 'FAILED' | 'CANCELLED';
};

type ExecutorOptions = {
  workerId?: string;
  handlers?: TaskHandlers;
  /** Run a tick ~50 ms after deps.taskSignal says tasks were queued in this process (default true). */
  subscribe?: boolean;
  /**
   * After each finished goal step; errors are reported, never fail the task. The processes that run tasks pass the
   * goals module's settleGoal (tasks does not depend on goals: goals depends on tasks).
   */
  onFinished?: (deps: ExecutorDeps, finished: TaskFinished) => Promise<unknown>;
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

const SKIP_SQL = `UPDATE "Task" SET status = 'CANCELLED', error = $5, "finishedAt" = $2, "updatedAt" = $2, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
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
    error instanceof RetryableTaskError ||
    error instanceof SkippedTaskError;
  const text = forOwner ? error.message || error.name : INTERNAL_TASK_ERROR;
  return clip(text, MAX_ERROR_LENGTH);
};

const isPermanent = (error: unknown): boolean => error instanceof PermanentTaskError;

const emptyResult = (): TickResult => ({
  claimed: 0,
  recovered: 0,
  completed: 0,
  retried: 0,
  failed: 0,
  skipped: 0,
  lost: 0,
});

type Completion = {
  id: string;
  attempt: number;
  output: Record<string, unknown>;
  done: (accepted: boolean) => void;
  failed: (error: unknown) => void;
};

/** One run of a task: a task claimed again (its lease expired) is another run. */
const runKey = (task: { id: string; attempts: number }) => `${task.id}#${task.attempts}`;

type Run = { row: ClaimedRow; promise: Promise<void>; controller: AbortController };

/** What one executor keeps between calls; the functions below take it first. */
type ExecutorState = {
  deps: ExecutorDeps;
  workerId: string;
  handlers: TaskHandlers;
  onFinished: ExecutorOptions['onFinished'];
  batchSize: number;
  leaseMs: number;
  /** Claim again once this many slots are free (half the batch), so claims stay batched. */
  refillAt: number;
  /** Runs from claim to their fenced write (renewed, awaited by stop) ... */
  inHand: Map<string, Run>;
  /** ... and the slots: a run frees its slot when its handler returns, so the next claim does not wait for the write. */
  busy: Set<Promise<void>>;
  /** Completions waiting for the next batched write, and whether a write is in flight. */
  completions: Completion[];
  flushing: boolean;
  /** The running tick, and whether tasks were queued while it ran. */
  current: Promise<TickResult> | null;
  again: boolean;
  stopping: boolean;
  debounce: NodeJS.Timeout | null;
  renewTimer: NodeJS.Timeout | null;
};

const leaseUntil = (state: ExecutorState, now: Date) => new Date(now.getTime() + state.leaseMs);

// --- finishing ------------------------------------------------------------------------

/**
 * Writes the queued completions: one UPDATE for every task that finished while the previous
 * write was in flight.
 */
const flushCompletions = async (state: ExecutorState) => {
  const { database, clock } = state.deps;
  state.flushing = true;
  while (state.completions.length > 0) {
    const batch = state.completions;
    state.completions = [];
    try {
      const now = clock.now();
      const payload = JSON.stringify(batch.map((c) => ({ id: c.id, attempt: c.attempt, output: c.output })));
      const rows = await database.query<{ id: string; attempts: number }>(COMPLETE_SQL, [state.workerId, now, payload]);
      const accepted = new Set(rows.map(runKey));
      for (const c of batch) c.done(accepted.has(runKey({ id: c.id, attempts: c.attempt })));
    } catch (error) {
      for (const c of batch) c.failed(error);
    }
  }
  state.flushing = false;
};

/** COMPLETED with its output; resolves to false when the lease was lost (another run holds the task). */
const writeCompletion = (state: ExecutorState, row: ClaimedRow, output: Record<string, unknown>) =>
  new Promise<boolean>((resolve, reject) => {
    state.completions.push({ id: row.id, attempt: row.attempts, output, done: resolve, failed: reject });
    if (!state.flushing) void flushCompletions(state);
  });

/**
 * Retry after the backoff, or FAILED, or CANCELLED for a skip (never retried); resolves to the
 * status written, or null when the lease was lost.
 */
const writeFailure = async (
  state: ExecutorState,
  row: ClaimedRow,
  error: unknown,
): Promise<'PENDING' | 'FAILED' | 'CANCELLED' | null> => {
  const { database, clock, env } = state.deps;
  const now = clock.now();
  const message = errorText(error);
  if (error instanceof SkippedTaskError) {
    const rows = await database.query(SKIP_SQL, [state.workerId, now, row.id, row.attempts, message]);
    return rows.length > 0 ? 'CANCELLED' : null;
  }
  if (row.attempts < row.maxAttempts && !isPermanent(error)) {
    const delay = retryDelaySeconds({
      attempt: row.attempts,
      baseSeconds: env.TASK_RETRY_BASE_SECONDS,
      maxSeconds: env.TASK_RETRY_MAX_SECONDS,
    });
    const runAfter = new Date(now.getTime() + delay * 1000);
    const rows = await database.query(RETRY_SQL, [state.workerId, now, row.id, row.attempts, message, runAfter]);
    return rows.length > 0 ? 'PENDING' : null;
  }
  const rows = await database.query(FAIL_SQL, [state.workerId, now, row.id, row.attempts, message]);
  return rows.length > 0 ? 'FAILED' : null;
};

/** Tells the onFinished hook that a goal's step reached COMPLETED or FAILED; its errors are only reported. */
const notifyGoalStep = async (state: ExecutorState, row: ClaimedRow, status: TaskFinished['status']) => {
  // Failed for good (not a retry): linked Telegram chats hear of it; never throws, does not hold up the executor.
  if (status === 'FAILED') void notifyFailedTask(state.deps, { orgId: row.orgId, taskId: row.id });
  if (!row.goalId || !state.onFinished) return;
  const finished: TaskFinished = { taskId: row.id, orgId: row.orgId, type: row.type, goalId: row.goalId, status };
  try {
    await state.onFinished(state.deps, finished);
  } catch (error) {
    reportError(state.deps, error, { taskId: finished.taskId, during: 'task finished hook' });
  }
};

// --- running one task -----------------------------------------------------------------

const parseInput = (row: ClaimedRow): TaskInputs[TaskType] => {
  const schema = taskInputSchemas[row.type] as z.ZodType | undefined;
  if (!schema) throw new PermanentTaskError(`There is no task type "${row.type}"`);
  const parsed = schema.safeParse(row.input);
  if (!parsed.success)
    throw new PermanentTaskError(`The task's input is not valid: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return parsed.data as TaskInputs[TaskType];
};

type HandlerOutcome = { failed: false; output: Record<string, unknown> } | { failed: true; error: unknown };

/** Runs the type's handler on the parsed input; whatever it throws is the outcome, never an exception. */
const runHandler = async (state: ExecutorState, row: ClaimedRow, signal: AbortSignal): Promise<HandlerOutcome> => {
  try {
    const input = parseInput(row);
    const handler = state.handlers[row.type] as TaskHandler | undefined;
    if (!handler) throw new PermanentTaskError(`This worker cannot run "${row.type}" tasks`);
    const output = await handler(state.deps, {
      id: row.id,
      orgId: row.orgId,
      type: row.type,
      title: row.title,
      input,
      origin: row.origin,
      createdById: row.createdById,
      goalId: row.goalId,
      attempt: row.attempts,
      signal,
    });
    return { failed: false, output: output ?? {} };
  } catch (error) {
    return { failed: true, error };
  }
};

type RunContext = { taskId: string; type: TaskType; orgId: string; attempt: number; workerId: string };

/** Writes a handler's outcome (fenced on the lease), counts it in the tick's result and logs it. */
const finishRun = async (
  state: ExecutorState,
  {
    row,
    outcome,
    result,
    context,
    ms,
  }: {
    row: ClaimedRow;
    outcome: HandlerOutcome;
    result: TickResult;
    context: RunContext;
    ms: () => number;
  },
) => {
  const { log } = state.deps;
  if (!outcome.failed) {
    const accepted = await writeCompletion(state, row, outcome.output);
    if (!accepted) {
      result.lost += 1;
      log.warn({ ...context, ms: ms() }, 'task finished after its lease was lost: result dropped');
      return;
    }
    result.completed += 1;
    log.info({ ...context, ms: ms(), status: 'COMPLETED' }, 'task completed');
    await notifyGoalStep(state, row, 'COMPLETED');
    return;
  }
  const status = await writeFailure(state, row, outcome.error);
  const error = errorText(outcome.error);
  if (status === null) {
    result.lost += 1;
    log.warn({ ...context, ms: ms(), error }, 'task failed after its lease was lost: outcome dropped');
  } else if (status === 'PENDING') {
    result.retried += 1;
    log.info({ ...context, ms: ms(), status, error }, 'task failed: queued for a retry');
  } else if (status === 'CANCELLED') {
    result.skipped += 1;
    log.info({ ...context, ms: ms(), status, error }, 'task skipped');
    await notifyGoalStep(state, row, 'CANCELLED');
  } else {
    result.failed += 1;
    log.info({ ...context, ms: ms(), status, error, permanent: isPermanent(outcome.error) }, 'task failed');
    await notifyGoalStep(state, row, 'FAILED');
  }
  // An unexpected error (not ours, not the handler saying so) also goes to the error log.
  if (error === INTERNAL_TASK_ERROR) reportError(state.deps, outcome.error, context);
};

/** One run: the handler, then (with its slot already freed) the fenced write of what it did. */
const runTask = async (
  state: ExecutorState,
  {
    row,
    controller,
    result,
    freeSlot,
  }: { row: ClaimedRow; controller: AbortController; result: TickResult; freeSlot: () => void },
) => {
  const started = performance.now();
  const context: RunContext = {
    taskId: row.id,
    type: row.type,
    orgId: row.orgId,
    attempt: row.attempts,
    workerId: state.workerId,
  };
  const ms = () => Math.round(performance.now() - started);
  const outcome = await runHandler(state, row, controller.signal);
  freeSlot();
  try {
    await finishRun(state, { row, outcome, result, context, ms });
  } catch (error) {
    // The database failed while finishing: the task stays IN_PROGRESS and is taken over when its lease runs out.
    reportError(state.deps, error, { ...context, during: 'finishing a task' });
  }
};

// --- lease renewal --------------------------------------------------------------------

/** Extends the lease of every run in hand; a run whose lease another worker took is asked to stop. */
const renewLeases = async (state: ExecutorState) => {
  const { database, clock, log } = state.deps;
  const keys = [...state.inHand.keys()];
  if (keys.length === 0) return;
  const now = clock.now();
  const payload = JSON.stringify([...state.inHand.values()].map(({ row }) => ({ id: row.id, attempt: row.attempts })));
  try {
    const rows = await database.query<{ id: string; attempts: number }>(RENEW_SQL, [
      state.workerId,
      now,
      leaseUntil(state, now),
      payload,
    ]);
    const renewed = new Set(rows.map(runKey));
    for (const key of keys) {
      const task = state.inHand.get(key);
      // Gone from the map: it finished meanwhile. Still here but not renewed: another run holds it now.
      if (task && !renewed.has(key)) {
        log.warn(
          { taskId: task.row.id, attempt: task.row.attempts, workerId: state.workerId },
          'task lease lost: asking the handler to stop',
        );
        task.controller.abort(new Error('The task lease was lost'));
      }
    }
  } catch (error) {
    reportError(state.deps, error, { workerId: state.workerId, during: 'renewing task leases' });
  }
};

const startRenewing = (state: ExecutorState) => {
  if (state.renewTimer) return;
  state.renewTimer = setInterval(() => void renewLeases(state), Math.max(1, Math.floor(state.leaseMs / 3)));
  state.renewTimer.unref();
};

const stopRenewing = (state: ExecutorState) => {
  if (state.renewTimer) clearInterval(state.renewTimer);
  state.renewTimer = null;
};

// --- claiming -------------------------------------------------------------------------

/** Takes a slot and starts the run; the run leaves inHand (and renewal stops with the last one) once written. */
const startRun = (state: ExecutorState, row: ClaimedRow, result: TickResult) => {
  const key = runKey(row);
  const controller = new AbortController();
  let freeSlot: () => void = () => undefined;
  const slot = new Promise<void>((resolveSlot) => (freeSlot = resolveSlot));
  state.busy.add(slot);
  void slot.then(() => state.busy.delete(slot));
  const promise = runTask(state, { row, controller, result, freeSlot }).finally(() => {
    freeSlot();
    state.inHand.delete(key);
    if (state.inHand.size === 0) stopRenewing(state);
  });
  state.inHand.set(key, { row, promise, controller });
  startRenewing(state);
};

const allInHand = (state: ExecutorState) => Promise.all([...state.inHand.values()].map((task) => task.promise));

/** Tasks whose lease ran out with no attempts left are FAILED, not taken over. */
const failExhausted = async (state: ExecutorState, result: TickResult) => {
  const { database, clock, log } = state.deps;
  const now = clock.now();
  const rows = await database.query<ClaimedRow>(FAIL_EXHAUSTED_SQL, [now, LEASE_LOST_MESSAGE, state.batchSize * 10]);
  for (const row of rows) {
    result.failed += 1;
    log.info(
      {
        taskId: row.id,
        type: row.type,
        orgId: row.orgId,
        attempt: row.attempts,
        workerId: state.workerId,
        status: 'FAILED',
        error: LEASE_LOST_MESSAGE,
      },
      'task failed',
    );
    await notifyGoalStep(state, row, 'FAILED');
  }
};

/**
 * Claims up to `free` tasks: first ones whose lease expired (while `recovering`), then due ones.
 * Returns the rows and whether expired leases may remain.
 */
const claimTasks = async (
  state: ExecutorState,
  { free, recovering, result }: { free: number; recovering: boolean; result: TickResult },
): Promise<{ rows: ClaimedRow[]; recovering: boolean }> => {
  const { database, clock } = state.deps;
  const now = clock.now();
  const params = [state.workerId, now, leaseUntil(state, now)];
  let rows: ClaimedRow[] = [];
  if (recovering) {
    rows = await database.query<ClaimedRow>(CLAIM_EXPIRED_SQL, [...params, free]);
    result.recovered += rows.length;
    if (rows.length < free) recovering = false;
  }
  if (rows.length < free)
    rows = rows.concat(await database.query<ClaimedRow>(CLAIM_DUE_SQL, [...params, free - rows.length]));
  result.claimed += rows.length;
  return { rows, recovering };
};

/** One tick: claims and runs tasks, refilling free slots, until none is due and the runs in hand are written. */
const drain = async (state: ExecutorState): Promise<TickResult> => {
  const result = emptyResult();
  let recovering = true;
  let dry = false;
  try {
    await failExhausted(state, result);
    for (;;) {
      if (state.stopping) break;
      const free = state.batchSize - state.busy.size;
      // When the queue ran dry, wait for the running handlers, then look once more.
      if (state.busy.size === 0 || (!dry && free >= state.refillAt)) {
        state.again = false;
        const claim = await claimTasks(state, { free, recovering, result });
        recovering = claim.recovering;
        dry = claim.rows.length < free;
        for (const row of claim.rows) startRun(state, row, result);
        if (state.busy.size === 0) {
          // Nothing due: the writes still in flight end the tick (or find what was queued meanwhile).
          await allInHand(state);
          if (state.again && !state.stopping) continue;
          break;
        }
      }
      await Promise.race(state.busy);
    }
  } finally {
    await allInHand(state);
  }
  return result;
};

const tick = (state: ExecutorState): Promise<TickResult> => {
  if (state.current) {
    // Tasks queued while a tick runs are picked up by that tick before it ends.
    state.again = true;
    return state.current;
  }
  if (state.stopping) return Promise.resolve(emptyResult());
  state.current = drain(state).finally(() => {
    state.current = null;
  });
  return state.current;
};

/** A tick ~50 ms after deps.taskSignal says tasks were queued in this process; returns the unsubscribe. */
const tickOnSignal = (state: ExecutorState): (() => void) =>
  state.deps.taskSignal.subscribe(() => {
    if (state.stopping || state.debounce) return;
    state.debounce = setTimeout(() => {
      state.debounce = null;
      tick(state).catch((error: unknown) =>
        reportError(state.deps, error, { workerId: state.workerId, during: 'executor tick' }),
      );
    }, SIGNAL_DEBOUNCE_MS);
    state.debounce.unref();
  });

const stop = async (state: ExecutorState, unsubscribe: () => void) => {
  state.stopping = true;
  unsubscribe();
  if (state.debounce) clearTimeout(state.debounce);
  state.debounce = null;
  await state.current?.catch(() => undefined);
  await allInHand(state);
  stopRenewing(state);
};

export const createExecutor = (deps: ExecutorDeps, options: ExecutorOptions = {}): Executor => {
  const batchSize = deps.env.TASK_BATCH_SIZE;
  const state: ExecutorState = {
    deps,
    workerId: options.workerId ?? defaultWorkerId(),
    handlers: options.handlers ?? taskHandlers,
    onFinished: options.onFinished,
    batchSize,
    leaseMs: deps.env.TASK_LEASE_SECONDS * 1000,
    refillAt: Math.max(1, Math.ceil(batchSize / 2)),
    inHand: new Map(),
    busy: new Set(),
    completions: [],
    flushing: false,
    current: null,
    again: false,
    stopping: false,
    debounce: null,
    renewTimer: null,
  };
  const unsubscribe = (options.subscribe ?? true) ? tickOnSignal(state) : () => undefined;
  return { workerId: state.workerId, tick: () => tick(state), stop: () => stop(state, unsubscribe) };
};
