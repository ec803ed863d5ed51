import type { LeadActivityKind, LeadPriority, LeadStage } from '@aiceo/shared/leads';
import { defaultStageLabels } from '@aiceo/shared/stage-labels';

/** The default stage names; screens show the org's own through useStageLabels (hooks/use-stage-labels). */
export const stageLabels: Record<LeadStage, string> = defaultStageLabels;

export const priorityLabels: Record<LeadPriority, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const activityKindLabels: Record<LeadActivityKind, string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
  ai_followup: 'AI follow-up (sent)',
  followup_draft: 'Follow-up drafted, not sent',
};

/** "a, b ,, c" to ["a", "b", "c"]. */
export const splitTags = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean)
    : [];

/** An ISO time as the value of a datetime-local input (local time, minutes). */
export const toLocalInput = (iso: string): string => {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/** A datetime-local value (local time) as ISO; empty or invalid stays as is for the schema to refuse. */
export const fromLocalInput = (value: unknown): unknown => {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
};
