// `pnpm bench:leads`: list queries of the BUILT API over 100,000 leads in one org (and 5,000 in
// a second), on PGlite and, with BENCH_DATABASE_URL / TEST_DATABASE_URL, on PostgreSQL. Leads
// are seeded with one generate_series INSERT; requests are sent one at a time and timed.
//
//   BENCH_LEADS=100000        leads in the big org (default 100000)
//   BENCH_REQUESTS=50         timed requests per query (default 50; 6 queries)
//   BENCH_IMPORT_ROWS=50000   rows of the timed CSV import (0 skips it)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  ADMIN_URL,
  call,
  createServerDatabase,
  DATABASE_KINDS,
  DIST,
  expectStatus,
  log,
  percentile,
  POSTGRES_SKIPPED_NOTE,
  printResult,
  signUpWithOrg,
  startServer,
  startWatchdog,
  stopServer,
  withClient,
} from './bench-support.mjs';

const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const SECOND_ORG_LEADS = 5_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const JWT_SECRET = randomBytes(32).toString('hex');
const runtime = { name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath };
const notes = [];

if (!existsSync(join(DIST, 'main.js'))) {
  log(`No build at ${join(DIST, 'main.js')}: run \`pnpm bench:leads\` from the repository root (it builds first).`);
  process.exit(1);
}
if (!ADMIN_URL) notes.push(POSTGRES_SKIPPED_NOTE);

// Scores follow leadScore (packages/shared/src/leads.ts) for leads without activities.
const seedSql = (orgId, count, prefix) => `
INSERT INTO "Lead" ("id", "orgId", "name", "email", "company", "title", "source", "stage", "priority", "valueCents", "tags", "score", "createdAt", "updatedAt")
SELECT gen_random_uuid(), '${orgId}', s.name, s.email, s.company, 'Head of Ops', s.source, s.stage::"LeadStage", s.priority::"LeadPriority", s.value, s.tags,
       CASE s.stage WHEN 'won' THEN 100 WHEN 'lost' THEN 0
         ELSE 50 + CASE s.priority WHEN 'high' THEN 20 WHEN 'medium' THEN 10 ELSE 0 END
                 + CASE WHEN s.company <> '' THEN 10 ELSE 0 END + CASE WHEN s.source <> '' THEN 5 ELSE 0 END END,
       now() - make_interval(mins => s.g), now() - make_interval(mins => s.g)
FROM (
  SELECT g,
         '${prefix} Lead ' || g AS name,
         '${prefix}-lead' || g || '@bench.example.test' AS email,
         CASE WHEN g % 10 = 0 THEN '' ELSE 'Company ' || (g % 5000) END AS company,
         (ARRAY['linkedin', 'referral', 'website', ''])[1 + g % 4] AS source,
         (ARRAY['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'])[1 + g % 6] AS stage,
         (ARRAY['low', 'medium', 'high'])[1 + (g / 7) % 3] AS priority,
         (g * 7919) % 5000000 AS value,
         ARRAY['tag' || (g % 25), 'segment' || (g % 3)] AS tags
  FROM generate_series(1, ${count}) AS g
) AS s;
ANALYZE "Lead";`;

const createDatabase = async (kind) => {
  const database = await createServerDatabase(kind, 'aiceo_bench_leads');
  if (kind === 'pglite') {
    return {
      ...database,
      // PGlite is single-process: the server is stopped while this runs.
      exec: async (sql) => {
        // The same extensions as the API's PGlite, or the data folder (with trigram indexes) will not open.
        const db = new PGlite({ dataDir: database.env.PGLITE_DATA_DIR, extensions: { pg_trgm } });
        try {
          await db.exec(sql);
        } finally {
          await db.close();
        }
      },
      needsStop: true,
    };
  }
  return {
    ...database,
    exec: (sql) => withClient(database.env.DATABASE_URL, (client) => client.query(sql)),
    needsStop: false,
  };
};

const round = (ms) => Math.round(ms * 10) / 10;

/** Times `REQUESTS` sequential GETs (after 5 untimed); checks each answers 200. */
const timeQuery = async ({ port, token, path }) => {
  for (let i = 0; i < 5; i += 1) expectStatus(await call(port, { path, token, timeoutMs: 30_000 }), 200, path);
  const times = [];
  let items = 0;
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = performance.now();
    const res = await call(port, { path, token, timeoutMs: 30_000 });
    times.push(performance.now() - started);
    const body = expectStatus(res, 200, path);
    items = body.items?.length ?? body.stages?.length ?? 0;
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), items };
};

