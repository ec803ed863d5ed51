// Shared pieces of the API benches (bench-api, -ai, -leads, -usage, -webhooks, -worker): settings,
// fresh databases, the built server and other child processes, figures and the final JSON line. Each bench keeps what it
// measures; this module only holds what they all did the same way.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

export const API_DIR = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(API_DIR, 'dist');
export const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || '';
export const POSTGRES_SKIPPED_NOTE =
  'postgresql skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to an admin connection string';
/** The databases to bench: PGlite always, PostgreSQL when an admin connection is given. */
export const DATABASE_KINDS = ['pglite', ...(ADMIN_URL ? ['postgresql'] : [])];

export const log = (line) => process.stderr.write(`${line}\n`);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** BENCH_DURATION in seconds (or the bench's default), and the untimed warm-up before each run. */
export const benchDuration = (defaultSeconds) => {
  const seconds = Number(process.env.BENCH_DURATION ?? defaultSeconds);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('BENCH_DURATION must be a positive number of seconds');
  // A short untimed run first, so every route is measured with the JIT warm.
  return { seconds, warmupSeconds: Math.min(2, Math.max(1, Math.round(seconds / 5))) };
};

export const benchConnections = () => Number(process.env.BENCH_CONNECTIONS ?? 10);

// --- databases --------------------------------------------------------------------------

export const withDatabase = (url, name) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/** Runs `fn` with a connected client of `url`, closed afterwards; resolves to what `fn` resolves to. */
export const withClient = async (url, fn) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

export const adminQuery = (sql) => withClient(ADMIN_URL, (client) => client.query(sql));

/** A fresh, empty PostgreSQL database named `<prefix>_<random>`: its URL and how to drop it. */
export const createPostgresScratch = async (prefix) => {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(ADMIN_URL, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
};

/** A fresh temp folder for a PGlite data directory (`dataDir`) and how to remove it. */
export const createPgliteScratch = (prefix) => {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dataDir: join(dir, 'pglite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
};

/**
 * A fresh database for the built server, as { env, drop }: a PGlite folder (no demo seed, so
 * both databases start alike) or a PostgreSQL database named `<prefix>_<random>`.
 */
export const createServerDatabase = async (kind, prefix) => {
  if (kind === 'pglite') {
    const scratch = createPgliteScratch(prefix.replaceAll('_', '-'));
    return { env: { PGLITE_DATA_DIR: scratch.dataDir, SEED_DEMO: 'false' }, drop: scratch.drop };
  }
  const scratch = await createPostgresScratch(prefix);
  return { env: { DATABASE_URL: scratch.url }, drop: scratch.drop };
};

// --- the built server -------------------------------------------------------------------

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Listens with an in-process app on a free port of 127.0.0.1; resolves to the http.Server. */
export const listenLocal = (app) =>
  new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });

/** One HTTP request to 127.0.0.1 with a hard timeout; resolves to { status, body }. */
export const call = (port, { method = 'GET', path, body, token, timeoutMs = 5_000 }) =>
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

export const START_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 15_000;
const POLL_MS = 15;

// Child processes still running, so that an interrupted or timed-out bench leaves none behind.
const children = new Set();
/** Registers a spawned process for killChildren (and Ctrl-C) until it exits. */
export const trackChild = (child) => {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
};
export const killChildren = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.on('SIGINT', () => {
  killChildren();
  process.exit(130);
});

/**
 * Spawns dist/main.js with `runtime.bin` and waits for its first 200 on /api/health; resolves
 * to { child, port, exited, output, coldStartMs }. `notes` collects what the report should say.
 */
export const startServer = async ({ runtime, env: extraEnv, notes }) => {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    WEB_DIST_DIR: '',
    ...extraEnv,
  };
  const started = performance.now();
  const child = trackChild(
    spawn(runtime.bin, [join(DIST, 'main.js')], { cwd: API_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
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
  await stopServer(server, notes);
  throw new Error(`server did not answer 200 on /api/health within ${START_TIMEOUT_MS} ms:\n${output}`);
};

/** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; resolves to the { code, signal } it exited with. */
export const stopServer = async (server, notes) => {
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

/** Stops the bench, and every tracked child process, once it has run for `ms`. */
export const startWatchdog = (ms) =>
  setTimeout(() => {
    log('bench: overall time limit reached; stopping');
    killChildren();
    process.exit(1);
  }, ms).unref();

// --- load and report --------------------------------------------------------------------

/** One autocannon run; resolves to its figures, each bench keeps the ones it reports. */
export const runLoad = async (options) => {
  const result = await autocannon(options);
  return {
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
};

/** Nearest-rank percentile `p` (0-100] of numbers sorted ascending; null when there are none. */
export const percentile = (sorted, p) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];

/** The body of an answer with the expected status; anything else stops the bench with what came back. */
export const expectStatus = (res, status, what) => {
  if (res.status !== status)
    throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
};

/** A new user (the first one is platform admin) with an organisation of its own. */
export const signUpWithOrg = async (port, orgName = 'Bench Org') => {
  const signup = await call(port, {
    method: 'POST',
    path: '/api/auth/signup',
    body: {
      email: `bench-${randomBytes(4).toString('hex')}@example.test`,
      password: 'bench password 1',
      name: 'Bench',
    },
  });
  const { accessToken: token } = expectStatus(signup, 201, 'signup');
  const org = expectStatus(
    await call(port, { method: 'POST', path: '/api/orgs', token, body: { name: orgName } }),
    201,
    'create org',
  );
  return { token, orgId: org.id };
};

/** The bench's LAST stdout line: scripts/bench-all.mjs parses it and merges it with the others. */
export const printResult = (result) => process.stdout.write(`${JSON.stringify(result)}\n`);
