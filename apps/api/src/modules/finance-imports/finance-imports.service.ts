import { hash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { counterpartyKey } from '@aiceo/shared/finance';
import {
  LIKELY_MATCH_DAYS,
  MAX_LISTED_ROWS,
  MAX_STATEMENT_BYTES,
  MAX_STATEMENT_ROWS,
  type CommitFinanceImportInput,
  type DetectedStatement,
  type FinanceImport,
  type StatementDuplicate,
  type StatementMapping,
  type StatementTotals,
} from '@aiceo/shared/finance-imports';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { decodeText, TabularError } from '../../lib/tabular/decode';
import { readTable, type Table } from '../../lib/tabular/table';
import { badField, ensureFinanceSetup, getDefaultAccount } from '../finance/finance.service';
import { applyRules, loadRules, type LoadedRule } from '../finance/rules.service';
import {
  planStatement,
  readStatementRows,
  statementHeaderScore,
  StatementError,
  type RejectedRow,
  type StatementPlan,
  type StatementRow,
} from './statement';

// Bank-statement imports: the upload is read and checked (nothing booked), kept with what was
// detected, and committed once, all rows in one transaction. A row's key (sourceRef) is a hash of
// its account, date, amount and text plus its occurrence in the file, so a file imported twice
// or an overlapping later export books each transaction once, and two equal coffees stay two.

type Db = Deps['db'] | Prisma.TransactionClient;
type OrgOptions = { orgId: string };

const SAMPLE_ROWS = 20;
const SUMMARY_LINES = 100;
const LOOKUP_CHUNK = 10_000;
const INSERT_CHUNK = 5_000;
const ROWS_PER_YIELD = 5_000;
// 100,000 rows take seconds, past Prisma's 5 s default for an interactive transaction.
const COMMIT_TIMEOUT_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

const INSERT_SQL = `
INSERT INTO "FinanceTransaction" ("id", "orgId", "accountId", "date", "amountMinor", "currency", "counterparty", "description",
  "categoryId", "source", "sourceRef", "importId", "ruleId", "tags", "createdById", "createdAt", "updatedAt")
SELECT gen_random_uuid(), $1::uuid, $2::uuid, r."date"::date, r."amountMinor", $3, r."counterparty", r."description",
  r."categoryId"::uuid, 'import'::"FinanceTxSource", r."sourceRef", $4::uuid, r."ruleId"::uuid, r."tags", $5::uuid,
  $6::timestamptz, $6::timestamptz
FROM json_to_recordset($7::json) AS r("date" text, "amountMinor" bigint, "counterparty" text, "description" text,
  "categoryId" text, "sourceRef" text, "ruleId" text, "tags" text[])
ON CONFLICT ("orgId", "source", "sourceRef") DO NOTHING`;

// --- reading the file ---------------------------------------------------------------------

const invalid = (message: string, path = 'contentBase64') => badField(path, message);

/** The upload's bytes; 413 past 10 MB, 400 when it is not base64. */
export const decodeUpload = (contentBase64: string): Buffer => {
  const compact = contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) throw invalid('contentBase64 is not base64');
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > MAX_STATEMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'The file is over 10 MB');
  return bytes;
};

type Read = {
  table: Table;
  encoding: DetectedStatement['encoding'];
  plan: StatementPlan;
  rows: StatementRow[];
  rejected: RejectedRow[];
  skipped: number;
};

/** Bytes to transactions: decoded, parsed, columns detected (or mapped), rows read. */
const readStatement = async (
  bytes: Uint8Array,
  { currency, mapping }: { currency: string; mapping: StatementMapping | null },
): Promise<Read> => {
  try {
    const { text, encoding } = decodeText(bytes);
    // Balance and summary lines below the table come on top of the transactions.
    const table = await readTable(text, { maxRows: MAX_STATEMENT_ROWS + SUMMARY_LINES, score: statementHeaderScore });
    const plan = planStatement(table, { currency, mapping });
    if (plan.questions.length > 0) return { table, encoding, plan, rows: [], rejected: [], skipped: 0 };
    const read = readStatementRows(table, plan, { currency });
    if (read.rows.length + read.rejected.length > MAX_STATEMENT_ROWS)
      throw new TabularError('too_many_rows', `The file has more than ${MAX_STATEMENT_ROWS} rows`);
    return { table, encoding, plan, ...read };
  } catch (error) {
    if (error instanceof TabularError || error instanceof StatementError)
      throw invalid(error.message, error instanceof StatementError && mapping ? 'mapping' : 'contentBase64');
    throw error;
  }
};