const importCsv = (rows) => {
  const lines = ['First Name,Last Name,Email,Company Name,Job Title,Lead Status'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`Imported${i},Person${i},imported${i}@bench-import.example.test,"Import Co ${i % 300}, Inc",CTO,Open`);
  return `${lines.join('\r\n')}\r\n`;
};

const benchOne = async (kind, result) => {
  const database = await createDatabase(kind);
  let server;
  try {
    const env = { JWT_SECRET, TOKEN_ENCRYPTION_KEY: JWT_SECRET, ...database.env };
    server = await startServer({ runtime, env, notes });
    const big = await signUpWithOrg(server.port, 'Bench Leads');
    const small = await signUpWithOrg(server.port, 'Bench Leads Small');
    if (database.needsStop) await stopServer(server, notes);
    const seedStarted = performance.now();
    await database.exec(seedSql(big.orgId, LEADS, 'big') + seedSql(small.orgId, SECOND_ORG_LEADS, 'small'));
    result.seedMs = Math.round(performance.now() - seedStarted);
    if (database.needsStop) server = await startServer({ runtime, env, notes });
    const { port } = server;
    const base = `/api/orgs/${big.orgId}/leads`;

    const first = expectStatus(
      await call(port, { path: `${base}?stage=qualified&sort=score&order=desc&limit=50`, token: big.token }),
      200,
      'first page',
    );
    const queries = {
      qualifiedByScore: `${base}?stage=qualified&sort=score&order=desc&limit=50`,
      // A small BENCH_LEADS can leave no second page.
      ...(first.nextCursor
        ? {
            qualifiedByScorePage2: `${base}?stage=qualified&sort=score&order=desc&limit=50&cursor=${encodeURIComponent(first.nextCursor)}`,
          }
        : {}),
      searchRare: `${base}?q=${encodeURIComponent('lead4242@')}&limit=50`,
      searchCommon: `${base}?q=${encodeURIComponent('company 42')}&sort=name&order=asc&limit=50`,
      tagByValue: `${base}?tag=tag7&sort=value&order=desc&limit=50`,
      newestDefault: `${base}?limit=50`,
      pipeline: `${base}/pipeline`,
    };
    result.queries = {};
    for (const [name, path] of Object.entries(queries)) {
      log(`  ${kind}: ${name}`);
      result.queries[name] = await timeQuery({ port, token: big.token, path });
    }

    if (IMPORT_ROWS > 0) {
      const csv = importCsv(IMPORT_ROWS);
      const started = performance.now();
      const upload = expectStatus(
        await call(port, {
          method: 'POST',
          path: `/api/orgs/${small.orgId}/leads/imports`,
          token: small.token,
          body: { fileName: 'bench.csv', csv },
          timeoutMs: 120_000,
        }),
        201,
        'import upload',
      );
      const uploadMs = performance.now() - started;
      const commit = expectStatus(
        await call(port, {
          method: 'POST',
          path: `/api/orgs/${small.orgId}/leads/imports/${upload.id}/commit`,
          token: small.token,
          body: { mapping: upload.suggestedMapping },
          timeoutMs: 300_000,
        }),
        201,
        'import commit',
      );
      result.import = {
        rows: commit.imported,
        uploadMs: Math.round(uploadMs),
        totalMs: Math.round(performance.now() - started),
      };
    }
  } finally {
    if (server) await stopServer(server, notes);
    await database.drop();
  }
};

startWatchdog(30 * 60_000);

const results = { leads: LEADS, requestsPerQuery: REQUESTS };
let failed = false;
for (const kind of DATABASE_KINDS) {
  log(`bench leads on ${kind}: ${LEADS} leads, ${REQUESTS} requests per query ...`);
  const result = { seedMs: null, queries: null, import: null };
  results[kind] = result;
  try {
    await benchOne(kind, result);
  } catch (error) {
    failed = true;
    notes.push(`${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

console.log(`\n${LEADS} leads in one org, ${REQUESTS} sequential requests per query`);
console.log(['database', 'query', 'p50 ms', 'p99 ms', 'items'].map((h) => h.padStart(22)).join(''));
for (const kind of DATABASE_KINDS) {
  for (const [name, q] of Object.entries(results[kind]?.queries ?? {})) {
    console.log([kind, name, q.p50Ms, q.p99Ms, q.items].map((c) => String(c).padStart(22)).join(''));
  }
  const imp = results[kind]?.import;
  if (imp)
    console.log(
      `${kind}: seed ${results[kind].seedMs} ms; CSV import of ${imp.rows} rows: upload ${imp.uploadMs} ms, upload + commit ${imp.totalMs} ms`,
    );
}
for (const note of notes) console.log(`note: ${note}`);
printResult({ ...results, notes });
process.exit(failed ? 1 : 0);
