// `pnpm bench:dashboard`: GET /api/orgs/:orgId/dashboard of the BUILT API for one org with
// 100,000 leads and 1,000,000 transactions (and posts, emails, tasks, insights, approvals), on
// PostgreSQL when BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL is given (a fresh database
// is created in it and dropped afterwards), else on embedded PGlite. Rows are seeded with
// generate_series INSERTs; the books' daily totals (FinanceDailyTotal) are built by the same
// statement triggers on FinanceTransaction that keep them in the app. The caller is the owner, so
// the books are read too (a member's dashboard skips them).
//
//   BENCH_LEADS=100000           leads in the org
//   BENCH_TRANSACTIONS=1000000   transactions in the org (over the last two years)
//   BENCH_REQUESTS=200           sequential timed requests (after 5 untimed)
//   BENCH_CONCURRENCY=10         parallel clients in the concurrent round
//   BENCH_CONCURRENT_REQUESTS=200  requests in the concurrent round
//
// Prints the figures, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  call,
  createPgliteScratch,
  DIST,
  expectStatus,
  log,
  percentile,
  printResult,
  startServer,
  startWatchdog,
  stopServer,
  withClient,
  withDatabase,
} from './bench-support.mjs';

const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT_REQUESTS ?? 200);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
const KIND = POSTGRES_URL ? 'postgresql' : 'pglite';
const JWT_SECRET = randomBytes(32).toString('hex');
const runtime = { name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath };
const notes = [];

if (!existsSync(join(DIST, 'main.js'))) {
  log(`No build at ${join(DIST, 'main.js')}: run \`pnpm bench:dashboard\` from the repository root (it builds first).`);
  process.exit(1);
}

const CATEGORIES = [
  ...['Sales', 'Services', 'Subscriptions', 'Other income'].map((name) => [name, 'income']),
  ...['Rent', 'Payroll', 'Software', 'Marketing', 'Travel', 'Bank fees', 'Taxes', 'Other expenses'].map((name) => [
    name,
    'expense',
  ]),
  ['Transfers', 'transfer'],
];

/**
 * The org's business in bulk: leads over two years in every stage and eight sources; three accounts,
 * thirteen categories and the transactions over the last 730 days (every 10th uncategorised, every
 * 50th a transfer, amounts of both signs); 3,000 posts, 20,000 campaign emails, 5,000 tasks,
 * 500 insights and 500 approval items.
 */
