import { portFrom } from '../port-from';
import { RESTRICTED_KEY_PREFIX } from './balance';
import { startEmbeddedStripe } from './embedded';

// `pnpm stripe:local`: the stand-in on its own port (STRIPE_API_PORT, default 12111), with the API's
// prices (STRIPE_PRICE_PRO, STRIPE_PRICE_ENTERPRISE) and, if given, its STRIPE_SECRET_KEY and
// STRIPE_WEBHOOK_SECRET; otherwise it makes them and prints how to start the API against it.
// STRIPE_STAND_IN_STATE: a JSON file that keeps its customers and subscriptions across restarts.
const main = async () => {
  const env = process.env;
  const port = portFrom('STRIPE_API_PORT', 12111);
  // The API's PORT: the stand-in sends webhooks to the API started with the same environment.
  const webhookUrl = `http://127.0.0.1:${portFrom('PORT', 3000)}/api/billing/webhook`;
  const standIn = await startEmbeddedStripe({
    port,
    webhookUrl,
    priceIds: {
      pro: env['STRIPE_PRICE_PRO'] || 'price_local_pro',
      enterprise: env['STRIPE_PRICE_ENTERPRISE'] || 'price_local_enterprise',
    },
    ...(env['STRIPE_SECRET_KEY'] ? { secretKey: env['STRIPE_SECRET_KEY'] } : {}),
    ...(env['STRIPE_WEBHOOK_SECRET'] ? { webhookSecret: env['STRIPE_WEBHOOK_SECRET'] } : {}),
    ...(env['STRIPE_STAND_IN_STATE'] ? { stateFile: env['STRIPE_STAND_IN_STATE'] } : {}),
  });
  process.stdout.write(
    `Stripe stand-in on ${standIn.url}; webhooks go to ${webhookUrl}\n` +
      `Start the API with STRIPE_API_HOST=${standIn.host} STRIPE_API_PORT=${standIn.port} STRIPE_API_PROTOCOL=http ` +
      `STRIPE_SECRET_KEY=${standIn.secretKey} STRIPE_WEBHOOK_SECRET=${standIn.webhookSecret}\n` +
      `Connect Stripe in the books (Money) with any restricted key starting ${RESTRICTED_KEY_PREFIX}, e.g. ${RESTRICTED_KEY_PREFIX}demo\n`,
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`Stripe stand-in failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
