import type { Database } from '../db/database';
import type { Logger } from './logger';

/** The PostgreSQL channel on which a process says it queued tasks. */
const TASK_CHANNEL = 'aiceo_tasks';

/**
 * Tells executors that tasks were queued, so they run them now instead of at their next tick:
 * this process's at once, and, on PostgreSQL, every process listening (`listenForTasks`), such as
 * `pnpm worker`s.
 */
export type TaskSignal = {
  /** Tasks were queued here: wake this process's executor and tell the others. */
  notify(): void;
  subscribe(listener: () => void): () => void;
  /** Another process queued tasks: wake this process's executor. */
  deliver(): void;
};

type TaskSignalOptions = {
  /** Tells the other processes (NOTIFY); absent on PGlite, which is one process's database. */
  publish?: () => Promise<void>;
  onPublishError?: (error: unknown) => void;
};

const createTaskSignal = ({ publish, onPublishError }: TaskSignalOptions = {}): TaskSignal => {
  const listeners = new Set<() => void>();
  const deliver = () => {
    for (const listener of listeners) listener();
  };
  return {
    notify: () => {
      deliver();
      // Not awaited: the caller's tasks are committed; a lost notice only means the next tick runs them.
      publish?.().catch((error: unknown) => onPublishError?.(error));
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    deliver,
  };
};

/** The signal for a database: on PostgreSQL a notice on TASK_CHANNEL reaches the other processes. */
export const taskSignalFor = ({ database, log }: { database: Database; log: Logger }): TaskSignal =>
  database.kind === 'postgresql'
    ? createTaskSignal({
        publish: async () => {
          await database.query('SELECT pg_notify($1, $2)', [TASK_CHANNEL, '']);
        },
        onPublishError: (error) =>
          log.warn(
            { err: error },
            'could not tell other processes that tasks were queued; they run them at their next tick',
          ),
      })
    : createTaskSignal();

/**
 * Delivers other processes' notices to this process's executor (PostgreSQL; nothing to do on
 * PGlite). Resolves with the function that stops listening; if listening cannot start, the
 * executor still runs tasks at its cron ticks.
 */
export const listenForTasks = async ({
  database,
  taskSignal,
  log,
}: {
  database: Database;
  taskSignal: TaskSignal;
  log: Logger;
}): Promise<() => Promise<void>> => {
  if (!database.listen) return async () => undefined;
  try {
    return await database.listen(TASK_CHANNEL, {
      onNotify: () => taskSignal.deliver(),
      onError: (error) =>
        log.warn(
          { err: error },
          'task notices: the listening connection failed; reconnecting (tasks still run at each tick)',
        ),
    });
  } catch (error) {
    log.warn({ err: error }, 'task notices: could not listen; tasks run at each tick');
    return async () => undefined;
  }
};
