import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmbeddedStripe } from '@aiceo/stand-ins/stripe/embedded';
import type { StripeStandIn } from '@aiceo/stand-ins/stripe/stand-in';
import { createTestContext, testEnv, type TestContext } from './test-app';

export type StripeTestApp = { t: TestContext; standIn: StripeStandIn; close(): Promise<void> };

/**
 * The app on a real port with the local Stripe stand-in beside it: the real SDK talks to the
 * stand-in, and the stand-in's signed webhooks reach the app, as in the embedded default.
 * The stand-in stamps events with the app's (fake) clock.
 */
export const startStripeTestApp = async (): Promise<StripeTestApp> => {
  // The stand-in starts first (the app needs its port) and reads the app's clock once it exists.
  const holder: { t?: TestContext } = {};
  const env = testEnv();
  // A stand-in of its own, as `pnpm stripe:local` runs: the app uses the key and webhook secret it made.
  const standIn = await startEmbeddedStripe({
    priceIds: { pro: env.STRIPE_PRICE_PRO, enterprise: env.STRIPE_PRICE_ENTERPRISE },
    now: () => Math.floor((holder.t?.clock.now() ?? new Date()).getTime() / 1000),
  });
  const t = await createTestContext({
    env: {
      STRIPE_SECRET_KEY: standIn.secretKey,
      STRIPE_WEBHOOK_SECRET: standIn.webhookSecret,
      STRIPE_API_HOST: standIn.host,
      STRIPE_API_PORT: String(standIn.port),
      STRIPE_API_PROTOCOL: standIn.protocol,
    },
  });
  holder.t = t;
  const app = t.app;
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  standIn.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/billing/webhook`);
  return {
    t,
    standIn,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await standIn.close();
      await t.close();
    },
  };
};
