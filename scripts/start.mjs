// `pnpm start`: builds what the app needs (cached by turbo: a later start skips unchanged parts), one
// step line at a time, then runs the API, which serves the built web app on the same port and ends
// its start by printing the address (and, on the first start, the demo login).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo', { paths: [root] });
const tty = process.stdout.isTTY;

const steps = [
  { title: 'Building the shared packages', filters: ['@aiceo/api^...', '@aiceo/web^...'] },
  // Side by side: neither needs the other.
  { title: 'Building the API and the web app', filters: ['@aiceo/api', '@aiceo/web'] },
];

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** One turbo build; its output is shown only when it fails. */
const build = ({ title, filters }) =>
  new Promise((resolve) => {
    const started = performance.now();
    const args = ['run', 'build', ...filters.map((f) => `--filter=${f}`), '--output-logs=errors-only', '--ui=stream'];
    const child = spawn(process.execPath, [turbo, ...args], {
      cwd: root,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // On a terminal the line counts the seconds; in a log there is one line per step.
    const line = () => `${title}… ${seconds(started)}`;
    if (tty) process.stdout.write(line());
    else process.stdout.write(`${title}…\n`);
    const ticker = tty ? setInterval(() => process.stdout.write(`\r${line()}`), 1000) : null;
    child.on('close', (code) => {
      if (ticker) clearInterval(ticker);
      const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
      const note = cached && cached[1] === cached[2] ? ' (unchanged, from the cache)' : '';
      const done = code === 0 ? `done in ${seconds(started)}${note}` : `failed (exit code ${code})`;
      process.stdout.write(tty ? `\r${title}… ${done}\n` : `${title}: ${done}\n`);
      if (code !== 0) process.stderr.write(output);
      resolve(code ?? 1);
    });
  });

const started = performance.now();
for (const step of steps) {
  const code = await build(step);
  if (code !== 0) process.exit(code);
}
process.stdout.write(
  `Built in ${seconds(started)}. Starting the API (database migrations, then demo data on a first start)…\n\n`,
);

// The API in this process's place: signals go to it, and its exit code is ours.
const api = spawn(process.execPath, ['dist/main.js'], { cwd: `${root}apps/api`, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
