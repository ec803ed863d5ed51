// `pnpm bench:api`: cold start and throughput of the BUILT API (dist/main.js), on each Node
// runtime and each database. Traffic goes to 127.0.0.1 only, every step is bounded in time.
//
//   BENCH_DURATION=10         seconds of load per route (default 10)
//   BENCH_CONNECTIONS=10      autocannon connections (default 10)
//   BENCH_RUNTIMES=node20,node24   which runtimes (default both; node24 comes from `npx -y node@24`)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   also bench PostgreSQL (a fresh database, dropped after)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADMIN_URL,
  benchConnections,
  benchDuration,
  call,
  createServerDatabase,
  DATABASE_KINDS,
  DIST,
  expectStatus,
  log,
  POSTGRES_SKIPPED_NOTE,
  printResult,
  signUpWithOrg,
  runLoad,
  START_TIMEOUT_MS,
  startServer,
  startWatchdog,
  STOP_TIMEOUT_MS,
  stopServer,
} from './bench-support.mjs';

const MAIN = join(DIST, 'main.js');
const { seconds: DURATION_S, warmupSeconds: WARMUP_S } = benchDuration(10);
const CONNECTIONS = benchConnections();
const JWT_SECRET = randomBytes(32).toString('hex');
const WANTED_RUNTIMES = (process.env.BENCH_RUNTIMES ?? 'node20,node24').split(',').map((s) => s.trim());

const notes = [];

if (!existsSync(MAIN)) {
  log(`No build at ${MAIN}: run \`pnpm bench:api\` from the repository root (it builds first).`);
  process.exit(1);
}

// --- runtimes ---------------------------------------------------------------------------

const findNode24 = () => {
  const result = spawnSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8', timeout: 180_000 });
  const path = result.stdout?.trim().split('\n').at(-1) ?? '';
  return result.status === 0 && existsSync(path) ? path : null;
};

const runtimes = [];
const currentMajor = process.versions.node.split('.')[0];
if (WANTED_RUNTIMES.includes(`node${currentMajor}`) || WANTED_RUNTIMES.includes('node20')) {
  runtimes.push({ name: `node${currentMajor}`, bin: process.execPath, version: process.version });
}
if (WANTED_RUNTIMES.includes('node24') && currentMajor !== '24') {
  const bin = findNode24();
  if (bin) {
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
    runtimes.push({ name: 'node24', bin, version });
  } else {
    notes.push('node24 skipped: `npx -y node@24` is not available');
  }
}

// --- databases --------------------------------------------------------------------------

/** A fresh, empty database of the given kind; the server migrates it at its first start. */
const databases = DATABASE_KINDS;
if (!ADMIN_URL) notes.push(POSTGRES_SKIPPED_NOTE);

// --- load -------------------------------------------------------------------------------

const load = async ({ port, path, token, seconds }) => {
  const result = await runLoad({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0)
    notes.push(
      `${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests}`,
    );
  return { rps: result.rps, p99Ms: result.p99Ms };
};

/** A user and an org to read: the authenticated route under test. */
const seedOrg = async (port) => {
  const { token, orgId } = await signUpWithOrg(port);
  expectStatus(await call(port, { path: `/api/orgs/${orgId}`, token }), 200, 'GET org');
  return { token, orgId };
};

/** Fills `result` as it goes, so a failure late in the run still reports the cold starts. */
const benchOne = async ({ runtime, kind, result }) => {
  const database = await createServerDatabase(kind, 'aiceo_bench');
  const servers = [];
  try {
    const first = await startServer({
      runtime,
      env: { JWT_SECRET, TOKEN_ENCRYPTION_KEY: JWT_SECRET, ...database.env },
      notes,
    });
    servers.push(first);
    result.coldStartMs = first.coldStartMs;
    const seeded = await seedOrg(first.port).catch((error) => {
      notes.push(`${runtime.name}/${kind}: no authenticated route to load: ${error.message}`);
      return null;
    });
    await load({ port: first.port, path: '/api/health/live', seconds: WARMUP_S });
    if (seeded)
      await load({ port: first.port, path: `/api/orgs/${seeded.orgId}`, token: seeded.token, seconds: WARMUP_S });
    result.live = await load({ port: first.port, path: '/api/health/live', seconds: DURATION_S });
    if (seeded) {
      result.org = await load({
        port: first.port,
        path: `/api/orgs/${seeded.orgId}`,
        token: seeded.token,
        seconds: DURATION_S,
      });
      result.ratio = result.live.rps > 0 ? Math.round((result.org.rps / result.live.rps) * 100) / 100 : null;
    }
    const stopped = await stopServer(first, notes);
    if (stopped.code !== 0)
      notes.push(`${runtime.name}/${kind}: server exited with ${JSON.stringify(stopped)} on SIGTERM`);

    // Second start on the same, already migrated database.
    const second = await startServer({
      runtime,
      env: { JWT_SECRET, TOKEN_ENCRYPTION_KEY: JWT_SECRET, ...database.env },
      notes,
    });
    servers.push(second);
    result.coldStartExistingMs = second.coldStartMs;
    await stopServer(second, notes);
    return Boolean(seeded);
  } finally {
    await Promise.all(servers.map((server) => stopServer(server, notes)));
    await database.drop();
  }
};

// --- run --------------------------------------------------------------------------------

// Every step is bounded on its own; this bounds the whole run in case one of them is not.
const perCase = 2 * (DURATION_S + WARMUP_S) + (2 * (START_TIMEOUT_MS + STOP_TIMEOUT_MS)) / 1000 + 30;
startWatchdog(perCase * runtimes.length * databases.length * 1000);

const results = {};
let failed = false;
for (const runtime of runtimes) {
  results[runtime.name] = {};
  for (const kind of databases) {
    log(
      `bench ${runtime.name} (${runtime.version}) on ${kind}: ${DURATION_S} s per route, ${CONNECTIONS} connections ...`,
    );
    const result = { coldStartMs: null, coldStartExistingMs: null, live: null, org: null, ratio: null };
    results[runtime.name][kind] = result;
    try {
      if (!(await benchOne({ runtime, kind, result }))) failed = true;
    } catch (error) {
      failed = true;
      notes.push(`${runtime.name}/${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const pad = (value, width) => String(value ?? '-').padStart(width);
const header = [
  'runtime',
  'database',
  'cold ms',
  'cold again ms',
  'live req/s',
  'live p99 ms',
  'org req/s',
  'org p99 ms',
  'org/live',
];
const widths = header.map((h) => Math.max(h.length, 10));
console.log(
  `\nGET /api/health/live vs authenticated GET /api/orgs/:orgId, ${DURATION_S} s each, ${CONNECTIONS} connections, same server`,
);
console.log(header.map((h, i) => pad(h, widths[i])).join('  '));
for (const [runtime, byDb] of Object.entries(results)) {
  for (const [kind, r] of Object.entries(byDb)) {
    const cells = [
      runtime,
      kind,
      r.coldStartMs,
      r.coldStartExistingMs,
      r.live?.rps,
      r.live?.p99Ms,
      r.org?.rps,
      r.org?.p99Ms,
      r.ratio,
    ];
    console.log(cells.map((c, i) => pad(c, widths[i])).join('  '));
  }
}
for (const note of notes) console.log(`note: ${note}`);
printResult(results);
process.exit(failed ? 1 : 0);