const seedSql = (orgId) => `
UPDATE "Organization" SET currency = 'USD', timezone = 'Europe/Berlin' WHERE id = '${orgId}';
INSERT INTO "Lead" (id, "orgId", name, email, source, stage, "valueCents", tags, "createdAt", "updatedAt")
SELECT gen_random_uuid(), '${orgId}', 'Lead ' || g, 'lead' || g || '@bench.example.test',
       (ARRAY['LinkedIn', 'Referral', 'Website', '', 'Event', 'Cold email', 'Partner', 'Ads'])[1 + g % 8],
       (ARRAY['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'])[1 + g % 6]::"LeadStage",
       (g * 7919) % 5000000, '{}',
       now() - make_interval(mins => (g::bigint * 7919 % (730 * 1440))::int),
       now() - make_interval(mins => (g::bigint * 104729 % (90 * 1440))::int)
FROM generate_series(1, ${LEADS}) g;
INSERT INTO "FinanceAccount" (id, "orgId", name, kind, currency, "openingBalanceMinor", "updatedAt")
SELECT gen_random_uuid(), '${orgId}', 'Bench account ' || g, 'bank', 'USD', 10000000, now() FROM generate_series(1, 3) g;
INSERT INTO "FinanceCategory" (id, "orgId", name, kind, position, "updatedAt")
VALUES ${CATEGORIES.map(([name, kind], i) => `(gen_random_uuid(), '${orgId}', '${name}', '${kind}', ${i}, now())`).join(', ')};
INSERT INTO "FinanceTransaction" (id, "orgId", "accountId", date, "amountMinor", currency, counterparty, "categoryId", source, "transferId", tags, "updatedAt")
SELECT gen_random_uuid(), '${orgId}', acc.ids[1 + g % 3], CURRENT_DATE - (g::bigint * 7919 % 730)::int,
       CASE WHEN g % 3 = 0 THEN (g::bigint * 104729 % 500000) + 1 ELSE -((g::bigint * 15485863 % 200000) + 1) END,
       'USD', 'Counterparty ' || (g % 500),
       CASE WHEN g % 10 = 0 THEN NULL ELSE cat.ids[1 + g % 13] END,
       'import',
       CASE WHEN g % 50 = 0 THEN gen_random_uuid() END,
       '{}', now()
FROM generate_series(1, ${TRANSACTIONS}) g,
     (SELECT array_agg(id ORDER BY name) AS ids FROM "FinanceAccount" WHERE "orgId" = '${orgId}') acc,
     (SELECT array_agg(id ORDER BY position) AS ids FROM "FinanceCategory" WHERE "orgId" = '${orgId}') cat;
INSERT INTO "ContentPost" (id, "orgId", body, status, "scheduledFor", "publishedAt", "updatedAt")
SELECT gen_random_uuid(), '${orgId}', 'Post ' || g,
       (ARRAY['published', 'published', 'scheduled', 'draft'])[1 + g % 4]::"PostStatus",
       CASE WHEN g % 4 = 2 THEN now() + make_interval(hours => g % 500) END,
       CASE WHEN g % 4 < 2 THEN now() - make_interval(hours => (g * 13) % (365 * 24)) END,
       now()
FROM generate_series(1, 3000) g;
INSERT INTO "EmailCampaign" (id, "orgId", name, subject, body, audience, status, "updatedAt")
VALUES (gen_random_uuid(), '${orgId}', 'Bench', 'Hi', 'Hello', '{}', 'sent', now());
INSERT INTO "CampaignRecipient" (id, "orgId", "campaignId", email, status, "sentAt")
SELECT gen_random_uuid(), '${orgId}', c.id, 'r' || g || '@bench.example.test',
       (ARRAY['sent', 'sent', 'sent', 'failed'])[1 + g % 4]::"CampaignRecipientStatus",
       CASE WHEN g % 4 < 3 THEN now() - make_interval(hours => g % (120 * 24)) END
FROM generate_series(1, 20000) g, (SELECT id FROM "EmailCampaign" WHERE "orgId" = '${orgId}') c;
INSERT INTO "Task" (id, "orgId", type, status, title, input, "runAfter", origin, "dueAt", "finishedAt", "updatedAt")
SELECT gen_random_uuid(), '${orgId}', 'report', (ARRAY['PENDING', 'COMPLETED', 'COMPLETED', 'FAILED'])[1 + g % 4]::"TaskStatus",
       'Task ' || g, '{}', now() + make_interval(hours => (g % 96) - 48), 'user',
       CASE WHEN g % 8 = 0 THEN now() + make_interval(hours => (g % 72) - 36) END,
       CASE WHEN g % 4 <> 0 THEN now() - make_interval(hours => g % (60 * 24)) END, now()
FROM generate_series(1, 5000) g;
INSERT INTO "AgenticRun" (id, "orgId", trigger, "startedAt") VALUES (gen_random_uuid(), '${orgId}', 'schedule', now());
INSERT INTO "Insight" (id, "orgId", "runId", kind, confidence, title, reason, data, actions, status)
SELECT gen_random_uuid(), '${orgId}', r.id, 'stale_leads', 0.5, 'Insight ' || g, 'Because', '{}', '[]',
       (ARRAY['open', 'accepted', 'dismissed'])[1 + g % 3]::"InsightStatus"
FROM generate_series(1, 500) g, (SELECT id FROM "AgenticRun" WHERE "orgId" = '${orgId}') r;
INSERT INTO "ApprovalItem" (id, "orgId", kind, status, title, "targetType", "targetId", audience, "audienceSize", content,
                            "targetVersion", risk, reason, evidence, "expiresAt", "updatedAt")
SELECT gen_random_uuid(), '${orgId}', 'lead_email', (ARRAY['pending', 'approved', 'rejected'])[1 + g % 3]::"ApprovalStatus",
       'Approval ' || g, 'lead', gen_random_uuid(), 'x', 1, '{"body": "b"}', 'v', 'low', 'r', '{}',
       now() + make_interval(hours => (g % 240) - 24), now()
FROM generate_series(1, 500) g;
INSERT INTO "UsageCounter" ("orgId", month, resource, used) VALUES ('${orgId}', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'), 'aiMessages', 12);`;

// One statement each: VACUUM cannot run inside the implicit transaction of a multi-statement query.
const ANALYZE = ['Lead', 'FinanceTransaction', 'FinanceDailyTotal', 'ContentPost', 'CampaignRecipient', 'Task'].map(
  (table) => `VACUUM ANALYZE "${table}"`,
);

