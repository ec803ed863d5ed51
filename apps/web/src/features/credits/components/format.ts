const signed = new Intl.NumberFormat('en-US', { signDisplay: 'always' });
const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "+100", "-5": the ledger shows which way each entry moved the balance. */
export const formatAmount = (amount: number): string => signed.format(amount);

export const formatCredits = (count: number): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? 'credit' : 'credits'}`;

export const formatPackPrice = (cents: number): string => price.format(cents / 100);
