// `pnpm bench:finance`: the money benches in one run. It runs bench-finance-import.mjs (statement
// import throughput committing 100,000 rows) and bench-finance-reports.mjs (p99 of the yearly P&L and
// cash-flow endpoints over 1,000,000 transactions next to the same aggregate as one raw SQL query),
// and counts the bank layouts and countries the import fixtures cover. The LAST line is one JSON
// object: { import, reports, fixtures }. PostgreSQL needs BENCH_DATABASE_URL or TEST_DATABASE_URL.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { API_DIR, log, printResult } from './bench-support.mjs';

/** Runs a bench with its output passed through; resolves with its last stdout line parsed. */
const run = (script) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(API_DIR, 'scripts', script)], {
      cwd: API_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(code === 0 ? JSON.parse(last) : { error: `${script} exited with ${code}` });
      } catch {
        resolve({ error: `${script} printed no JSON on its last line` });
      }
    });
  });

/** The bank layouts the import fixtures cover: one file per layout, named <country>-<bank>.<ext>. */
const fixtureCoverage = () => {
  const files = readdirSync(join(API_DIR, 'src/modules/finance-imports/fixtures')).filter((name) =>
    /^[a-z]{2}-[a-z0-9-]+\.(csv|tab|txt)$/.test(name),
  );
  const countries = [...new Set(files.map((name) => name.slice(0, 2).toUpperCase()))].sort();
  return { layouts: files.length, countries: countries.length, countryCodes: countries };
};

log('== statement import ==');
const importFigures = await run('bench-finance-import.mjs');
log('== reports ==');
const reportFigures = await run('bench-finance-reports.mjs');
printResult({ import: importFigures, reports: reportFigures, fixtures: fixtureCoverage() });
