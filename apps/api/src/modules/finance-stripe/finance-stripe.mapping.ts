import type { StripeImportCounts } from '@aiceo/shared/finance-stripe';
import { minorDigits } from '@aiceo/shared/money';
import type { Prisma } from '../../generated/prisma/client';
import type { StripeBalanceTransaction } from './stripe-reader';

// How one Stripe balance transaction enters the books. Pure, so every case is table-tested.

export type StripeKind = keyof StripeImportCounts;

export type StripeCategoryIds = { sales: string | null; fees: string | null; transfer: string | null };

export type StripeBooks = {
  orgId: string;
  /** The processor account Stripe's balance is. */
  processorAccountId: string;
  /** The bank account payouts land in (same currency), or null. */
  payoutAccountId: string | null;
  /** ISO 4217, upper case: the processor account's currency. */
  currency: string;
  timezone: string;
  categories: StripeCategoryIds;
  newTransferId: () => string;
};

type Row = Prisma.FinanceTransactionCreateManyInput;

const TRANSFER_TYPES = new Set([
  'payout',
  'payout_cancel',
  'payout_failure',
  'payout_minimum_balance_hold',
  'payout_minimum_balance_release',
  'topup',
  'topup_reversal',
]);
const REFUND_TYPES = new Set([
  'refund',
  'payment_refund',
  'payment_failure_refund',
  'payment_reversal',
  'refund_failure',
]);
const FEE_TYPES = new Set(['stripe_fee', 'tax_fee', 'network_cost', 'stripe_fx_fee']);

/** What a balance transaction is for the books; Stripe's reporting category settles disputes and fees. */
export const kindOf = (txn: Pick<StripeBalanceTransaction, 'type' | 'reportingCategory'>): StripeKind => {
  if (TRANSFER_TYPES.has(txn.type)) return 'payouts';
  if (txn.type === 'charge' || txn.type === 'payment') return 'charges';
  if (REFUND_TYPES.has(txn.type)) return 'refunds';
  if (txn.reportingCategory === 'dispute' || txn.reportingCategory === 'dispute_reversal') return 'refunds';
  if (FEE_TYPES.has(txn.type) || txn.reportingCategory === 'fee') return 'fees';
  return 'other';
};

// Stripe counts most currencies in hundredths, these in whole units and these in thousandths
// (stripe.com/docs/currencies); ISK and UGX are whole-unit currencies Stripe still sends in hundredths.
const STRIPE_ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF VND VUV XAF XOF XPF'.split(' '));
const STRIPE_THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));

/** A Stripe amount as minor units of the currency as the books count them (Intl's digits). */
export const stripeAmountToMinor = (amount: number, currency: string): number => {
  const code = currency.toUpperCase();
  const stripeDigits = STRIPE_ZERO_DECIMAL.has(code) ? 0 : STRIPE_THREE_DECIMAL.has(code) ? 3 : 2;
  const shift = minorDigits(code) - stripeDigits;
  if (shift === 0) return amount;
  const scaled = shift > 0 ? amount * 10 ** shift : amount / 10 ** -shift;
  return Math.sign(scaled) * Math.round(Math.abs(scaled));
};

/** The inverse of stripeAmountToMinor: minor units of the books as Stripe's unit of the currency. */
export const minorToStripeAmount = (amountMinor: number, currency: string): number => {
  const code = currency.toUpperCase();
  const stripeDigits = STRIPE_ZERO_DECIMAL.has(code) ? 0 : STRIPE_THREE_DECIMAL.has(code) ? 3 : 2;
  const shift = stripeDigits - minorDigits(code);
  if (shift === 0) return amountMinor;
  const scaled = shift > 0 ? amountMinor * 10 ** shift : amountMinor / 10 ** -shift;
  return Math.sign(scaled) * Math.round(Math.abs(scaled));
};

