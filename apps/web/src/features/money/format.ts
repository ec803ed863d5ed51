import { formatMoney } from '@aiceo/shared/money';
import type { Runway } from '@aiceo/shared/finance-reports';

// Report days and months are calendar dates of the org's timezone, sent as plain strings:
// they are shown in UTC so that no browser timezone moves them a day.
const utc = (day: string) => new Date(`${day.length === 7 ? `${day}-01` : day}T00:00:00Z`);
const monthLong = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const monthYearShort = new Intl.DateTimeFormat(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dayShort = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "2026-03" to "March 2026". */
export const formatMonth = (month: string): string => monthLong.format(utc(month));
/** "2026-03" to "Mar" (or "Mar 26" in January, where the year turns). */
export const formatMonthAxis = (month: string): string =>
  month.endsWith('-01') ? monthYearShort.format(utc(month)) : monthShort.format(utc(month));
/** "2026-03-02" to "Mar 2, 2026" in the reader's locale. */
export const formatDay = (day: string): string => dayLong.format(utc(day));
/** "2026-03-02" to "Mar 2". */
export const formatDayAxis = (day: string): string => dayShort.format(utc(day));

/** "2 Mar 2026 – 8 Mar 2026", or the one day. */
export const formatSpan = (from: string, to: string): string =>
  from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`;

/** The day before or after a `YYYY-MM-DD` day (for "previous period" and "next period"). */
export const shiftDay = (day: string, days: number): string => {
  const date = utc(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** "+12.5%" / "-3%" / null when there was nothing to compare with. */
export const formatPercentChange = (percent: number | null): string | null =>
  percent === null
    ? null
    : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(percent)}%`;

export const formatPercent = (percent: number | null): string =>
  percent === null ? '—' : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(percent)}%`;

/** Runway in plain words: "Cash lasts 7 months at this burn" or "Cash-flow positive". */
export const runwayHeadline = (runway: Runway): string => {
  if (runway.kind === 'cash_flow_positive') return 'Cash-flow positive';
  if (runway.kind === 'no_data' || runway.months === null) return 'Not enough history yet';
  const months = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(runway.months);
  return `Cash lasts ${months} ${runway.months === 1 ? 'month' : 'months'} at this burn`;
};

/** The sentence under the headline: what the runway is based on. */
export const runwayDetail = (runway: Runway, currency: string): string => {
  // Say how much history the figure rests on: one month of books is not three.
  const basis =
    runway.basedOnMonths >= 3
      ? 'the last three complete months'
      : runway.basedOnMonths === 2
        ? 'the only two complete months with transactions so far'
        : 'the only complete month with transactions so far';
  if (runway.kind === 'cash_flow_positive')
    return `More money came in than went out over ${basis}, so cash is not running down.`;
  if (runway.kind === 'no_data')
    return 'A runway needs at least one complete month of transactions: import your bank statements.';
  return `You spend ${formatMoney(runway.burnMinorPerMonth, currency, { whole: true })} a month more than comes in (the average of ${basis}).`;
};
