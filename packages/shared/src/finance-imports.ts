import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, type Endpoint } from './contract';

// Bank-statement imports: upload (preview), optional mapping, commit. Money is in minor units of
// the account's currency; + is money in, - money out.

/** Largest statement (bytes, before base64) and most data rows an import takes. */
export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;
export const MAX_STATEMENT_ROWS = 100_000;
/** Rows listed in a preview's `duplicates` and `rejected` (the totals count all of them). */
export const MAX_LISTED_ROWS = 1_000;
/** Days apart a bank row and an existing manual or Stripe transaction of the same amount may be to count as a likely match. */
export const LIKELY_MATCH_DAYS = 3;

/** What a column of the statement holds; `ignored` columns are not read. */
export const statementColumnRoles = [
  'date',
  'amount',
  'debit',
  'credit',
  'indicator',
  'counterparty',
  'description',
  'balance',
  'reference',
  'currency',
  'ignored',
] as const;
export type StatementColumnRole = (typeof statementColumnRoles)[number];
export const statementColumnRoleSchema = z.enum(statementColumnRoles);

/** Date layouts a statement may use; YY is 20YY. */
export const statementDateFormats = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'YYYYMMDD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'DD/MM/YY',
  'MM/DD/YY',
  'DD.MM.YY',
  'DD-MM-YY',
  'MM-DD-YY',
  'DD MMM YYYY',
  'DD MMM YY',
] as const;
export type StatementDateFormat = (typeof statementDateFormats)[number];
export const statementDateFormatSchema = z.enum(statementDateFormats);

export const decimalSeparatorSchema = z.enum(['.', ',']);

/** A choice the owner must make before the file can be committed, and why. */
export const mappingQuestionSchema = z.object({
  field: z.enum(['columns', 'dateFormat', 'decimalSeparator', 'invertSign']),
  message: z.string(),
  /** For dateFormat: the formats every value fits. */
  options: z.array(z.string()).optional(),
});

export const detectedColumnSchema = z.object({
  index: z.number().int(),
  /** The header cell; "Column 3" when the file has no header row. */
  header: z.string(),
  role: statementColumnRoleSchema,
  /** The first few non-empty values. */
  samples: z.array(z.string()),
});

export const detectedStatementSchema = z.object({
  encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']),
  delimiter: z.enum([',', ';', '\t', '|']),
  /** 1-based line of the header row; null when the file has none. */
  headerRow: z.number().int().nullable(),
  dateFormat: statementDateFormatSchema.nullable(),
  decimalSeparator: decimalSeparatorSchema.nullable(),
  /** Money out is shown positive in this file (a card export), so every amount's sign is flipped. */
  invertSign: z.boolean(),
  columns: z.array(detectedColumnSchema),
  /** Detection is unsure: commit needs a `mapping` answering each question. */
  needsMapping: z.boolean(),
  questions: z.array(mappingQuestionSchema),
  /** Lines above the header (account, period, balance) and balance/summary lines that are not transactions. */
  preambleLines: z.number().int(),
  skippedLines: z.number().int(),
});
export type DetectedStatement = z.infer<typeof detectedStatementSchema>;

export const statementTotalsSchema = z.object({
  /** Transactions read from the file (rejected rows aside), duplicates included. */
  count: z.number().int(),
  /** Sum of money in, and of money out as a positive number, in minor units of `currency`. */
  inflowMinor: z.number().int(),
  outflowMinor: z.number().int(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  currency: z.string(),
  /** Rows already in the books (same account, date, amount and text, by occurrence): skipped on commit. */
  duplicateCount: z.number().int(),
  /** Rows that look like an existing manual or Stripe transaction: imported unless confirmed as the same. */
  likelyMatchCount: z.number().int(),
  rejectedCount: z.number().int(),
  /** Rows a commit would add (duplicates skipped, likely matches included). */
  newCount: z.number().int(),
});
export type StatementTotals = z.infer<typeof statementTotalsSchema>;

/** 1-based line of the file, so the owner finds it in a spreadsheet. */
const rowSchema = z.number().int();

export const statementDuplicateSchema = z.object({
  row: rowSchema,
  /** exact: already imported (skipped); likely: same amount within a few days and a similar counterparty (confirm). */
  kind: z.enum(['exact', 'likely']),
  date: z.string(),
  amountMinor: z.number().int(),
  text: z.string(),
  existing: z.object({
    transactionId: z.uuid(),
    date: z.string(),
    amountMinor: z.number().int(),
    counterparty: z.string(),
    source: z.string(),
  }),
});
export type StatementDuplicate = z.infer<typeof statementDuplicateSchema>;

export const statementRejectedSchema = z.object({ row: rowSchema, raw: z.string(), reason: z.string() });

export const statementSampleRowSchema = z.object({
  row: rowSchema,
  date: z.string(),
  amountMinor: z.number().int(),
  counterparty: z.string(),
  description: z.string(),
  /** Set by the first matching rule. */
  categoryId: z.uuid().nullable(),
  ruleId: z.uuid().nullable(),
});

export const financeImportSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  accountId: z.uuid().nullable(),
  status: z.enum(['preview', 'committed']),
  detected: detectedStatementSchema,
  totals: statementTotalsSchema,
  duplicates: z.array(statementDuplicateSchema),
  rejected: z.array(statementRejectedSchema),
  /** The first rows as they would be imported, rules applied. */
  sample: z.array(statementSampleRowSchema),
  imported: z.number().int(),
  skippedDuplicates: z.number().int(),
  createdAt: isoDateSchema,
  committedAt: isoDateSchema.nullable(),
});
export type FinanceImport = z.infer<typeof financeImportSchema>;

