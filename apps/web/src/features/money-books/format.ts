import { formatMoney } from '@aiceo/shared/money';

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar day from the wire (YYYY-MM-DD) as the reader writes dates; the day never shifts with the browser's zone. */
export const formatDay = (day: string | null | undefined): string => {
  if (!day) return '—';
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
};

/** "+€1,250.00" for money in, "−€12.00" for money out: the amount cell of every list. */
export const formatSigned = (amountMinor: number, currency: string): string =>
  formatMoney(amountMinor, currency, { signed: true });

/** The class that colours an amount: money in, money out, or nothing. */
export const amountTone = (amountMinor: number): string =>
  amountMinor > 0 ? 'books-amount in' : amountMinor < 0 ? 'books-amount out' : 'books-amount';

export const plural = (n: number, one: string, other = `${one}s`): string =>
  `${n.toLocaleString()} ${n === 1 ? one : other}`;