const detectedOf = (read: Read): DetectedStatement => ({
  encoding: read.encoding,
  delimiter: read.table.delimiter,
  headerRow: read.table.headerLine,
  dateFormat: read.plan.dateFormat,
  decimalSeparator: read.plan.decimalSeparator,
  invertSign: read.plan.invertSign,
  columns: read.plan.columns,
  needsMapping: read.plan.questions.length > 0,
  questions: read.plan.questions,
  preambleLines: read.table.preamble.length,
  skippedLines: read.skipped,
});

// --- dedupe -------------------------------------------------------------------------------

const fingerprintText = (row: StatementRow) =>
  `${row.counterparty} ${row.description}`.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Each row's key: a hash of (account, date, amount, text) and its occurrence among the rows of
 * the file with that hash (":1", ":2"), so the n-th equal row of a later export matches the n-th
 * of an earlier one and nothing else.
 */
export const sourceRefsOf = async (rows: StatementRow[], { accountId }: { accountId: string }): Promise<string[]> => {
  const seen = new Map<string, number>();
  const refs: string[] = [];
  for (const [i, row] of rows.entries()) {
    const key = hash(
      'sha256',
      `${accountId}\u0001${row.date}\u0001${row.amountMinor}\u0001${fingerprintText(row)}`,
      'base64url',
    ).slice(0, 32);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    refs.push(`${key}:${occurrence}`);
    if ((i + 1) % ROWS_PER_YIELD === 0) await yieldToEventLoop();
  }
  return refs;
};

type Existing = {
  id: string;
  date: Date;
  amountMinor: bigint;
  counterparty: string;
  description: string;
  source: string;
};
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The org's imported transactions with these keys, by key. */
const findImported = async (db: Db, { orgId, refs }: OrgOptions & { refs: string[] }) => {
  const found = new Map<string, Existing>();
  for (let i = 0; i < refs.length; i += LOOKUP_CHUNK) {
    // One JSON parameter instead of thousands of bound ones.
    const rows = await db.$queryRawUnsafe<(Existing & { sourceRef: string })[]>(
      `SELECT "id", "date", "amountMinor", "counterparty", "description", "source"::text AS "source", "sourceRef"
       FROM "FinanceTransaction"
       WHERE "orgId" = $1::uuid AND "source" = 'import' AND "sourceRef" IN (SELECT json_array_elements_text($2::json))`,
      orgId,
      JSON.stringify(refs.slice(i, i + LOOKUP_CHUNK)),
    );
    for (const row of rows) found.set(row.sourceRef, row);
  }
  return found;
};

// Words every bank puts in front of a payee; they say nothing about who it is.
const NOISE = new Set(
  'the and card payment debit credit sepa pos purchase lastschrift kartenzahlung gutschrift uberweisung ueberweisung paiement carte prlv virement vir achat betaling pago compra recibo transferencia pagamento bonifico addebito online ref visa mastercard'.split(
    ' ',
  ),
);
const wordsOf = (text: string) =>
  new Set(
    counterpartyKey(text)
      .split(' ')
      .filter((w) => w.length >= 3 && !NOISE.has(w)),
  );

const similarText = (a: Set<string>, b: Set<string>) => {
  if (a.size === 0 || b.size === 0) return true;
  for (const word of a) if (b.has(word)) return true;
  return false;
};

