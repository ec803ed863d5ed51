import { planDefinitions } from '@aiceo/shared/plans';
import type { Env } from '../config/env';
import { newStandInKeys } from '../lib/stripe-gateway';
import { startStripeStandIn, type StandInPrice, type StripeStandIn } from './stand-in';

/** The stand-in's price list: the app's plans at the price ids the app is configured with. */
export const standInPricesFor = (env: Env): StandInPrice[] => [
  { priceId: env.STRIPE_PRICE_PRO, name: planDefinitions.pro.name, amountCents: planDefinitions.pro.priceCents },
  {
    priceId: env.STRIPE_PRICE_ENTERPRISE,
    name: planDefinitions.enterprise.name,
    amountCents: planDefinitions.enterprise.priceCents,
  },
];

/**
 * The embedded default of development and tests: no STRIPE_SECRET_KEY and no stand-in of one's own
 * (STRIPE_API_PORT) means one in-process. Never in production.
 */
export const wantsEmbeddedStandIn = (env: Env): boolean =>
  env.NODE_ENV !== 'production' && !env.STRIPE_SECRET_KEY && !env.STRIPE_API_PORT;

/**
 * Starts a stand-in that accepts `secretKey` and signs its webhooks with `webhookSecret`: fresh random
 * ones unless given (a stand-alone stand-in takes STRIPE_WEBHOOK_SECRET, so the API can share it).
 */
export const startEmbeddedStandIn = (
  env: Env,
  options: { port?: number; webhookUrl?: string; now?: () => number; secretKey?: string; webhookSecret?: string } = {},
): Promise<StripeStandIn> => {
  const keys = newStandInKeys();
  return startStripeStandIn({
    prices: standInPricesFor(env),
    ...options,
    secretKey: options.secretKey ?? keys.secretKey,
    webhookSecret: options.webhookSecret ?? keys.webhookSecret,
  });
};
