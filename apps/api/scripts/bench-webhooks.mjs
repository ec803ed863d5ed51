// `pnpm bench:webhooks`: time to handle 1,000 signed Stripe webhooks (10% of them replays of
// earlier ones) through the BUILT API (dist/), over HTTP on 127.0.0.1, on embedded PGlite and,
// when an admin connection is given, on PostgreSQL too.
//
//   BENCH_WEBHOOK_EVENTS=1000   how many deliveries (default 1000)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   also bench PostgreSQL (a fresh database, dropped after)
//
// Prints a short table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ADMIN_URL,
  createPgliteScratch,
  createPostgresScratch,
  DATABASE_KINDS,
  DIST,
  listenLocal,
  log,
  percentile,
  POSTGRES_SKIPPED_NOTE,
  printResult,
} from './bench-support.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(DIST, path));
const { loadEnv } = dist('config/env.js');
const { createPgliteDatabase, createPostgresDatabase } = dist('db/database.js');
const { createDeps, createLogger, migrateDatabase } = dist('runtime.js');
const { createApp } = dist('app.js');
// A secret made for this run (real Stripe mode pointed at nowhere: only signatures are checked).
const WEBHOOK_SECRET = `whsec_bench_${randomBytes(16).toString('hex')}`;
const { stripeSignature } = require('@aiceo/stand-ins/stripe/stand-in');

const TOTAL = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1000);
const REPLAY_SHARE = 0.1;

const round = (ms) => Math.round(ms * 100) / 100;
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50) ?? 0),
    p99Ms: round(percentile(sorted, 99) ?? 0),
    maxMs: round(sorted.at(-1) ?? 0),
  };
};

const post = (port, payload, signature) =>
  new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/billing/webhook',
        method: 'POST',
        agent: keepAlive,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'stripe-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** A fresh, empty database of the given kind and how to throw it away. */
const openDatabase = async (kind) => {
  if (kind === 'pglite') {
    const scratch = createPgliteScratch('aiceo-bench-webhooks');
    return { database: await createPgliteDatabase({ dataDir: scratch.dataDir }), drop: scratch.drop };
  }
  const scratch = await createPostgresScratch('aiceo_bench_webhooks');
  return { database: createPostgresDatabase({ url: scratch.url, poolSize: 10 }), drop: scratch.drop };
};

const env = loadEnv({
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
  TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
  LOG_LEVEL: 'silent',
  WEB_DIST_DIR: '',
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_API_HOST: '127.0.0.1',
  STRIPE_API_PORT: '9',
  STRIPE_API_PROTOCOL: 'http',
});
const logger = createLogger({ level: 'silent' });

const benchDatabase = async (kind) => {
  const { database, drop } = await openDatabase(kind);
  let server;
  try {
    await migrateDatabase(database, logger);
    const deps = createDeps({ env, database, log: logger });
    const org = await deps.db.organization.create({
      data: { name: 'Bench', slug: `bench-${Date.now()}` },
      select: { id: true },
    });
    await deps.db.billingAccount.create({
      data: {
        orgId: org.id,
        stripeCustomerId: 'cus_bench',
        stripeSubscriptionId: 'sub_bench',
        stripePriceId: env.STRIPE_PRICE_PRO,
        subscriptionStatus: 'active',
        plan: 'pro',
      },
    });
    server = await listenLocal(createApp(deps));
    const { port } = server.address();

    const start = Math.floor(Date.now() / 1000);
    const subscription = (status) => ({
      id: 'sub_bench',
      object: 'subscription',
      customer: 'cus_bench',
      status,
      items: { data: [{ price: { id: env.STRIPE_PRICE_PRO }, current_period_end: start + 30 * 86400 }] },
    });
    const invoice = (i) => ({
      id: `in_bench_${i}`,
      object: 'invoice',
      customer: 'cus_bench',
      parent: { subscription_details: { subscription: 'sub_bench' } },
    });
    const kinds = [
      () => ['customer.subscription.updated', subscription('active')],
      (i) => ['invoice.payment_failed', invoice(i)],
      (i) => ['invoice.paid', invoice(i)],
      (i) => [
        'charge.refunded',
        { id: `ch_bench_${i}`, object: 'charge', customer: 'cus_bench', amount_refunded: 100 },
      ],
    ];
    const fresh = [];
    const deliveries = [];
    for (let i = 0; i < TOTAL; i++) {
      // Every tenth delivery replays an earlier event, as Stripe does after a timeout.
      if (i % Math.round(1 / REPLAY_SHARE) === 9 && fresh.length > 0) {
        deliveries.push({ replay: true, payload: fresh[Math.floor(Math.random() * fresh.length)] });
        continue;
      }
      const [type, object] = kinds[i % kinds.length](i);
      const payload = JSON.stringify({
        id: `evt_bench_${i}`,
        object: 'event',
        api_version: '2026-10-28.endive',
        created: start + i,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object },
      });
      fresh.push(payload);
      deliveries.push({ replay: false, payload });
    }

    // Warm the JIT and the connection, untimed, on events the run never sends.
    for (let i = 0; i < 50; i++) {
      const payload = JSON.stringify({
        id: `evt_warm_${i}`,
        object: 'event',
        created: start,
        type: 'ping',
        data: { object: { id: `x_${i}` } },
      });
      await post(
        port,
        payload,
        stripeSignature({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) }),
      );
    }

    const times = { all: [], fresh: [], replays: [] };
    const statuses = {};
    const began = performance.now();
    for (const delivery of deliveries) {
      const signature = stripeSignature({
        payload: delivery.payload,
        secret: WEBHOOK_SECRET,
        timestamp: Math.floor(Date.now() / 1000),
      });
      const t0 = performance.now();
      const status = await post(port, delivery.payload, signature);
      const ms = performance.now() - t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      times.all.push(ms);
      (delivery.replay ? times.replays : times.fresh).push(ms);
    }
    const totalMs = performance.now() - began;
    const stored = await deps.db.stripeEvent.count({ where: { id: { startsWith: 'evt_bench_' } } });

    return {
      database: kind,
      events: TOTAL,
      replays: times.replays.length,
      statuses,
      storedEvents: stored,
      all: summary(times.all),
      fresh: summary(times.fresh),
      replay: summary(times.replays),
      eventsPerSecond: Math.round((TOTAL / totalMs) * 1000),
    };
  } finally {
    if (server) {
      const closed = new Promise((resolve) => server.close(resolve));
      // The keep-alive socket would hold close() open.
      server.closeAllConnections();
      await closed;
    }
    await database.close();
    await drop();
  }
};

const results = [];
try {
  for (const kind of DATABASE_KINDS) {
    log(`benchmarking ${TOTAL} webhook deliveries on ${kind}...`);
    results.push(await benchDatabase(kind));
  }
} finally {
  keepAlive.destroy();
}
for (const r of results) {
  log(
    `webhooks on ${r.database}, ${process.version}: ${r.events} deliveries (${r.replays} replays), statuses ${JSON.stringify(r.statuses)}, ${r.eventsPerSecond} events/s`,
  );
  log(`  all      p50 ${r.all.p50Ms} ms  p99 ${r.all.p99Ms} ms`);
  log(`  fresh    p50 ${r.fresh.p50Ms} ms  p99 ${r.fresh.p99Ms} ms`);
  log(`  replays  p50 ${r.replay.p50Ms} ms  p99 ${r.replay.p99Ms} ms`);
}
const notes = ADMIN_URL ? [] : [POSTGRES_SKIPPED_NOTE];
printResult({ bench: 'webhooks', node: process.version, events: TOTAL, results, notes });