export const financeImportSummarySchema = financeImportSchema.pick({
  id: true,
  fileName: true,
  accountId: true,
  status: true,
  totals: true,
  imported: true,
  skippedDuplicates: true,
  createdAt: true,
  committedAt: true,
});

export const createFinanceImportInputSchema = z.object({
  fileName: z.string().trim().min(1, 'Name the file').max(255),
  /** The file's bytes in base64 (any encoding: UTF-8, UTF-16, Windows-1252), at most 10 MB. */
  contentBase64: z.string(),
  /** The account the statement is of; the org's main bank account when left out. */
  accountId: z.uuid().optional(),
});
export type CreateFinanceImportInput = z.infer<typeof createFinanceImportInputSchema>;

/**
 * The owner's answer where detection was unsure: a role for each column (in `detected.columns`
 * order) and, when asked, the date format, the decimal separator and whether signs are flipped.
 */
export const statementMappingSchema = z.object({
  columns: z.array(statementColumnRoleSchema).min(1).max(200),
  dateFormat: statementDateFormatSchema.optional(),
  decimalSeparator: decimalSeparatorSchema.optional(),
  invertSign: z.boolean().optional(),
});
export type StatementMapping = z.infer<typeof statementMappingSchema>;

export const previewFinanceImportInputSchema = z.object({ mapping: statementMappingSchema });

export const commitFinanceImportInputSchema = z.object({
  mapping: statementMappingSchema.optional(),
  /** Rows of likely matches the owner confirmed as the same transaction (skipped); other likely matches are imported. */
  sameAsExisting: z.array(z.number().int().min(1)).max(MAX_LISTED_ROWS).optional(),
});
export type CommitFinanceImportInput = z.infer<typeof commitFinanceImportInputSchema>;

export const financeImportResultSchema = z.object({
  imported: z.number().int(),
  skippedDuplicates: z.number().int(),
});

const tag = 'Money';
const orgParams = z.object({ orgId: z.uuid() });
export const financeImportParamsSchema = orgParams.extend({ importId: z.uuid() });
const reader = orgAuth('admin', 'read');
const writer = orgAuth('admin', 'write');
const base = '/api/orgs/:orgId/finance/imports';

export const financeImportEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: base,
    summary:
      'Upload a bank statement (CSV, base64, up to 10 MB and 100,000 rows): what was detected, totals, duplicates and rejected rows; nothing is booked yet',
    tag,
    auth: writer,
    params: orgParams,
    body: createFinanceImportInputSchema,
    status: 201,
    response: financeImportSchema,
    errors: [413],
  }),
  list: defineEndpoint({
    method: 'GET',
    path: base,
    summary: 'Statement uploads, newest first (the last 100)',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(financeImportSummarySchema) }),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: `${base}/:importId`,
    summary: 'One statement upload with its preview',
    tag,
    auth: reader,
    params: financeImportParamsSchema,
    status: 200,
    response: financeImportSchema,
  }),
  preview: defineEndpoint({
    method: 'POST',
    path: `${base}/:importId/preview`,
    summary: "Read the file again with the owner's column mapping and keep it for the commit",
    tag,
    auth: writer,
    params: financeImportParamsSchema,
    body: previewFinanceImportInputSchema,
    status: 200,
    response: financeImportSchema,
    errors: [409],
  }),
  commit: defineEndpoint({
    method: 'POST',
    path: `${base}/:importId/commit`,
    summary:
      'Book the statement in one transaction (all or nothing), skipping rows already in the books; once per upload',
    tag,
    auth: writer,
    params: financeImportParamsSchema,
    body: commitFinanceImportInputSchema,
    status: 200,
    response: financeImportResultSchema,
    errors: [409],
  }),
} satisfies Record<string, Endpoint>;
