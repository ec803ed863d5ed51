import { LOCAL_LINKEDIN_PORT } from '../lib/linkedin-client';
import { startLocalLinkedInStandIn } from './embedded';

// `pnpm linkedin:local`: the stand-in on its own port (LINKEDIN_LOCAL_PORT, default 4012). Start the
// API without LINKEDIN_CLIENT_ID and with LINKEDIN_AUTH_BASE_URL and LINKEDIN_API_BASE_URL set to its URL.
const main = async () => {
  // eslint-disable-next-line no-restricted-properties -- an entry point of its own, like main.ts
  const rawPort = process.env['LINKEDIN_LOCAL_PORT'];
  const port = rawPort === undefined || rawPort === '' ? LOCAL_LINKEDIN_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`LINKEDIN_LOCAL_PORT must be a port number, got "${rawPort ?? ''}"`);
  const standIn = await startLocalLinkedInStandIn({ port });
  process.stdout.write(
    `LinkedIn stand-in on ${standIn.url}; use LINKEDIN_AUTH_BASE_URL=${standIn.url} LINKEDIN_API_BASE_URL=${standIn.url}\n`,
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`LinkedIn stand-in failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
