// `pnpm bench:agentic`: one hourly analysis of the agentic engine (runScheduledAnalysis of the BUILT
// API) over 1,000 pro-plan organisations on PostgreSQL, then a second one right after (which should
// find nothing new). Each org gets realistic data, seeded with generate_series INSERTs in a
// throwaway database: 50 leads in mixed stages, values and ages (some unsubscribed, some with a
// meeting booked, their calls logged), posts (a third of the orgs stopped posting), tasks (some
// failed this week), and a goal with a live metric and its steps.
//
//   ORGS=1000          organisations (default 1,000)
//   LEADS_PER_ORG=50   leads in each (default 50)
//   BENCH_TIMEOUT_MINUTES=40  stops the bench (and drops its database) after this long
//   BENCH_DATABASE_URL / TEST_DATABASE_URL / DATABASE_URL  admin connection (default
//                      postgresql://postgres@127.0.0.1:5432/postgres); a database is created and dropped
//
// Prints a summary, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { DIST, log, printResult, withClient, withDatabase } from './bench-support.mjs';

const ORGS = Number(process.env.ORGS ?? 1_000);
const LEADS_PER_ORG = Number(process.env.LEADS_PER_ORG ?? 50);
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  process.env.DATABASE_URL ||
  'postgresql://postgres@127.0.0.1:5432/postgres';
