import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, publicAuth } from './contract';
import { planSchema } from './plans';

/**
 * `stripe`: the real Stripe API; `local-stand-in`: the offline Stripe of development and tests (no
 * STRIPE_SECRET_KEY); `not-configured`: a production server without Stripe keys, where nothing can
 * be bought and only the platform admin changes plans.
 */
export const billingModes = ['stripe', 'local-stand-in', 'not-configured'] as const;
export const billingModeSchema = z.enum(billingModes);
export type BillingMode = z.infer<typeof billingModeSchema>;

/** An org's subscription as the API knows it from Stripe's webhooks. */
export const billingStateSchema = z.object({
  mode: billingModeSchema,
  /** The plan the org is on now (follows the subscription; free after the grace period of a failed payment). */
  plan: planSchema,
  /** Stripe's subscription status (active, past_due, canceled, ...), null before the first subscription. */
  status: z.string().nullable(),
  hasCustomer: z.boolean(),
  currentPeriodEnd: isoDateSchema.nullable(),
  pastDueSince: isoDateSchema.nullable(),
  /** When a past-due org drops to free, unless it pays first. */
  graceEndsAt: isoDateSchema.nullable(),
  /** Plans an owner can check out to. */
  purchasablePlans: z.array(planSchema),
});
export type BillingState = z.infer<typeof billingStateSchema>;

export const checkoutInputSchema = z.object({
  plan: z.enum(['pro', 'enterprise'], { message: 'Pick pro or enterprise' }),
});
export type CheckoutInput = z.infer<typeof checkoutInputSchema>;

/** Where to send the browser: Stripe's (or the stand-in's) hosted page. */
export const redirectSchema = z.object({ url: z.url() });
export type BillingRedirect = z.infer<typeof redirectSchema>;

export const webhookReceiptSchema = z.object({ received: z.literal(true), duplicate: z.boolean() });

const tag = 'Billing';
const orgParams = z.object({ orgId: z.uuid() });
export const stripeBillingEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/billing',
    summary: 'Plan and subscription state, and whether Stripe or the local stand-in is in use (member+)',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: billingStateSchema,
  }),
  checkout: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/billing/checkout',
    summary:
      'Start a Stripe Checkout for a subscription to a plan; answers the hosted page URL (owner only, no API keys; 503 BILLING_NOT_CONFIGURED without Stripe)',
    tag,
    auth: orgAuth('owner', null),
    params: orgParams,
    body: checkoutInputSchema,
    status: 200,
    response: redirectSchema,
    errors: [409, 503],
  }),
  portal: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/billing/portal',
    summary: 'Open the Stripe customer portal (owner only, no API keys)',
    tag,
    auth: orgAuth('owner', null),
    params: orgParams,
    status: 200,
    response: redirectSchema,
    errors: [409, 503],
  }),
  webhook: defineEndpoint({
    method: 'POST',
    path: '/api/billing/webhook',
    summary:
      'Stripe webhook: signature checked on the raw body, each event processed once (400 on a bad or stale signature; 503 BILLING_NOT_CONFIGURED refuses every event on a server without Stripe)',
    tag,
    auth: publicAuth,
    status: 200,
    response: webhookReceiptSchema,
    errors: [400, 503],
  }),
};