/**
 * Rows that look like a manual or Stripe transaction already in the books: the same amount, at
 * most LIKELY_MATCH_DAYS apart, a similar counterparty. Each existing transaction matches one row
 * at most (the nearest in date). Shown to the owner; never merged without their word.
 */
const findLikelyMatches = async (
  db: Db,
  { orgId, rows, skip }: OrgOptions & { rows: StatementRow[]; skip: Set<number> },
): Promise<Map<number, Existing>> => {
  const matches = new Map<number, Existing>();
  const candidates = rows.filter((r) => !skip.has(r.row));
  if (candidates.length === 0) return matches;
  let first = candidates[0]?.date ?? '';
  let last = first;
  for (const r of candidates) {
    if (r.date < first) first = r.date;
    if (r.date > last) last = r.date;
  }
  const from = new Date(Date.parse(first) - LIKELY_MATCH_DAYS * DAY_MS);
  const to = new Date(Date.parse(last) + LIKELY_MATCH_DAYS * DAY_MS);
  const amounts = [...new Set(candidates.map((r) => r.amountMinor))];
  // Only the file's amounts are read: one JSON parameter instead of thousands of bound ones.
  const existing = await db.$queryRawUnsafe<Existing[]>(
    `SELECT "id", "date", "amountMinor", "counterparty", "description", "source"::text AS "source"
     FROM "FinanceTransaction"
     WHERE "orgId" = $1::uuid AND "source" IN ('manual', 'stripe') AND "date" BETWEEN $2::date AND $3::date
       AND "amountMinor" IN (SELECT json_array_elements_text($4::json)::bigint)`,
    orgId,
    dayOf(from),
    dayOf(to),
    JSON.stringify(amounts),
  );
  const byAmount = new Map<bigint, { e: Existing; words: Set<string> }[]>();
  for (const e of existing) {
    const pool = byAmount.get(e.amountMinor) ?? [];
    pool.push({ e, words: wordsOf(e.counterparty || e.description) });
    byAmount.set(e.amountMinor, pool);
  }
  const used = new Set<string>();
  for (const row of candidates) {
    const pool = byAmount.get(BigInt(row.amountMinor));
    if (!pool) continue;
    const day = Date.parse(row.date);
    const words = wordsOf(`${row.counterparty} ${row.description}`);
    let best: { e: Existing; gap: number } | null = null;
    for (const { e, words: theirs } of pool) {
      const gap = Math.abs(e.date.getTime() - day) / DAY_MS;
      if (used.has(e.id) || gap > LIKELY_MATCH_DAYS) continue;
      if (!similarText(words, theirs)) continue;
      if (!best || gap < best.gap) best = { e, gap };
    }
    if (best) {
      used.add(best.e.id);
      matches.set(row.row, best.e);
    }
  }
  return matches;
};

const duplicateOf = (row: StatementRow, kind: StatementDuplicate['kind'], e: Existing): StatementDuplicate => ({
  row: row.row,
  kind,
  date: row.date,
  amountMinor: row.amountMinor,
  text: [row.counterparty, row.description].filter(Boolean).join(' · '),
  existing: {
    transactionId: e.id,
    date: dayOf(e.date),
    amountMinor: Number(e.amountMinor),
    counterparty: e.counterparty || e.description,
    source: e.source,
  },
});

// --- the preview --------------------------------------------------------------------------

type Account = { id: string; currency: string };

const accountFor = async (deps: Pick<Deps, 'db'>, { orgId, accountId }: OrgOptions & { accountId?: string | null }) => {
  if (!accountId) return getDefaultAccount(deps, { orgId });
  const account = await deps.db.financeAccount.findFirst({
    where: { orgId, id: accountId, archivedAt: null },
    select: { id: true, currency: true },
  });
  if (!account) throw badField('accountId', 'No such account in this organisation');
  return account;
};

type Checked = Read & {
  refs: string[];
  exact: Map<number, Existing>;
  likely: Map<number, Existing>;
};

