import { formatMoney } from '@aiceo/shared/money';

const signed = new Intl.NumberFormat('en-US', { signDisplay: 'always' });

/** "+100", "-5": the ledger shows which way each entry moved the balance. */
export const formatAmount = (amount: number): string => signed.format(amount);

export const formatCredits = (count: number): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? 'credit' : 'credits'}`;

/** A pack's price in the currency it is sold in (USD, whatever the org's own currency is). */
export const formatPackPrice = (pack: { priceCents: number; currency: string }): string =>
  formatMoney(pack.priceCents, pack.currency);
