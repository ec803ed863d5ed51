import type { ReportPeriod } from '@aiceo/shared/finance-reports';

// Calendar days as 'YYYY-MM-DD' strings. Transactions carry a calendar day (no time), so the org's
// timezone only decides which day "today" is; everything else is plain calendar arithmetic in UTC.

export type DayRange = { from: string; to: string };

const DAY_MS = 24 * 60 * 60 * 1000;

const toUtc = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Today's date in an IANA timezone (UTC when the zone is unknown). */
export const localToday = (now: Date, timeZone: string): string => {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
};

export const addDays = (day: string, days: number): string => fromUtc(toUtc(day) + days * DAY_MS);

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: string, to: string): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);

/** The first day of the month `months` after the month of `day`. */
export const monthStart = (day: string, months = 0): string => {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 + months;
  return fromUtc(Date.UTC(year, month, 1));
};

export const monthEnd = (day: string): string => addDays(monthStart(day, 1), -1);

/** The same day of month `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb). */
export const addMonths = (day: string, months: number): string => {
  const start = monthStart(day, months);
  const last = Number(monthEnd(start).slice(8, 10));
  return `${start.slice(0, 8)}${String(Math.min(Number(day.slice(8, 10)), last)).padStart(2, '0')}`;
};

/** 0 for Monday to 6 for Sunday. */
export const weekday = (day: string): number => (new Date(toUtc(day)).getUTCDay() + 6) % 7;

/** The months of a period kind, or null for day and week. */
const monthsOf: Partial<Record<ReportPeriod, number>> = { month: 1, quarter: 3, year: 12 };

/**
 * The period of a kind containing `day`. Weeks start on Monday; quarters and years start at the
 * fiscal year's first month (April: Q1 = April to June, the year = April to March).
 */
export const periodContaining = (day: string, period: ReportPeriod, fiscalYearStartMonth: number): DayRange => {
  if (period === 'day') return { from: day, to: day };
  if (period === 'week') {
    const from = addDays(day, -weekday(day));
    return { from, to: addDays(from, 6) };
  }
  const length = monthsOf[period] ?? 1;
  const month = Number(day.slice(5, 7)) - 1;
  // Months since the fiscal year's start, rounded down to the period's length.
  const offset = period === 'month' ? 0 : ((((month - (fiscalYearStartMonth - 1)) % 12) + 12) % 12) % length;
  const from = monthStart(day, -offset);
  return { from, to: addDays(monthStart(from, length), -1) };
};

/** The period of the same kind just before `range` (for custom ranges: as many days). */
export const previousPeriod = (range: DayRange, period: ReportPeriod | 'custom'): DayRange => {
  const length = period === 'custom' || period === 'day' || period === 'week' ? undefined : monthsOf[period];
  if (length) {
    const from = monthStart(range.from, -length);
    return { from, to: addDays(range.from, -1) };
  }
  const days = daysBetween(range.from, range.to) + 1;
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
};
