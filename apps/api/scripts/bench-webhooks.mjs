// `pnpm bench:webhooks`: time to handle 1,000 signed Stripe webhooks (10% of them replays of
// earlier ones) through the BUILT API (dist/), over HTTP on 127.0.0.1, on embedded PGlite.
//
//   BENCH_WEBHOOK_EVENTS=1000   how many deliveries (default 1000)
//
// Prints a short table, then as its LAST line one JSON object with every figure.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(import.meta.dirname, '..', 'dist', path));
const { loadEnv } = dist('config/env.js');
const { createPgliteDatabase } = dist('db/database.js');
const { createDeps, createLogger, migrateDatabase } = dist('runtime.js');
const { createApp } = dist('app.js');
const { LOCAL_STRIPE_KEYS } = dist('lib/stripe-gateway.js');
const { stripeSignature } = dist('stripe-local/stand-in.js');

const TOTAL = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1000);
const REPLAY_SHARE = 0.1;
const log = (line) => process.stderr.write(`${line}\n`);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (ms) => Math.round(ms * 100) / 100;
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? 0) };
};

const post = (port, payload, signature) =>
  new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/billing/webhook', method: 'POST', agent: keepAlive, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'stripe-signature': signature } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(payload);
  });
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

const dataDir = mkdtempSync(join(tmpdir(), 'aiceo-bench-webhooks-'));
const env = loadEnv({ NODE_ENV: 'production', JWT_SECRET: 'bench-secret-that-is-at-least-32-characters', LOG_LEVEL: 'silent', WEB_DIST_DIR: '', STRIPE_API_PORT: '9' });
const logger = createLogger({ level: 'silent' });
const database = await createPgliteDatabase({ dataDir: join(dataDir, 'pglite') });
let server;
try {
  await migrateDatabase(database, logger);
  const deps = createDeps({ env, database, log: logger });
  const org = await deps.db.organization.create({ data: { name: 'Bench', slug: `bench-${Date.now()}` }, select: { id: true } });
  await deps.db.billingAccount.create({ data: { orgId: org.id, stripeCustomerId: 'cus_bench', stripeSubscriptionId: 'sub_bench', stripePriceId: env.STRIPE_PRICE_PRO, subscriptionStatus: 'active', plan: 'pro' } });
  server = await new Promise((resolve) => {
    const s = createApp(deps).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address();

  const start = Math.floor(Date.now() / 1000);
  const subscription = (status) => ({ id: 'sub_bench', object: 'subscription', customer: 'cus_bench', status, items: { data: [{ price: { id: env.STRIPE_PRICE_PRO }, current_period_end: start + 30 * 86400 }] } });
  const invoice = (i) => ({ id: `in_bench_${i}`, object: 'invoice', customer: 'cus_bench', parent: { subscription_details: { subscription: 'sub_bench' } } });
  const kinds = [
    (i) => ['customer.subscription.updated', subscription('active')],
    (i) => ['invoice.payment_failed', invoice(i)],
    (i) => ['invoice.paid', invoice(i)],
    (i) => ['charge.refunded', { id: `ch_bench_${i}`, object: 'charge', customer: 'cus_bench', amount_refunded: 100 }],
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
    const payload = JSON.stringify({ id: `evt_bench_${i}`, object: 'event', api_version: '2026-10-28.endive', created: start + i, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } });
    fresh.push(payload);
    deliveries.push({ replay: false, payload });
  }

  // Warm the JIT and the connection, untimed, on events the run never sends.
  for (let i = 0; i < 50; i++) {
    const payload = JSON.stringify({ id: `evt_warm_${i}`, object: 'event', created: start, type: 'ping', data: { object: { id: `x_${i}` } } });
    await post(port, payload, stripeSignature({ payload, secret: LOCAL_STRIPE_KEYS.webhookSecret, timestamp: Math.floor(Date.now() / 1000) }));
  }

  const times = { all: [], fresh: [], replays: [] };
  const statuses = {};
  const began = performance.now();
  for (const delivery of deliveries) {
    const signature = stripeSignature({ payload: delivery.payload, secret: LOCAL_STRIPE_KEYS.webhookSecret, timestamp: Math.floor(Date.now() / 1000) });
    const t0 = performance.now();
    const status = await post(port, delivery.payload, signature);
    const ms = performance.now() - t0;
    statuses[status] = (statuses[status] ?? 0) + 1;
    times.all.push(ms);
    (delivery.replay ? times.replays : times.fresh).push(ms);
  }
  const totalMs = performance.now() - began;
  const stored = await deps.db.stripeEvent.count({ where: { id: { startsWith: 'evt_bench_' } } });

  const result = {
    bench: 'webhooks',
    node: process.version,
    database: 'pglite',
    events: TOTAL,
    replays: times.replays.length,
    statuses,
    storedEvents: stored,
    all: summary(times.all),
    fresh: summary(times.fresh),
    replay: summary(times.replays),
    eventsPerSecond: Math.round((TOTAL / totalMs) * 1000),
  };
  log(`webhooks on ${result.database}, ${result.node}: ${TOTAL} deliveries (${result.replays} replays), statuses ${JSON.stringify(statuses)}`);
  log(`  all      p50 ${result.all.p50Ms} ms  p99 ${result.all.p99Ms} ms`);
  log(`  fresh    p50 ${result.fresh.p50Ms} ms  p99 ${result.fresh.p99Ms} ms`);
  log(`  replays  p50 ${result.replay.p50Ms} ms  p99 ${result.replay.p99Ms} ms`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  keepAlive.destroy();
  if (server) await new Promise((resolve) => server.close(resolve));
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
