// `pnpm bench:widget`: the website chat's weight and speed.
// 1. Size: apps/web/dist/widget.js (the loader a site embeds, what loads before the visitor opens
//    the chat) and widget-chat.js (the panel it loads on first open), raw and gzip; null when not built.
// 2. Time from the visitor's message to the first streamed word: through the BUILT API's public
//    send endpoint as Server-Sent Events ("api": key and Origin checked, message saved, limits and
//    plan counted, the sales rep's prompt built, field extraction started beside the answer),
//    against the provider alone ("direct": the official openai SDK streaming straight from the
//    same local stand-in @aiceo/stand-ins/ai/fake-ai), alternating in one run so noise hits both.
//
//   BENCH_MESSAGES=100         timed messages per path (default 100)
//   BENCH_WARMUP_MESSAGES=10   untimed messages per path first (default 10)
//   BENCH_TOKEN_DELAY_MS       the stand-in's delay before each streamed chunk (default: the stand-in's own, 0)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   also bench PostgreSQL (a fresh database, dropped after)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';
import { gzipSync } from 'node:zlib';
import OpenAI from 'openai';
import {
  ADMIN_URL,
  API_DIR,
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
  START_TIMEOUT_MS,
  startServer,
  startWatchdog,
  STOP_TIMEOUT_MS,
  stopServer,
} from './bench-support.mjs';

const wholeNumber = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const MESSAGES = Math.max(1, wholeNumber('BENCH_MESSAGES', 100));
const WARMUP = Math.max(1, wholeNumber('BENCH_WARMUP_MESSAGES', 10));
const TOKEN_DELAY_MS =
  process.env.BENCH_TOKEN_DELAY_MS === undefined ? undefined : wholeNumber('BENCH_TOKEN_DELAY_MS', 0);
const API_KEY = 'bench-key';
const MODEL = 'gpt-4o-mini';
const TIMEOUT_MS = 30_000;
const REPLY = 'We build websites and online shops; a shop starts at five thousand dollars. What do you have in mind?';
// One visitor sends at most this many messages (under the per-visitor limit of 10 a minute); then a new one starts.
const MESSAGES_PER_VISITOR = 8;
const SITE_HOST = 'bench-shop.example.test';
const ORIGIN = `https://${SITE_HOST}`;
const API_NAMESPACE = 'openai';
const DIRECT_NAMESPACE = 'direct';

const { fetch, AbortSignal } = globalThis;

const require = createRequire(import.meta.url);
const FAKE_AI = require.resolve('@aiceo/stand-ins/ai/fake-ai');
if (!existsSync(join(DIST, 'main.js')) || !existsSync(FAKE_AI)) {
  log(`No build of the API in ${DIST}: run \`pnpm bench:widget\` from the repository root (it builds first).`);
  process.exit(1);
}
const { startFakeAi } = require(FAKE_AI);

const notes = [];
const runtime = { name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath, version: process.version };

// --- size ----------------------------------------------------------------------------------

const WEB_DIST = join(API_DIR, '..', 'web', 'dist');
const sizeOf = (file) => {
  const path = join(WEB_DIST, file);
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
};
const size = { loader: sizeOf('widget.js'), chat: sizeOf('widget-chat.js') };
if (!size.loader) notes.push(`no ${join(WEB_DIST, 'widget.js')}: build apps/web (pnpm bench:widget builds it)`);

// --- figures -------------------------------------------------------------------------------

const round = (value) => (value === null || Number.isNaN(value) ? null : Math.round(value * 100) / 100);
const summarize = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  const mean = sorted.length === 0 ? null : sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), mean: round(mean) };
};
const minus = (a, b) => (a === null || b === null ? null : round(a - b));

// --- one message each way ----------------------------------------------------------------

const directMessage = async (client, messages) => {
  const started = performance.now();
  let firstMs = null;
  let text = '';
  const stream = await client.chat.completions.create(
    { model: MODEL, messages, max_tokens: 400, stream: true, stream_options: { include_usage: true } },
    { signal: AbortSignal.timeout(TIMEOUT_MS) },
  );
  for await (const chunk of stream) {
    const piece = chunk.choices[0]?.delta.content;
    if (!piece) continue;
    firstMs ??= performance.now() - started;
    text += piece;
  }
  const ok = text === REPLY;
  return { ok, error: ok ? null : `direct: streamed ${JSON.stringify(text.slice(0, 60))}`, firstMs };
};

async function* sseEvents(body, started) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    const at = performance.now() - started;
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (data) yield { event, data, at };
    }
  }
}

