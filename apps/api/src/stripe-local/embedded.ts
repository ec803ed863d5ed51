import { planDefinitions } from '@aiceo/shared/plans';
import type { Env } from '../config/env';
import { LOCAL_STRIPE_KEYS } from '../lib/stripe-gateway';
import { startStripeStandIn, type StandInPrice, type StripeStandIn } from './stand-in';

/** The stand-in's price list: the app's plans at the price ids the app is configured with. */
export const standInPricesFor = (env: Env): StandInPrice[] => [
  { priceId: env.STRIPE_PRICE_PRO, name: planDefinitions.pro.name, amountCents: planDefinitions.pro.priceCents },
  { priceId: env.STRIPE_PRICE_ENTERPRISE, name: planDefinitions.enterprise.name, amountCents: planDefinitions.enterprise.priceCents },
];

/** The embedded default: no STRIPE_SECRET_KEY and no stand-in of one's own (STRIPE_API_PORT) means one in-process. */
export const wantsEmbeddedStandIn = (env: Env): boolean => !env.STRIPE_SECRET_KEY && !env.STRIPE_API_PORT;

export const startEmbeddedStandIn = (env: Env, options: { port?: number; webhookUrl?: string; now?: () => number } = {}): Promise<StripeStandIn> =>
  startStripeStandIn({
    secretKey: LOCAL_STRIPE_KEYS.secretKey,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? LOCAL_STRIPE_KEYS.webhookSecret,
    prices: standInPricesFor(env),
    ...options,
  });
