// `pnpm bench:campaigns`: one email campaign to 20,000 recipients, sent by the BUILT API's sender
// to a local SMTP server (smtp-server in a child process, accepting and discarding every mail), on
// embedded PGlite and, when BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL is given, on
// PostgreSQL (a fresh database created in it and dropped afterwards). Each database kind runs in
// a process of its own, so the memory figures are one sender's.
//
// The campaign goes through the API (POST …/send answers at once with the campaign in `sending`),
// the background sender mails it batch by batch, and the bench samples the process's memory every
// 50 ms during the send: peak RSS and peak heap used above the heap before the send (on PGlite the
// database runs inside this process, so its memory is in the RSS; on PostgreSQL it is not).
//
//   BENCH_RECIPIENTS=20000   leads in the audience
//
// Prints the figures, then as its LAST line one JSON object with every figure.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  call,
  createPgliteScratch,
  DIST,
  expectStatus,
  listenLocal,
  log,
  printResult,
  signUpWithOrg,
  startWatchdog,
  withClient,
  withDatabase,
} from './bench-support.mjs';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 20_000);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
const SAMPLE_MS = 50;
const SELF = fileURLToPath(import.meta.url);

if (!existsSync(join(DIST, 'modules', 'campaigns', 'campaign-sending.service.js'))) {
  log(
    `No build of the campaigns module in ${DIST}: run \`pnpm bench:campaigns\` from the repository root (it builds first).`,
  );
  process.exit(1);
}

/** A fresh database in the given PostgreSQL server, and how to drop it. */
const createPostgresScratch = async () => {
  const name = `aiceo_bench_campaigns_${randomBytes(5).toString('hex')}`;
  await withClient(POSTGRES_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(POSTGRES_URL, name),
    drop: () => withClient(POSTGRES_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
};

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The SMTP server child: resolves to { port, count(), stop() }. */
const startSmtp = () =>
  new Promise((resolve, reject) => {
    const child = fork(join(SELF, '..', 'bench-campaigns-smtp.mjs'), {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('message', ({ port }) =>
      resolve({
        port,
        count: () =>
          new Promise((done) => {
            child.once('message', done);
            child.send('count');
          }),
        stop: () =>
          new Promise((done) => {
            child.once('exit', done);
            child.send('stop');
          }),
      }),
    );
  });

/** Log lines of the sender's "campaign sender stopped" records (their batch and heartbeat counts). */
const senderRecords = () => {
  const records = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) {
        if (!line.includes('campaign sender stopped')) continue;
        try {
          records.push(JSON.parse(line));
        } catch {
          // a partial line: not one of ours
        }
      }
      callback();
    },
  });
  return { records, stream };
};

