// Prints one closing line for the whole suite from the jest results each package wrote to
// test-results/ ("--clear" empties it before a run, so stale results never count).
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../test-results/', import.meta.url));
if (process.argv.includes('--clear')) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.exit(0);
}
const totals = { passed: 0, failed: 0, skipped: 0 };
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
for (const file of files) {
  const result = JSON.parse(readFileSync(dir + file, 'utf8'));
  // Other reports live here too (the agentic scenarios' precision and recall): only test-run results count.
  if (typeof result.numPassedTests !== 'number') continue;
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests;
  console.log(
    `  ${file.replace(/\.json$/, '')}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped`,
  );
}
if (files.length === 0 || totals.passed === 0) {
  console.error('No test results found: did any test run?');
  process.exit(1);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
