// `pnpm bench:api`: cold start and throughput of the BUILT API (dist/main.js), on each Node
// runtime and each database. Traffic goes to 127.0.0.1 only, every step is bounded in time.
//
//   BENCH_DURATION=10         seconds of load per route (default 10)
//   BENCH_CONNECTIONS=10      autocannon connections (default 10)
//   BENCH_RUNTIMES=node20,node24   which runtimes (default both; node24 comes from `npx -y node@24`)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   also bench PostgreSQL (a fresh database, dropped after)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(API_DIR, 'dist', 'main.js');
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// A short untimed run first, so both routes are measured with the JIT warm.
const WARMUP_S = Math.min(2, Math.max(1, Math.round(DURATION_S / 5)));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const POLL_MS = 15;
const JWT_SECRET = randomBytes(32).toString('hex');
const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || '';
const WANTED_RUNTIMES = (process.env.BENCH_RUNTIMES ?? 'node20,node24').split(',').map((s) => s.trim());

const notes = [];
const log = (line) => process.stderr.write(`${line}\n`);

// Servers still running, so that an interrupted or timed-out bench leaves none behind.
const children = new Set();
const killChildren = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.on('SIGINT', () => {
  killChildren();
  process.exit(130);
});

if (!Number.isFinite(DURATION_S) || DURATION_S <= 0) throw new Error('BENCH_DURATION must be a positive number of seconds');
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

const withDatabase = (url, name) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

const adminQuery = async (sql) => {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** A fresh, empty database of the given kind; the server migrates it at its first start. */
const createDatabase = async (kind) => {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'aiceo-bench-'));
    // No demo seed: the cold-start figure measures the server alike on both databases.
    return { env: { PGLITE_DATA_DIR: join(dir, 'pglite'), SEED_DEMO: 'false' }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `aiceo_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    env: { DATABASE_URL: withDatabase(ADMIN_URL, name) },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
};

const databases = ['pglite', ...(ADMIN_URL ? ['postgresql'] : [])];
if (!ADMIN_URL) notes.push('postgresql skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to an admin connection string');

// --- server process ---------------------------------------------------------------------

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One HTTP request to 127.0.0.1 with a hard timeout; resolves to { status, body }. */
const call = (port, { method = 'GET', path, body, token, timeoutMs = 5_000 }) =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        timeout: timeoutMs,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text for the error message
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });

const startServer = async ({ runtime, dbEnv }) => {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    WEB_DIST_DIR: '',
    ...dbEnv,
  };
  const started = performance.now();
  const child = spawn(runtime.bin, [MAIN], { cwd: API_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-4_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exit = null;
  void exited.then((e) => (exit = e));
  const server = { child, port, exited, output: () => output };

  // Cold start: spawn to the first 200 on /api/health (which touches the database).
  while (performance.now() - started < START_TIMEOUT_MS) {
    if (exit) throw new Error(`server exited during start (${JSON.stringify(exit)}):\n${output}`);
    const res = await call(port, { path: '/api/health', timeoutMs: 2_000 }).catch(() => null);
    if (res?.status === 200) return { ...server, coldStartMs: Math.round(performance.now() - started) };
    await sleep(POLL_MS);
  }
  await stopServer(server);
  throw new Error(`server did not answer 200 on /api/health within ${START_TIMEOUT_MS} ms:\n${output}`);
};

const stopServer = async (server) => {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    notes.push(`server pid ${server.child.pid} ignored SIGTERM for ${STOP_TIMEOUT_MS} ms: killed`);
    server.child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
};

// --- load -------------------------------------------------------------------------------

const load = async ({ port, path, token, seconds }) => {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) notes.push(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests.total}`);
  return { rps: Math.round(result.requests.average), p99Ms: result.latency.p99 };
};

