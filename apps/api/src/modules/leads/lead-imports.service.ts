import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  leadInputSchema,
  leadStages,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  type LeadFilter,
  type LeadImport,
  type LeadImportField,
  type LeadImportMapping,
  type LeadImportPreview,
  type LeadImportResult,
  type LeadInput,
  type LeadStage,
} from '@aiceo/shared/leads';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import { decodeText, TabularError } from '../../lib/tabular/decode';
import { detectDecimalSeparator, parseAmount, type DecimalSeparator } from '../../lib/tabular/values';
import { csvLine, parseCsv, ROWS_PER_YIELD, suggestMapping, unguardCell } from './leads.csv';
import { leadWhere } from './leads.queries';
import { leadSelect, newLeadFields, toLead } from './leads.service';

const SAMPLE_ROWS = 5;
const INSERT_CHUNK = 5_000;
const INSERT_LEADS_SQL = `
INSERT INTO "Lead" ("id", "orgId", "name", "email", "company", "title", "phone", "source", "stage", "priority", "valueCents", "tags", "notes", "score", "createdAt", "updatedAt")
SELECT gen_random_uuid(), $1::uuid, r."name", r."email", r."company", r."title", r."phone", r."source", r."stage"::"LeadStage", r."priority"::"LeadPriority",
       r."valueCents", r."tags", r."notes", r."score", $2::timestamptz, $2::timestamptz
FROM json_to_recordset($3::json) AS r("name" text, "email" text, "company" text, "title" text, "phone" text, "source" text, "stage" text, "priority" text,
     "valueCents" int, "tags" text[], "notes" text, "score" int)`;
const LOOKUP_CHUNK = 10_000;
// 50,000 rows take seconds, well past Prisma's 5 s default for an interactive transaction.
const COMMIT_TIMEOUT_MS = 5 * 60_000;

const unreadable = (error: TabularError, path: string) =>
  new AppError('VALIDATION_FAILED', error.message, { issues: [{ location: 'body', path, message: error.message }] });

const parse = async (csv: string, path = 'csv') => {
  try {
    return await parseCsv(csv, { maxRows: MAX_IMPORT_ROWS });
  } catch (error) {
    if (error instanceof TabularError) throw unreadable(error, path);
    throw error;
  }
};

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 'The file is over 10 MB');

/** The upload as text: the `csv` string, or the bytes of `contentBase64` decoded (UTF-8, UTF-16 or Windows-1252). */
const uploadText = ({ csv, contentBase64 }: { csv?: string; contentBase64?: string }): string => {
  if (contentBase64 === undefined) {
    if (Buffer.byteLength(csv ?? '', 'utf8') > MAX_IMPORT_BYTES) throw tooLarge();
    return csv ?? '';
  }
  const bytes = Buffer.from(contentBase64.replace(/\s+/g, ''), 'base64');
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge();
  try {
    return decodeText(bytes).text;
  } catch (error) {
    if (error instanceof TabularError) throw unreadable(error, 'contentBase64');
    throw error;
  }
};

export const createLeadImport = async (
  { db }: Pick<Deps, 'db'>,
  {
    orgId,
    createdBy,
    fileName,
    csv: csvText,
    contentBase64,
  }: { orgId: string; createdBy: string | null; fileName: string; csv?: string; contentBase64?: string },
): Promise<LeadImport> => {
  // Stored decoded: the import reads the same text at preview and commit.
  const csv = uploadText({ csv: csvText, contentBase64 });
  const { headers, rows } = await parse(csv, contentBase64 === undefined ? 'csv' : 'contentBase64');
  const row = await db.leadImport.create({
    data: { orgId, createdBy, fileName, csv, rowCount: rows.length },
    select: { id: true },
  });
  return {
    id: row.id,
    fileName,
    headers,
    sampleRows: rows.slice(0, SAMPLE_ROWS),
    rowCount: rows.length,
    suggestedMapping: suggestMapping(headers),
  };
};

// --- one row to a lead --------------------------------------------------------------------

// Lead statuses of other CRMs (HubSpot, Pipedrive, Salesforce) in our stages.
const stageSynonyms: Record<string, LeadStage> = {
  open: 'new',
  attemptedtocontact: 'contacted',
  connected: 'contacted',
  inprogress: 'contacted',
  working: 'contacted',
  opendeal: 'proposal',
  negotiation: 'proposal',
  closedwon: 'won',
  customer: 'won',
  unqualified: 'lost',
  badtiming: 'lost',
  closedlost: 'lost',
};
const toStage = (raw: string): LeadStage | undefined => {
  const key = raw.toLowerCase().replace(/[^a-z]/g, '');
  return (leadStages as readonly string[]).includes(key) ? (key as LeadStage) : stageSynonyms[key];
};

