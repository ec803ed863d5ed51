import type { GoalStatus } from '@aiceo/shared/goals';

export const goalStatusLabels: Record<GoalStatus, string> = {
  active: 'Active',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const goalStatusTone: Record<GoalStatus, string> = {
  active: 'badge',
  completed: 'badge good',
  cancelled: 'badge',
};
