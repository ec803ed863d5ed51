// `pnpm bench:usage`: the overhead spendUsage (the one way a feature spends plan units) adds to a
// request. Two copies of one tiny org route (requireAuth -> orgGuard -> handler), the second
// one's work run inside spendUsage as the services run theirs (reserve one AI message, run, keep
// it), load-tested one after the other in the same process and run, over the BUILT API.
//
//   BENCH_DURATION=5          seconds of load per route (default 5)
//   BENCH_CONNECTIONS=10      autocannon connections (default 10)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   also bench PostgreSQL (a fresh database, dropped after)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import express from 'express';
import {
  ADMIN_URL,
  benchConnections,
  benchDuration,
  createPostgresScratch,
  DATABASE_KINDS,
  DIST,
  listenLocal,
  log,
  POSTGRES_SKIPPED_NOTE,
  printResult,
  runLoad,
} from './bench-support.mjs';

const { seconds: DURATION_S, warmupSeconds: WARMUP_S } = benchDuration(5);
const CONNECTIONS = benchConnections();
// Requests rotate over several enterprise orgs so no run reaches a limit (10,000 a month each).
const ORG_COUNT = 40;

if (!existsSync(join(DIST, 'modules', 'usage', 'usage.service.js'))) {
  log(`No build of the usage module in ${DIST}: run \`pnpm bench:usage\` from the repository root (it builds first).`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
const { loadEnv } = require(join(DIST, 'config', 'env.js'));
const { createDeps, createLogger, migrateDatabase } = require(join(DIST, 'runtime.js'));
const { createPgliteDatabase, createPostgresDatabase } = require(join(DIST, 'db', 'database.js'));
const { errorMiddleware } = require(join(DIST, 'http', 'error-middleware.js'));
const { orgGuard } = require(join(DIST, 'http', 'middleware', 'org-guard.js'));
const { requireAuth } = require(join(DIST, 'http', 'middleware', 'require-auth.js'));
const { spendUsage } = require(join(DIST, 'modules', 'usage', 'usage.service.js'));

const openDatabase = async (kind) => {
  if (kind === 'pglite') return { database: await createPgliteDatabase({}), drop: async () => undefined };
  const scratch = await createPostgresScratch('aiceo_bench_usage');
  return { database: createPostgresDatabase({ url: scratch.url, poolSize: 10 }), drop: scratch.drop };
};

const benchDatabase = async (kind) => {
  const { database, drop } = await openDatabase(kind);
  const logger = createLogger({ level: 'silent' });
  const env = loadEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    WEB_DIST_DIR: '',
  });
  const deps = createDeps({ env, database, log: logger });
  let server;
  try {
    await migrateDatabase(database, logger);
    const owner = await deps.db.user.create({
      data: { email: `bench-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench', passwordHash: 'x' },
      select: { id: true },
    });
    const orgIds = [];
    for (let i = 0; i < ORG_COUNT; i++) {
      const org = await deps.db.organization.create({
        data: {
          name: `Bench ${i}`,
          slug: `bench-${i}-${randomBytes(3).toString('hex')}`,
          plan: 'enterprise',
          memberships: { create: { userId: owner.id, role: 'owner' } },
        },
        select: { id: true },
      });
      orgIds.push(org.id);
    }
    // A new user's session version is 0 (User.sessionVersion's default).
    const { token } = deps.tokens.issue({ userId: owner.id, isPlatformAdmin: false, sessionVersion: 0 });

    const app = express();
    const guards = [requireAuth(deps, { allowApiKeys: true }), orgGuard(deps, 'member', 'write')];
    const work = async () => ({ ok: true });
    app.post('/api/orgs/:orgId/plain', ...guards, async (_req, res) => {
      res.status(201).json(await work());
    });
    app.post('/api/orgs/:orgId/metered', ...guards, async (req, res) => {
      res.status(201).json(await spendUsage(deps, { orgId: req.org.orgId, resource: 'aiMessages' }, work));
    });
    app.use(errorMiddleware(deps));
    server = await listenLocal(app);
    const { port } = server.address();

    const run = async (route, seconds) => {
      let next = 0;
      const { rps, p50Ms, p99Ms, requests, non2xx, errors } = await runLoad({
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            body: '{}',
            setupRequest: (req) => ({ ...req, path: `/api/orgs/${orgIds[next++ % ORG_COUNT]}/${route}` }),
          },
        ],
      });
      return { rps, p50Ms, p99Ms, requests, non2xx, errors };
    };

    await run('plain', WARMUP_S);
    await run('metered', WARMUP_S);
    const plain = await run('plain', DURATION_S);
    const metered = await run('metered', DURATION_S);
    const [{ counted }] = await database.query('SELECT coalesce(sum(used), 0)::int AS counted FROM "UsageCounter"');
    return {
      database: kind,
      plain,
      metered,
      overheadP50Ms: Number((metered.p50Ms - plain.p50Ms).toFixed(2)),
      // Per-request cost from throughput (connections / rps), less sensitive to latency buckets.
      overheadMsPerRequest: Number(((CONNECTIONS * 1000) / metered.rps - (CONNECTIONS * 1000) / plain.rps).toFixed(3)),
      throughputRatio: Number((metered.rps / plain.rps).toFixed(3)),
      unitsCounted: counted,
    };
  } finally {
    server?.close();
    await database.close();
    await drop();
  }
};

const results = [];
for (const kind of DATABASE_KINDS) {
  log(`benchmarking spendUsage on ${kind} (${DURATION_S}s per route, ${CONNECTIONS} connections)...`);
  results.push(await benchDatabase(kind));
}

log('');
log('database    route    req/s   p50 ms  p99 ms  non-2xx');
for (const r of results) {
  for (const [route, m] of [
    ['plain', r.plain],
    ['metered', r.metered],
  ]) {
    log(
      `${r.database.padEnd(11)} ${route.padEnd(8)} ${String(m.rps).padStart(6)} ${String(m.p50Ms).padStart(8)} ${String(m.p99Ms).padStart(7)} ${String(m.non2xx).padStart(8)}`,
    );
  }
  log(
    `${r.database.padEnd(11)} overhead: ${r.overheadMsPerRequest} ms/request, p50 +${r.overheadP50Ms} ms, throughput x${r.throughputRatio}`,
  );
}
const notes = ADMIN_URL ? [] : [POSTGRES_SKIPPED_NOTE];
printResult({ bench: 'usage', node: process.version, durationS: DURATION_S, connections: CONNECTIONS, results, notes });
