import { loadEnv } from '../config/env';
import { LOCAL_STAND_IN_API_KEY } from '../lib/stripe-gateway';
import { startEmbeddedStandIn } from './embedded';

// `pnpm stripe:local`: the stand-in on its own port. Start the API with STRIPE_API_PORT set to
// that port (and no STRIPE_SECRET_KEY) to use it instead of the embedded one.
const main = async () => {
  // eslint-disable-next-line no-restricted-properties -- an entry point of its own, like main.ts
  const env = loadEnv(process.env);
  const port = env.STRIPE_API_PORT ?? 12111;
  // The API's PORT: the stand-in sends webhooks to the API started with the same environment.
  const webhookUrl = `http://127.0.0.1:${env.PORT}/api/billing/webhook`;
  // The API needs the secret this stand-in signs with: give both the same STRIPE_WEBHOOK_SECRET, or copy the one printed here.
  const standIn = await startEmbeddedStandIn(env, {
    port,
    webhookUrl,
    secretKey: LOCAL_STAND_IN_API_KEY,
    ...(env.STRIPE_WEBHOOK_SECRET ? { webhookSecret: env.STRIPE_WEBHOOK_SECRET } : {}),
  });
  process.stdout.write(
    `Stripe stand-in on ${standIn.url}; webhooks go to ${webhookUrl}\n` +
      (env.STRIPE_WEBHOOK_SECRET
        ? ''
        : `Start the API with STRIPE_API_PORT=${port} STRIPE_WEBHOOK_SECRET=${standIn.webhookSecret}\n`),
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`Stripe stand-in failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
