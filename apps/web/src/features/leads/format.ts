import type { LeadActivityKind, LeadPriority, LeadStage } from '@aiceo/shared/leads';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** Deal values are whole cents on the wire; the UI shows whole dollars. */
export const formatMoney = (cents: number): string => money.format(cents / 100);

/** "1234.5" dollars typed in a form to cents; empty stays undefined, junk becomes NaN for the schema to refuse. */
export const dollarsToCents = (value: unknown): number | undefined => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const dollars = Number(value.replace(/[$,\s]/g, ''));
  return Number.isFinite(dollars) ? Math.round(dollars * 100) : Number.NaN;
};

export const centsToDollars = (cents: number): string => (cents / 100).toString();

export const stageLabels: Record<LeadStage, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  proposal: 'Proposal',
  won: 'Won',
  lost: 'Lost',
};

export const priorityLabels: Record<LeadPriority, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const activityKindLabels: Record<LeadActivityKind, string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
  ai_followup: 'AI follow-up',
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
