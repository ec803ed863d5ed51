import type {
  InsightAction,
  InsightActionKind,
  InsightKind,
  InsightStatus,
  InsightWorkState,
} from '@aiceo/shared/agentic';
import { taskTypeSchema, type TaskType } from '@aiceo/shared/tasks';

/** Each kind's label, and an icon that only decorates it. */
export const insightKindLabels: Record<InsightKind, { label: string; icon: string }> = {
  stale_leads: { label: 'Stale leads', icon: '◔' },
  low_content_output: { label: 'Low content output', icon: '✎' },
  task_backlog: { label: 'Task backlog', icon: '☰' },
  deals_at_risk: { label: 'Deals at risk', icon: '⚠' },
  failing_tasks: { label: 'Failing tasks', icon: '✖' },
  goal_off_track: { label: 'Goal off track', icon: '◎' },
  spending_spike: { label: 'Spending spike', icon: '↑' },
  recurring_charge_up: { label: 'Recurring charge went up', icon: '↻' },
  short_runway: { label: 'Short runway', icon: '⌛' },
  uncategorised_backlog: { label: 'Uncategorised transactions', icon: '?' },
  project_at_risk: { label: 'Project at risk', icon: '⚑' },
};

export const insightStatusLabels: Record<InsightStatus, string> = {
  open: 'Open',
  accepted: 'Accepted',
  dismissed: 'Dismissed',
  undone: 'Undone',
};

export const insightActionLabels: Record<InsightActionKind, string> = {
  task_created: 'Task created',
  task_proposed: 'Proposed',
  task_skipped: 'Skipped',
  task_cancelled: 'Cancelled',
  warning: 'Note',
};

export const formatConfidence = (confidence: number): string => `${Math.round(confidence * 100)}%`;

const nouns: Partial<Record<TaskType, readonly [string, string]>> = {
  lead_followup: ['follow-up', 'follow-ups'],
  social_media_post: ['post', 'posts'],
  email_campaign: ['campaign', 'campaigns'],
  goal_step: ['goal step', 'goal steps'],
  report: ['report', 'reports'],
};
// In the approval inbox a follow-up is the email it would send.
const approvalNouns: Partial<Record<TaskType, readonly [string, string]>> = {
  lead_followup: ['email', 'emails'],
  social_media_post: ['post', 'posts'],
  email_campaign: ['campaign', 'campaigns'],
};

const taskTypeOf = (value: string | null): TaskType | null => {
  const parsed = taskTypeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** The one task type of the tasks the insight made (running, done or cancelled since), or null when several. */
const singleType = (actions: readonly InsightAction[]): TaskType | null => {
  const types = new Set(actions.filter((a) => a.taskId !== null).map((a) => taskTypeOf(a.taskType)));
  const [only] = types;
  return types.size === 1 && only ? only : null;
};

/** "2 follow-ups", "1 task": a count with the noun of the insight's tasks. */
export const countTasks = (count: number, actions: readonly InsightAction[]): string => {
  const type = singleType(actions);
  const [one, many] = (type && nouns[type]) ?? ['task', 'tasks'];
  return `${count} ${count === 1 ? one : many}`;
};

/** "2 emails", "1 post": what waits in the approval inbox. */
export const countApprovals = (count: number, actions: readonly InsightAction[]): string => {
  const type = singleType(actions);
  const [one, many] = (type && approvalNouns[type]) ?? ['item', 'items'];
  return `${count} ${count === 1 ? one : many}`;
};

/** Task types whose work reaches outside the business: it waits in the approval inbox before it goes out. */
export const approvalNotes: Partial<Record<TaskType, string>> = {
  lead_followup: 'Nothing is emailed to the lead until you approve it in the approval inbox.',
  social_media_post: 'Nothing is published until you approve the post in the approval inbox.',
  email_campaign: 'Nothing is sent until you approve the campaign in the approval inbox.',
};

export const approvalNoteOf = (taskType: string | null): string | null => {
  const type = taskTypeOf(taskType);
  return (type && approvalNotes[type]) ?? null;
};

export const workStateLabels: Record<InsightWorkState, string> = {
  none: 'Nothing queued',
  queued: 'Queued',
  running: 'Running',
  waiting_approval: 'Waiting for your approval',
  done: 'Done',
  stopped: 'Stopped',
};
