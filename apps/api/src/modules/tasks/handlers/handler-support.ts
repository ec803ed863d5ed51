import type { TaskType } from '@aiceo/shared/tasks';
import { AppError } from '../../../http/app-error';
import { PermanentTaskError, type TaskHandler, type TaskRun } from '../task-handler';

/** The member who queued the task, for user columns; an API key or the agentic engine is nobody. */
export const actorOf = (run: Pick<TaskRun, 'origin' | 'createdById'>): string | null =>
  run.origin === 'user' ? run.createdById : null;

/**
 * A plan limit stays reached until next month, so retrying within the task's backoff is
 * pointless: the task fails at once with the plan's message.
 */
export const failFastOnQuota =
  <T extends TaskType>(handler: TaskHandler<T>): TaskHandler<T> =>
  async (deps, run) => {
    try {
      return await handler(deps, run);
    } catch (error) {
      if (error instanceof AppError && error.code === 'QUOTA_EXCEEDED')
        throw new PermanentTaskError(error.message, { cause: error });
      throw error;
    }
  };

export const sentence = (text: string): string => {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

export const day = (date: Date): string => date.toISOString().slice(0, 10);