/** The file read and every row checked against the books (exact duplicates, likely matches). */
const checkStatement = async (
  db: Db,
  {
    orgId,
    bytes,
    account,
    mapping,
    lookups = true,
  }: OrgOptions & { bytes: Uint8Array; account: Account; mapping: StatementMapping | null; lookups?: boolean },
): Promise<Checked> => {
  const read = await readStatement(bytes, { currency: account.currency, mapping });
  const refs = await sourceRefsOf(read.rows, { accountId: account.id });
  if (!lookups) return { ...read, refs, exact: new Map(), likely: new Map() };
  const imported = await findImported(db, { orgId, refs });
  const exact = new Map<number, Existing>();
  read.rows.forEach((row, i) => {
    const found = imported.get(refs[i] ?? '');
    if (found) exact.set(row.row, found);
  });
  const likely = await findLikelyMatches(db, { orgId, rows: read.rows, skip: new Set(exact.keys()) });
  return { ...read, refs, exact, likely };
};

const totalsOf = (checked: Checked, currency: string): StatementTotals => {
  let inflowMinor = 0;
  let outflowMinor = 0;
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (const row of checked.rows) {
    if (row.amountMinor > 0) inflowMinor += row.amountMinor;
    else outflowMinor -= row.amountMinor;
    if (firstDate === null || row.date < firstDate) firstDate = row.date;
    if (lastDate === null || row.date > lastDate) lastDate = row.date;
  }
  return {
    count: checked.rows.length,
    inflowMinor,
    outflowMinor,
    firstDate,
    lastDate,
    currency,
    duplicateCount: checked.exact.size,
    likelyMatchCount: checked.likely.size,
    rejectedCount: checked.rejected.length,
    newCount: checked.rows.length - checked.exact.size,
  };
};

const duplicatesOf = (checked: Checked): StatementDuplicate[] => {
  const list: StatementDuplicate[] = [];
  for (const row of checked.rows) {
    // Likely matches first in importance: they need the owner's word; exact ones are listed for information.
    const likely = checked.likely.get(row.row);
    if (likely) list.push(duplicateOf(row, 'likely', likely));
  }
  for (const row of checked.rows) {
    if (list.length >= MAX_LISTED_ROWS) break;
    const exact = checked.exact.get(row.row);
    if (exact) list.push(duplicateOf(row, 'exact', exact));
  }
  return list.slice(0, MAX_LISTED_ROWS).sort((a, b) => a.row - b.row);
};

const sampleOf = (checked: Checked, { rules, accountId }: { rules: LoadedRule[]; accountId: string }) =>
  checked.rows.slice(0, SAMPLE_ROWS).map((row) => {
    const outcome = applyRules(rules, { ...row, accountId });
    return {
      row: row.row,
      date: row.date,
      amountMinor: row.amountMinor,
      counterparty: outcome?.counterparty ?? row.counterparty,
      description: row.description,
      categoryId: outcome?.categoryId ?? null,
      ruleId: outcome?.categoryId ? outcome.ruleId : null,
    };
  });

const importSelect = {
  id: true,
  fileName: true,
  accountId: true,
  status: true,
  detected: true,
  totals: true,
  duplicates: true,
  rejected: true,
  mapping: true,
  importedCount: true,
  skippedDuplicates: true,
  createdAt: true,
  committedAt: true,
} as const;
type ImportRow = Prisma.FinanceImportGetPayload<{ select: typeof importSelect }>;

/** An import as the wire shape (the sample is computed afresh: rules may have changed). */
const toFinanceImport = (row: ImportRow, sample: FinanceImport['sample']): FinanceImport => ({
  id: row.id,
  fileName: row.fileName,
  accountId: row.accountId,
  status: row.status,
  detected: row.detected as DetectedStatement,
  totals: row.totals as StatementTotals,
  duplicates: row.duplicates as StatementDuplicate[],
  rejected: row.rejected as FinanceImport['rejected'],
  sample,
  imported: row.importedCount,
  skippedDuplicates: row.skippedDuplicates,
  createdAt: row.createdAt.toISOString(),
  committedAt: row.committedAt?.toISOString() ?? null,
});

