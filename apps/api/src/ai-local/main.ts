import { startFakeAi } from './fake-ai';

// `pnpm ai:local`: the fake OpenAI-compatible provider on its own port (AI_LOCAL_PORT, default 4011).
// Point the API at it with OPENAI_BASE_URL; `${url}/<namespace>/v1` simulates one more provider.
const main = async () => {
  // eslint-disable-next-line no-restricted-properties -- an entry point of its own, like main.ts
  const rawPort = process.env['AI_LOCAL_PORT'];
  const port = rawPort === undefined || rawPort === '' ? 4011 : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`AI_LOCAL_PORT must be a port number, got "${rawPort ?? ''}"`);
  const fake = await startFakeAi({ port });
  process.stdout.write(
    `Fake AI on ${fake.url}; use OPENAI_BASE_URL=${fake.url}/v1 (or ${fake.url}/<namespace>/v1 per provider)\n`,
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`Fake AI failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