/** A fresh database: on PostgreSQL `aiceo_bench_dashboard_<random>` in the given server, else a PGlite folder. */
const createDatabase = async () => {
  if (KIND === 'postgresql') {
    const name = `aiceo_bench_dashboard_${randomBytes(5).toString('hex')}`;
    await withClient(POSTGRES_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = withDatabase(POSTGRES_URL, name);
    return {
      name,
      env: { DATABASE_URL: url },
      exec: (sql) => withClient(url, (client) => client.query(sql)),
      needsStop: false,
      drop: () => withClient(POSTGRES_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
    };
  }
  const scratch = createPgliteScratch('aiceo-bench-dashboard');
  return {
    name: scratch.dataDir,
    env: { PGLITE_DATA_DIR: scratch.dataDir, SEED_DEMO: 'false' },
    // PGlite is single-process: the server is stopped while this runs.
    exec: async (sql) => {
      const db = new PGlite({ dataDir: scratch.dataDir, extensions: { pg_trgm } });
      try {
        await db.exec(sql);
      } finally {
        await db.close();
      }
    },
    needsStop: true,
    drop: scratch.drop,
  };
};

/** A new owner with an organisation (generous timeouts: the machine may be busy). */
const signUpWithOrg = async (port) => {
  const body = {
    email: `bench-${randomBytes(4).toString('hex')}@example.test`,
    password: 'bench password 1',
    name: 'Bench',
  };
  const { accessToken: token } = expectStatus(
    await call(port, { method: 'POST', path: '/api/auth/signup', body, timeoutMs: 60_000 }),
    201,
    'signup',
  );
  const org = expectStatus(
    await call(port, {
      method: 'POST',
      path: '/api/orgs',
      token,
      body: { name: 'Bench Dashboard' },
      timeoutMs: 60_000,
    }),
    201,
    'create org',
  );
  return { token, orgId: org.id };
};

// Each statement of the endpoint alone, on a plain connection (PostgreSQL only): where the time goes.
const statements = () => {
  const service = createRequire(import.meta.url)(join(DIST, 'modules/dashboard/dashboard.service.js'));
  return {
    counts: (orgId) => [service.COUNTS_SQL, [orgId, new Date(), service.FAILED_WINDOW_DAYS]],
    pipelineAndSources: (orgId) => [service.LEADS_SQL, [orgId]],
    postsPerWeek: (orgId) => [service.WEEKS_SQL, [orgId, new Date()]],
    books12Months: (orgId) => [service.BOOKS_SQL, [orgId, new Date()]],
    cash: (orgId) => [service.CASH_SQL, [orgId, new Date()]],
  };
};
const BREAKDOWN_RUNS = Number(process.env.BENCH_BREAKDOWN_RUNS ?? 30);

const round = (ms) => Math.round(ms * 10) / 10;
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
};

const checkBody = (body) => {
  if (!body?.money || body.pipeline?.stages?.length !== 6 || body.charts?.postsPerWeek?.length !== 12)
    throw new Error(`unexpected dashboard ${JSON.stringify(body).slice(0, 300)}`);
  return body;
};

const timedCall = async (port, token, path) => {
  const started = performance.now();
  const res = await call(port, { path, token, timeoutMs: 60_000 });
  const elapsed = performance.now() - started;
  checkBody(expectStatus(res, 200, path));
  return elapsed;
};

const bench = async () => {
  const database = await createDatabase();
  let server;
  try {
    // An hour-long access token: seeding a million rows on a busy machine can outlast the default 15 minutes.
    const env = { JWT_SECRET, TOKEN_ENCRYPTION_KEY: JWT_SECRET, ACCESS_TOKEN_TTL_SECONDS: '3600', ...database.env };
    server = await startServer({ runtime, env, notes });
    const { orgId, token } = await signUpWithOrg(server.port);
    if (database.needsStop) await stopServer(server, notes);
    log(`seeding ${LEADS} leads and ${TRANSACTIONS} transactions on ${KIND} ...`);
    const seedStarted = performance.now();
    await database.exec(seedSql(orgId));
    // What autovacuum does soon after a bulk load: statistics and the visibility map.
    for (const statement of ANALYZE) await database.exec(statement);
    const seedMs = Math.round(performance.now() - seedStarted);
    if (database.needsStop) server = await startServer({ runtime, env, notes });
    const { port } = server;
    const path = `/api/orgs/${orgId}/dashboard`;

    const sample = checkBody(expectStatus(await call(port, { path, token, timeoutMs: 60_000 }), 200, path));
    const leads = sample.pipeline.stages.reduce((sum, s) => sum + s.count, 0);
    if (leads !== LEADS) throw new Error(`the dashboard counts ${leads} leads, ${LEADS} were seeded`);
    for (let i = 0; i < 4; i += 1) await timedCall(port, token, path);

    const loadBefore = loadavg()[0];
    log(`  ${REQUESTS} sequential requests ...`);
    const sequential = [];
    for (let i = 0; i < REQUESTS; i += 1) sequential.push(await timedCall(port, token, path));

    log(`  ${CONCURRENT_REQUESTS} requests from ${CONCURRENCY} parallel clients ...`);
    const concurrent = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONCURRENT_REQUESTS) {
          next += 1;
          concurrent.push(await timedCall(port, token, path));
        }
      }),
    );
    const concurrentSeconds = (performance.now() - started) / 1000;

    // The money overview endpoint (what the dashboard first used for the books: it reads the
    // transactions for the twelve months), for comparison with the daily totals the dashboard reads.
    log(`  ${BREAKDOWN_RUNS} requests of the money overview, for comparison ...`);
    const overview = [];
    for (let i = 0; i < BREAKDOWN_RUNS; i += 1) {
      const begun = performance.now();
      const res = await call(port, { path: `/api/orgs/${orgId}/finance/reports/overview`, token, timeoutMs: 60_000 });
      overview.push(performance.now() - begun);
      expectStatus(res, 200, 'money overview');
    }
    const breakdown = {};
    if (KIND === 'postgresql') {
      log(`  each statement alone, ${BREAKDOWN_RUNS} times ...`);
      await withClient(database.env.DATABASE_URL, async (client) => {
        for (const [name, statement] of Object.entries(statements())) {
          const times = [];
          for (let i = 0; i < BREAKDOWN_RUNS; i += 1) {
            const [sql, params] = statement(orgId);
            const begun = performance.now();
            await client.query(sql, params);
            times.push(performance.now() - begun);
          }
          breakdown[name] = summary(times);
        }
      });
    }
    const loadAverage = Math.round(((loadBefore + loadavg()[0]) / 2) * 10) / 10;
    return {
      seedMs,
      sample: {
        openPipelineMinor: sample.pipeline.openValueMinor,
        newLeadsThisMonth: sample.newLeads.thisMonth,
        cashMinor: sample.money.cashMinor,
        runway: sample.money.runway.kind,
      },
      sequential: summary(sequential),
      concurrent: {
        ...summary(concurrent),
        clients: CONCURRENCY,
        requestsPerSecond: Math.round((concurrent.length / concurrentSeconds) * 10) / 10,
      },
      moneyOverviewEndpoint: summary(overview),
      statements: breakdown,
      loadAverage,
    };
  } finally {
    if (server) await stopServer(server, notes);
    await database.drop();
  }
};