const previewFields = (checked: Checked, currency: string) => ({
  detected: detectedOf(checked),
  totals: totalsOf(checked, currency),
  duplicates: duplicatesOf(checked),
  rejected: checked.rejected.slice(0, MAX_LISTED_ROWS),
});

/** Uploads a statement: read, checked against the books and kept for the commit; nothing is booked. */
export const createFinanceImport = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  {
    orgId,
    createdById,
    fileName,
    contentBase64,
    accountId,
  }: OrgOptions & { createdById: string | null; fileName: string; contentBase64: string; accountId?: string },
): Promise<FinanceImport> => {
  const bytes = decodeUpload(contentBase64);
  await ensureFinanceSetup(deps, { orgId });
  const account = await accountFor(deps, { orgId, accountId });
  const checked = await checkStatement(deps.db, { orgId, bytes, account, mapping: null });
  const fields = previewFields(checked, account.currency);
  const row = await deps.db.financeImport.create({
    data: {
      orgId,
      accountId: account.id,
      fileName,
      content: new Uint8Array(bytes),
      createdById,
      createdAt: deps.clock.now(),
      ...fields,
    },
    select: importSelect,
  });
  const rules = await loadRules(deps, { orgId });
  return toFinanceImport(row, sampleOf(checked, { rules, accountId: account.id }));
};

const findImport = async (db: Db, { orgId, importId }: OrgOptions & { importId: string }) => {
  const row = await db.financeImport.findFirst({
    where: { orgId, id: importId },
    select: { ...importSelect, content: true },
  });
  if (!row) throw notFound('Import');
  return row;
};

const alreadyCommitted = () => new AppError('CONFLICT', 'This statement was already imported');

/** The stored upload read again (with its mapping), for get and preview. */
const reread = async (
  deps: Pick<Deps, 'db'>,
  {
    orgId,
    found,
    mapping,
    lookups = true,
  }: OrgOptions & {
    found: Awaited<ReturnType<typeof findImport>>;
    mapping: StatementMapping | null;
    lookups?: boolean;
  },
) => {
  const account = await accountFor(deps, { orgId, accountId: found.accountId });
  const checked = await checkStatement(deps.db, { orgId, bytes: found.content, account, mapping, lookups });
  return { account, checked };
};

export const getFinanceImport = async (
  deps: Pick<Deps, 'db'>,
  { orgId, importId }: OrgOptions & { importId: string },
): Promise<FinanceImport> => {
  const found = await findImport(deps.db, { orgId, importId });
  if (found.status === 'committed') return toFinanceImport(found, []);
  // Not yet committed: checked again, since the books (and so the duplicates) may have changed since the upload.
  const { account, checked } = await reread(deps, { orgId, found, mapping: found.mapping as StatementMapping | null });
  const rules = await loadRules(deps, { orgId });
  return toFinanceImport(
    { ...found, ...previewFields(checked, account.currency) },
    sampleOf(checked, { rules, accountId: account.id }),
  );
};

/** Reads the upload again with the owner's mapping, keeps the mapping and answers the new preview. */
export const previewFinanceImport = async (
  deps: Pick<Deps, 'db'>,
  { orgId, importId, mapping }: OrgOptions & { importId: string; mapping: StatementMapping },
): Promise<FinanceImport> => {
  const found = await findImport(deps.db, { orgId, importId });
  if (found.status === 'committed') throw alreadyCommitted();
  const { account, checked } = await reread(deps, { orgId, found, mapping });
  const row = await deps.db.financeImport.update({
    where: { id: found.id, orgId },
    data: { mapping, ...previewFields(checked, account.currency) },
    select: importSelect,
  });
  const rules = await loadRules(deps, { orgId });
  return toFinanceImport(row, sampleOf(checked, { rules, accountId: account.id }));
};

