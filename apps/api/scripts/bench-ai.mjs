// `pnpm bench:ai`: time to first streamed token, and what the API adds over the AI provider.
// The local OpenAI-compatible fake (@aiceo/stand-ins/ai/fake-ai, built) streams a fixed reply word by
// word; in the same run, chats go to it straight through the official openai SDK ("direct")
// and through the BUILT API's chat route as Server-Sent Events ("api"), one after the other,
// so that machine noise hits both alike.
//
//   BENCH_CHATS=200           timed chats per path (default 200)
//   BENCH_WARMUP_CHATS=10     untimed chats per path first (default 10)
//   BENCH_TOKEN_DELAY_MS=5    the fake's delay before each streamed chunk (default 5)
//   BENCH_DATABASE_URL / TEST_DATABASE_URL   also bench PostgreSQL (a fresh database, dropped after)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';
import OpenAI from 'openai';
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
  START_TIMEOUT_MS,
  startServer,
  startWatchdog,
  STOP_TIMEOUT_MS,
  stopServer,
} from './bench-support.mjs';

const positiveInt = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const CHATS = Math.max(1, positiveInt('BENCH_CHATS', 200));
const WARMUP_CHATS = Math.max(1, positiveInt('BENCH_WARMUP_CHATS', 10));
const TOKEN_DELAY_MS = positiveInt('BENCH_TOKEN_DELAY_MS', 5);
const API_KEY = 'bench-key';
const MODEL = 'gpt-4o-mini';
const CHAT_TIMEOUT_MS = 30_000;
const REPLY =
  'The quarter looks steady: revenue grew, costs held, and the team should focus on the two largest leads this week.';
const REPLY_WORDS = REPLY.split(/\s+/).length;
// The API's first request to the fake lands in this namespace; the direct chats use their own.
const API_NAMESPACE = 'openai';
const DIRECT_NAMESPACE = 'direct';

// Node's web globals, named here because the lint config only knows the CommonJS ones.
const { fetch, AbortSignal } = globalThis;

const require = createRequire(import.meta.url);
const FAKE_AI = require.resolve('@aiceo/stand-ins/ai/fake-ai');
if (!existsSync(join(DIST, 'main.js')) || !existsSync(FAKE_AI)) {
  log(`No build of the API in ${DIST}: run \`pnpm bench:ai\` from the repository root (it builds first).`);
  process.exit(1);
}
const { startFakeAi } = require(FAKE_AI);

const notes = [];
const runtime = { name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath, version: process.version };

// --- figures ----------------------------------------------------------------------------

const round = (value) => (value === null || Number.isNaN(value) ? null : Math.round(value * 100) / 100);
const summarize = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  const mean = sorted.length === 0 ? null : sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: round(mean),
    max: round(sorted.at(-1) ?? null),
  };
};
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const minus = (a, b) => (a === null || b === null ? null : round(a - b));

// --- one chat each way ------------------------------------------------------------------

/** One streamed chat straight to the fake: first content piece, last one, and the stream's end. */
const directChat = async (client, messages) => {
  const started = performance.now();
  let firstMs = null;
  let lastMs = null;
  let text = '';
  const stream = await client.chat.completions.create(
    { model: MODEL, messages, max_tokens: 1_024, stream: true, stream_options: { include_usage: true } },
    { signal: AbortSignal.timeout(CHAT_TIMEOUT_MS) },
  );
  for await (const chunk of stream) {
    const piece = chunk.choices[0]?.delta.content;
    if (!piece) continue;
    lastMs = performance.now() - started;
    firstMs ??= lastMs;
    text += piece;
  }
  const totalMs = performance.now() - started;
  return {
    ok: text === REPLY,
    error: text === REPLY ? null : `direct: streamed text differs (${JSON.stringify(text.slice(0, 60))})`,
    firstMs,
    lastMs,
    totalMs,
  };
};

/** Splits an SSE body into { event, data } as the bytes come, with the time each one arrived. */
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

/**
 * One chat through the API as the SPA sends it. `headersMs` is when the stream opened (the
 * message is saved and the AI message reserved by then), `firstMs` the first `delta`.
 */
const apiChat = async ({ port, token, orgId, conversationId }) => {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/orgs/${orgId}/chat/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ content: `[[reply:${REPLY}]]` }),
    signal: AbortSignal.timeout(CHAT_TIMEOUT_MS),
  });
  const headersMs = performance.now() - started;
  if (res.status !== 201 || !res.body) {
    return {
      ok: false,
      error: `api: answered ${res.status}: ${(await res.text()).slice(0, 200)}`,
      headersMs,
      firstMs: null,
      lastMs: null,
      totalMs: performance.now() - started,
    };
  }
  let firstMs = null;
  let lastMs = null;
  let text = '';
  let ending = null;
  for await (const { event, data, at } of sseEvents(res.body, started)) {
    if (event === 'delta') {
      lastMs = at;
      firstMs ??= at;
      text += JSON.parse(data).text;
    } else if (event === 'done' || event === 'error') {
      ending = { event, data };
    }
  }
  const totalMs = performance.now() - started;
  const error =
    ending?.event !== 'done'
      ? `api: stream ended with ${ending ? `${ending.event} ${ending.data.slice(0, 200)}` : 'no done event'}`
      : text !== REPLY
        ? `api: streamed text differs (${JSON.stringify(text.slice(0, 60))})`
        : null;
  return { ok: error === null, error, headersMs, firstMs, lastMs, totalMs };
};

