import type { SourceRevenue } from '@aiceo/shared/attribution';
import { formatMoney } from '@aiceo/shared/money';

/** "€1,500.00" per currency, never added across currencies; "—" when nothing was earned. */
export const revenueLines = (revenue: readonly SourceRevenue[]): string[] =>
  revenue.filter((r) => r.amountMinor !== 0).map((r) => formatMoney(r.amountMinor, r.currency));

/** Where a row's revenue comes from, in words: "from payments", "from deal values" or both. */
export const revenueBasis = (row: { wonFromPayments: number; wonFromDealValues: number }): string | null => {
  if (row.wonFromPayments > 0 && row.wonFromDealValues > 0)
    return `${row.wonFromPayments} paid, ${row.wonFromDealValues} by deal value`;
  if (row.wonFromPayments > 0) return 'from payments';
  if (row.wonFromDealValues > 0) return 'from deal values';
  return null;
};

/** A landing page as a person reads it: without its utm_ tags (they are shown as channel and post). */
export const pageWithoutUtm = (page: string): string => {
  try {
    const url = new URL(page);
    for (const key of [...url.searchParams.keys()]) if (key.startsWith('utm_')) url.searchParams.delete(key);
    return url.toString();
  } catch {
    return page;
  }
};
