// Runs the API suite on embedded PGlite, then again on PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
for (const kind of kinds) {
  console.log(`\n=== API tests on ${kind} ===`);
  const result = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jestBin, '--json', `--outputFile=${resultsDir}api-${kind}.json`, ...jestArgs], { stdio: 'inherit', env: { ...process.env, TEST_DB: kind } });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}