/** One visitor message as widget.js sends it; `savedMs` is the `message` event (saved), `firstMs` the first word. */
const apiMessage = async ({ port, key, visitor }) => {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/widget/conversations/${visitor.conversationId}/messages`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ key, visitorToken: visitor.visitorToken, text: `[[reply:${REPLY}]]` }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (res.status !== 200 || !res.body)
    return { ok: false, error: `api: answered ${res.status}: ${(await res.text()).slice(0, 200)}`, firstMs: null };
  let savedMs = null;
  let firstMs = null;
  let text = '';
  let ending = null;
  for await (const { event, data, at } of sseEvents(res.body, started)) {
    if (event === 'message') savedMs ??= at;
    else if (event === 'delta') {
      firstMs ??= at;
      text += JSON.parse(data).text;
    } else if (event === 'done' || event === 'error') ending = { event, data };
  }
  const totalMs = performance.now() - started;
  const error =
    ending?.event !== 'done'
      ? `api: stream ended with ${ending ? `${ending.event} ${ending.data.slice(0, 200)}` : 'no done event'}`
      : text.trim() !== REPLY
        ? `api: streamed ${JSON.stringify(text.slice(0, 60))}`
        : null;
  return { ok: error === null, error, savedMs, firstMs, totalMs };
};

// --- one database --------------------------------------------------------------------------

const OFFER = {
  services: 'Websites and online shops for small businesses.',
  prices: 'Websites from $2,000; online shops from $5,000.',
  hours: 'Monday to Friday, 9:00 to 17:00.',
  faq: [{ question: 'Do you host the site?', answer: 'Yes, the first year of hosting is included.' }],
};

/** The first user (platform admin) with an enterprise org whose website chat runs on SITE_HOST. */
const seed = async (port) => {
  const { token, orgId } = await signUpWithOrg(port);
  expectStatus(
    await call(port, { method: 'PATCH', path: `/api/admin/orgs/${orgId}/plan`, token, body: { plan: 'enterprise' } }),
    200,
    'set plan',
  );
  const settings = expectStatus(
    await call(port, {
      method: 'PUT',
      path: `/api/orgs/${orgId}/widget`,
      token,
      body: { enabled: true, domains: [SITE_HOST], offer: OFFER },
    }),
    200,
    'switch the website chat on',
  );
  return { key: settings.publicKey };
};

const startVisitor = async (port, key) => {
  const res = await fetch(`http://127.0.0.1:${port}/api/widget/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ key, pageUrl: `${ORIGIN}/?utm_source=bench` }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`start answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return { conversationId: body.conversationId, visitorToken: body.visitorToken, sent: 0 };
};

const benchDatabase = async (kind) => {
  const fake = await startFakeAi({
    apiKey: API_KEY,
    ...(TOKEN_DELAY_MS === undefined ? {} : { tokenDelayMs: TOKEN_DELAY_MS }),
  });
  const database = await createServerDatabase(kind, 'aiceo_bench_widget');
  let server = null;
  try {
    server = await startServer({
      runtime,
      notes,
      env: {
        JWT_SECRET: randomBytes(32).toString('hex'),
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        JOBS_ENABLED: 'false',
        OPENAI_API_KEY: API_KEY,
        OPENAI_BASE_URL: fake.baseUrlFor(API_NAMESPACE),
        OPENAI_MODEL: MODEL,
        ...database.env,
      },
    });
    const { port } = server;
    const { key } = await seed(port);
    let visitor = null;
    const failures = [];
    const throughApi = async () => {
      if (!visitor || visitor.sent >= MESSAGES_PER_VISITOR) visitor = await startVisitor(port, key);
      visitor.sent += 1;
      const result = await apiMessage({ port, key, visitor }).catch((error) => ({
        ok: false,
        error: `api: ${error.message}`,
      }));
      if (!result.ok) failures.push(result.error);
      return result;
    };

    // The first message shows what the API sends the provider for the answer: the direct path sends the same.
    await throughApi();
    const sent = fake.requests(API_NAMESPACE).find((r) => r.stream && r.responseFormat === null);
    if (!sent) throw new Error(`the API did not stream from the stand-in: ${failures.at(-1) ?? 'no request logged'}`);
    const messages = sent.messages.map(({ role, content }) => ({ role, content }));
    const client = new OpenAI({
      apiKey: API_KEY,
      baseURL: fake.baseUrlFor(DIRECT_NAMESPACE),
      maxRetries: 0,
      timeout: TIMEOUT_MS,
    });
    const direct = async () => {
      const result = await directMessage(client, messages).catch((error) => ({
        ok: false,
        error: `direct: ${error.message}`,
      }));
      if (!result.ok) failures.push(result.error);
      return result;
    };

    for (let i = 1; i < WARMUP; i++) await throughApi();
    for (let i = 0; i < WARMUP; i++) await direct();
    const warmupFailures = failures.length;

    const directRuns = [];
    const apiRuns = [];
    for (let i = 0; i < MESSAGES; i++) {
      if (i % 2 === 0) {
        directRuns.push(await direct());
        apiRuns.push(await throughApi());
      } else {
        apiRuns.push(await throughApi());
        directRuns.push(await direct());
      }
      if ((i + 1) % 50 === 0) log(`  ${kind}: ${i + 1}/${MESSAGES} messages each way`);
    }
    const ok = (runs, field) => runs.filter((r) => r.ok).map((r) => r[field]);
    const d = summarize(ok(directRuns, 'firstMs'));
    const a = summarize(ok(apiRuns, 'firstMs'));
    const saved = summarize(ok(apiRuns, 'savedMs'));
    const total = summarize(ok(apiRuns, 'totalMs'));
    const timedFailures = failures.length - warmupFailures;
    for (const failure of [...new Set(failures)].slice(0, 5)) notes.push(`${kind}: ${failure}`);
    return {
      db: kind,
      direct: { firstWordP50Ms: d.p50, firstWordP99Ms: d.p99, firstWordMeanMs: d.mean },
      api: {
        firstWordP50Ms: a.p50,
        firstWordP99Ms: a.p99,
        firstWordMeanMs: a.mean,
        messageSavedP50Ms: saved.p50,
        messageSavedP99Ms: saved.p99,
        doneP50Ms: total.p50,
        doneP99Ms: total.p99,
      },
      overhead: { firstWordP50Ms: minus(a.p50, d.p50), firstWordP99Ms: minus(a.p99, d.p99) },
      failures: timedFailures,
      warmupFailures,
    };
  } finally {
    if (server) await stopServer(server, notes);
    await fake.close();
    await database.drop();
  }
};

