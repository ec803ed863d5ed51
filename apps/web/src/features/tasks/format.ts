import type { TaskOrigin, TaskStatus, TaskType } from '@aiceo/shared/tasks';

export const taskTypeLabels: Record<TaskType, string> = {
  social_media_post: 'Social media post',
  email_campaign: 'Email campaign',
  lead_followup: 'Lead follow-up',
  goal_step: 'Goal step',
  report: 'Report',
  approved_action: 'Approved action',
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
