// `pnpm bench:finance-import`: bank-statement import throughput of the BUILT API, on PGlite and,
// with BENCH_DATABASE_URL / TEST_DATABASE_URL, on PostgreSQL. One statement of BENCH_IMPORT_ROWS
// rows in a German bank's layout (Windows-1252, semicolons, decimal commas, lines above the
// header) is uploaded (read, detected, checked against the books) and committed; then the same
// file is uploaded and committed again, which must book nothing (every row a duplicate).
//
//   BENCH_IMPORT_ROWS=100000   rows of the statement (default 100000, the import's limit)
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import {
  ADMIN_URL,
  call,
  createServerDatabase,
  DATABASE_KINDS,
  DIST,
  expectStatus,
  log,
  POSTGRES_SKIPPED_NOTE,
  printResult,
  signUpWithOrg,
  startServer,
  startWatchdog,
  stopServer,
} from './bench-support.mjs';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const JWT_SECRET = randomBytes(32).toString('hex');
const runtime = { name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath };
const notes = [];

if (!existsSync(join(DIST, 'main.js'))) {
  log(
    `No build at ${join(DIST, 'main.js')}: run \`pnpm bench:finance-import\` from the repository root (it builds first).`,
  );
  process.exit(1);
}
if (!ADMIN_URL) notes.push(POSTGRES_SKIPPED_NOTE);

const payees = ['REWE Markt GmbH', 'Deutsche Telekom', 'Bäckerei Müller', 'Kunde AG', 'Finanzamt München', 'Aral AG'];

/** A year of bookings, several a day, some equal (same day, payee, amount) as real coffees are. */
const statement = (rows) => {
  const lines = [
    'Umsätze Girokonto;Zeitraum: 01.01.2026 - 31.12.2026;;;',
    'Neuer Kontostand;;;;1.234,56;EUR',
    '',
    // No currency column: the org's main account is in its currency (USD by default).
    'Buchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;Soll;Haben',
  ];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < rows; i += 1) {
    const day = new Date(start + Math.floor((i / rows) * 365) * 86_400_000);
    const date = `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`;
    const payee = payees[i % payees.length];
    const inflow = i % 7 === 3;
    // Every 50th row repeats the row before it: the same coffee twice, both kept.
    const cents = i % 50 === 1 ? 350 : 100 + ((i * 7919) % 500_000);
    const amount = `${Math.floor(cents / 100).toLocaleString('de-DE')},${String(cents % 100).padStart(2, '0')}`;
    const text = i % 50 === 1 ? 'Kartenzahlung Kaffee' : `Ref ${i}`;
    lines.push(
      `${date};${date};${inflow ? 'Gutschrift' : 'Lastschrift'};${i % 50 === 1 ? 'Café Central' : payee};${text};${inflow ? '' : `-${amount}`};${inflow ? amount : ''}`,
    );
  }
  lines.push('Kontostand;31.12.2026;;;1.234,56');
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252');
};

const rate = (rows, ms) => Math.round((rows / ms) * 1000);

const importOnce = async ({ port, token, orgId, contentBase64, label }) => {
  const started = performance.now();
  const upload = expectStatus(
    await call(port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/finance/imports`,
      token,
      body: { fileName: 'statement.csv', contentBase64 },
      timeoutMs: 600_000,
    }),
    201,
    `${label} upload`,
  );
  const uploadMs = performance.now() - started;
  const commitStarted = performance.now();
  const commit = expectStatus(
    await call(port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/finance/imports/${upload.id}/commit`,
      token,
      body: {},
      timeoutMs: 600_000,
    }),
    200,
    `${label} commit`,
  );
  const commitMs = performance.now() - commitStarted;
  return { upload, commit, uploadMs, commitMs };
};

const benchOne = async (kind, result) => {
  const database = await createServerDatabase(kind, 'aiceo_bench_finance_import');
  let server;
  try {
    server = await startServer({
      runtime,
      env: { JWT_SECRET, TOKEN_ENCRYPTION_KEY: JWT_SECRET, ...database.env },
      notes,
    });
    const { port } = server;
    const { token, orgId } = await signUpWithOrg(port, 'Bench Finance Import');
    const bytes = statement(ROWS);
    const contentBase64 = bytes.toString('base64');
    result.fileBytes = bytes.length;

    log(`  ${kind}: first import of ${ROWS} rows`);
    const first = await importOnce({ port, token, orgId, contentBase64, label: 'first' });
    if (first.upload.detected.needsMapping) throw new Error('the statement needed a mapping');
    if (first.upload.totals.rejectedCount > 0)
      throw new Error(`${first.upload.totals.rejectedCount} rows rejected: ${first.upload.rejected[0]?.reason}`);
    if (first.commit.imported !== ROWS) throw new Error(`imported ${first.commit.imported} of ${ROWS} rows`);
    log(`  ${kind}: the same file again`);
    const again = await importOnce({ port, token, orgId, contentBase64, label: 'repeat' });
    if (again.commit.imported !== 0 || again.commit.skippedDuplicates !== ROWS)
      throw new Error(`the repeat imported ${again.commit.imported} and skipped ${again.commit.skippedDuplicates}`);

    result.first = {
      uploadMs: Math.round(first.uploadMs),
      commitMs: Math.round(first.commitMs),
      commitRowsPerSecond: rate(ROWS, first.commitMs),
      endToEndRowsPerSecond: rate(ROWS, first.uploadMs + first.commitMs),
    };
    result.repeat = {
      uploadMs: Math.round(again.uploadMs),
      commitMs: Math.round(again.commitMs),
      duplicatesFound: again.upload.totals.duplicateCount,
      imported: again.commit.imported,
    };
  } finally {
    if (server) await stopServer(server, notes);
    await database.drop();
  }
};

startWatchdog(30 * 60_000);

const results = { rows: ROWS };
let failed = false;
for (const kind of DATABASE_KINDS) {
  log(`bench finance import on ${kind}: ${ROWS} rows ...`);
  const result = { fileBytes: null, first: null, repeat: null };
  results[kind] = result;
  try {
    await benchOne(kind, result);
  } catch (error) {
    failed = true;
    notes.push(`${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

console.log(`\nStatement import of ${ROWS} rows (upload = read + detect + dedupe check; commit = book every row)`);
console.log(
  ['database', 'run', 'upload ms', 'commit ms', 'commit rows/s', 'total rows/s'].map((h) => h.padStart(16)).join(''),
);
for (const kind of DATABASE_KINDS) {
  const r = results[kind];
  if (r?.first)
    console.log(
      [kind, 'first', r.first.uploadMs, r.first.commitMs, r.first.commitRowsPerSecond, r.first.endToEndRowsPerSecond]
        .map((c) => String(c).padStart(16))
        .join(''),
    );
  if (r?.repeat)
    console.log(
      [kind, 'same file again', r.repeat.uploadMs, r.repeat.commitMs, '-', '-']
        .map((c) => String(c).padStart(16))
        .join(''),
    );
}
for (const note of notes) console.log(`note: ${note}`);
printResult({ ...results, notes });
process.exit(failed ? 1 : 0);
