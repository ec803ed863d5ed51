/* global fetch, AbortSignal */
// Starts the BUILT API (which also serves the built SPA) on a free 127.0.0.1 port with a fresh
// embedded database, and stops it again. Used by the browser tests and by the web bench.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_MAIN, ARTIFACTS_DIR, REPO_ROOT, WEB_DIST } from './paths.mjs';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * Spawns `node apps/api/dist/main.js` and waits for /api/health. Its output goes to
 * test-artifacts/e2e/<logName>.log. Returns { baseUrl, webDist, stop() }.
 *
 * It serves a snapshot of apps/web/dist taken now (`webDist`), so that a `vite build` running
 * elsewhere meanwhile (which empties dist/) cannot pull the SPA from under the tests.
 */
export const startApi = async ({ seedDemo = false, logName = 'api', env = {} } = {}) => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'aiceo-e2e-'));
  const webDist = join(dataDir, 'web-dist');
  cpSync(WEB_DIST, webDist, { recursive: true });
  if (!existsSync(join(webDist, 'index.html'))) throw new Error(`${WEB_DIST} has no index.html (is a build running?)`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const logPath = join(ARTIFACTS_DIR, `${logName}.log`);
  const log = createWriteStream(logPath);

  const child = spawn(process.execPath, [API_MAIN], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // As `pnpm start` runs it (development: local stand-ins for Stripe and LinkedIn); a test may pass NODE_ENV=production.
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      PGLITE_DATA_DIR: join(dataDir, 'pglite'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      FRONTEND_URL: baseUrl,
      SEED_DEMO: String(seedDemo),
      BCRYPT_COST: '4',
      WEB_DIST_DIR: webDist,
      // Every test browses from 127.0.0.1, and a few of them sign in as the same account more than once.
      LOGIN_RATE_LIMIT_PER_IP: '100000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000',
      ...env,
    },
  });
  let tail = '';
  const keep = (chunk) => {
    log.write(chunk);
    tail = (tail + chunk).slice(-4_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit = null;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exit = { code, signal }))));
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exit) {
      child.kill('SIGTERM');
      const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
      if ((await Promise.race([exited, timer])) === 'timeout') child.kill('SIGKILL');
      await exited;
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    if (exit) {
      await stop();
      throw new Error(`The API exited during start (${JSON.stringify(exit)}):\n${tail}`);
    }
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    if (res?.status === 200)
      return { baseUrl, port, webDist, logPath, startMs: Date.now() - started, output: () => tail, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(`The API did not answer /api/health within ${START_TIMEOUT_MS} ms:\n${tail}`);
};
