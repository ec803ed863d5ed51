// When a P&L email is due and which days it covers. Days are 'YYYY-MM-DD' calendar days; the
// org's timezone only decides what "now" is there (its day, weekday and hour).

const DAY_MS = 86_400_000;

export type LocalNow = { day: string; weekday: number; hour: number };

/** The day, ISO weekday (1 = Monday) and hour of `now` in an IANA timezone (UTC when the zone is unknown). */
export const localNow = (now: Date, timeZone: string): LocalNow => {
  const parts = (zone: string) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  let list: Intl.DateTimeFormatPart[];
  try {
    list = parts(timeZone);
  } catch {
    list = parts('UTC');
  }
  const get = (type: Intl.DateTimeFormatPartTypes) => list.find((part) => part.type === type)?.value ?? '00';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  return { day, weekday: isoWeekday(day), hour: Number(get('hour')) % 24 };
};

const toUtc = (day: string): number => Date.parse(`${day}T00:00:00.000Z`);

export const addDays = (day: string, days: number): string =>
  new Date(toUtc(day) + days * DAY_MS).toISOString().slice(0, 10);

/** 1 = Monday ... 7 = Sunday. */
export const isoWeekday = (day: string): number => new Date(toUtc(day)).getUTCDay() || 7;

/** ISO 8601 week of a day, e.g. 2026-W48 (week 1 holds the year's first Thursday). */
export const isoWeekOf = (day: string): string => {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const yearStart = toUtc(`${thursday.slice(0, 4)}-01-01`);
  const week = Math.floor((toUtc(thursday) - yearStart) / DAY_MS / 7) + 1;
  return `${thursday.slice(0, 4)}-W${String(week).padStart(2, '0')}`;
};

/** The first day of the month `offset` months from the month of `day`. */
const monthStart = (day: string, offset = 0): string =>
  new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + offset, 1)).toISOString().slice(0, 10);

export type ReportKind = 'weekly' | 'monthly';

/** One P&L email: the period's key (the FinanceReportSend row), its days and the days before. */
export type ReportPeriod = {
  kind: ReportKind;
  key: string;
  from: string;
  to: string;
  previous: { from: string; to: string };
};

/** The last full week (Monday to Sunday) before `today`, and the week before it. */
export const lastFullWeek = (today: string): ReportPeriod => {
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const from = addDays(thisMonday, -7);
  return {
    kind: 'weekly',
    key: `weekly:${isoWeekOf(from)}`,
    from,
    to: addDays(thisMonday, -1),
    previous: { from: addDays(from, -7), to: addDays(from, -1) },
  };
};

/** The last full month before `today`, and the month before it. */
export const lastFullMonth = (today: string): ReportPeriod => {
  const from = monthStart(today, -1);
  const previousFrom = monthStart(today, -2);
  return {
    kind: 'monthly',
    key: `monthly:${from.slice(0, 7)}`,
    from,
    to: addDays(monthStart(today), -1),
    previous: { from: previousFrom, to: addDays(from, -1) },
  };
};

export type ReportSchedule = { weeklyEnabled: boolean; weeklyWeekday: number; monthlyEnabled: boolean; hour: number };

/**
 * The reports due now: the weekly one on its weekday, the monthly one on the 1st, each from its
 * hour to the end of that local day (a tick missed at the hour is made up later that day, never
 * days later).
 */
export const duePeriods = (schedule: ReportSchedule, local: LocalNow): ReportPeriod[] => {
  if (local.hour < schedule.hour) return [];
  return [
    ...(schedule.weeklyEnabled && local.weekday === schedule.weeklyWeekday ? [lastFullWeek(local.day)] : []),
    ...(schedule.monthlyEnabled && local.day.endsWith('-01') ? [lastFullMonth(local.day)] : []),
  ];
};
