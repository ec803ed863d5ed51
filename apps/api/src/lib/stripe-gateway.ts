import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { BillingMode } from '@aiceo/shared/stripe-billing';
import type { Env } from '../config/env';
import { AppError } from '../http/app-error';

/** The fields of a Stripe event the app reads; the rest of the object is Stripe's business. */
export type StripeEventData = { id: string; type: string; created: number; object: Record<string, unknown> };

/** The port: the few Stripe calls the app makes, in our own types (tests may fake it; integration tests use the SDK). */
export type StripeGateway = {
  mode: BillingMode;
  /** Where the SDK goes instead of api.stripe.com (a local stand-in, never in production); absent for Stripe itself. */
  localApi?: { host: string; port: number; protocol: 'http' | 'https' };
  createCustomer(input: { orgId: string; name: string; email?: string }): Promise<{ id: string }>;
  /** A Checkout Session in subscription mode for one recurring price. */
  createCheckoutSession(input: {
    customerId: string;
    priceId: string;
    orgId: string;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; url: string }>;
  /** A Checkout Session in payment mode for a one-off purchase; `metadata` comes back on checkout.session.completed. */
  createPaymentCheckoutSession(input: PaymentCheckoutInput): Promise<{ id: string; url: string }>;
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Checks the Stripe-Signature header against the raw body; throws on a wrong, missing or stale signature. */
  constructEvent(input: { rawBody: Buffer; signature: string | undefined; now: Date }): StripeEventData;
};

export type PaymentCheckoutInput = {
  orgId: string;
  productName: string;
  amountCents: number;
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
};

export type StripeGatewayConfig = {
  mode: Exclude<BillingMode, 'not-configured'>;
  secretKey: string;
  webhookSecret: string;
  /** Seconds a signature stays valid. */
  toleranceSeconds: number;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
};

export class StripeSignatureError extends Error {
  override name = 'StripeSignatureError';
}

/** The gateway over the official SDK; host/port/protocol point it at the local stand-in. */
export const createStripeGateway = (config: StripeGatewayConfig): StripeGateway => {
  const stripe = new Stripe(config.secretKey, {
    ...(config.host ? { host: config.host } : {}),
    ...(config.port ? { port: config.port } : {}),
    ...(config.protocol ? { protocol: config.protocol } : {}),
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
  });
  return {
    mode: config.mode,
    ...(config.mode === 'local-stand-in' && config.host && config.port
      ? { localApi: { host: config.host, port: config.port, protocol: config.protocol ?? 'https' } }
      : {}),
    createCustomer: async ({ orgId, name, email }) => {
      // The idempotency key makes a retried call return the same customer, never a second one.
      const customer = await stripe.customers.create(
        { name, ...(email ? { email } : {}), metadata: { orgId } },
        { idempotencyKey: `customer-${orgId}` },
      );
      return { id: customer.id };
    },
    createCheckoutSession: async ({ customerId, priceId, orgId, successUrl, cancelUrl }) => {
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: customerId,
        client_reference_id: orgId,
        line_items: [{ price: priceId, quantity: 1 }],
        subscription_data: { metadata: { orgId } },
        metadata: { orgId },
        success_url: successUrl,
        cancel_url: cancelUrl,
      });
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`);
      return { id: session.id, url: session.url };
    },
    createPaymentCheckoutSession: async ({ orgId, productName, amountCents, metadata, successUrl, cancelUrl }) => {
      const session = await stripe.checkout.sessions.create({
        mode: 'payment',
        client_reference_id: orgId,
        line_items: [
          {
            quantity: 1,
            price_data: { currency: 'usd', unit_amount: amountCents, product_data: { name: productName } },
          },
        ],
        metadata: { ...metadata, orgId },
        success_url: successUrl,
        cancel_url: cancelUrl,
      });
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`);
      return { id: session.id, url: session.url };
    },
    createPortalSession: async ({ customerId, returnUrl }) => {
      const session = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
      return { url: session.url };
    },
    constructEvent: ({ rawBody, signature, now }) => {
      if (!signature) throw new StripeSignatureError('No Stripe-Signature header');
      try {
        // receivedAt is in milliseconds (the SDK divides by 1000); the clock makes staleness testable.
        const event = stripe.webhooks.constructEvent(
          rawBody,
          signature,
          config.webhookSecret,
          config.toleranceSeconds,
          undefined,
          now.getTime(),
        );
        return {
          id: event.id,
          type: event.type,
          created: event.created,
          object: event.data.object as unknown as Record<string, unknown>,
        };
      } catch (error) {
        throw new StripeSignatureError(error instanceof Error ? error.message : 'Bad signature', { cause: error });
      }
    },
  };
};