startWatchdog(40 * 60_000);
log(`bench dashboard on ${KIND}: ${LEADS} leads, ${TRANSACTIONS} transactions ...`);
if (KIND === 'pglite')
  notes.push('ran on embedded PGlite: set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL for PostgreSQL');
let result = null;
try {
  result = await bench();
} catch (error) {
  notes.push(`${KIND} failed: ${error instanceof Error ? error.message : String(error)}`);
}
if (result) {
  log(
    `database: ${KIND}; seed ${result.seedMs} ms; 1-minute load average ${result.loadAverage} on ${cpus().length} cores`,
  );
  const line = (name, s) =>
    log(
      `${name.padEnd(34)} p50 ${s.p50Ms} ms   p95 ${s.p95Ms} ms   p99 ${s.p99Ms} ms   max ${s.maxMs} ms   (${s.requests})`,
    );
  line('sequential', result.sequential);
  line(`concurrent (${CONCURRENCY} clients)`, result.concurrent);
  log(`concurrent throughput: ${result.concurrent.requestsPerSecond} requests/s`);
  line('money overview endpoint (compare)', result.moneyOverviewEndpoint);
  for (const [name, s] of Object.entries(result.statements)) line(`  statement ${name}`, s);
}
for (const note of notes) log(`note: ${note}`);
printResult({
  database: KIND,
  leads: LEADS,
  transactions: TRANSACTIONS,
  ...(result
    ? {
        p50Ms: result.sequential.p50Ms,
        p95Ms: result.sequential.p95Ms,
        p99Ms: result.sequential.p99Ms,
        sequential: result.sequential,
        concurrent: result.concurrent,
        moneyOverviewEndpoint: result.moneyOverviewEndpoint,
        statements: result.statements,
        seedMs: result.seedMs,
        sample: result.sample,
        loadAverage1m: result.loadAverage,
      }
    : {}),
  cores: cpus().length,
  notes,
});
process.exit(result ? 0 : 1);
