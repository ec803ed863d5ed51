import { formatMoney } from '@aiceo/shared/money';

/** Whole cents of USD, e.g. $29.00. */
export const usd = (cents: number, signed = false): string => formatMoney(Math.round(cents), 'USD', { signed });

const nanoFormat = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
/** An AI cost in nano-dollars (1e-9 USD), shown to a hundredth of a cent: $0.0012. */
export const usdFromNano = (nanoUsd: number): string => nanoFormat.format(nanoUsd / 1e9);

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
/** A fraction as a percentage (0.2 = 20%); a dash when there is none. */
export const percent = (rate: number | null): string => (rate === null ? '—' : percentFormat.format(rate));

const numberFormat = new Intl.NumberFormat();
export const count = (n: number): string => numberFormat.format(n);

/** 'YYYY-MM' as "Mar 2026" (UTC). */
export const monthLabel = (month: string): string =>
  new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