/** The calendar day a moment falls on in the org's timezone, as a DATE column wants it (UTC midnight). */
export const localDay = (seconds: number, timezone: string): Date => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(seconds * 1000));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return new Date(`${part('year')}-${part('month')}-${part('day')}T00:00:00.000Z`);
};

const categoryFor = (kind: StripeKind, categories: StripeCategoryIds): string | null => {
  switch (kind) {
    case 'charges':
    case 'refunds':
      return categories.sales;
    case 'fees':
      return categories.fees;
    case 'payouts':
      return categories.transfer;
    case 'other':
      return null;
  }
};

const describe = (kind: StripeKind, txn: StripeBalanceTransaction): string => {
  const said = txn.description?.trim();
  const of = txn.source ? ` ${txn.source}` : '';
  switch (kind) {
    case 'charges':
      return said || `Stripe charge${of}`;
    case 'refunds':
      return said || `Stripe refund${of}`;
    case 'fees':
      return said || 'Stripe fee';
    case 'payouts':
      return said || `Stripe ${txn.type.replace(/_/g, ' ')}${of}`;
    case 'other':
      return `Stripe ${txn.type.replace(/_/g, ' ')}${said ? `: ${said}` : of}`;
  }
};

/**
 * The rows of one balance transaction: the gross (a charge is income once, at its full amount),
 * its fee as a separate expense (`<id>:fee`), and for a payout both sides of a transfer (Stripe
 * out, the bank in, `<id>:bank`) sharing a transferId, so the money is never counted as income twice.
 */
/** What a payment's metadata tags it to, once checked to be this org's own lead and project. */
export type PaymentLinks = { leadId: string | null; projectId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids a payment's metadata names (a deposit the app asked for), well-formed or not at all. */
export const metadataIds = (
  txn: Pick<StripeBalanceTransaction, 'metadata'>,
): { leadId: string | null; projectId: string | null; proposalId: string | null } => {
  const id = (key: string) => {
    const value = txn.metadata[key]?.trim() ?? '';
    return UUID.test(value) ? value.toLowerCase() : null;
  };
  return { leadId: id('aiceo_lead_id'), projectId: id('aiceo_project_id'), proposalId: id('aiceo_proposal_id') };
};

export const rowsFor = (
  txn: StripeBalanceTransaction,
  books: StripeBooks,
  links: PaymentLinks = { leadId: null, projectId: null },
): Row[] => {
  const kind = kindOf(txn);
  const date = localDay(txn.created, books.timezone);
  const toMinor = (amount: number) => BigInt(stripeAmountToMinor(amount, txn.currency));
  const base = { orgId: books.orgId, date, currency: books.currency, source: 'stripe' as const, tags: [] };
  const pairedWithBank = kind === 'payouts' && books.payoutAccountId !== null;
  const transferId = pairedWithBank ? books.newTransferId() : null;
  const rows: Row[] = [
    {
      ...base,
      accountId: books.processorAccountId,
      amountMinor: toMinor(txn.amount),
      counterparty: kind === 'charges' || kind === 'refunds' ? '' : 'Stripe',
      description: describe(kind, txn),
      categoryId: categoryFor(kind, books.categories),
      sourceRef: txn.id,
      transferId,
      ...(kind === 'charges' ? links : {}),
    },
  ];
  if (pairedWithBank && books.payoutAccountId) {
    rows.push({
      ...base,
      accountId: books.payoutAccountId,
      amountMinor: -toMinor(txn.amount),
      counterparty: 'Stripe',
      description: describe(kind, txn),
      categoryId: books.categories.transfer,
      sourceRef: `${txn.id}:bank`,
      transferId,
    });
  }
  if (txn.fee !== 0 && kind !== 'fees') {
    rows.push({
      ...base,
      accountId: books.processorAccountId,
      amountMinor: -toMinor(txn.fee),
      counterparty: 'Stripe',
      description: `Stripe fee: ${describe(kind, txn)}`,
      categoryId: books.categories.fees,
      sourceRef: `${txn.id}:fee`,
      transferId: null,
    });
  }
  return rows;
};
