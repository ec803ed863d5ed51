import { portFrom } from '../port-from';
import { startFakeAi } from './fake-ai';

// `pnpm ai:local`: the fake OpenAI-compatible provider on its own port (AI_LOCAL_PORT, default 4011).
// Point the API at it with OPENAI_BASE_URL; `${url}/<namespace>/v1` simulates one more provider.
const main = async () => {
  const fake = await startFakeAi({ port: portFrom('AI_LOCAL_PORT', 4011) });
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
