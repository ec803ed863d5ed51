// Period presets of the transactions filter. The URL keeps plain `from`/`to` days, so a link
// shows the same rows to everyone; the preset is only how the select names that range.

export type Period = { from?: string; to?: string };
export type PeriodPreset = { key: string; label: string; range: Period };

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (year: number, month: number, day: number) => {
  // Date.UTC normalises overflowing months and days (month 13 is January of the next year).
  const date = new Date(Date.UTC(year, month - 1, day));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

/** Today's year, month and day in the org's timezone (the books' calendar, not the browser's). */
export const todayIn = (timeZone: string, now = new Date()): { year: number; month: number; day: number } => {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  }
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: value('year'), month: value('month'), day: value('day') };
};

/** The presets for today in the org's timezone, its fiscal year starting in `fiscalYearStartMonth`. */
export const periodPresets = (options: {
  timeZone: string;
  fiscalYearStartMonth: number;
  now?: Date;
}): PeriodPreset[] => {
  const { year, month, day } = todayIn(options.timeZone, options.now);
  const quarterStart = month - ((month - 1) % 3);
  const fiscalStart = options.fiscalYearStartMonth;
  const fiscalYear = month >= fiscalStart ? year : year - 1;
  return [
    { key: 'all', label: 'All time', range: {} },
    { key: 'this-month', label: 'This month', range: { from: dayOf(year, month, 1), to: dayOf(year, month + 1, 0) } },
    { key: 'last-month', label: 'Last month', range: { from: dayOf(year, month - 1, 1), to: dayOf(year, month, 0) } },
    {
      key: 'this-quarter',
      label: 'This quarter',
      range: { from: dayOf(year, quarterStart, 1), to: dayOf(year, quarterStart + 3, 0) },
    },
    { key: 'this-year', label: 'This year', range: { from: dayOf(year, 1, 1), to: dayOf(year, 12, 31) } },
    ...(fiscalStart === 1
      ? []
      : [
          {
            key: 'fiscal-year',
            label: 'This fiscal year',
            range: { from: dayOf(fiscalYear, fiscalStart, 1), to: dayOf(fiscalYear + 1, fiscalStart, 0) },
          },
        ]),
    {
      key: 'last-12-months',
      label: 'Last 12 months',
      range: { from: dayOf(year, month - 12, day + 1), to: dayOf(year, month, day) },
    },
  ];
};

/** The preset that names this range, or undefined for a custom one. */
export const presetOf = (presets: readonly PeriodPreset[], period: Period): PeriodPreset | undefined =>
  presets.find(
    (preset) => (preset.range.from ?? '') === (period.from ?? '') && (preset.range.to ?? '') === (period.to ?? ''),
  );