export const listFinanceImports = async ({ db }: Pick<Deps, 'db'>, { orgId }: OrgOptions) => {
  const rows = await db.financeImport.findMany({
    where: { orgId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
    select: importSelect,
  });
  return {
    items: rows.map((row) => {
      const { sample: _sample, detected: _d, duplicates: _dup, rejected: _r, ...summary } = toFinanceImport(row, []);
      return summary;
    }),
  };
};

// --- the commit ---------------------------------------------------------------------------

const mappingNeeded = (questions: DetectedStatement['questions']) =>
  new AppError('VALIDATION_FAILED', `Choose a mapping first: ${questions.map((q) => q.message).join('; ')}`, {
    issues: questions.map((q) => ({ location: 'body', path: `mapping.${q.field}`, message: q.message })),
  });

/**
 * Books the statement: every new row in one transaction (all or nothing), rows already in the
 * books skipped by their key (ON CONFLICT DO NOTHING, counted exactly), likely matches the owner
 * confirmed as the same skipped, rules applied. Once: a second or concurrent commit gets 409.
 */
export const commitFinanceImport = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  {
    orgId,
    importId,
    input,
    userId,
  }: OrgOptions & { importId: string; input: CommitFinanceImportInput; userId: string | null },
): Promise<{ imported: number; skippedDuplicates: number }> => {
  const found = await findImport(deps.db, { orgId, importId });
  if (found.status === 'committed') throw alreadyCommitted();
  const mapping = input.mapping ?? (found.mapping as StatementMapping | null);
  const same = new Set(input.sameAsExisting ?? []);
  // Rows already booked need no lookup here (the insert skips them by key and counts them). The
  // books are checked again only to verify the rows the owner confirmed as the same, or to keep
  // the preview of a mapping first given here.
  const lookups = same.size > 0 || input.mapping !== undefined;
  const { account, checked } = await reread(deps, { orgId, found, mapping, lookups });
  if (checked.plan.questions.length > 0) throw mappingNeeded(checked.plan.questions);
  for (const row of same)
    if (!checked.likely.has(row))
      throw badField('sameAsExisting', `Row ${row} is not a likely match of an existing transaction`);
  const rules = await loadRules(deps, { orgId });
  const payload: Record<string, unknown>[] = [];
  for (const [i, row] of checked.rows.entries()) {
    if (same.has(row.row) || checked.exact.has(row.row)) continue;
    const outcome = applyRules(rules, { ...row, accountId: account.id });
    payload.push({
      date: row.date,
      amountMinor: row.amountMinor,
      counterparty: outcome?.counterparty ?? row.counterparty,
      description: row.description,
      categoryId: outcome?.categoryId ?? null,
      ruleId: outcome?.categoryId ? outcome.ruleId : null,
      tags: outcome?.tags ?? [],
      sourceRef: checked.refs[i],
    });
    if ((i + 1) % ROWS_PER_YIELD === 0) await yieldToEventLoop();
  }
  const now = deps.clock.now();
  const imported = await deps.db.$transaction(
    async (tx) => {
      // Claimed first: of two concurrent commits, the second waits on this row and then finds it taken.
      const claimed = await tx.financeImport.updateMany({
        where: { id: importId, orgId, status: 'preview' },
        data: { status: 'committed', committedAt: now },
      });
      if (claimed.count === 0) throw alreadyCommitted();
      let inserted = 0;
      for (let i = 0; i < payload.length; i += INSERT_CHUNK) {
        inserted += await tx.$executeRawUnsafe(
          INSERT_SQL,
          orgId,
          account.id,
          account.currency,
          importId,
          userId,
          now.toISOString(),
          JSON.stringify(payload.slice(i, i + INSERT_CHUNK)),
        );
        await yieldToEventLoop();
      }
      const skippedDuplicates = checked.rows.length - inserted;
      await tx.financeImport.updateMany({
        where: { id: importId, orgId },
        data: {
          importedCount: inserted,
          skippedDuplicates,
          ...(mapping ? { mapping } : {}),
          ...(input.mapping ? previewFields(checked, account.currency) : {}),
        },
      });
      return { imported: inserted, skippedDuplicates };
    },
    { timeout: COMMIT_TIMEOUT_MS, maxWait: 10_000 },
  );
  return imported;
};
