import type { ProjectPriority } from '@aiceo/shared/projects';

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar day from the wire (YYYY-MM-DD) as the reader writes dates; the day never shifts with the browser's zone. */
export const formatDay = (day: string | null | undefined): string => {
  if (!day) return '—';
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
};

/** The chip's tone: urgent and high stand out, low recedes. */
export const priorityTone: Record<ProjectPriority, string> = {
  low: 'priority-low',
  medium: 'priority-medium',
  high: 'priority-high',
  urgent: 'priority-urgent',
};

export const plural = (n: number, one: string, other = `${one}s`): string =>
  `${n.toLocaleString()} ${n === 1 ? one : other}`;
