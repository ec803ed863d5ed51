// `pnpm --filter @aiceo/web test`: builds what is stale, starts the built API (serving the built
// SPA) once on a free 127.0.0.1 port with a fresh embedded database, runs every e2e/*.test.mjs
// with node's test runner in headless Chromium, stops the API, and leaves the counts in
// test-results/web-e2e.json for the root test command's closing line.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD, signupViaApi, uniqueEmail } from './support/api.mjs';
import { startApi } from './support/api-server.mjs';
import { ensureBuilt } from './support/build.mjs';
import { CHROMIUM_PATH } from './support/chromium.mjs';
import { ARTIFACTS_DIR, RESULTS_DIR, WEB_DIR } from './support/paths.mjs';

const RESULTS_FILE = join(RESULTS_DIR, 'web-e2e.json');
const TEST_TIMEOUT_MS = 120_000;
const E2E_DIR = join(WEB_DIR, 'e2e');

const fail = (message) => {
  process.stderr.write(`${message}\n`);
  // A run that never got to its tests still counts as a failure in the suite's closing line.
  writeFileSync(
    RESULTS_FILE,
    JSON.stringify({ numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, error: message }, null, 2),
  );
  process.exit(1);
};

const runTests = (files, env) =>
  new Promise((resolve) => {
    const args = [
      '--test',
      '--test-concurrency=1',
      `--test-timeout=${TEST_TIMEOUT_MS}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(E2E_DIR, 'support', 'results-reporter.mjs')}`,
      '--test-reporter-destination=stderr',
      ...files,
    ];
    const child = spawn(process.execPath, args, {
      cwd: WEB_DIR,
      stdio: 'inherit',
      env: { ...process.env, ...env, E2E_RESULTS_FILE: RESULTS_FILE },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
mkdirSync(ARTIFACTS_DIR, { recursive: true });
mkdirSync(RESULTS_DIR, { recursive: true });
rmSync(RESULTS_FILE, { force: true });

if (!existsSync(CHROMIUM_PATH))
  fail(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
const started = Date.now();
try {
  ensureBuilt();
} catch (error) {
  fail(error.message);
}

let server;
try {
  server = await startApi({ logName: 'api' });
} catch (error) {
  fail(error.message);
}
// The first account is the platform admin: the tests read invitation mail from its outbox.
const admin = { email: uniqueEmail('platform-admin'), password: PASSWORD };
try {
  await signupViaApi(server.baseUrl, { ...admin, name: 'Platform Admin' });
} catch (error) {
  await server.stop();
  fail(error.message);
}
process.stderr.write(
  `[e2e] API + SPA on ${server.baseUrl} (started in ${server.startMs} ms; log: test-artifacts/e2e/api.log)\n`,
);

// E2E_ONLY=phone,leads runs only the files whose names contain one of those words (while developing).
const only = (process.env.E2E_ONLY ?? '').split(',').filter(Boolean);
const files = readdirSync(E2E_DIR)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((word) => f.includes(word)))
  .sort()
  .map((f) => join(E2E_DIR, f));
const code = await runTests(files, {
  E2E_BASE_URL: server.baseUrl,
  E2E_WEB_DIST: server.webDist,
  E2E_ADMIN_EMAIL: admin.email,
  E2E_ADMIN_PASSWORD: admin.password,
});
await server.stop();

const readResults = () => {
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
  } catch {
    return null;
  }
};
const results = readResults();
if (!results) fail(`The test runner exited with ${code} and left no readable ${RESULTS_FILE}.`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `web e2e: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped (${results.numTodoTests} todo) in ${seconds} s\n`,
);
if (results.numFailedTests > 0)
  process.stdout.write('Screenshots, page HTML and logs of failures: test-artifacts/e2e/\n');
process.exit(code !== 0 || results.numFailedTests > 0 ? 1 : 0);
