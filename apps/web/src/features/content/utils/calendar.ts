/** The calendar works in the browser's local time: a post belongs to the day it shows on the user's clock. */
export type CalendarView = 'month' | 'week';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a local day; the key of a calendar cell. */
export const dayKey = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** Local midnight of the day `key` names. */
export const dayFromKey = (key: string): Date => {
  const [year = 1970, month = 1, day = 1] = key.split('-').map(Number);
  return new Date(year, month - 1, day);
};

export const addDays = (date: Date, days: number): Date =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

export const startOfDay = (date: Date): Date => new Date(date.getFullYear(), date.getMonth(), date.getDate());

/** Weeks start on Monday. */
const startOfWeek = (date: Date): Date => addDays(startOfDay(date), -((date.getDay() + 6) % 7));

/** The days a view shows around `anchor`: whole weeks covering the month, or one week. */
export const visibleDays = (view: CalendarView, anchor: Date): Date[] => {
  const first =
    view === 'month' ? startOfWeek(new Date(anchor.getFullYear(), anchor.getMonth(), 1)) : startOfWeek(anchor);
  const last =
    view === 'month'
      ? addDays(startOfWeek(new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0)), 6)
      : addDays(first, 6);
  const days: Date[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
};

/** The anchor one step back or forth (a month or a week). */
export const shiftAnchor = (view: CalendarView, anchor: Date, step: 1 | -1): Date =>
  view === 'month' ? new Date(anchor.getFullYear(), anchor.getMonth() + step, 1) : addDays(anchor, 7 * step);

/** The same time of day on another day (what dragging a post keeps). */
export const onDay = (iso: string, key: string): Date => {
  const time = new Date(iso);
  const day = dayFromKey(key);
  return new Date(
    day.getFullYear(),
    day.getMonth(),
    day.getDate(),
    time.getHours(),
    time.getMinutes(),
    time.getSeconds(),
    time.getMilliseconds(),
  );
};

/** `YYYY-MM-DD` and `HH:MM` for date and time inputs. */
export const toDateTimeInputs = (iso: string | null): { date: string; time: string } => {
  if (!iso) return { date: '', time: '' };
  const d = new Date(iso);
  return { date: dayKey(d), time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
};

/** The instant date and time inputs name, or null when either is empty or invalid. */
export const fromDateTimeInputs = (date: string, time: string): Date | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const day = dayFromKey(date);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes);
};

const monthTitle = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const weekTitle = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

export const viewTitle = (view: CalendarView, anchor: Date): string => {
  if (view === 'month') return monthTitle.format(anchor);
  const first = startOfWeek(anchor);
  return `${weekTitle.format(first)} – ${weekTitle.format(addDays(first, 6))}`;
};
