import type { Endpoint } from './contract';

// The org's own Stripe account: connect read-only, sync charges, refunds, fees and payouts.

export const financeStripeEndpoints = {} satisfies Record<string, Endpoint>;