// --- one database -------------------------------------------------------------------------

/** The first user (platform admin), an enterprise org (10,000 AI messages a month) and a conversation per chat. */
const seed = async (port, conversations) => {
  const { token, orgId } = await signUpWithOrg(port);
  expectStatus(
    await call(port, { method: 'PATCH', path: `/api/admin/orgs/${orgId}/plan`, token, body: { plan: 'enterprise' } }),
    200,
    'set plan',
  );
  // One conversation per chat: each prompt then carries the same (empty) history.
  const conversationIds = [];
  for (let i = 0; i < conversations; i++) {
    conversationIds.push(
      expectStatus(
        await call(port, { method: 'POST', path: `/api/orgs/${orgId}/chat/conversations`, token, body: {} }),
        201,
        'create conversation',
      ).id,
    );
  }
  return { token, orgId, conversationIds };
};

const benchDatabase = async (kind) => {
  const fake = await startFakeAi({ tokenDelayMs: TOKEN_DELAY_MS, apiKey: API_KEY });
  const database = await createServerDatabase(kind, 'aiceo_bench_ai');
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
    const { token, orgId, conversationIds } = await seed(port, WARMUP_CHATS + CHATS);
    const conversations = conversationIds.values();
    const failures = [];
    const throughApi = async () => {
      const result = await apiChat({ port, token, orgId, conversationId: conversations.next().value }).catch(
        (error) => ({ ok: false, error: `api: ${error.message}` }),
      );
      if (!result.ok) failures.push(result.error);
      return result;
    };

    // The first API chat shows what the API sends the provider: the direct chats send the same.
    await throughApi();
    const sent = fake.requests(API_NAMESPACE).at(-1);
    if (!sent) throw new Error(`the API did not call the fake provider: ${failures.at(-1) ?? 'no request logged'}`);
    const messages = sent.messages.map(({ role, content }) => ({ role, content }));
    const client = new OpenAI({
      apiKey: API_KEY,
      baseURL: fake.baseUrlFor(DIRECT_NAMESPACE),
      maxRetries: 0,
      timeout: CHAT_TIMEOUT_MS,
    });
    const direct = async () => {
      const result = await directChat(client, messages).catch((error) => ({
        ok: false,
        error: `direct: ${error.message}`,
      }));
      if (!result.ok) failures.push(result.error);
      return result;
    };

    for (let i = 1; i < WARMUP_CHATS; i++) await throughApi();
    for (let i = 0; i < WARMUP_CHATS; i++) await direct();
    const warmupFailures = failures.length;
    fake.reset();

    // Alternating, and in swapped order every other round, so neither path always goes first.
    const directRuns = [];
    const apiRuns = [];
    for (let i = 0; i < CHATS; i++) {
      if (i % 2 === 0) {
        directRuns.push(await direct());
        apiRuns.push(await throughApi());
      } else {
        apiRuns.push(await throughApi());
        directRuns.push(await direct());
      }
      if ((i + 1) % 50 === 0) log(`  ${kind}: ${i + 1}/${CHATS} chats each way`);
    }

    const timed = (runs, key) => runs.filter((r) => r.ok).map((r) => r[key]);
    const tailOf = (runs) => runs.filter((r) => r.ok).map((r) => r.totalMs - r.lastMs);
    const d = {
      ttft: summarize(timed(directRuns, 'firstMs')),
      total: summarize(timed(directRuns, 'totalMs')),
      tail: summarize(tailOf(directRuns)),
    };
    const a = {
      headers: summarize(timed(apiRuns, 'headersMs')),
      ttft: summarize(timed(apiRuns, 'firstMs')),
      total: summarize(timed(apiRuns, 'totalMs')),
      tail: summarize(tailOf(apiRuns)),
      // From the stream opening to the first delta: history, org facts and the provider's own first token.
      headersToFirst: summarize(apiRuns.filter((r) => r.ok).map((r) => r.firstMs - r.headersMs)),
    };
    const figures = (s) => ({
      ttftP50Ms: s.ttft.p50,
      ttftP99Ms: s.ttft.p99,
      ttftMeanMs: s.ttft.mean,
      totalP50Ms: s.total.p50,
      totalP99Ms: s.total.p99,
      totalMeanMs: s.total.mean,
      lastTokenToEndP50Ms: s.tail.p50,
    });
    const requests = fake.requests(API_NAMESPACE).length;
    if (requests !== CHATS)
      notes.push(`${kind}: the fake saw ${requests} API requests for ${CHATS} timed chats (retries?)`);
    const timedFailures = failures.length - warmupFailures;
    for (const failure of [...new Set(failures)].slice(0, 5)) notes.push(`${kind}: ${failure}`);
    return {
      db: kind,
      direct: figures(d),
      api: {
        ...figures(a),
        streamOpenP50Ms: a.headers.p50,
        streamOpenP99Ms: a.headers.p99,
        openToFirstTokenP50Ms: a.headersToFirst.p50,
        openToFirstTokenP99Ms: a.headersToFirst.p99,
      },
      overhead: {
        ttftP50Ms: minus(a.ttft.p50, d.ttft.p50),
        ttftP99Ms: minus(a.ttft.p99, d.ttft.p99),
        ttftMeanMs: minus(a.ttft.mean, d.ttft.mean),
        totalP50Ms: minus(a.total.p50, d.total.p50),
        totalP99Ms: minus(a.total.p99, d.total.p99),
        totalMeanMs: minus(a.total.mean, d.total.mean),
        ttftRatioP50: ratio(a.ttft.p50, d.ttft.p50),
        totalRatioP50: ratio(a.total.p50, d.total.p50),
        // After the last token: the API saves the answer and records the call before `done`.
        lastTokenToEndP50Ms: minus(a.tail.p50, d.tail.p50),
      },
      failures: timedFailures,
      warmupFailures,
    };
  } finally {
    if (server) await stopServer(server, notes);
    await fake.close();
    await database.drop();
  }
};

