import type { Recurring } from '@aiceo/shared/finance-reports';
import { addDays, addMonths, daysBetween } from './finance-reports.periods';

// Recurring-transaction detection and the weekly cash projection: pure functions over history
// rows, so the backtest and the service run the same code.

/** One past transaction (org currency, no transfer) of a counterparty seen at least three times. */
export type HistoryRow = {
  /** Normalised counterparty: lower case, letters only, single spaces. */
  key: string;
  counterparty: string;
  date: string;
  amountMinor: number;
  categoryName: string | null;
};

type Cadence = { name: string; intervalDays: number; min: number; max: number; months: number };

/** Regular intervals with their tolerance: weekly, fortnightly, monthly (±3 days) and quarterly. */
const CADENCES: Cadence[] = [
  { name: 'weekly', intervalDays: 7, min: 6, max: 8, months: 0 },
  { name: 'fortnightly', intervalDays: 14, min: 12, max: 16, months: 0 },
  { name: 'monthly', intervalDays: 30, min: 25, max: 34, months: 1 },
  { name: 'quarterly', intervalDays: 91, min: 83, max: 99, months: 3 },
];

/** Amounts within this ratio of a series' smallest one belong to it (about ±10% around its middle). */
const AMOUNT_SPREAD = 1.2;
/** A series whose intervals fit the cadence at least this often is regular. */
const REGULAR_SHARE = 0.75;
const MIN_OCCURRENCES = 3;
const LATE_TOLERANCE_DAYS = 3;

export type RecurringSeries = Recurring & {
  key: string;
  cadence: Cadence;
  lastDate: string;
  /** The history rows the series is made of (left out of the average of the rest). */
  rows: HistoryRow[];
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Groups of one counterparty and direction whose amounts lie close together. */
const amountClusters = (rows: HistoryRow[]): HistoryRow[][] => {
  const sorted = [...rows].sort((a, b) => Math.abs(a.amountMinor) - Math.abs(b.amountMinor));
  const clusters: HistoryRow[][] = [];
  let current: HistoryRow[] = [];
  for (const row of sorted) {
    const first = current[0];
    if (first && Math.abs(row.amountMinor) > Math.abs(first.amountMinor) * AMOUNT_SPREAD) {
      clusters.push(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
};

const step = (cadence: Cadence, from: string, count: number): string =>
  cadence.months > 0 ? addMonths(from, cadence.months * count) : addDays(from, cadence.intervalDays * count);

/** The regular cadence of dates sorted oldest first, or null. */
const cadenceOf = (dates: string[]): Cadence | null => {
  const intervals = dates.slice(1).map((date, i) => daysBetween(dates[i] ?? date, date));
  if (intervals.length < MIN_OCCURRENCES - 1) return null;
  const typical = median(intervals);
  const cadence = CADENCES.find((c) => typical >= c.min && typical <= c.max);
  if (!cadence) return null;
  const fitting = intervals.filter((days) => days >= cadence.min && days <= cadence.max).length;
  return fitting >= intervals.length * REGULAR_SHARE ? cadence : null;
};

/** The first expected date after today; one due in the last few days is expected tomorrow. */
const nextDateAfter = (cadence: Cadence, lastDate: string, today: string): string => {
  for (let count = 1; ; count++) {
    const next = step(cadence, lastDate, count);
    if (next > today) return next;
    if (daysBetween(next, today) <= LATE_TOLERANCE_DAYS) return addDays(today, 1);
  }
};

/**
 * Recurring series in the history: the same counterparty, amounts within about 10%, at least
 * three occurrences at a regular interval, and not overdue by more than one interval.
 */
export const detectRecurring = (rows: HistoryRow[], today: string): RecurringSeries[] => {
  const groups = new Map<string, HistoryRow[]>();
  for (const row of rows) {
    if (row.amountMinor === 0 || row.key === '') continue;
    const group = `${row.key}|${row.amountMinor > 0 ? 'in' : 'out'}`;
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  const series: RecurringSeries[] = [];
  for (const group of groups.values()) {
    for (const cluster of amountClusters(group)) {
      const byDate = [...cluster].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const cadence = cadenceOf(byDate.map((row) => row.date));
      const last = byDate[byDate.length - 1];
      if (!cadence || !last) continue;
      // Stopped: more than one interval (and the tolerance) without it.
      if (daysBetween(last.date, today) > cadence.max + LATE_TOLERANCE_DAYS) continue;
      const recent = byDate.slice(-3).map((row) => row.amountMinor);
      series.push({
        key: last.key,
        counterparty: last.counterparty,
        amountMinor: Math.round(median(recent)),
        intervalDays: cadence.intervalDays,
        nextDate: nextDateAfter(cadence, last.date, today),
        categoryName: last.categoryName,
        cadence,
        lastDate: last.date,
        rows: byDate,
      });
    }
  }
  return series.sort((a, b) => a.amountMinor - b.amountMinor);
};

/** Every date of a series from its next date up to `until`. */
export const occurrencesUntil = (series: RecurringSeries, until: string): string[] => {
  const dates: string[] = [];
  if (series.nextDate <= until) dates.push(series.nextDate);
  for (let count = 1; dates.length < 1000; count++) {
    const date = step(series.cadence, series.lastDate, count);
    if (date > until) break;
    if (date > series.nextDate) dates.push(date);
  }
  return dates;
};

export type ForecastWeek = {
  weekStart: string;
  inMinor: number;
  outMinor: number;
  netMinor: number;
  balanceMinor: number;
};

export type ProjectOptions = {
  today: string;
  weeks: number;
  startingCashMinor: number;
  series: RecurringSeries[];
  /** Money in and out of the rest of the history (not in a series), per day on average. */
  otherInPerDay: number;
  otherOutPerDay: number;
};

/** Weeks of seven days from tomorrow: recurring money on its dates plus the average of the rest. */
export const projectWeeks = (options: ProjectOptions): ForecastWeek[] => {
  const start = addDays(options.today, 1);
  const weeks: ForecastWeek[] = [];
  const inByWeek = new Array<number>(options.weeks).fill(0);
  const outByWeek = new Array<number>(options.weeks).fill(0);
  const until = addDays(start, options.weeks * 7 - 1);
  for (const series of options.series) {
    for (const date of occurrencesUntil(series, until)) {
      const week = Math.floor(daysBetween(start, date) / 7);
      if (week < 0 || week >= options.weeks) continue;
      if (series.amountMinor > 0) inByWeek[week] = (inByWeek[week] ?? 0) + series.amountMinor;
      else outByWeek[week] = (outByWeek[week] ?? 0) - series.amountMinor;
    }
  }
  let balance = options.startingCashMinor;
  for (let week = 0; week < options.weeks; week++) {
    const inMinor = Math.round((inByWeek[week] ?? 0) + options.otherInPerDay * 7);
    const outMinor = Math.round((outByWeek[week] ?? 0) + options.otherOutPerDay * 7);
    balance += inMinor - outMinor;
    weeks.push({
      weekStart: addDays(start, week * 7),
      inMinor,
      outMinor,
      netMinor: inMinor - outMinor,
      balanceMinor: balance,
    });
  }
  return weeks;
};
