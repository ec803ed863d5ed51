import { createStripeGateway, stripeGatewayFor } from '../../lib/stripe-gateway';
import { testEnv } from '../../testing/test-app';
import {
  kindOf,
  localDay,
  metadataIds,
  minorToStripeAmount,
  rowsFor,
  stripeAmountToMinor,
  type StripeBooks,
} from './finance-stripe.mapping';
import { localApiFor, standInKeyPrefixFor, toStripeReadError } from './stripe-reader';
import type { StripeBalanceTransaction } from './stripe-reader';

const books = (overrides: Partial<StripeBooks> = {}): StripeBooks => ({
  orgId: 'org',
  processorAccountId: 'stripe-account',
  payoutAccountId: 'bank-account',
  currency: 'USD',
  timezone: 'UTC',
  categories: { sales: 'sales', fees: 'fees', transfer: 'transfer' },
  newTransferId: () => 'transfer-1',
  ...overrides,
});
const txn = (overrides: Partial<StripeBalanceTransaction>): StripeBalanceTransaction => ({
  id: 'txn_1',
  type: 'charge',
  reportingCategory: 'charge',
  amount: 10_000,
  fee: 320,
  currency: 'usd',
  created: Date.UTC(2026, 10, 30, 23, 30) / 1000,
  description: null,
  source: 'ch_1',
  metadata: {},
  ...overrides,
});

describe('stripeAmountToMinor', () => {
  it.each([
    [1_234, 'usd', 1_234],
    [1_234, 'EUR', 1_234],
    [500, 'jpy', 500],
    [12_340, 'kwd', 12_340],
    // Whole-unit currencies Stripe still counts in hundredths.
    [50_000, 'isk', 500],
    [-50_000, 'ugx', -500],
    // Stripe sends HUF in hundredths; the books (Intl) count whole forints.
    [1_000, 'huf', 10],
  ])('when Stripe sends %p %s, then the books get %p minor units', (amount, currency, expected) => {
    expect(stripeAmountToMinor(amount, currency)).toBe(expected);
  });
});

describe('localDay', () => {
  it('when a charge is at 23:30 UTC, then it is on the next day in Berlin and the same day in New York', () => {
    const seconds = Date.UTC(2026, 10, 30, 23, 30) / 1000;
    expect(localDay(seconds, 'Europe/Berlin').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(localDay(seconds, 'America/New_York').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(localDay(seconds, 'UTC').toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });
});

describe('kindOf', () => {
  it.each([
    ['charge', 'charge', 'charges'],
    ['payment', 'charge', 'charges'],
    ['refund', 'refund', 'refunds'],
    ['adjustment', 'dispute', 'refunds'],
    ['stripe_fee', 'fee', 'fees'],
    ['payout', 'payout', 'payouts'],
    ['payout_failure', 'payout_reversal', 'payouts'],
    ['topup', 'topup', 'payouts'],
    ['adjustment', 'other_adjustment', 'other'],
    ['transfer', 'transfer', 'other'],
  ])('when Stripe says %s (%s), then it is %s', (type, reportingCategory, expected) => {
    expect(kindOf({ type, reportingCategory })).toBe(expected);
  });
});

describe('rowsFor', () => {
  it('when a charge has a fee, then its gross is income and its fee a separate expense', () => {
    const rows = rowsFor(txn({}), books());
    expect(rows).toEqual([
      expect.objectContaining({ sourceRef: 'txn_1', amountMinor: 10_000n, categoryId: 'sales', transferId: null }),
      expect.objectContaining({
        sourceRef: 'txn_1:fee',
        amountMinor: -320n,
        categoryId: 'fees',
        counterparty: 'Stripe',
      }),
    ]);
    expect(rows.every((r) => r.accountId === 'stripe-account' && r.source === 'stripe')).toBe(true);
  });

  it('when a payout goes to a linked bank, then both sides are a transfer with one transferId', () => {
    const rows = rowsFor(
      txn({ id: 'txn_po', type: 'payout', reportingCategory: 'payout', amount: -9_000, fee: 0 }),
      books(),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        accountId: 'stripe-account',
        amountMinor: -9_000n,
        categoryId: 'transfer',
        transferId: 'transfer-1',
      }),
      expect.objectContaining({
        accountId: 'bank-account',
        sourceRef: 'txn_po:bank',
        amountMinor: 9_000n,
        categoryId: 'transfer',
        transferId: 'transfer-1',
      }),
    ]);
  });

  it('when no bank is linked, then a payout only leaves Stripe, still as a transfer', () => {
    const rows = rowsFor(
      txn({ type: 'payout', reportingCategory: 'payout', amount: -9_000, fee: 0 }),
      books({ payoutAccountId: null }),
    );
    expect(rows).toEqual([expect.objectContaining({ amountMinor: -9_000n, categoryId: 'transfer', transferId: null })]);
  });

  it('when Stripe moves money the books have no category for, then it stays uncategorised and says what it was', () => {
    const [row] = rowsFor(
      txn({
        type: 'adjustment',
        reportingCategory: 'other_adjustment',
        amount: -100,
        fee: 0,
        description: 'Correction',
      }),
      books(),
    );
    expect(row).toMatchObject({ categoryId: null, description: 'Stripe adjustment: Correction', amountMinor: -100n });
  });
});

