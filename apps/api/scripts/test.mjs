// Runs the API suite on embedded PGlite, then again on PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, URL } from 'node:url';

const jestBin = createRequire(import.meta.url).resolve('jest/bin/jest');

const jestArgs = process.argv.slice(2);
const kinds = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgresql'] : [])];
if (!process.env.TEST_DATABASE_URL) {
  console.log('TEST_DATABASE_URL is not set: running on PGlite only (set it to also run on PostgreSQL).');
}

/**
 * With PostgreSQL as well (CI), the whole suite runs on PostgreSQL, the production engine with real
 * concurrency, and PGlite runs the tests about the embedded default itself: the database layer and
 * migrations, the start of the product, the demo seed, and every test that branches on the engine
 * (they name testDbKind). The browser suite (apps/web) runs the whole product on PGlite besides.
 * Both engines in full: TEST_BOTH_ENGINES_IN_FULL=1. Without PostgreSQL, PGlite runs everything.
 */
const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
const engineTests = () => {
  const always = ['db/', 'config/', 'main.test.ts', 'http/app.test.ts', 'modules/demo/'];
  const named = readdirSync(srcDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts') && readFileSync(join(srcDir, file), 'utf8').includes('testDbKind'));
  return [...new Set([...always, ...named])].map((file) => `src/${file.split(sep).join('/')}`);
};
const pgliteSubset =
  jestArgs.length === 0 && process.env.TEST_DATABASE_URL && process.env.TEST_BOTH_ENGINES_IN_FULL !== '1';
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
  const subset = kind === 'pglite' && pgliteSubset;
  if (subset) console.log('PGlite runs the embedded-default tests; PostgreSQL runs the whole suite next.');
  const args = subset ? engineTests() : jestArgs;
  jest([`--outputFile=${resultsDir}api-${kind}.json`, ...args], {
    TEST_DB: kind,
    AICEO_OBSERVED_STATUSES_DIR: statusesDir,
  });
  // Only after the whole suite: a partial run observes too few operations to judge the document.
  if (jestArgs.length === 0 && !subset) {
    console.log(`\n=== Statuses the ${kind} run observed vs the OpenAPI document ===`);
    jest([`--outputFile=${resultsDir}api-${kind}-statuses.json`], {
      TEST_DB: kind,
      AICEO_OBSERVED_STATUSES_DIR: statusesDir,
      AICEO_CHECK_RUN: '1',
    });
  }
}
