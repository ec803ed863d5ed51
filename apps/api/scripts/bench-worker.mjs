// `pnpm bench:worker`: throughput of the task executor in worker processes
// (src/testing/worker-process.ts through tsx: the real executor with a no-op handler) on a
// fresh PostgreSQL database, with 1 and with 4 processes, and how long a task whose worker was
// SIGKILLed waits before another worker picks it up (lease left + one tick).
//
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   admin connection (default postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_TASKS=20000                         no-op tasks per run (fewer finish in well under a second: too short to time)
//   BENCH_WORKER_TICK_MS=100                  pause between a worker's ticks in the throughput runs
//   BENCH_KILL_TICK_MS=1000                   the rescuing worker's tick in the kill run
//   TASK_BATCH_SIZE, TASK_LEASE_SECONDS       as for the API (defaults 20 and 5 here)
//
// PGlite is not benched: it is one process's database, so it cannot have worker processes.
// Prints a table, then as its LAST line one JSON object with every figure.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  API_DIR,
  DIST,
  killChildren,
  log,
  printResult,
  sleep,
  startWatchdog,
  stopServer,
  trackChild,
  withClient,
  withDatabase,
} from './bench-support.mjs';

const ADMIN_URL =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const TASKS = Number(process.env.BENCH_TASKS ?? 20_000);
const TICK_MS = Number(process.env.BENCH_WORKER_TICK_MS ?? 100);
const KILL_TICK_MS = Number(process.env.BENCH_KILL_TICK_MS ?? 1_000);
const BATCH_SIZE = Number(process.env.TASK_BATCH_SIZE ?? 20);
const LEASE_SECONDS = Number(process.env.TASK_LEASE_SECONDS ?? 5);
// Test code, so not in dist: run from source with tsx as a loader (one node process, as in executor.test.ts).
const WORKER_SCRIPT = fileURLToPath(new URL('../src/testing/worker-process.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const RUN_TIMEOUT_MS = 120_000;
const notes = [];

for (const file of [WORKER_SCRIPT, join(DIST, 'scripts/migrate.js')]) {
  if (!existsSync(file)) {
    log(`No build at ${file}: run \`pnpm bench:worker\` from the repository root (it builds first).`);
    process.exit(1);
  }
}

// --- database ---------------------------------------------------------------------------

const name = `aiceo_bench_worker_${randomBytes(5).toString('hex')}`;
const url = withDatabase(ADMIN_URL, name);
const dropDatabase = () => withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

const query = async (sql, params) => (await db.query(sql, params)).rows;
const count = async (sql, params) => Number((await query(sql, params))[0].n);

const createOrg = async (label) =>
  (
    await query(
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
      [label, `${label}-${randomBytes(3).toString('hex')}`],
    )
  )[0].id;

const enqueue = (orgId, n) =>
  query(
    `INSERT INTO "Task" (id, "orgId", type, title, input, "runAfter", origin, "updatedAt")
     SELECT gen_random_uuid(), $1, 'report', 'Bench task ' || g, '{}'::jsonb, now(), 'agentic', now() FROM generate_series(1, $2::int) AS g`,
    [orgId, n],
  );

const waitFor = async (check, what, timeoutMs = RUN_TIMEOUT_MS) => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

// --- worker processes -------------------------------------------------------------------

const startWorker = async (workerId, env = {}) => {
  const child = trackChild(
    spawn(process.execPath, ['--conditions=@aiceo/source', '--import', TSX_LOADER, WORKER_SCRIPT], {
      cwd: API_DIR,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: url,
        WORKER_ID: workerId,
        WORKER_HANDLER: 'noop',
        WORKER_TICK_MS: String(TICK_MS),
        TASK_BATCH_SIZE: String(BATCH_SIZE),
        TASK_LEASE_SECONDS: String(LEASE_SECONDS),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-4_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`worker ${workerId} exited during start:\n${output}`);
      return output.includes('"event":"ready"');
    },
    `worker ${workerId} to start`,
    30_000,
  );
  return { child, exited, output: () => output };
};

/** SIGTERM (then SIGKILL) as for a server; a worker already gone (the kill run's victim) is left alone. */
const stopWorker = async (worker) => {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exit = await stopServer(worker, notes);
  if (exit.code !== 0) notes.push(`worker pid ${worker.child.pid} exited with ${JSON.stringify(exit)}`);
};

// --- runs -------------------------------------------------------------------------------

/** `workers` idle processes, then TASKS due tasks in one INSERT; timed from its commit to the last COMPLETED. */
const throughput = async (workers) => {
  const orgId = await createOrg(`bench-${workers}w`);
  const procs = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker(`bench-${workers}w-${i}`)));
  try {
    await enqueue(orgId, TASKS);
    const started = performance.now();
    await waitFor(
      async () =>
        (await count(`SELECT count(*) AS n FROM "Task" WHERE "orgId" = $1 AND status = 'COMPLETED'`, [orgId])) ===
        TASKS,
      `${TASKS} tasks to complete`,
    );
    const ms = performance.now() - started;
    const notDone = await count(
      `SELECT count(*) AS n FROM "Task" WHERE "orgId" = $1 AND (status <> 'COMPLETED' OR attempts <> 1)`,
      [orgId],
    );
    if (notDone > 0) notes.push(`${workers} workers: ${notDone} tasks not completed on their first attempt`);
    return { workers, tasks: TASKS, ms: Math.round(ms), tasksPerSecond: Math.round((TASKS * 1000) / ms) };
  } finally {
    await Promise.all(procs.map(stopWorker));
  }
};

