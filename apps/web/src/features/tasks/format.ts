import type { TaskOrigin, TaskStatus, TaskType } from '@aiceo/shared/tasks';

export const taskTypeLabels: Record<TaskType, string> = {
  social_media_post: 'Social media post',
  email_campaign: 'Email campaign',
  lead_followup: 'Lead follow-up',
  goal_step: 'Goal step',
  report: 'Report',
};

export const taskStatusLabels: Record<TaskStatus, string> = {
  PENDING: 'Pending',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const taskOriginLabels: Record<TaskOrigin, string> = {
  user: 'You',
  api_key: 'API',
  agentic: 'AI CEO',
  goal: 'Goal',
};

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