const notes = [];
/** The throwaway database while it exists, so a stop on the time limit still drops it. */
let scratchName = null;
const dropScratch = async () => {
  if (!scratchName) return;
  const name = scratchName;
  scratchName = null;
  await withClient(ADMIN_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
};

const servicePath = join(DIST, 'modules/agentic/agentic.service.js');
if (!existsSync(join(DIST, 'runtime.js')) || !existsSync(servicePath)) {
  log(`No build at ${DIST}: run \`pnpm bench:agentic\` from the repository root (it builds first).`);
  process.exit(1);
}
if (!Number.isInteger(ORGS) || ORGS < 1 || !Number.isInteger(LEADS_PER_ORG) || LEADS_PER_ORG < 1) {
  log('ORGS and LEADS_PER_ORG must be positive whole numbers');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { loadEnv } = require(join(DIST, 'config', 'env.js'));
const { createDeps, createLogger, migrateDatabase } = require(join(DIST, 'runtime.js'));
const { createPostgresDatabase } = require(join(DIST, 'db', 'database.js'));
const { runScheduledAnalysis } = require(servicePath);

/**
 * The orgs and everything in them, relative to now() so the engine's windows see them as a
 * business would look this morning. `o` is the org number (1..ORGS), `g` the lead number in it.
 */
const seedSql = (ownerId) => `
CREATE TEMP TABLE bench_org AS
SELECT o, gen_random_uuid() AS id FROM generate_series(1, ${ORGS}) AS o;

INSERT INTO "Organization" (id, name, slug, plan, "createdAt", "updatedAt")
SELECT id, 'Bench Org ' || o, 'bench-agentic-' || o || '-${randomBytes(3).toString('hex')}', 'pro',
       now() - make_interval(days => 30 + o % 400), now()
FROM bench_org;

INSERT INTO "Membership" (id, "orgId", "userId", role, "updatedAt")
SELECT gen_random_uuid(), id, '${ownerId}', 'owner', now() FROM bench_org;

-- Leads: every stage; a quarter of them deals of $5,000 or more; most reached in the last 12 days,
-- one in seven quiet for 14 to 39 days, one in 25 new and never contacted; one in 17 unsubscribed.
CREATE TEMP TABLE bench_lead AS
SELECT gen_random_uuid() AS id, org.id AS "orgId", org.o, g,
       (ARRAY['new', 'contacted', 'qualified', 'proposal', 'won', 'lost', 'contacted', 'qualified'])[1 + (g + org.o) % 8] AS stage,
       CASE WHEN (g * 7 + org.o) % 4 = 0 THEN 500000 + ((g * 7919 + org.o) % 40000) * 100
            ELSE ((g * 104729 + org.o) % 4999) * 100 END AS value,
       CASE WHEN (g + org.o) % 25 = 0 THEN NULL
            WHEN (g + org.o) % 7 = 0 THEN now() - make_interval(days => 14 + (g * 13 + org.o) % 26, hours => g % 24)
            ELSE now() - make_interval(days => (g * 13 + org.o) % 13, hours => g % 24) END AS last_activity,
       CASE WHEN (g + org.o) % 25 = 0 THEN now() - make_interval(days => (g * 3 + org.o) % 10)
            ELSE now() - make_interval(days => 41 + (g * 3 + org.o) % 60) END AS created,
       CASE WHEN (g + org.o) % 17 = 0 THEN now() - interval '3 days' END AS unsubscribed
FROM bench_org org, generate_series(1, ${LEADS_PER_ORG}) AS g;

INSERT INTO "Lead" (id, "orgId", name, email, company, stage, "valueCents", score, "activityCount",
                    "lastActivityAt", "unsubscribedAt", "createdAt", "updatedAt")
SELECT id, "orgId", 'Lead ' || o || '-' || g, 'lead-' || o || '-' || g || '@bench.example.test', 'Company ' || g,
       stage::"LeadStage", value,
       CASE stage WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE CASE WHEN last_activity IS NULL THEN 70 ELSE 85 END END,
       CASE WHEN last_activity IS NULL THEN 0 ELSE 1 END, last_activity, unsubscribed, created, now()
FROM bench_lead;

INSERT INTO "LeadActivity" (id, "orgId", "leadId", kind, summary, "occurredAt")
SELECT gen_random_uuid(), "orgId", id, 'call', 'Call about next steps', last_activity
FROM bench_lead WHERE last_activity IS NOT NULL;

-- One lead in 23 has a meeting booked for the day after tomorrow.
INSERT INTO "Meeting" (id, "orgId", "leadId", title, "startsAt", "endsAt", "updatedAt")
SELECT gen_random_uuid(), "orgId", id, 'Contract meeting', now() + interval '2 days', now() + interval '2 days 1 hour', now()
FROM bench_lead WHERE g % 23 = 0;

-- Posts: two orgs in three publish weekly and have one scheduled; the third stopped a month ago.
INSERT INTO "ContentPost" (id, "orgId", body, status, "scheduledFor", "publishedAt", "updatedAt")
SELECT gen_random_uuid(), id, 'Weekly tip ' || p, 'published', now() - make_interval(days => p * 7 + CASE WHEN o % 3 = 0 THEN 30 ELSE 2 END),
       now() - make_interval(days => p * 7 + CASE WHEN o % 3 = 0 THEN 30 ELSE 2 END), now()
FROM bench_org, generate_series(0, 3) AS p;
INSERT INTO "ContentPost" (id, "orgId", body, status, "scheduledFor", "updatedAt")
SELECT gen_random_uuid(), id, 'Next week''s tip', 'scheduled', now() + interval '4 days', now()
FROM bench_org WHERE o % 3 <> 0;

-- Tasks: finished reports, one waiting for later, and three failures this week in one org in ten.
INSERT INTO "Task" (id, "orgId", type, status, title, input, attempts, "runAfter", origin, "createdById",
                    "startedAt", "finishedAt", "createdAt", "updatedAt")
SELECT gen_random_uuid(), id, 'report', 'COMPLETED', 'Weekly report', '{"period":"week"}', 1,
       now() - make_interval(days => d * 7), 'user', '${ownerId}',
       now() - make_interval(days => d * 7), now() - make_interval(days => d * 7), now() - make_interval(days => d * 7), now()
FROM bench_org, generate_series(1, 4) AS d;
INSERT INTO "Task" (id, "orgId", type, status, title, input, "runAfter", origin, "createdById", "createdAt", "updatedAt")
SELECT gen_random_uuid(), id, 'report', 'PENDING', 'Monthly report', '{"period":"month"}', now() + interval '5 days', 'user',
       '${ownerId}', now(), now()
FROM bench_org;
INSERT INTO "Task" (id, "orgId", type, status, title, input, attempts, error, "runAfter", origin, "createdById",
                    "startedAt", "finishedAt", "createdAt", "updatedAt")
SELECT gen_random_uuid(), id, 'report', 'FAILED', 'Weekly report', '{"period":"week"}', 3, 'The mail server refused the connection',
       now() - make_interval(days => d), 'user', '${ownerId}', now() - make_interval(days => d), now() - make_interval(days => d),
       now() - make_interval(days => d), now()
FROM bench_org, generate_series(1, 3) AS d WHERE o % 10 = 0;

-- A goal per org: 3 new leads in 30 days, a third of the time gone, its first step done.
INSERT INTO "Goal" (id, "orgId", title, "targetDate", status, "plannedBy", metric, "metricTarget", "createdById", "createdAt", "updatedAt")
SELECT gen_random_uuid(), id, 'Bring in 3 new leads', now() + interval '20 days', 'active', 'offline', 'new_leads', 3,
       '${ownerId}', now() - interval '10 days', now()
FROM bench_org;
INSERT INTO "Task" (id, "orgId", type, status, title, input, attempts, "runAfter", origin, "createdById", "goalId", "goalOrder",
                    "dueAt", "startedAt", "finishedAt", "createdAt", "updatedAt")
SELECT gen_random_uuid(), g."orgId", 'goal_step', CASE WHEN s = 1 THEN 'COMPLETED' ELSE 'PENDING' END::"TaskStatus",
       'Step ' || s, json_build_object('goalId', g.id, 'step', 'Step ' || s, 'detail', '')::jsonb, CASE WHEN s = 1 THEN 1 ELSE 0 END,
       g."createdAt" + make_interval(days => (s - 1) * 10), 'goal', '${ownerId}', g.id, s,
       g."createdAt" + make_interval(days => s * 10),
       CASE WHEN s = 1 THEN g."createdAt" END, CASE WHEN s = 1 THEN g."createdAt" END, g."createdAt", now()
FROM "Goal" g, generate_series(1, 3) AS s;

DROP TABLE bench_lead;
DROP TABLE bench_org;
ANALYZE;`;

const counts = async (client) => {
  const { rows } = await client.query(`SELECT
      (SELECT count(*)::int FROM "Organization") AS orgs,
      (SELECT count(*)::int FROM "Lead") AS leads,
      (SELECT count(*)::int FROM "LeadActivity") AS activities,
      (SELECT count(*)::int FROM "ContentPost") AS posts,
      (SELECT count(*)::int FROM "Task") AS tasks,
      (SELECT count(*)::int FROM "Insight") AS insights`);
  return rows[0];
};

const timed = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return { value, ms: Math.round(performance.now() - started) };
};

const bench = async () => {
  const name = `aiceo_bench_agentic_${randomBytes(5).toString('hex')}`;
  await withClient(ADMIN_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
  scratchName = name;
  const url = withDatabase(ADMIN_URL, name);
  const database = createPostgresDatabase({ url, poolSize: 10 });
  try {
    const logger = createLogger({ level: 'silent' });
    const env = loadEnv({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      JWT_SECRET: randomBytes(32).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      WEB_DIST_DIR: '',
      DATABASE_URL: url,
    });
    const deps = createDeps({ env, database, log: logger });
    await migrateDatabase(database, logger);
    const owner = await deps.db.user.create({
      data: { email: `bench-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench', passwordHash: 'x' },
      select: { id: true },
    });
    log(`seeding ${ORGS} orgs with ${LEADS_PER_ORG} leads each ...`);
    const seed = await timed(() => withClient(url, (client) => client.query(seedSql(owner.id))));
    const seeded = await withClient(url, counts);
    log(`  seeded in ${seed.ms} ms: ${JSON.stringify(seeded)}`);

    const loadBefore = loadavg()[0];
    log('first hourly analysis ...');
    const first = await timed(() => runScheduledAnalysis(deps));
    log(`  ${first.ms} ms: ${JSON.stringify(first.value)}`);
    log('second hourly analysis, right after ...');
    const second = await timed(() => runScheduledAnalysis(deps));
    log(`  ${second.ms} ms: ${JSON.stringify(second.value)}`);
    const loadAverage = Math.round(((loadBefore + loadavg()[0]) / 2) * 10) / 10;
    const after = await withClient(url, counts);
    return { seedMs: seed.ms, seeded, first, second, after, loadAverage };
  } finally {
    await database.close();
    await dropScratch();
  }
};

// Generous: on a loaded machine one analysis of 1,000 orgs takes many minutes, and its figure is the point.
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 40) * 60_000;
setTimeout(() => {
  log('bench: overall time limit reached; dropping the database and stopping');
  void dropScratch()
    .catch((error) => log(`could not drop the database: ${error instanceof Error ? error.message : String(error)}`))
    .finally(() => process.exit(1));
}, TIMEOUT_MS).unref();
log(`bench agentic on postgresql: one hourly analysis over ${ORGS} pro orgs ...`);
let result;
try {
  result = await bench();
} catch (error) {
  notes.push(`postgresql failed: ${error instanceof Error ? error.message : String(error)}`);
  log(notes.at(-1));
}
const figures = result
  ? {
      orgs: result.first.value.orgs,
      leads: result.seeded.leads,
      firstRunMs: result.first.ms,
      secondRunMs: result.second.ms,
      perOrgMs: Math.round((result.first.ms / Math.max(1, result.first.value.orgs)) * 100) / 100,
      secondPerOrgMs: Math.round((result.second.ms / Math.max(1, result.second.value.orgs)) * 100) / 100,
      insights: result.first.value.insights,
      actions: result.first.value.actions,
      failed: result.first.value.failed,
      secondRunInsights: result.second.value.insights,
      secondRunActions: result.second.value.actions,
      ratio: Math.round((result.second.ms / Math.max(1, result.first.ms)) * 100) / 100,
      seedMs: result.seedMs,
      loadAverage1m: result.loadAverage,
      cores: cpus().length,
    }
  : { orgs: ORGS };
if (result) {
  log('');
  log(
    `One hourly analysis of ${figures.orgs} orgs (${figures.leads} leads): ${figures.firstRunMs} ms ` +
      `(${figures.perOrgMs} ms an org), ${figures.insights} insights, ${figures.actions} actions, ${figures.failed} failed.`,
  );
  log(
    `The run right after: ${figures.secondRunMs} ms (${figures.ratio}x the first), ` +
      `${figures.secondRunInsights} insights, ${figures.secondRunActions} actions.`,
  );
}
printResult({ ...figures, notes });
if (!result) process.exit(1);