/**
 * A local stand-in the app talks to instead of api.stripe.com (`@aiceo/stand-ins`, started by
 * lib/stand-ins.ts): where it listens, the key it accepts and the secret it signs webhooks with,
 * all made by the stand-in at its start. The API holds no stand-in key of its own.
 */
export type StripeStandInTarget = {
  host: string;
  port: number;
  protocol: 'http' | 'https';
  secretKey: string;
  webhookSecret: string;
};

/** A secret nobody holds: a local gateway with no stand-in to ask signs nothing and accepts no webhook. */
const unknownSecret = (prefix: string): string => `${prefix}${randomBytes(24).toString('hex')}`;

export const BILLING_NOT_CONFIGURED_MESSAGE =
  'Billing is not set up on this server (it has no Stripe keys): nothing can be bought here, and plans are changed by the platform admin';

/** What every call of the not-configured gateway throws: 503 BILLING_NOT_CONFIGURED, said plainly. */
export class BillingNotConfiguredError extends AppError {
  constructor() {
    super('BILLING_NOT_CONFIGURED', BILLING_NOT_CONFIGURED_MESSAGE);
  }
}

/**
 * Calls Stripe for a route: a refusal of this server's own (billing not configured) passes as it is,
 * anything else is Stripe being unreachable or refusing, which the caller can retry later.
 */
export const callStripe = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UNAVAILABLE', 'Stripe could not be reached; try again shortly', undefined, { cause: error });
  }
};

/** The gateway of a production server without Stripe keys: it refuses every call and every webhook. */
export const notConfiguredStripeGateway = (): StripeGateway => {
  const refuse = async (): Promise<never> => {
    throw new BillingNotConfiguredError();
  };
  return {
    mode: 'not-configured',
    createCustomer: refuse,
    createCheckoutSession: refuse,
    createPaymentCheckoutSession: refuse,
    createPortalSession: refuse,
    constructEvent: () => {
      throw new BillingNotConfiguredError();
    },
  };
};

/**
 * Real Stripe with STRIPE_SECRET_KEY. Without it: nothing in production (a server never runs a
 * stand-in whose success it would report as real); otherwise `standIn`, the embedded one. Outside
 * production, STRIPE_SECRET_KEY with STRIPE_API_HOST/PORT is a stand-in of one's own (`pnpm
 * stripe:local` prints the variables), so it counts as the local stand-in too.
 */
export const stripeGatewayFor = (env: Env, standIn?: StripeStandInTarget): StripeGateway => {
  const toleranceSeconds = env.STRIPE_WEBHOOK_TOLERANCE_SECONDS;
  if (env.STRIPE_SECRET_KEY) {
    const elsewhere = env.STRIPE_API_HOST !== undefined || env.STRIPE_API_PORT !== undefined;
    return createStripeGateway({
      mode: elsewhere && env.NODE_ENV !== 'production' ? 'local-stand-in' : 'stripe',
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? '',
      toleranceSeconds,
      ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
      ...(env.STRIPE_API_PORT ? { port: env.STRIPE_API_PORT } : {}),
      ...(env.STRIPE_API_PROTOCOL ? { protocol: env.STRIPE_API_PROTOCOL } : {}),
    });
  }
  if (env.NODE_ENV === 'production') return notConfiguredStripeGateway();
  if (standIn) return createStripeGateway({ mode: 'local-stand-in', ...standIn, toleranceSeconds });
  // No key and no stand-in (tests, or the stand-ins package is not installed): calls fail as unreachable.
  return createStripeGateway({
    mode: 'local-stand-in',
    secretKey: unknownSecret('sk_test_'),
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? unknownSecret('whsec_'),
    toleranceSeconds,
    host: env.STRIPE_API_HOST ?? '127.0.0.1',
    port: env.STRIPE_API_PORT ?? 9,
    protocol: env.STRIPE_API_PROTOCOL ?? 'http',
  });
};
