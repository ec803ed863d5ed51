const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "1 Jan 2027" */
export const dayInWords = (iso: string): string => day.format(new Date(iso));

/** "$8.70", "-$1.20" */
export const usd = (cents: number): string =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
