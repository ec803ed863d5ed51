import Stripe from 'stripe';
import type { Deps } from '../../deps';

/**
 * The org's own Stripe account, read through the official SDK with the org's restricted key (one
 * client per key). Outside production, keys with STAND_IN_KEY_PREFIX go to the local stand-in the
 * app's billing already talks to (@aiceo/stand-ins, balance.ts there uses the same prefix); every
 * other key, and every key in production, goes to api.stripe.com.
 */
export const STAND_IN_KEY_PREFIX = 'rk_test_local_';

/** One Stripe balance transaction: the fields the books read, as Stripe sends them. */
export type StripeBalanceTransaction = {
  id: string;
  type: string;
  reportingCategory: string | null;
  /** Signed, in Stripe's unit of `currency` (see stripeAmountToMinor). */
  amount: number;
  fee: number;
  currency: string;
  /** Seconds since the epoch. */
  created: number;
  description: string | null;
  source: string | null;
  /** The metadata of the charge behind it (a deposit carries aiceo_lead_id, aiceo_project_id, aiceo_proposal_id). */
  metadata: Record<string, string>;
};

export type StripeAccountInfo = { id: string | null; name: string | null; currency: string };

export type StripeReader = {
  /** The account behind the key and the currency its balance is kept in. */
  account(): Promise<StripeAccountInfo>;
  /** Proves the key may list balance transactions (what a sync reads). */
  canListBalanceTransactions(): Promise<void>;
  /** Every balance transaction created at or after `since` (all of them without), newest first, page by page. */
  balanceTransactions(options: { since: Date | null }): AsyncIterable<StripeBalanceTransaction>;
};

export type StripeReadProblem = 'refused' | 'forbidden' | 'unreachable' | 'answered';

