// `pnpm bench`: every benchmark in sequence, short by default (BENCH_DURATION=5 seconds of load
// per route), each printing its own table as it runs. The LAST line is one JSON object that
// merges each bench's final JSON line: { api, usage, webhooks, ai, worker, finance, widget, campaigns, telegram, web }. The browser bench runs only
// when Chromium is installed (CHROMIUM_PATH, default /usr/bin/chromium). Build first: the root
// script does.
//
//   BENCH_DURATION=5                           seconds of load per route (api, usage)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL     also bench PostgreSQL where a bench supports it
//   BENCH_ONLY=api,webhooks                    run only these
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;

const benches = [
  { key: 'api', script: 'apps/api/scripts/bench-api.mjs' },
  { key: 'usage', script: 'apps/api/scripts/bench-usage.mjs' },
  { key: 'webhooks', script: 'apps/api/scripts/bench-webhooks.mjs' },
  { key: 'ai', script: 'apps/api/scripts/bench-ai.mjs' },
  { key: 'worker', script: 'apps/api/scripts/bench-worker.mjs' },
  { key: 'finance', script: 'apps/api/scripts/bench-finance.mjs' },
  { key: 'widget', script: 'apps/api/scripts/bench-widget.mjs' },
  { key: 'campaigns', script: 'apps/api/scripts/bench-campaigns.mjs' },
  { key: 'telegram', script: 'apps/api/scripts/bench-telegram.mjs' },
  {
    key: 'web',
    script: 'apps/web/scripts/bench-web.mjs',
    skip: existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH}`,
  },
].filter((b) => !only || only.has(b.key));

/**
 * Runs one bench with its output passed through as it comes, except its last stdout line
 * (its JSON), which is held back and parsed.
 */
const run = ({ script }) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_DURATION: process.env.BENCH_DURATION || '5' },
    });
    let partial = '';
    // The newest non-empty line, not printed yet, and the blank lines after it.
    let held = null;
    let blanks = 0;
    const take = (line) => {
      if (line.trim() === '') {
        if (held === null) process.stdout.write('\n');
        else blanks += 1;
        return;
      }
      if (held !== null) process.stdout.write(`${held}\n${'\n'.repeat(blanks)}`);
      held = line;
      blanks = 0;
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) take(line);
    });
    // 'close', not 'exit': stdout may still hold the last line when the process exits.
    child.on('close', (code, signal) => {
      if (partial !== '') take(partial);
      let result = null;
      try {
        result = JSON.parse(held ?? '');
      } catch {
        if (held !== null) process.stdout.write(`${held}\n`);
      }
      resolve({ code: code ?? (signal ? 1 : 0), result });
    });
  });

const merged = {};
let failed = false;
for (const bench of benches) {
  if (bench.skip) {
    process.stdout.write(`\n=== bench ${bench.key}: skipped (${bench.skip}) ===\n`);
    merged[bench.key] = { skipped: bench.skip };
    continue;
  }
  process.stdout.write(`\n=== bench ${bench.key} (${bench.script}) ===\n`);
  const started = Date.now();
  const { code, result } = await run(bench);
  process.stderr.write(
    `=== bench ${bench.key}: ${code === 0 ? 'done' : `exited with ${code}`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===\n`,
  );
  if (code !== 0 || !result) failed = true;
  merged[bench.key] =
    code === 0 && result
      ? result
      : { error: `exited with ${code}${result ? '' : ', no JSON line'}`, ...(result ? { result } : {}) };
}
process.stdout.write(`${JSON.stringify(merged)}\n`);
process.exit(failed ? 1 : 0);