/** A user and an org to read: the authenticated route under test. */
const seedOrg = async (port) => {
  const signup = await call(port, {
    method: 'POST',
    path: '/api/auth/signup',
    body: { email: `bench-${randomBytes(4).toString('hex')}@example.test`, password: 'bench password 1', name: 'Bench' },
  });
  if (signup.status !== 201) throw new Error(`signup answered ${signup.status}: ${JSON.stringify(signup.body)}`);
  const token = signup.body.accessToken;
  const org = await call(port, { method: 'POST', path: '/api/orgs', token, body: { name: 'Bench Org' } });
  if (org.status !== 201) throw new Error(`create org answered ${org.status}: ${JSON.stringify(org.body)}`);
  const check = await call(port, { path: `/api/orgs/${org.body.id}`, token });
  if (check.status !== 200) throw new Error(`GET org answered ${check.status}: ${JSON.stringify(check.body)}`);
  return { token, orgId: org.body.id };
};

/** Fills `result` as it goes, so a failure late in the run still reports the cold starts. */
const benchOne = async ({ runtime, kind, result }) => {
  const database = await createDatabase(kind);
  const servers = [];
  try {
    const first = await startServer({ runtime, dbEnv: database.env });
    servers.push(first);
    result.coldStartMs = first.coldStartMs;
    const seeded = await seedOrg(first.port).catch((error) => {
      notes.push(`${runtime.name}/${kind}: no authenticated route to load: ${error.message}`);
      return null;
    });
    await load({ port: first.port, path: '/api/health/live', seconds: WARMUP_S });
    if (seeded) await load({ port: first.port, path: `/api/orgs/${seeded.orgId}`, token: seeded.token, seconds: WARMUP_S });
    result.live = await load({ port: first.port, path: '/api/health/live', seconds: DURATION_S });
    if (seeded) {
      result.org = await load({ port: first.port, path: `/api/orgs/${seeded.orgId}`, token: seeded.token, seconds: DURATION_S });
      result.ratio = result.live.rps > 0 ? Math.round((result.org.rps / result.live.rps) * 100) / 100 : null;
    }
    const stopped = await stopServer(first);
    if (stopped.code !== 0) notes.push(`${runtime.name}/${kind}: server exited with ${JSON.stringify(stopped)} on SIGTERM`);

    // Second start on the same, already migrated database.
    const second = await startServer({ runtime, dbEnv: database.env });
    servers.push(second);
    result.coldStartExistingMs = second.coldStartMs;
    await stopServer(second);
    return Boolean(seeded);
  } finally {
    await Promise.all(servers.map(stopServer));
    await database.drop();
  }
};

// --- run --------------------------------------------------------------------------------

// Every step is bounded on its own; this bounds the whole run in case one of them is not.
const perCase = 2 * (DURATION_S + WARMUP_S) + 2 * (START_TIMEOUT_MS + STOP_TIMEOUT_MS) / 1000 + 30;
const watchdog = setTimeout(() => {
  log('bench: overall time limit reached; stopping');
  killChildren();
  process.exit(1);
}, perCase * runtimes.length * databases.length * 1000);
watchdog.unref();

const results = {};
let failed = false;
for (const runtime of runtimes) {
  results[runtime.name] = {};
  for (const kind of databases) {
    log(`bench ${runtime.name} (${runtime.version}) on ${kind}: ${DURATION_S} s per route, ${CONNECTIONS} connections ...`);
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
const header = ['runtime', 'database', 'cold ms', 'cold again ms', 'live req/s', 'live p99 ms', 'org req/s', 'org p99 ms', 'org/live'];
const widths = header.map((h) => Math.max(h.length, 10));
console.log(`\nGET /api/health/live vs authenticated GET /api/orgs/:orgId, ${DURATION_S} s each, ${CONNECTIONS} connections, same server`);
console.log(header.map((h, i) => pad(h, widths[i])).join('  '));
for (const [runtime, byDb] of Object.entries(results)) {
  for (const [kind, r] of Object.entries(byDb)) {
    const cells = [runtime, kind, r.coldStartMs, r.coldStartExistingMs, r.live?.rps, r.live?.p99Ms, r.org?.rps, r.org?.p99Ms, r.ratio];
    console.log(cells.map((c, i) => pad(c, widths[i])).join('  '));
  }
}
for (const note of notes) console.log(`note: ${note}`);
console.log(JSON.stringify(results));
process.exit(failed ? 1 : 0);
