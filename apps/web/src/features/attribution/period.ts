// Periods are calendar days of the org's timezone, as the API counts them.

export const periodPresets = ['30d', '90d', 'year', '12m', 'all'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

export const presetLabels: Record<PeriodPreset, string> = {
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  year: 'This year',
  '12m': 'Last 12 months',
  all: 'Last 10 years',
};

/** Today as YYYY-MM-DD in a timezone. */
export const todayIn = (timeZone: string, now = new Date()): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
};

const shift = (day: string, { days = 0, months = 0 }: { days?: number; months?: number }): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** The days a preset covers, ending today. */
export const presetRange = (preset: PeriodPreset, today: string): { from: string; to: string } => {
  switch (preset) {
    case '30d':
      return { from: shift(today, { days: -29 }), to: today };
    case '90d':
      return { from: shift(today, { days: -89 }), to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case '12m':
      return { from: shift(today, { months: -12, days: 1 }), to: today };
    case 'all':
      return { from: shift(today, { months: -120, days: 1 }), to: today };
  }
};
