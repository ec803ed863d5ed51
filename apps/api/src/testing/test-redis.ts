import { spawnSync } from 'node:child_process';

/** The Redis the tests use: the one every development and CI machine runs (TEST_REDIS_URL overrides it). */
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * Whether a Redis answers PING at `url`. Synchronous (a child process), so a test file can choose
 * describe or describe.skip while jest collects it.
 */
const answersPing = (url: string): boolean => {
  const { hostname, port } = new URL(url);
  const probe = `const s = require('node:net').connect(${Number(port) || 6379}, ${JSON.stringify(hostname)});
    s.on('connect', () => s.write('PING\\r\\n'));
    s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));
    s.on('error', () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3_000 }).status === 0;
};

let reachable: boolean | undefined;

/** `describe` when Redis answers at TEST_REDIS_URL, else `describe.skip` with the reason in its title. */
export const describeWithRedis = (name: string, fn: () => void): void => {
  reachable ??= answersPing(TEST_REDIS_URL);
  if (reachable) describe(name, fn);
  else
    describe.skip(`${name} [skipped: no Redis answers PING at ${TEST_REDIS_URL}; start one or set TEST_REDIS_URL]`, fn);
};
