// Run by `pnpm bench:finance` (bench-finance.mjs): the yearly profit-and-loss and cash-flow
// endpoints of the BUILT API over 1,000,000 transactions in one org on PostgreSQL
// (BENCH_DATABASE_URL or TEST_DATABASE_URL), side by side in the same run with the straightforward
// aggregate over the transactions table (no rollup) sent as one raw SQL statement on a plain
// connection. The endpoints read the daily totals (FinanceDailyTotal) the triggers keep, so the
// ratio printed is endpoint / raw aggregate over the transactions. Transactions are seeded with one
// generate_series INSERT over two years, so the yearly P&L (this year and the previous one, for
// the change) and the yearly cash flow (every day up to the year's end, for the opening balances)
// each aggregate all of them.
//
//   BENCH_TRANSACTIONS=1000000   transactions in the org (default 1,000,000)
//   BENCH_REQUESTS=100           timed requests per endpoint, and as many raw queries (default 100)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ADMIN_URL,
  call,
  createServerDatabase,
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

const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const JWT_SECRET = randomBytes(32).toString('hex');
const runtime = { name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath };
const notes = [];
const YEAR = { from: '2026-01-01', to: '2026-12-31', previousFrom: '2025-01-01' };

const servicePath = join(DIST, 'modules/finance-reports/finance-reports.service.js');
if (!existsSync(join(DIST, 'main.js')) || !existsSync(servicePath)) {
  log(`No build at ${DIST}: run \`pnpm bench:finance\` from the repository root (it builds first).`);
  process.exit(1);
}
if (!ADMIN_URL) {
  log(POSTGRES_SKIPPED_NOTE);
  printResult({ transactions: TRANSACTIONS, notes: [POSTGRES_SKIPPED_NOTE] });
  process.exit(0);
}
// The raw side: the same aggregates over FinanceTransaction itself (the endpoints read the rollup).
const { PNL_FROM_TRANSACTIONS_SQL, CASH_FLOW_FROM_TRANSACTIONS_SQL } = createRequire(import.meta.url)(servicePath);

const CATEGORIES = [
  ...['Sales', 'Services', 'Subscriptions', 'Interest', 'Other income'].map((name) => [name, 'income']),
  ...['Rent', 'Payroll', 'Software', 'Marketing', 'Advertising', 'Travel', 'Meals', 'Professional fees', 'Bank fees']
    .concat(['Taxes', 'Cost of goods', 'Utilities', 'Insurance', 'Other expenses'])
    .map((name) => [name, 'expense']),
  ['Transfers', 'transfer'],
];

/**
 * Three accounts, twenty categories and the transactions: every 10th uncategorised, every 50th
 * a transfer, every 100th in EUR, amounts of both signs, two years of days.
 */
const seedSql = (orgId) => `
UPDATE "Organization" SET currency = 'USD', timezone = 'UTC', "fiscalYearStartMonth" = 1 WHERE id = '${orgId}';
INSERT INTO "FinanceAccount" (id, "orgId", name, kind, currency, "openingBalanceMinor", "updatedAt")
SELECT gen_random_uuid(), '${orgId}', 'Bench account ' || g, 'bank', 'USD', 1000000, now() FROM generate_series(1, 3) g;
INSERT INTO "FinanceCategory" (id, "orgId", name, kind, position, "updatedAt")
VALUES ${CATEGORIES.map(([name, kind], i) => `(gen_random_uuid(), '${orgId}', '${name}', '${kind}', ${i}, now())`).join(', ')};
INSERT INTO "FinanceTransaction" (id, "orgId", "accountId", date, "amountMinor", currency, counterparty, "categoryId", source, "transferId", tags, "updatedAt")
SELECT gen_random_uuid(), '${orgId}', acc.ids[1 + g % 3], DATE '2025-01-01' + (g::bigint * 7919 % 730)::int,
       CASE WHEN g % 3 = 0 THEN (g::bigint * 104729 % 500000) + 1 ELSE -((g::bigint * 15485863 % 200000) + 1) END,
       CASE WHEN g % 100 = 0 THEN 'EUR' ELSE 'USD' END,
       'Counterparty ' || (g % 500),
       CASE WHEN g % 10 = 0 THEN NULL ELSE cat.ids[1 + g % 20] END,
       'import',
       CASE WHEN g % 50 = 0 THEN gen_random_uuid() END,
       '{}', now()
FROM generate_series(1, ${TRANSACTIONS}) g,
     (SELECT array_agg(id ORDER BY name) AS ids FROM "FinanceAccount" WHERE "orgId" = '${orgId}') acc,
     (SELECT array_agg(id ORDER BY position) AS ids FROM "FinanceCategory" WHERE "orgId" = '${orgId}') cat;`;

const round = (ms) => Math.round(ms * 10) / 10;
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)) };
};

/** Endpoint and raw query one after the other, REQUESTS times (after 5 untimed of each). */
const timePair = async ({ port, token, path, client, sql, params, check }) => {
  const endpoint = [];
  const raw = [];
  for (let i = 0; i < REQUESTS + 5; i += 1) {
    let started = performance.now();
    const res = await call(port, { path, token, timeoutMs: 60_000 });
    const elapsed = performance.now() - started;
    check(expectStatus(res, 200, path));
    started = performance.now();
    // Unnamed, like the API's report queries: planned for the actual days on every run.
    await client.query(sql, params);
    const rawElapsed = performance.now() - started;
    if (i >= 5) {
      endpoint.push(elapsed);
      raw.push(rawElapsed);
    }
  }
  return { endpoint: summary(endpoint), raw: summary(raw) };
};

