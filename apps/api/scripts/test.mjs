// Runs the API suite on embedded PGlite, then again on PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, URL } from 'node:url';

const jestBin = createRequire(import.meta.url).resolve('jest/bin/jest');

const jestArgs = process.argv.slice(2);
const kinds = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgresql'] : [])];
if (!process.env.TEST_DATABASE_URL) {
  console.log('TEST_DATABASE_URL is not set: running on PGlite only (set it to also run on PostgreSQL).');
}
// Results go to <repo>/test-results/ so the root test command can print one total line.
const resultsDir = fileURLToPath(new URL('../../../test-results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const jest = (args, env) => {
  const result = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jestBin, '--json', ...args],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
};
for (const kind of kinds) {
  console.log(`\n=== API tests on ${kind} ===`);
  // Every status each operation answered during the run, compared with the OpenAPI document afterwards.
  const statusesDir = `${resultsDir}observed-statuses/${kind}`;
  rmSync(statusesDir, { recursive: true, force: true });
  jest([`--outputFile=${resultsDir}api-${kind}.json`, ...jestArgs], {
    TEST_DB: kind,
    AICEO_OBSERVED_STATUSES_DIR: statusesDir,
  });
  // Only after the whole suite: a partial run observes too few operations to judge the document.
  if (jestArgs.length === 0) {
    console.log(`\n=== Statuses the ${kind} run observed vs the OpenAPI document ===`);
    jest([`--outputFile=${resultsDir}api-${kind}-statuses.json`], {
      TEST_DB: kind,
      AICEO_OBSERVED_STATUSES_DIR: statusesDir,
      AICEO_CHECK_RUN: '1',
    });
  }
}
