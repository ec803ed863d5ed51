import { planDefinitions } from '@aiceo/shared/plans';
import { newStripeKeys } from '../keys';
import { startStripeStandIn, type StandInOptions, type StandInPrice, type StripeStandIn } from './stand-in';

/** The price ids the app is configured with (STRIPE_PRICE_PRO, STRIPE_PRICE_ENTERPRISE). */
export type StandInPriceIds = { pro: string; enterprise: string };

/** The stand-in's price list: the app's paid plans (from the shared contract) at the app's price ids. */
export const standInPricesFor = (priceIds: StandInPriceIds): StandInPrice[] => [
  { priceId: priceIds.pro, name: planDefinitions.pro.name, amountCents: planDefinitions.pro.priceCents },
  {
    priceId: priceIds.enterprise,
    name: planDefinitions.enterprise.name,
    amountCents: planDefinitions.enterprise.priceCents,
  },
];

export type EmbeddedStripeOptions = Omit<StandInOptions, 'prices' | 'secretKey' | 'webhookSecret'> & {
  priceIds: StandInPriceIds;
  /** Given by a stand-alone stand-in that shares them with the API; otherwise fresh random ones. */
  secretKey?: string;
  webhookSecret?: string;
};

/** Starts one with the app's prices; its `secretKey` and `webhookSecret` are what the API must use. */
export const startEmbeddedStripe = ({ priceIds, ...options }: EmbeddedStripeOptions): Promise<StripeStandIn> => {
  const keys = newStripeKeys();
  return startStripeStandIn({
    ...options,
    prices: standInPricesFor(priceIds),
    secretKey: options.secretKey ?? keys.secretKey,
    webhookSecret: options.webhookSecret ?? keys.webhookSecret,
  });
};