/** A Stripe call that failed, in words for the owner; the key never appears in the message. */
export class StripeReadError extends Error {
  override name = 'StripeReadError';
  constructor(
    readonly problem: StripeReadProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Where this key's requests go: the local stand-in only outside production and only for its keys. */
export const localApiFor = (
  { env, stripe }: Pick<Deps, 'env' | 'stripe'>,
  apiKey: string,
): StripeReaderTarget | undefined =>
  env.NODE_ENV !== 'production' && apiKey.startsWith(STAND_IN_KEY_PREFIX) ? stripe.localApi : undefined;

export const standInKeyPrefixFor = ({ env, stripe }: Pick<Deps, 'env' | 'stripe'>): string | null =>
  env.NODE_ENV !== 'production' && stripe.localApi ? STAND_IN_KEY_PREFIX : null;

type StripeReaderTarget = NonNullable<Deps['stripe']['localApi']>;

const scrub = (text: string, apiKey: string): string =>
  apiKey.length > 0 ? text.split(apiKey).join(`…${apiKey.slice(-4)}`) : text;

/** The SDK's error classes by `type`, as words for the owner. */
export const toStripeReadError = (error: unknown, apiKey: string): StripeReadError => {
  if (error instanceof StripeReadError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  const said = scrub(error instanceof Error ? error.message : String(error), apiKey);
  switch (type) {
    case 'StripeAuthenticationError':
      return new StripeReadError(
        'refused',
        `Stripe refused the key ending ${apiKey.slice(-4)}: it was revoked, rolled or mistyped (Stripe said: ${said})`,
      );
    case 'StripePermissionError':
      return new StripeReadError(
        'forbidden',
        `The key ending ${apiKey.slice(-4)} may not read this in Stripe: give the restricted key read access to Balance (Stripe said: ${said})`,
      );
    case 'StripeConnectionError':
    case 'StripeAPIError':
    case 'StripeRateLimitError':
      return new StripeReadError('unreachable', `Stripe could not be reached or was busy: ${said}`);
    default:
      return new StripeReadError('answered', `Stripe answered: ${said}`);
  }
};

const clientFor = (apiKey: string, target: StripeReaderTarget | undefined): Stripe =>
  new Stripe(apiKey, {
    ...(target ? { host: target.host, port: target.port, protocol: target.protocol } : {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
  });

/** The metadata of an expanded source: a charge's own (Stripe copies its PaymentIntent's there). */
const metadataOf = (source: Stripe.BalanceTransaction['source']): Record<string, string> => {
  if (!source || typeof source === 'string' || !('metadata' in source) || !source.metadata) return {};
  return Object.fromEntries(Object.entries(source.metadata).filter(([, v]) => typeof v === 'string'));
};

const toTransaction = (txn: Stripe.BalanceTransaction): StripeBalanceTransaction => ({
  id: txn.id,
  type: txn.type,
  reportingCategory: txn.reporting_category ?? null,
  amount: txn.amount,
  fee: txn.fee,
  currency: txn.currency,
  created: txn.created,
  description: txn.description ?? null,
  source: typeof txn.source === 'string' ? txn.source : (txn.source?.id ?? null),
  metadata: metadataOf(txn.source),
});

/** Each call rethrows the SDK's errors as StripeReadError, with the key scrubbed. */
export const createStripeReader = (deps: Pick<Deps, 'env' | 'stripe'>, apiKey: string): StripeReader => {
  const stripe = clientFor(apiKey, localApiFor(deps, apiKey));
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toStripeReadError(error, apiKey);
    }
  };
  return {
    account: () =>
      guarded(async () => {
        const balance = await stripe.balance.retrieve();
        // Reading the account needs a permission the books do not: without it, the balance alone will do.
        const account = await stripe.accounts.retrieve(null).catch((error: unknown) => {
          if ((error as { type?: unknown }).type === 'StripePermissionError') return null;
          throw error;
        });
        const preferred = account?.default_currency ?? undefined;
        // The balance currency the account settles in: its default one when it holds that, else its first.
        const held = balance.available.map((b) => b.currency);
        const currency = preferred && held.includes(preferred) ? preferred : (held[0] ?? preferred ?? 'usd');
        return {
          id: account?.id ?? null,
          name: account?.settings?.dashboard?.display_name ?? account?.business_profile?.name ?? null,
          currency: currency.toUpperCase(),
        };
      }),
    canListBalanceTransactions: () =>
      guarded(async () => {
        await stripe.balanceTransactions.list({ limit: 1 });
      }),
    balanceTransactions: ({ since }) => ({
      [Symbol.asyncIterator]: async function* () {
        const params: Stripe.BalanceTransactionListParams = {
          limit: 100,
          ...(since ? { created: { gte: Math.floor(since.getTime() / 1000) } } : {}),
        };
        // The source (a charge) comes whole, with the metadata that tags a deposit to its lead and project.
        // A restricted key that may read Balance but not Charges is refused the expansion: the books are
        // then read as before, without the tags, rather than not at all.
        let iterator = stripe.balanceTransactions.list({ ...params, expand: ['data.source'] })[Symbol.asyncIterator]();
        let first = true;
        for (;;) {
          let next: IteratorResult<Stripe.BalanceTransaction>;
          try {
            next = await iterator.next();
          } catch (error) {
            if (!first || (error as { type?: unknown } | null)?.type !== 'StripePermissionError') {
              throw toStripeReadError(error, apiKey);
            }
            iterator = stripe.balanceTransactions.list(params)[Symbol.asyncIterator]();
            next = await guarded(() => iterator.next());
          }
          first = false;
          if (next.done) return;
          yield toTransaction(next.value);
        }
      },
    }),
  };
};

export type PaymentCheckoutRequest = {
  /** In Stripe's unit of the currency (see minorToStripeAmount). */
  amount: number;
  /** ISO 4217, any case. */
  currency: string;
  description: string;
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
  /** The same key returns the same session (a retried acceptance never makes a second one). */
  idempotencyKey: string;
};

/** A Checkout Session in payment mode on the org's own account; errors as StripeReadError. */
export const createPaymentCheckout = async (
  deps: Pick<Deps, 'env' | 'stripe'>,
  apiKey: string,
  input: PaymentCheckoutRequest,
): Promise<{ id: string; url: string }> => {
  const stripe = clientFor(apiKey, localApiFor(deps, apiKey));
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: input.currency.toLowerCase(),
              unit_amount: input.amount,
              product_data: { name: input.description },
            },
          },
        ],
        payment_intent_data: { description: input.description, metadata: input.metadata },
        metadata: input.metadata,
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      },
      { idempotencyKey: input.idempotencyKey },
    );
    if (!session.url) throw new StripeReadError('answered', 'Stripe answered a Checkout Session without a URL');
    return { id: session.id, url: session.url };
  } catch (error) {
    throw toStripeReadError(error, apiKey);
  }
};
