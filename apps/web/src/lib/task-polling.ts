import type { Task, TaskStatus } from '@aiceo/shared/tasks';

/** How often screens with running or due tasks ask again. */
export const TASK_POLL_MS = 2_500;
/** How often screens with tasks planned for later ask again (to see them become due). */
export const LATER_TASK_POLL_MS = 30_000;

/**
 * Whether the executor may change the task soon: running, or pending and due (a step planned for
 * next week is pending for days, and a screen showing it need not poll all that time).
 */
export const isTaskBusy = (task: { status: TaskStatus; runAfter: string }, now: number = Date.now()): boolean =>
  task.status === 'IN_PROGRESS' || (task.status === 'PENDING' && Date.parse(task.runAfter) <= now + TASK_POLL_MS);

/** Polls while a task on the page is running or due; React Query pauses it while the tab is hidden. */
export const pollWhileActive = (tasks: readonly Pick<Task, 'status' | 'runAfter'>[] | undefined): number | false => {
  if (tasks?.some((task) => isTaskBusy(task))) return TASK_POLL_MS;
  return tasks?.some((task) => task.status === 'PENDING') ? LATER_TASK_POLL_MS : false;
};