const bench = async () => {
  const database = await createServerDatabase('postgresql', 'aiceo_bench_finance');
  let server;
  try {
    const env = { JWT_SECRET, TOKEN_ENCRYPTION_KEY: JWT_SECRET, ...database.env };
    server = await startServer({ runtime, env, notes });
    const { orgId, token } = await signUpWithOrg(server.port, 'Bench Finance');
    log(`seeding ${TRANSACTIONS} transactions ...`);
    const seedStarted = performance.now();
    await withClient(database.env.DATABASE_URL, async (client) => {
      await client.query(seedSql(orgId));
      // What autovacuum does soon after a bulk load: statistics and the visibility map.
      await client.query('VACUUM ANALYZE "FinanceTransaction"');
      await client.query('VACUUM ANALYZE "FinanceDailyTotal"');
    });
    const seedMs = Math.round(performance.now() - seedStarted);
    const base = `/api/orgs/${orgId}/finance/reports`;
    return await withClient(database.env.DATABASE_URL, async (client) => {
      const [{ count }] = (
        await client.query(`SELECT count(*)::int AS count FROM "FinanceTransaction" WHERE "orgId" = $1`, [orgId])
      ).rows;
      // The machine's load while timing: other work on the same cores inflates every figure.
      const loadBefore = loadavg()[0];
      log('  profit and loss, year 2026 ...');
      const pnl = await timePair({
        port: server.port,
        token,
        path: `${base}/profit-and-loss?period=year&date=2026-06-15`,
        client,
        sql: PNL_FROM_TRANSACTIONS_SQL,
        params: [orgId, 'USD', YEAR.previousFrom, YEAR.from, YEAR.to],
        check: (body) => {
          if (body.from !== YEAR.from || body.to !== YEAR.to || body.transactionCount <= 0)
            throw new Error(`unexpected P&L ${JSON.stringify(body).slice(0, 300)}`);
        },
      });
      log('  cash flow by month, year 2026 ...');
      const cashFlow = await timePair({
        port: server.port,
        token,
        path: `${base}/cash-flow?interval=month&from=${YEAR.from}&to=${YEAR.to}`,
        client,
        sql: CASH_FLOW_FROM_TRANSACTIONS_SQL,
        params: [orgId, YEAR.from, YEAR.to, 'month'],
        check: (body) => {
          if (body.periods?.length !== 12)
            throw new Error(`unexpected cash flow ${JSON.stringify(body).slice(0, 300)}`);
        },
      });
      const loadAverage = Math.round(((loadBefore + loadavg()[0]) / 2) * 10) / 10;
      return { seedMs, transactions: count, pnl, cashFlow, loadAverage };
    });
  } finally {
    if (server) await stopServer(server, notes);
    await database.drop();
  }
};

startWatchdog(30 * 60_000);
log(`bench finance reports on postgresql: ${TRANSACTIONS} transactions, ${REQUESTS} requests per endpoint ...`);
let result;
try {
  result = await bench();
} catch (error) {
  notes.push(`postgresql failed: ${error instanceof Error ? error.message : String(error)}`);
}
const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const figures = result
  ? {
      pnlP99Ms: result.pnl.endpoint.p99Ms,
      pnlRawP99Ms: result.pnl.raw.p99Ms,
      pnlRatio: ratio(result.pnl.endpoint.p99Ms, result.pnl.raw.p99Ms),
      pnlP50Ms: result.pnl.endpoint.p50Ms,
      pnlRawP50Ms: result.pnl.raw.p50Ms,
      cashFlowP99Ms: result.cashFlow.endpoint.p99Ms,
      cashFlowRawP99Ms: result.cashFlow.raw.p99Ms,
      cashFlowRatio: ratio(result.cashFlow.endpoint.p99Ms, result.cashFlow.raw.p99Ms),
      cashFlowP50Ms: result.cashFlow.endpoint.p50Ms,
      cashFlowRawP50Ms: result.cashFlow.raw.p50Ms,
      transactions: result.transactions,
      seedMs: result.seedMs,
      loadAverage1m: result.loadAverage,
      cores: cpus().length,
    }
  : { transactions: TRANSACTIONS };
if (result) {
  console.log(
    `\n${result.transactions} transactions in one org on PostgreSQL, ${REQUESTS} sequential requests each` +
      ` (load average ${result.loadAverage} on ${cpus().length} cores)`,
  );
  console.log(
    ['report', 'endpoint p50', 'endpoint p99', 'raw SQL p50', 'raw SQL p99', 'p99 ratio']
      .map((h) => h.padStart(16))
      .join(''),
  );
  for (const [name, r, ratioValue] of [
    ['yearly P&L', result.pnl, figures.pnlRatio],
    ['yearly cash flow', result.cashFlow, figures.cashFlowRatio],
  ]) {
    console.log(
      [name, r.endpoint.p50Ms, r.endpoint.p99Ms, r.raw.p50Ms, r.raw.p99Ms, ratioValue]
        .map((c) => String(c).padStart(16))
        .join(''),
    );
  }
}
for (const note of notes) console.log(`note: ${note}`);
printResult({ ...figures, requests: REQUESTS, notes });
process.exit(result ? 0 : 1);