/** One database kind, in this process: seed, send through the API, measure. */
const runKind = async (kind) => {
  const require = createRequire(import.meta.url);
  const { loadEnv } = require(join(DIST, 'config', 'env.js'));
  const { createApp } = require(join(DIST, 'app.js'));
  const { createDeps, createLogger, migrateDatabase } = require(join(DIST, 'runtime.js'));
  const { createPgliteDatabase, createPostgresDatabase } = require(join(DIST, 'db', 'database.js'));
  const sending = require(join(DIST, 'modules', 'campaigns', 'campaign-sending.service.js'));
  const campaigns = require(join(DIST, 'modules', 'campaigns', 'campaigns.service.js'));
  const usageService = require(join(DIST, 'modules', 'usage', 'usage.service.js'));

  const smtp = await startSmtp();
  // PGlite in a data folder on disk, as the app runs it (PGLITE_DATA_DIR).
  const scratch = kind === 'postgresql' ? await createPostgresScratch() : createPgliteScratch('aiceo-bench-campaigns');
  const database =
    kind === 'postgresql'
      ? createPostgresDatabase({ url: scratch.url, poolSize: 10 })
      : await createPgliteDatabase({ dataDir: scratch.dataDir });
  const logs = senderRecords();
  const logger = createLogger({ level: 'info', destination: logs.stream });
  const env = loadEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    JWT_SECRET: randomBytes(32).toString('hex'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    WEB_DIST_DIR: '',
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Bench <bench@example.test>',
    FRONTEND_URL: 'http://localhost:5173',
  });
  const deps = createDeps({ env, database, log: logger });
  let server;
  try {
    await migrateDatabase(database, logger);
    server = await listenLocal(createApp(deps));
    const { port } = server.address();
    const { token, orgId } = await signUpWithOrg(port, 'Bench Campaigns');
    await database.query(`UPDATE "Organization" SET plan = 'enterprise' WHERE id = $1`, [orgId]);
    await database.query(
      `INSERT INTO "Lead" (id, "orgId", name, email, company, tags, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, 'Lead ' || g, 'lead' || g || '@bench.example.test', 'Company ' || (g % 97), '{}',
              now(), now()
       FROM generate_series(1, $2::int) g`,
      [orgId, RECIPIENTS],
    );
    const campaign = expectStatus(
      await call(port, {
        method: 'POST',
        path: `/api/orgs/${orgId}/campaigns`,
        token,
        body: {
          name: 'Bench launch',
          subject: 'Hi {{firstName}}, news from {{org}}',
          body: 'Hello {{name}} at {{company|your company}},\n\nOur spring offer is out: https://example.test/offer\n\nSee you soon.',
          audience: {},
        },
        timeoutMs: 60_000,
      }),
      201,
      'create campaign',
    );

    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, SAMPLE_MS);

    const started = performance.now();
    const sent = expectStatus(
      await call(port, {
        method: 'POST',
        path: `/api/orgs/${orgId}/campaigns/${campaign.id}/send`,
        token,
        timeoutMs: 120_000,
      }),
      200,
      'send campaign',
    );
    const answeredMs = performance.now() - started;
    await sending.campaignSendersIdle(deps);
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    global.gc?.();
    const after = process.memoryUsage();

    // Read through the services: a long send outlives the owner's access token.
    const done = await campaigns.getCampaign(deps, { orgId, campaignId: campaign.id });
    const received = await smtp.count();
    const usage = await usageService.getUsage(deps, { orgId });
    const emails = usage.resources.find((r) => r.resource === 'emails');
    const stats = logs.records.reduce(
      (sum, r) => ({
        batches: sum.batches + r.batches,
        heartbeats: sum.heartbeats + r.heartbeats,
        claims: sum.claims + r.claims,
      }),
      { batches: 0, heartbeats: 0, claims: 0 },
    );
    return {
      database: kind,
      recipients: RECIPIENTS,
      sendAnsweredMs: Math.round(answeredMs),
      answeredStatus: sent.status,
      sendSeconds: Math.round(elapsedMs / 100) / 10,
      recipientsPerSecond: Math.round((done.counts.sent / elapsedMs) * 1000),
      counts: done.counts,
      status: done.status,
      smtpMails: received.mails,
      smtpDistinctRecipients: received.distinctRecipients,
      mailedTwice: received.mailedTwice,
      emailsCounted: emails?.used ?? null,
      batches: stats.batches,
      heartbeats: stats.heartbeats,
      claims: stats.claims,
      rssBeforeMb: mb(before.rss),
      peakRssMb: mb(peakRss),
      heapUsedBeforeMb: mb(before.heapUsed),
      peakHeapUsedDeltaMb: mb(peakHeap - before.heapUsed),
      // After a full GC: what the send left behind (garbage excluded).
      heapUsedAfterGcDeltaMb: mb(after.heapUsed - before.heapUsed),
    };
  } finally {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
    await database.close();
    await scratch?.drop();
    await smtp.stop();
  }
};

/** Runs this script again for one kind and returns the JSON of its last line. */
const runChild = (kind) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', SELF], {
      env: { ...process.env, BENCH_CAMPAIGNS_KIND: kind },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${kind} run exited ${code}: ${last}`));
      resolve(JSON.parse(last));
    });
  });

if (process.env.BENCH_CAMPAIGNS_KIND) {
  startWatchdog(30 * 60_000);
  const result = await runKind(process.env.BENCH_CAMPAIGNS_KIND);
  printResult(result);
  process.exit(0);
}

const kinds = ['pglite', ...(POSTGRES_URL ? ['postgresql'] : [])];
const runs = [];
for (const kind of kinds) {
  log(`bench:campaigns: ${RECIPIENTS.toLocaleString('en-US')} recipients on ${kind}…`);
  const run = await runChild(kind);
  runs.push(run);
  log(
    `  ${kind}: send answered in ${run.sendAnsweredMs} ms (${run.answeredStatus}); ${run.counts.sent} sent in ${run.sendSeconds} s = ` +
      `${run.recipientsPerSecond} recipients/s; ${run.batches} batches, ${run.heartbeats} heartbeats, ${run.claims} claims; ` +
      `SMTP got ${run.smtpMails} mails (${run.mailedTwice} addresses twice); emails counted ${run.emailsCounted}; ` +
      `peak RSS ${run.peakRssMb} MB (before ${run.rssBeforeMb} MB), peak heap used +${run.peakHeapUsedDeltaMb} MB`,
  );
}
if (!POSTGRES_URL) log('  postgresql: skipped (set TEST_DATABASE_URL or DATABASE_URL to also run on PostgreSQL)');
printResult({
  bench: 'campaigns',
  node: process.versions.node,
  cpus: cpus().length,
  loadavg1m: Math.round(loadavg()[0] * 100) / 100,
  recipients: RECIPIENTS,
  runs,
});