// --- run --------------------------------------------------------------------------------

// Each chat is bounded on its own; this bounds the whole run in case something else is not.
const perDatabaseS =
  ((WARMUP_CHATS + CHATS) * 2 * (CHAT_TIMEOUT_MS / 1000)) / 10 + (START_TIMEOUT_MS + STOP_TIMEOUT_MS) / 1000 + 60;
startWatchdog(perDatabaseS * DATABASE_KINDS.length * 1000);

if (!ADMIN_URL) notes.push(POSTGRES_SKIPPED_NOTE);
const results = {};
let failed = false;
for (const kind of DATABASE_KINDS) {
  log(
    `bench ai on ${kind}: ${CHATS} chats each way (+${WARMUP_CHATS} warm-up), ${REPLY_WORDS}-word reply, ${TOKEN_DELAY_MS} ms per chunk ...`,
  );
  try {
    results[kind] = await benchDatabase(kind);
    if (results[kind].failures > 0) failed = true;
  } catch (error) {
    failed = true;
    notes.push(`${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const pad = (value, width) => String(value ?? '-').padStart(width);
const rows = [];
for (const r of Object.values(results)) {
  rows.push([
    r.db,
    'direct',
    r.direct.ttftP50Ms,
    r.direct.ttftP99Ms,
    r.direct.ttftMeanMs,
    r.direct.totalP50Ms,
    r.direct.totalP99Ms,
    r.direct.totalMeanMs,
  ]);
  rows.push([
    r.db,
    'api',
    r.api.ttftP50Ms,
    r.api.ttftP99Ms,
    r.api.ttftMeanMs,
    r.api.totalP50Ms,
    r.api.totalP99Ms,
    r.api.totalMeanMs,
  ]);
  rows.push([
    r.db,
    'api - direct',
    r.overhead.ttftP50Ms,
    r.overhead.ttftP99Ms,
    r.overhead.ttftMeanMs,
    r.overhead.totalP50Ms,
    r.overhead.totalP99Ms,
    r.overhead.totalMeanMs,
  ]);
  rows.push([r.db, 'api / direct', r.overhead.ttftRatioP50, '', '', r.overhead.totalRatioP50, '', '']);
}
const header = ['database', 'path', 'ttft p50', 'ttft p99', 'ttft mean', 'total p50', 'total p99', 'total mean'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i] ?? '-').length)));
console.log(
  `\n${CHATS} streamed chats each way, ${REPLY_WORDS}-word reply, fake provider ${TOKEN_DELAY_MS} ms per chunk; times in ms (ttft = first content token)`,
);
console.log(header.map((h, i) => pad(h, widths[i])).join('  '));
for (const row of rows) console.log(row.map((c, i) => pad(c, widths[i])).join('  '));
for (const r of Object.values(results)) {
  console.log(
    `${r.db}: stream opens (message saved, AI message reserved) p50 ${r.api.streamOpenP50Ms} ms; open to first token p50 ${r.api.openToFirstTokenP50Ms} ms ` +
      `(direct ttft p50 ${r.direct.ttftP50Ms} ms); last token to end +${r.overhead.lastTokenToEndP50Ms} ms at p50; failures ${r.failures}`,
  );
}
for (const note of notes) console.log(`note: ${note}`);
printResult({
  bench: 'ai',
  node: process.version,
  chats: CHATS,
  warmupChats: WARMUP_CHATS,
  tokenDelayMs: TOKEN_DELAY_MS,
  replyWords: REPLY_WORDS,
  failures: Object.values(results).reduce((sum, r) => sum + r.failures, 0),
  results,
  notes,
});
process.exit(failed ? 1 : 0);
