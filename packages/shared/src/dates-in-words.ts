/**
 * Dates as people read them, for mails and labels: "Tuesday 1 December 2026",
 * "3 Dec 2026, 14:05 UTC", "Week of 30 Nov 2026". Never ISO. Built from parts, so the
 * wording is the same on every runtime (Intl's punctuation differs between ICU versions).
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

type DateLike = Date | string;

type Parts = { year: number; month: number; day: number; weekday: number; hour: number; minute: number };

/** A calendar day `YYYY-MM-DD` is that day; anything else is an instant, read in `timeZone`. */
const partsOf = (value: DateLike, timeZone: string): Parts => {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00.000Z`);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth(),
      day: date.getUTCDate(),
      weekday: date.getUTCDay(),
      hour: 0,
      minute: 0,
    };
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (timeZone === 'UTC') {
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth(),
      day: date.getUTCDate(),
      weekday: date.getUTCDay(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
    };
  }
  let fields: Intl.DateTimeFormatPart[];
  try {
    fields = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    }).formatToParts(date);
  } catch {
    return partsOf(date, 'UTC');
  }
  const get = (type: string) => Number(fields.find((f) => f.type === type)?.value ?? 0);
  const year = get('year');
  const month = get('month') - 1;
  const day = get('day');
  return {
    year,
    month,
    day,
    weekday: new Date(Date.UTC(year, month, day)).getUTCDay(),
    hour: get('hour') % 24,
    minute: get('minute'),
  };
};

const two = (n: number) => String(n).padStart(2, '0');

/** "Tuesday 1 December 2026". */
export const dayInWords = (value: DateLike, timeZone = 'UTC'): string => {
  const p = partsOf(value, timeZone);
  return `${WEEKDAYS[p.weekday] ?? ''} ${p.day} ${MONTHS[p.month] ?? ''} ${p.year}`;
};

/** "1 Dec 2026". */
export const shortDayInWords = (value: DateLike, timeZone = 'UTC'): string => {
  const p = partsOf(value, timeZone);
  return `${p.day} ${(MONTHS[p.month] ?? '').slice(0, 3)} ${p.year}`;
};

/** "3 Dec 2026, 14:05 UTC" (the zone's name when it is not UTC: "3 Dec 2026, 15:05 Europe/Paris"). */
export const dateTimeInWords = (value: DateLike, timeZone = 'UTC'): string => {
  const p = partsOf(value, timeZone);
  return `${p.day} ${(MONTHS[p.month] ?? '').slice(0, 3)} ${p.year}, ${two(p.hour)}:${two(p.minute)} ${timeZone}`;
};

/** "December 2026" for the calendar month `YYYY-MM`. */
export const monthInWords = (month: string): string =>
  `${MONTHS[Number(month.slice(5, 7)) - 1] ?? ''} ${month.slice(0, 4)}`;

/** "Week of 30 Nov 2026" for the week starting on `monday` (a day or an instant). */
export const weekOfInWords = (monday: DateLike, timeZone = 'UTC'): string =>
  `Week of ${shortDayInWords(monday, timeZone)}`;

/** The Monday of an ISO 8601 week (`2026-W49` -> `2026-11-30`), or null when the text is not one. */
export const mondayOfIsoWeek = (isoWeek: string): string | null => {
  const match = /^(\d{4})-W(\d{2})$/.exec(isoWeek);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > 53) return null;
  // 4 January is always in week 1.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(mondayOfWeek1 + (week - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
};

/** "2026-W49" -> "Week of 30 Nov 2026"; anything else is returned as it is. */
export const isoWeekInWords = (isoWeek: string): string => {
  const monday = mondayOfIsoWeek(isoWeek);
  return monday ? weekOfInWords(monday) : isoWeek;
};