/**
 * "$1,234.50", "1.234,50 €", "1 234.5" or "(12)" in currency units, to cents, with the decimal
 * separator the whole value column uses; more than two decimals are rounded.
 */
const toCents = (raw: string, decimal: DecimalSeparator): number | undefined => {
  const exact = parseAmount(raw, { decimal, currency: 'USD' });
  if (exact !== null) return exact;
  const milli = parseAmount(raw, { decimal, currency: 'KWD' });
  return milli === null ? undefined : Math.round(milli / 10);
};

type RowOutcome =
  { lead: LeadInput & { email: string | null }; reason?: undefined } | { lead?: undefined; reason: string };

const toLeadInput = (cells: string[], columns: [number, LeadImportField][], decimal: DecimalSeparator): RowOutcome => {
  const raw: Partial<Record<LeadImportField, string>> = {};
  for (const [index, field] of columns) {
    const value = unguardCell((cells[index] ?? '').trim());
    if (value !== '' && raw[field] === undefined) raw[field] = value;
  }
  const name = raw.name ?? [raw.firstName, raw.lastName].filter(Boolean).join(' ');
  const stage = raw.stage === undefined ? undefined : toStage(raw.stage);
  if (raw.stage !== undefined && !stage) return { reason: `Unknown stage "${raw.stage}"` };
  const priority = raw.priority?.toLowerCase();
  const valueCents = raw.value === undefined ? undefined : toCents(raw.value, decimal);
  if (raw.value !== undefined && valueCents === undefined) return { reason: `Value "${raw.value}" is not a number` };
  const parsed = leadInputSchema.safeParse({
    name,
    email: raw.email ?? null,
    company: raw.company,
    title: raw.title,
    phone: raw.phone,
    source: raw.source,
    stage,
    priority,
    valueCents,
    tags: raw.tags
      ? [
          ...new Set(
            raw.tags
              .split(/[,;]/)
              .map((t) => t.trim())
              .filter(Boolean),
          ),
        ]
      : undefined,
    notes: raw.notes,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: issue ? `${issue.path.join('.') || 'row'}: ${issue.message}` : 'Invalid row' };
  }
  return { lead: { ...parsed.data, email: parsed.data.email ?? null } };
};

type Checked = { leads: (LeadInput & { email: string | null })[]; preview: LeadImportPreview };

/** Every row against the mapping and the org's existing emails; yields to the event loop as it goes. */
const checkRows = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, csv, mapping }: { orgId: string; csv: string; mapping: LeadImportMapping },
): Promise<Checked> => {
  const { headers, rows } = await parse(csv);
  const columns = headers.flatMap((header, index): [number, LeadImportField][] => {
    const field = mapping[header];
    return field ? [[index, field]] : [];
  });
  const mapped = new Set(columns.map(([, field]) => field));
  if (!mapped.has('name') && !mapped.has('firstName') && !mapped.has('lastName')) {
    throw new AppError('VALIDATION_FAILED', 'Map a column to the name (or first and last name)', {
      issues: [{ location: 'body', path: 'mapping', message: 'Map a column to the name' }],
    });
  }

  const valueColumn = columns.find(([, field]) => field === 'value')?.[0];
  const separator =
    valueColumn === undefined ? null : detectDecimalSeparator(rows.map((cells) => cells[valueColumn] ?? ''));
  const decimal: DecimalSeparator = separator?.kind === 'found' ? separator.separator : '.';
  const preview: LeadImportPreview = { valid: 0, rejected: [], duplicates: [] };
  const candidates: { row: number; lead: LeadInput & { email: string | null } }[] = [];
  const seen = new Set<string>();
  for (const [index, cells] of rows.entries()) {
    const row = index + 1;
    const outcome = toLeadInput(cells, columns, decimal);
    if (outcome.reason !== undefined) preview.rejected.push({ row, reason: outcome.reason });
    else if (outcome.lead.email && seen.has(outcome.lead.email))
      preview.duplicates.push({ row, email: outcome.lead.email, of: 'file' });
    else {
      if (outcome.lead.email) seen.add(outcome.lead.email);
      candidates.push({ row, lead: outcome.lead });
    }
    if (row % ROWS_PER_YIELD === 0) await yieldToEventLoop();
  }

  const existing = new Set<string>();
  const emails = [...seen];
  for (let i = 0; i < emails.length; i += LOOKUP_CHUNK) {
    // One JSON parameter instead of thousands of bound ones (see INSERT_LEADS_SQL).
    const found = await db.$queryRawUnsafe<{ email: string }[]>(
      'SELECT "email" FROM "Lead" WHERE "orgId" = $1::uuid AND "email" IN (SELECT json_array_elements_text($2::json))',
      orgId,
      JSON.stringify(emails.slice(i, i + LOOKUP_CHUNK)),
    );
    for (const { email } of found) existing.add(email);
  }
  const leads: Checked['leads'] = [];
  for (const { row, lead } of candidates) {
    if (lead.email && existing.has(lead.email)) preview.duplicates.push({ row, email: lead.email, of: 'existing' });
    else leads.push(lead);
  }
  preview.duplicates.sort((a, b) => a.row - b.row);
  preview.valid = leads.length;
  return { leads, preview };
};

