import type { TaskInputs, TaskOrigin, TaskType } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';

/** What a handler may use: the same ports the routes use, so handlers call the existing services. */
export type TaskHandlerDeps = Pick<
  Deps,
  'db' | 'database' | 'clock' | 'log' | 'ai' | 'env' | 'mailer' | 'tokens' | 'linkedin' | 'taskSignal'
>;

/** One attempt at a claimed task; `input` is already parsed by the type's schema. */
export type TaskRun<T extends TaskType = TaskType> = {
  id: string;
  orgId: string;
  type: T;
  title: string;
  input: TaskInputs[T];
  origin: TaskOrigin;
  createdById: string | null;
  goalId: string | null;
  /** 1 on the first attempt. */
  attempt: number;
  /** Aborted when the lease is lost; a handler should stop at its next step. */
  signal: AbortSignal;
};

/** Returns the task's output (stored as JSON); throws to fail the attempt. */
export type TaskHandler<T extends TaskType = TaskType> = (
  deps: TaskHandlerDeps,
  run: TaskRun<T>,
) => Promise<Record<string, unknown>>;

export type TaskHandlers = { [T in TaskType]: TaskHandler<T> };

/** A failure no retry can fix (the lead was deleted, the input no longer makes sense): the task fails at once. */
export class PermanentTaskError extends Error {
  override name = 'PermanentTaskError';
}

/** A failure in words for the owner that a later attempt may fix (LinkedIn rate limit, mail server down): retried with backoff. */
export class RetryableTaskError extends Error {
  override name = 'RetryableTaskError';
}

/**
 * Nothing to do, on purpose (the lead must not be contacted now): the task ends CANCELLED with the
 * reason in its error, neither a success that did something nor a failure, and is not retried.
 */
export class SkippedTaskError extends Error {
  override name = 'SkippedTaskError';
}
