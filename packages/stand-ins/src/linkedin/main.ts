import { portFrom } from '../port-from';
import { startLocalLinkedIn } from './embedded';

// `pnpm linkedin:local`: the stand-in on its own port (LINKEDIN_LOCAL_PORT, default 4012). It accepts
// LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET if given, else credentials it makes and prints.
const main = async () => {
  const env = process.env;
  const standIn = await startLocalLinkedIn({
    port: portFrom('LINKEDIN_LOCAL_PORT', 4012),
    ...(env['LINKEDIN_CLIENT_ID'] ? { clientId: env['LINKEDIN_CLIENT_ID'] } : {}),
    ...(env['LINKEDIN_CLIENT_SECRET'] ? { clientSecret: env['LINKEDIN_CLIENT_SECRET'] } : {}),
  });
  process.stdout.write(
    `LinkedIn stand-in on ${standIn.url}; start the API with LINKEDIN_AUTH_BASE_URL=${standIn.url} ` +
      `LINKEDIN_API_BASE_URL=${standIn.url} LINKEDIN_CLIENT_ID=${standIn.clientId} LINKEDIN_CLIENT_SECRET=${standIn.clientSecret}\n`,
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`LinkedIn stand-in failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
