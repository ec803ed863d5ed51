import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, type Endpoint } from './contract';

// The org's own Stripe account: connect read-only, sync charges, refunds, fees and payouts.

/**
 * Why only restricted keys: a secret key (sk_) can refund, pay out and delete, and a publishable
 * key (pk_) reads nothing. A restricted key with read access to Balance is all the books need.
 */
export const STRIPE_KEY_ADVICE =
  'Use a restricted key (rk_live_… or rk_test_…) with read access to Balance; create one in Stripe under Developers › API keys';

const keyProblem = (key: string): string | null => {
  if (/^sk_(live|test)_/.test(key))
    return `This is a secret key, which can move money; the books only need to read. ${STRIPE_KEY_ADVICE}`;
  if (/^pk_(live|test)_/.test(key))
    return `This is a publishable key, which cannot read payments. ${STRIPE_KEY_ADVICE}`;
  if (!/^rk_(live|test)_[A-Za-z0-9_]+$/.test(key)) return `This is not a Stripe API key. ${STRIPE_KEY_ADVICE}`;
  return null;
};

/** Connect Stripe: a restricted read-only key; checked with Stripe before anything is stored. */
export const connectStripeInputSchema = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, 'Paste your restricted Stripe key')
    .max(255, 'Stripe keys are shorter than this')
    .superRefine((key, ctx) => {
      const problem = keyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});
export type ConnectStripeInput = z.infer<typeof connectStripeInputSchema>;

/** How many of the org's transactions came from Stripe, by what they were there. */
export const stripeImportCountsSchema = z.object({
  /** Charges and payments (income, gross). */
  charges: z.number().int(),
  /** Refunds and lost disputes (income given back). */
  refunds: z.number().int(),
  /** Stripe's fees (each charge's fee and Stripe's own bills). */
  fees: z.number().int(),
  /** Payouts to the bank (transfers between own accounts, never income). */
  payouts: z.number().int(),
  /** Anything else Stripe moved (adjustments, ...), left uncategorised for the owner. */
  other: z.number().int(),
});
export type StripeImportCounts = z.infer<typeof stripeImportCountsSchema>;

/** The org's Stripe connection as the SPA sees it: never the key, only its last four characters. */
export const stripeConnectionSchema = z.object({
  connected: z.boolean(),
  /** Stripe's account id (acct_…); null when not connected or when the key may not read the account. */
  stripeAccountId: z.string().nullable(),
  keyLast4: z.string().nullable(),
  /** The processor account in the books that Stripe's balance is (it stays after a disconnect), and its currency. */
  financeAccountId: z.string().nullable(),
  financeAccountName: z.string().nullable(),
  currency: z.string().nullable(),
  /** The bank account payouts arrive in; null when none in the same currency exists (payouts then only leave Stripe). */
  payoutAccountId: z.string().nullable(),
  connectedAt: isoDateSchema.nullable(),
  lastSyncedAt: isoDateSchema.nullable(),
  /** The last sync's problem in plain words (revoked key, Stripe unreachable), until a sync works again. */
  lastError: z.string().nullable(),
  /** What is in the books from Stripe (also after a disconnect, which keeps them): rows, and payouts among them. */
  counts: z.object({ transactions: z.number().int(), payouts: z.number().int() }),
  /**
   * Outside production with a local Stripe stand-in: keys starting with this prefix reach the
   * stand-in (rk_test_local_demo has a month of sample sales). Null where only Stripe is asked.
   */
  standInKeyPrefix: z.string().nullable(),
});
export type StripeConnection = z.infer<typeof stripeConnectionSchema>;

/** What one sync wrote: new Stripe balance transactions by kind, and how many were already in the books. */
export const stripeSyncResultSchema = z.object({
  imported: stripeImportCountsSchema,
  /** Stripe balance transactions seen again (already imported): nothing is written twice. */
  alreadyImported: z.number().int(),
  /** In another currency than the Stripe account in the books, so not imported (named in lastError). */
  skippedOtherCurrency: z.number().int(),
  connection: stripeConnectionSchema,
});
export type StripeSyncResult = z.infer<typeof stripeSyncResultSchema>;

const tag = 'Finance';
const orgParams = z.object({ orgId: z.uuid() });
export const financeStripeEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/finance/stripe',
    summary:
      "The org's Stripe connection: account, key's last 4, last sync and its problem, what was imported (admin+)",
    tag,
    auth: orgAuth('admin', 'read'),
    params: orgParams,
    status: 200,
    response: stripeConnectionSchema,
  }),
  connect: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/finance/stripe',
    summary:
      "Connect the org's own Stripe with a restricted read-only key (admin+): checked with Stripe, stored encrypted, then the first sync runs. A key Stripe refuses is a 400 and nothing is stored; Stripe unreachable is a 503",
    tag,
    auth: orgAuth('admin', 'write'),
    params: orgParams,
    body: connectStripeInputSchema,
    status: 201,
    response: stripeSyncResultSchema,
    errors: [409, 503],
  }),
  sync: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/finance/stripe/sync',
    summary:
      'Import new charges, refunds, fees and payouts now (admin+); deduped by Stripe id. 404 when not connected, 409 when Stripe refuses the stored key, 503 when Stripe cannot be reached (the problem is kept in lastError)',
    tag,
    auth: orgAuth('admin', 'write'),
    params: orgParams,
    body: z.object({}).strict(),
    status: 200,
    response: stripeSyncResultSchema,
    errors: [409, 503],
  }),
  disconnect: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/finance/stripe',
    summary:
      'Disconnect Stripe (admin+): the key is forgotten; imported transactions and the Stripe account stay in the books',
    tag,
    auth: orgAuth('admin', 'write'),
    params: orgParams,
    status: 204,
    response: null,
  }),
} satisfies Record<string, Endpoint>;
