import type { InsightActionKind, InsightKind, InsightStatus } from '@aiceo/shared/agentic';

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