/** A worker holds a task (its handler hangs), is SIGKILLed; a second worker ticking every KILL_TICK_MS takes the task over. */
const killPickup = async () => {
  const orgId = await createOrg('bench-kill');
  const victim = await startWorker('bench-victim', { WORKER_DELAY_MS: '3600000' });
  let rescuer;
  try {
    const [{ id }] = await query(
      `INSERT INTO "Task" (id, "orgId", type, title, input, "runAfter", origin, "updatedAt")
       VALUES (gen_random_uuid(), $1, 'report', 'Held by a worker that dies', '{}'::jsonb, now(), 'agentic', now()) RETURNING id`,
      [orgId],
    );
    await waitFor(
      async () =>
        (await count(`SELECT count(*) AS n FROM "Task" WHERE id = $1 AND "leaseOwner" = 'bench-victim'`, [id])) === 1,
      'the victim to claim',
    );
    rescuer = await startWorker('bench-rescuer', { WORKER_TICK_MS: String(KILL_TICK_MS) });
    // A moment past a renewal or two, so the lease left is whatever it happens to be.
    await sleep(Math.round(LEASE_SECONDS * 1000 * 0.5));
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    const [{ leaseExpiresAt }] = await query(`SELECT "leaseExpiresAt" FROM "Task" WHERE id = $1`, [id]);
    const [done] = await waitFor(
      async () => {
        const rows = await query(
          `SELECT "startedAt", "finishedAt", attempts FROM "Task" WHERE id = $1 AND status = 'COMPLETED'`,
          [id],
        );
        return rows.length > 0 ? rows : null;
      },
      'the rescuer to complete the task',
      LEASE_SECONDS * 1000 + KILL_TICK_MS + 30_000,
    );
    return {
      leaseSeconds: LEASE_SECONDS,
      tickMs: KILL_TICK_MS,
      leaseLeftAtKillMs: leaseExpiresAt.getTime() - killedAt,
      pickupAfterKillMs: done.startedAt.getTime() - killedAt,
      pickupAfterLeaseExpiryMs: done.startedAt.getTime() - leaseExpiresAt.getTime(),
      completedAfterKillMs: done.finishedAt.getTime() - killedAt,
      attempts: done.attempts,
    };
  } finally {
    await stopWorker(victim);
    if (rescuer) await stopWorker(rescuer);
  }
};

// --- main -------------------------------------------------------------------------------

startWatchdog(5 * RUN_TIMEOUT_MS);

let db;
const results = {};
let failed = false;
try {
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  const migrated = spawnSync(process.execPath, [join(DIST, 'scripts/migrate.js')], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migration failed:\n${migrated.stderr}`);
  db = new pg.Client({ connectionString: url });
  await db.connect();
  log(`bench worker on postgresql: ${TASKS} no-op tasks, batch ${BATCH_SIZE}, tick ${TICK_MS} ms ...`);
  results.oneWorker = await throughput(1);
  log(`  1 worker: ${results.oneWorker.tasksPerSecond} tasks/s`);
  results.fourWorkers = await throughput(4);
  log(`  4 workers: ${results.fourWorkers.tasksPerSecond} tasks/s`);
  log(`  kill pickup (lease ${LEASE_SECONDS} s, rescuer tick ${KILL_TICK_MS} ms) ...`);
  results.killPickup = await killPickup();
} catch (error) {
  failed = true;
  notes.push(`failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  killChildren();
  await db?.end().catch(() => undefined);
  await dropDatabase().catch((error) => notes.push(`could not drop ${name}: ${error.message}`));
}

const pad = (value, width) => String(value ?? '-').padStart(width);
const rows = [results.oneWorker, results.fourWorkers]
  .filter(Boolean)
  .map((r) => [r.workers, r.tasks, r.ms, r.tasksPerSecond]);
const header = ['workers', 'tasks', 'ms', 'tasks/s'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
console.log(
  `\nTask executor on PostgreSQL: no-op tasks, batch ${BATCH_SIZE}, each worker ticking every ${TICK_MS} ms (timed from the INSERT's commit to the last COMPLETED)`,
);
console.log(header.map((h, i) => pad(h, widths[i])).join('  '));
for (const row of rows) console.log(row.map((c, i) => pad(c, widths[i])).join('  '));
const k = results.killPickup;
if (k) {
  console.log(
    `Worker SIGKILLed holding a task: lease ${k.leaseSeconds} s (${k.leaseLeftAtKillMs} ms left at the kill), rescuer ticking every ${k.tickMs} ms: ` +
      `picked up ${k.pickupAfterKillMs} ms after the kill (${k.pickupAfterLeaseExpiryMs} ms after the lease ran out), completed at attempt ${k.attempts}`,
  );
}
for (const note of notes) console.log(`note: ${note}`);
printResult({
  bench: 'worker',
  node: process.version,
  db: 'postgresql',
  tasks: TASKS,
  batchSize: BATCH_SIZE,
  tickMs: TICK_MS,
  ...results,
  notes,
});
process.exit(failed ? 1 : 0);