describe("a deposit's metadata", () => {
  it('when a charge names its lead and project, then its gross row is tagged and its fee row is not', () => {
    const links = { leadId: 'lead-1', projectId: 'project-1' };
    const [gross, fee] = rowsFor(txn({}), books(), links);
    expect(gross).toMatchObject(links);
    expect(fee).not.toHaveProperty('leadId');
    expect(rowsFor(txn({ type: 'payout', amount: -500, fee: 0 }), books(), links)[0]).not.toHaveProperty('leadId');
  });

  it('when the metadata holds ids, then only well-formed ones are read', () => {
    const id = '0b7d4c4e-2f7a-4c1e-9a55-3f3b0d2c9e11';
    expect(
      metadataIds(txn({ metadata: { aiceo_lead_id: id.toUpperCase(), aiceo_project_id: 'x', aiceo_proposal_id: id } })),
    ).toEqual({ leadId: id, projectId: null, proposalId: id });
  });

  it.each([
    [1_234, 'usd', 1_234],
    [500, 'jpy', 500],
    [10, 'isk', 1_000],
    [1_234, 'kwd', 1_234],
  ])('when %d minor units of %s go to Stripe, then it is asked %d', (minor, currency, expected) => {
    expect(minorToStripeAmount(minor, currency)).toBe(expected);
    expect(stripeAmountToMinor(expected, currency)).toBe(minor);
  });
});

describe('where an org key goes', () => {
  const standIn = createStripeGateway({
    mode: 'local-stand-in',
    secretKey: 'sk_test_local_x',
    webhookSecret: 'whsec_x',
    toleranceSeconds: 300,
    host: '127.0.0.1',
    port: 12111,
    protocol: 'http',
  });
  const local = { host: '127.0.0.1', port: 12111, protocol: 'http' };

  it('when outside production with a stand-in, then only stand-in keys go to it', () => {
    const env = testEnv();
    expect(localApiFor({ env, stripe: standIn }, 'rk_test_local_demo')).toEqual(local);
    expect(localApiFor({ env, stripe: standIn }, 'rk_test_51Real')).toBeUndefined();
    expect(standInKeyPrefixFor({ env, stripe: standIn })).toBe('rk_test_local_');
  });

  it('when in production, then no key goes to a stand-in and none is offered', () => {
    const env = { ...testEnv(), NODE_ENV: 'production' as const };
    expect(localApiFor({ env, stripe: standIn }, 'rk_test_local_demo')).toBeUndefined();
    expect(standInKeyPrefixFor({ env, stripe: standIn })).toBeNull();
    expect(stripeGatewayFor(env).localApi).toBeUndefined();
  });

  it('when Stripe echoes the key in an error, then the message keeps only its last four characters', () => {
    const key = 'rk_live_51SecretSecretSecret9876';
    const error = Object.assign(new Error(`Invalid API Key provided: ${key}`), { type: 'StripeAuthenticationError' });
    const read = toStripeReadError(error, key);
    expect(read.problem).toBe('refused');
    expect(read.message).not.toContain(key);
    expect(read.message).toContain('9876');
  });
});