const findImport = async ({ db }: Pick<Deps, 'db'>, { orgId, importId }: { orgId: string; importId: string }) => {
  const row = await db.leadImport.findFirst({
    where: { id: importId, orgId },
    select: { csv: true, importedAt: true },
  });
  if (!row) throw notFound('Import');
  return row;
};

export const previewLeadImport = async (
  deps: Pick<Deps, 'db'>,
  { orgId, importId, mapping }: { orgId: string; importId: string; mapping: LeadImportMapping },
) => {
  const { csv } = await findImport(deps, { orgId, importId });
  return (await checkRows(deps, { orgId, csv, mapping })).preview;
};

const alreadyImported = () => new AppError('CONFLICT', 'This file was already imported');

export const commitLeadImport = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, importId, mapping }: { orgId: string; importId: string; mapping: LeadImportMapping },
): Promise<LeadImportResult> => {
  const found = await findImport(deps, { orgId, importId });
  if (found.importedAt) throw alreadyImported();
  const { leads, preview } = await checkRows(deps, { orgId, csv: found.csv, mapping });
  const now = deps.clock.now();
  await deps.db.$transaction(
    async (tx) => {
      // Claimed first inside the transaction: of two concurrent commits, one waits and then finds it taken.
      const claimed = await tx.leadImport.updateMany({
        where: { id: importId, orgId, importedAt: null },
        data: { importedAt: now },
      });
      if (claimed.count === 0) throw alreadyImported();
      for (let i = 0; i < leads.length; i += INSERT_CHUNK) {
        const rows = leads.slice(i, i + INSERT_CHUNK).map(newLeadFields);
        // One JSON parameter per chunk: Prisma's createMany binds 14 parameters per row, which
        // PGlite takes ~2.5 s per 1,000 rows to get through. No ON CONFLICT: an email taken since
        // the check fails the whole import (409), as promised.
        await tx.$executeRawUnsafe(INSERT_LEADS_SQL, orgId, now.toISOString(), JSON.stringify(rows));
        await yieldToEventLoop();
      }
    },
    { timeout: COMMIT_TIMEOUT_MS, maxWait: 10_000 },
  );
  return { imported: leads.length, rejected: preview.rejected.length, duplicates: preview.duplicates.length };
};

// --- export -------------------------------------------------------------------------------

const EXPORT_HEADERS = [
  'Name',
  'Email',
  'Company',
  'Title',
  'Phone',
  'Source',
  'Stage',
  'Priority',
  'Value',
  'Tags',
  'Notes',
  'Owner',
  'Score',
  'Created At',
];
const EXPORT_PAGE = 1_000;

/**
 * The leads matching a filter as CSV lines (header first), read a page at a time by
 * (createdAt, id) so memory stays flat however many leads match.
 */
export async function* exportLeadsCsv(
  { db }: Pick<Deps, 'db'>,
  { orgId, filter }: { orgId: string; filter: LeadFilter },
): AsyncGenerator<string> {
  yield csvLine(EXPORT_HEADERS);
  const where = leadWhere(orgId, filter);
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await db.lead.findMany({
      where: after
        ? {
            AND: [
              where,
              { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] },
            ],
          }
        : where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: EXPORT_PAGE,
      select: leadSelect,
    });
    if (rows.length === 0) return;
    yield rows
      .map(toLead)
      .map((lead) =>
        csvLine([
          lead.name,
          lead.email ?? '',
          lead.company,
          lead.title,
          lead.phone,
          lead.source,
          lead.stage,
          lead.priority,
          (lead.valueCents / 100).toFixed(2),
          lead.tags.join(', '),
          lead.notes,
          lead.owner?.name ?? '',
          String(lead.score),
          lead.createdAt,
        ]),
      )
      .join('');
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