// --- run -----------------------------------------------------------------------------------

const perDatabaseS =
  ((WARMUP + MESSAGES) * 2 * (TIMEOUT_MS / 1000)) / 10 + (START_TIMEOUT_MS + STOP_TIMEOUT_MS) / 1000 + 60;
startWatchdog(perDatabaseS * DATABASE_KINDS.length * 1000);

if (!ADMIN_URL) notes.push(POSTGRES_SKIPPED_NOTE);
const results = {};
let failed = false;
for (const kind of DATABASE_KINDS) {
  log(`bench widget on ${kind}: ${MESSAGES} messages each way (+${WARMUP} warm-up) ...`);
  try {
    results[kind] = await benchDatabase(kind);
    if (results[kind].failures > 0) failed = true;
  } catch (error) {
    failed = true;
    notes.push(`${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const kb = (bytes) => (bytes === null || bytes === undefined ? '-' : `${(bytes / 1024).toFixed(1)} KB`);
console.log('\nwidget size (raw / gzip -9):');
for (const [label, s] of Object.entries(size))
  console.log(`  ${label.padEnd(7)} ${s ? `${s.file}: ${kb(s.bytes)} / ${kb(s.gzipBytes)}` : 'not built'}`);
console.log(
  `\nvisitor message to first streamed word, ms (${MESSAGES} each way; stand-in token delay ${TOKEN_DELAY_MS ?? 0} ms):`,
);
for (const r of Object.values(results)) {
  console.log(
    `  ${r.db}: api p50 ${r.api.firstWordP50Ms} / p99 ${r.api.firstWordP99Ms}; provider alone p50 ${r.direct.firstWordP50Ms} / p99 ${r.direct.firstWordP99Ms}; ` +
      `api adds p50 ${r.overhead.firstWordP50Ms}; message saved (stream open) p50 ${r.api.messageSavedP50Ms}; done p50 ${r.api.doneP50Ms}; failures ${r.failures}`,
  );
}
for (const note of notes) console.log(`note: ${note}`);
printResult({
  bench: 'widget',
  node: process.version,
  size: {
    loaderGzipBytes: size.loader?.gzipBytes ?? null,
    loaderBytes: size.loader?.bytes ?? null,
    chatGzipBytes: size.chat?.gzipBytes ?? null,
    chatBytes: size.chat?.bytes ?? null,
  },
  messages: MESSAGES,
  warmupMessages: WARMUP,
  tokenDelayMs: TOKEN_DELAY_MS ?? 0,
  failures: Object.values(results).reduce((sum, r) => sum + r.failures, 0),
  results,
  notes,
});
process.exit(failed ? 1 : 0);
