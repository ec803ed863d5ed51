// `pnpm bench:telegram`: the owner's Telegram bot through the local Telegram stand-in, on the BUILT
// API (dist) in this process, as two instances over ONE database.
// 1. Webhook update to bot reply: a linked user sends `/start` (the bot's help, its cheapest answer
//    that still stores the update, claims it, resolves the link and logs the reply), timed from the
//    stand-in's sendText to the reply arriving at the stand-in (sendMessage), p50/p99.
// 2. Exactly once: one update redelivered 100 times at once, alternating between the two instances
//    -> how many times it was handled (must be 1) and how many replies the chat got (must be 1).
//
//   BENCH_MESSAGES=200         timed updates (default 200; spread over chats, 10 each, under the per-chat limit)
//   BENCH_REDELIVERIES=100     deliveries of the one update (default 100)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   also bench PostgreSQL (a fresh database, dropped after)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ADMIN_URL,
  call,
  createPgliteScratch,
  createPostgresScratch,
  DATABASE_KINDS,
  DIST,
  expectStatus,
  log,
  percentile,
  POSTGRES_SKIPPED_NOTE,
  printResult,
  startWatchdog,
} from './bench-support.mjs';

const wholeNumber = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0`);
  return value;
};
const MESSAGES = wholeNumber('BENCH_MESSAGES', 200);
const REDELIVERIES = wholeNumber('BENCH_REDELIVERIES', 100);
// Under the bot's limit of 20 updates a minute per chat (the /start that links counts too).
const PER_CHAT = 10;
const WARMUP_PER_CHAT = 1;
const WEBHOOK_SECRET = randomBytes(24).toString('base64url');
const notes = [];

const require = createRequire(import.meta.url);
const { startLocalTelegram } = require(require.resolve('@aiceo/stand-ins/telegram/embedded'));

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const closeServer = (server) =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

const runKind = async (kind) => {
  const { loadEnv } = require(join(DIST, 'config', 'env.js'));
  const { createApp } = require(join(DIST, 'app.js'));
  const { createDeps, createLogger, migrateDatabase } = require(join(DIST, 'runtime.js'));
  const { createPgliteDatabase, createPostgresDatabase } = require(join(DIST, 'db', 'database.js'));
  const inbox = require(join(DIST, 'modules', 'telegram', 'telegram-inbox.js'));
  const { startTelegramUpdates } = require(join(DIST, 'modules', 'telegram', 'telegram-updates.js'));

  const standIn = await startLocalTelegram();
  const scratch =
    kind === 'postgresql' ? await createPostgresScratch('aiceo_bench_tg') : createPgliteScratch('aiceo-bench-tg');
  const database =
    kind === 'postgresql'
      ? createPostgresDatabase({ url: scratch.url, poolSize: 10 })
      : await createPgliteDatabase({ dataDir: scratch.dataDir });
  const logger = createLogger({ level: 'silent' });
  const servers = [http.createServer(), http.createServer()];
  const instances = [];
  let updates = null;
  try {
    await migrateDatabase(database, logger);
    const jwtSecret = randomBytes(32).toString('hex');
    for (const server of servers) {
      const port = await listen(server);
      const env = loadEnv({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        JWT_SECRET: jwtSecret,
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        WEB_DIST_DIR: '',
        FRONTEND_URL: 'http://localhost:5173',
        TELEGRAM_BOT_TOKEN: standIn.token,
        TELEGRAM_API_ROOT: standIn.url,
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/api/telegram/webhook`,
      });
      const deps = createDeps({ env, database, log: logger });
      server.on('request', createApp(deps));
      instances.push({ deps, port, webhookUrl: env.TELEGRAM_WEBHOOK_URL });
    }
    const [a, b] = instances;
    // The first instance registers the webhook (and its secret) with the stand-in, as main.ts does.
    updates = await startTelegramUpdates(a.deps);
    const settle = () => Promise.all(instances.map((i) => inbox.settleTelegramUpdates(i.deps)));

    // One owner per chat (one chat per member and org): each links through the SPA's endpoint.
    const chats = Math.ceil(MESSAGES / PER_CHAT);
    const users = [];
    for (let i = 0; i < chats; i += 1) {
      const signup = expectStatus(
        await call(a.port, {
          method: 'POST',
          path: '/api/auth/signup',
          body: {
            email: `bench-tg-${i}-${randomBytes(3).toString('hex')}@example.test`,
            password: 'bench password 1',
            name: `Owner ${i}`,
          },
        }),
        201,
        'signup',
      );
      const token = signup.accessToken;
      const org = expectStatus(
        await call(a.port, { method: 'POST', path: '/api/orgs', token, body: { name: `Bench ${i}` } }),
        201,
        'org',
      );
      const link = expectStatus(
        await call(a.port, { method: 'POST', path: `/api/orgs/${org.id}/telegram/link`, token }),
        201,
        'telegram link',
      );
      const user = { id: 5_000_000 + i, first_name: `Owner${i}` };
      await standIn.sendText(user, `/start ${link.token}`);
      await standIn.waitForMessage(user.id, { since: 0, timeoutMs: 10_000 });
      users.push(user);
    }
    await settle();

    const timeOne = async (user) => {
      const before = standIn.messages(user.id).length;
      const started = performance.now();
      const { status } = await standIn.sendText(user, '/start');
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      // The reply arrives at the stand-in as a sendMessage.
      while (standIn.messages(user.id).length === before) {
        if (performance.now() - started > 10_000) throw new Error('no reply within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return performance.now() - started;
    };
    for (const user of users.slice(0, 3)) for (let w = 0; w < WARMUP_PER_CHAT; w += 1) await timeOne(user);
    const times = [];
    let failures = 0;
    for (let i = 0; i < MESSAGES; i += 1) {
      const user = users[i % users.length];
      try {
        times.push(await timeOne(user));
      } catch (error) {
        failures += 1;
        notes.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await settle();
    times.sort((x, y) => x - y);

    // Exactly once: a fresh update (not yet delivered), 100 deliveries at once over both instances.
    const target = users[0];
    const repliesBefore = standIn.messages(target.id).length;
    const sample = (await standIn.sendText(target, '/start')).update;
    await settle();
    const fresh = { ...sample, update_id: sample.update_id + 10_000_000 };
    const statuses = await Promise.all(
      Array.from({ length: REDELIVERIES }, (_, i) =>
        standIn.redeliver(fresh, { url: (i % 2 === 0 ? a : b).webhookUrl }),
      ),
    );
    await settle();
    const row = await a.deps.db.telegramUpdate.findUnique({ where: { updateId: BigInt(fresh.update_id) } });
    const handled = row && row.status === 'handled' ? 1 : 0;
    // The sendText before it answered once; anything beyond that one is the redelivered update's.
    const replies = standIn.messages(target.id).length - repliesBefore - 1;
    return {
      db: kind,
      chats,
      messages: MESSAGES,
      replyP50Ms: Math.round(percentile(times, 50) * 10) / 10,
      replyP99Ms: Math.round(percentile(times, 99) * 10) / 10,
      replyMaxMs: Math.round((times.at(-1) ?? 0) * 10) / 10,
      failures,
      redeliveries: REDELIVERIES,
      redeliveryStatuses: [...new Set(statuses)],
      handledCount: handled,
      repliesToRedeliveredUpdate: replies,
    };
  } finally {
    await updates?.stop();
    for (const server of servers) if (server.listening) await closeServer(server);
    await standIn.close();
    await database.close();
    await scratch.drop();
  }
};

startWatchdog(5 * 60_000 * DATABASE_KINDS.length);
if (!ADMIN_URL) notes.push(POSTGRES_SKIPPED_NOTE);
const results = {};
let failed = false;
for (const kind of DATABASE_KINDS) {
  log(`bench telegram on ${kind}: ${MESSAGES} updates, ${REDELIVERIES} redeliveries over two instances ...`);
  try {
    results[kind] = await runKind(kind);
    const r = results[kind];
    if (r.failures > 0 || r.handledCount !== 1 || r.repliesToRedeliveredUpdate !== 1) failed = true;
  } catch (error) {
    failed = true;
    notes.push(`${kind} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

console.log('\nwebhook update -> bot reply through the stand-in, ms:');
for (const r of Object.values(results))
  console.log(
    `  ${r.db}: p50 ${r.replyP50Ms} / p99 ${r.replyP99Ms} / max ${r.replyMaxMs} (${r.messages} updates over ${r.chats} chats; failures ${r.failures}); ` +
      `${r.redeliveries} deliveries of one update over two instances: handled ${r.handledCount}, replies ${r.repliesToRedeliveredUpdate}, statuses ${r.redeliveryStatuses.join(',')}`,
  );
for (const note of notes) console.log(`note: ${note}`);
printResult({
  bench: 'telegram',
  node: process.version,
  messages: MESSAGES,
  redeliveries: REDELIVERIES,
  results,
  notes,
});
process.exit(failed ? 1 : 0);
