import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  BulkCategoriseInput,
  CreateFinanceTransactionInput,
  FinanceCoverage,
  FinanceTransaction,
  FinanceTransactionFilter,
  FinanceTransactionListQuery,
  FinanceTransactionPage,
  UpdateFinanceTransactionInput,
} from '@aiceo/shared/finance';
import { isoDaySchema } from '@aiceo/shared/common';
import { minorDigits } from '@aiceo/shared/money';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import {
  badField,
  categoryIdByKey,
  ensureFinanceSetup,
  fromDay,
  requireAccount,
  requireCategory,
  toDay,
  toTransactionDto,
  transactionSelect,
  type TransactionRow,
} from './finance.service';
import { projectExists } from '../projects/projects.service';
import { applyRules, loadRules, recordCorrections, type Correction } from './rules.service';

type OrgOptions = { orgId: string };
type TxOptions = OrgOptions & { transactionId: string };

/** The one translation of a transaction filter (list and export), always inside one org. */
const transactionWhere = (orgId: string, filter: FinanceTransactionFilter): Prisma.FinanceTransactionWhereInput => {
  const and: Prisma.FinanceTransactionWhereInput[] = [{ orgId }];
  if (filter.from) and.push({ date: { gte: fromDay(filter.from) } });
  if (filter.to) and.push({ date: { lte: fromDay(filter.to) } });
  if (filter.categoryId) and.push({ categoryId: filter.categoryId });
  if (filter.uncategorised === true) and.push({ categoryId: null });
  if (filter.uncategorised === false) and.push({ categoryId: { not: null } });
  if (filter.accountId) and.push({ accountId: filter.accountId });
  if (filter.q) {
    const contains = { contains: filter.q, mode: 'insensitive' as const };
    and.push({ OR: [{ counterparty: contains }, { description: contains }, { notes: contains }] });
  }
  if (filter.direction) and.push({ amountMinor: filter.direction === 'in' ? { gt: 0 } : { lt: 0 } });
  if (filter.source) and.push({ source: filter.source });
  if (filter.tag) and.push({ tags: { has: filter.tag } });
  return { AND: and };
};

// --- list ---------------------------------------------------------------------------------

// A storable day: a forged cursor with year 0 must be a 400, not a database error.
const cursorSchema = z.object({ d: isoDaySchema, id: z.uuid() });

const encodeCursor = (row: { date: Date; id: string }) =>
  Buffer.from(JSON.stringify({ d: toDay(row.date), id: row.id })).toString('base64url');

/** The rows after the cursor's (date, id), newest first. */
const afterCursor = (cursor: string): Prisma.FinanceTransactionWhereInput => {
  let decoded: z.infer<typeof cursorSchema>;
  try {
    decoded = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badField('cursor', 'Invalid cursor', 'query');
  }
  const date = fromDay(decoded.d);
  // The redundant inclusive bound lets the planner start the index scan at the cursor.
  return { AND: [{ date: { lte: date } }, { OR: [{ date: { lt: date } }, { date, id: { lt: decoded.id } }] }] };
};

export const listTransactions = async (
  deps: Pick<Deps, 'db'>,
  { orgId, query }: OrgOptions & { query: FinanceTransactionListQuery },
): Promise<FinanceTransactionPage> => {
  await ensureFinanceSetup(deps, { orgId });
  const filter = transactionWhere(orgId, query);
  const rows = await deps.db.financeTransaction.findMany({
    where: query.cursor ? { AND: [filter, afterCursor(query.cursor)] } : filter,
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    select: transactionSelect,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toTransactionDto),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
};

export const getTransaction = async (deps: Pick<Deps, 'db'>, { orgId, transactionId }: TxOptions) => {
  await ensureFinanceSetup(deps, { orgId });
  const row = await deps.db.financeTransaction.findFirst({
    where: { id: transactionId, orgId },
    select: transactionSelect,
  });
  if (!row) throw notFound('Transaction');
  return toTransactionDto(row);
};

export const getCoverage = async (deps: Pick<Deps, 'db'>, { orgId }: OrgOptions): Promise<FinanceCoverage> => {
  await ensureFinanceSetup(deps, { orgId });
  const [total, categorised] = await Promise.all([
    deps.db.financeTransaction.count({ where: { orgId } }),
    // A transfer leg is where it belongs even if its category was removed.
    deps.db.financeTransaction.count({
      where: { orgId, OR: [{ categoryId: { not: null } }, { transferId: { not: null } }] },
    }),
  ]);
  return { total, categorised, percent: total === 0 ? 100 : Math.floor((categorised * 100) / total) };
};

// --- create -------------------------------------------------------------------------------

const uniqueTags = (tags: readonly string[] | undefined) => [...new Set(tags ?? [])];

/** A project tag must name a project of the same org; another org's project is as unknown as none. */
const requireProject = async (
  deps: { db: Prisma.TransactionClient },
  { orgId, projectId }: OrgOptions & { projectId: string },
) => {
  if (!(await projectExists(deps, { orgId, projectId }))) throw notFound('Project');
};

const createTransfer = async (
  deps: Pick<Deps, 'db'>,
  {
    orgId,
    userId,
    input,
    to,
  }: OrgOptions & { userId: string | null; input: CreateFinanceTransactionInput; to: string },
): Promise<FinanceTransaction> => {
  const { db } = deps;
  const from = await requireAccount(db, { orgId, accountId: input.accountId, path: 'accountId' });
  const target = await requireAccount(db, { orgId, accountId: to, path: 'transferToAccountId' });
  if (target.currency !== from.currency)
    throw badField(
      'transferToAccountId',
      `Both accounts must be in one currency (${from.currency} and ${target.currency})`,
    );
  const categoryId = await categoryIdByKey(deps, { orgId, key: 'transfer' });
  const transferId = randomUUID();
  const common = {
    orgId,
    date: fromDay(input.date),
    currency: from.currency,
    description: input.description ?? '',
    categoryId,
    source: 'manual' as const,
    transferId,
    tags: uniqueTags(input.tags),
    notes: input.notes ?? '',
    createdById: userId,
  };
  const amount = BigInt(input.amountMinor);
  const out = await db.$transaction(async (tx) => {
    const leg = await tx.financeTransaction.create({
      data: { ...common, accountId: from.id, amountMinor: -amount, counterparty: input.counterparty || target.name },
      select: transactionSelect,
    });
    await tx.financeTransaction.create({
      data: { ...common, accountId: target.id, amountMinor: amount, counterparty: input.counterparty || from.name },
    });
    return leg;
  });
  return toTransactionDto(out);
};

/**
 * Records a transaction by hand. Without a category the org's rules may set one (and add tags);
 * with `transferToAccountId`, two legs of a transfer between own accounts.
 */
export const createTransaction = async (
  deps: Pick<Deps, 'db'>,
  { orgId, userId, input }: OrgOptions & { userId: string | null; input: CreateFinanceTransactionInput },
): Promise<FinanceTransaction> => {
  await ensureFinanceSetup(deps, { orgId });
  if (input.transferToAccountId) return createTransfer(deps, { orgId, userId, input, to: input.transferToAccountId });
  const { db } = deps;
  const account = await requireAccount(db, { orgId, accountId: input.accountId, path: 'accountId' });
  if (input.categoryId) await requireCategory(db, { orgId, categoryId: input.categoryId, path: 'categoryId' });
  if (input.projectId) await requireProject(deps, { orgId, projectId: input.projectId });
  const counterparty = input.counterparty ?? '';
  const description = input.description ?? '';
  let tags = uniqueTags(input.tags);
  let categoryId = input.categoryId ?? null;
  let ruleId: string | null = null;
  if (input.categoryId === undefined) {
    const rules = await loadRules(deps, { orgId });
    const outcome = applyRules(rules, {
      counterparty,
      description,
      amountMinor: input.amountMinor,
      accountId: account.id,
    });
    if (outcome?.categoryId) {
      categoryId = outcome.categoryId;
      ruleId = outcome.ruleId;
    }
    if (outcome) tags = uniqueTags([...tags, ...outcome.tags]);
  }
  const row = await db.financeTransaction.create({
    data: {
      orgId,
      accountId: account.id,
      date: fromDay(input.date),
      amountMinor: BigInt(input.amountMinor),
      currency: account.currency,
      counterparty,
      description,
      categoryId,
      ruleId,
      source: 'manual',
      tags,
      notes: input.notes ?? '',
      projectId: input.projectId ?? null,
      createdById: userId,
    },
    select: transactionSelect,
  });
  return toTransactionDto(row);
};

// --- update and delete --------------------------------------------------------------------

const transferLegConflict = () =>
  new AppError(
    'CONFLICT',
    'This is one side of a transfer between your own accounts, so it stays in the transfer category: delete the transfer and record it again',
  );

const asCorrection = (row: TransactionRow, categoryId: string): Correction => ({
  transactionId: row.id,
  counterparty: row.counterparty,
  description: row.description,
  amountMinor: Number(row.amountMinor),
  accountId: row.accountId,
  categoryId,
});

/** A transfer leg's other side, which moves with it (date mirrored, amount negated). */
const otherLeg = async (tx: Prisma.TransactionClient, { orgId, row }: OrgOptions & { row: TransactionRow }) =>
  row.transferId
    ? tx.financeTransaction.findFirst({
        where: { orgId, transferId: row.transferId, id: { not: row.id } },
        select: { id: true, accountId: true },
      })
    : null;

export const updateTransaction = async (
  deps: Pick<Deps, 'db'>,
  { orgId, transactionId, input }: TxOptions & { input: UpdateFinanceTransactionInput },
): Promise<FinanceTransaction> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  const row = await db.$transaction(async (tx) => {
    const current = await tx.financeTransaction.findFirst({
      where: { id: transactionId, orgId },
      select: transactionSelect,
    });
    if (!current) throw notFound('Transaction');
    const other = await otherLeg(tx, { orgId, row: current });
    const data: Prisma.FinanceTransactionUncheckedUpdateInput = {
      counterparty: input.counterparty,
      description: input.description,
      notes: input.notes,
    };
    if (input.tags) data.tags = uniqueTags(input.tags);
    if (input.date) data.date = fromDay(input.date);
    if (input.amountMinor !== undefined) data.amountMinor = BigInt(input.amountMinor);
    if (input.projectId !== undefined && input.projectId !== current.projectId) {
      if (input.projectId && current.transferId)
        throw badField('projectId', 'A transfer between own accounts is not project money');
      if (input.projectId) await requireProject({ db: tx }, { orgId, projectId: input.projectId });
      data.projectId = input.projectId;
    }
    if (input.accountId && input.accountId !== current.accountId) {
      const account = await requireAccount(tx, { orgId, accountId: input.accountId, path: 'accountId' });
      // The amount is in the old account's currency; moving it would change what it is worth.
      if (account.currency !== current.currency)
        throw badField('accountId', `The account must be in ${current.currency}, the currency of this transaction`);
      if (other && other.accountId === account.id)
        throw badField('accountId', 'Both sides of a transfer cannot be in one account');
      data.accountId = account.id;
    }
    const categoryChanged = input.categoryId !== undefined && input.categoryId !== current.categoryId;
    if (categoryChanged && current.transferId) throw transferLegConflict();
    if (categoryChanged) {
      if (input.categoryId) await requireCategory(tx, { orgId, categoryId: input.categoryId, path: 'categoryId' });
      // Set by hand now: no rule set it any more.
      data.categoryId = input.categoryId;
      data.ruleId = null;
    }
    const updated = await tx.financeTransaction.update({
      where: { id: transactionId, orgId },
      data,
      select: transactionSelect,
    });
    if (other && (input.date || input.amountMinor !== undefined))
      await tx.financeTransaction.update({
        where: { id: other.id, orgId },
        data: { date: updated.date, amountMinor: -updated.amountMinor },
      });
    if (categoryChanged && input.categoryId)
      await recordCorrections(tx, { orgId, corrections: [asCorrection(updated, input.categoryId)] });
    return updated;
  });
  return toTransactionDto(row);
};

export const deleteTransaction = async (deps: Pick<Deps, 'db'>, { orgId, transactionId }: TxOptions) => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  const row = await db.financeTransaction.findFirst({
    where: { id: transactionId, orgId },
    select: { transferId: true },
  });
  if (!row) throw notFound('Transaction');
  // Half a transfer would leave money that came from nowhere: both sides go.
  const where = row.transferId ? { orgId, transferId: row.transferId } : { orgId, id: transactionId };
  await db.financeTransaction.deleteMany({ where });
};

/** Puts transactions in one category (or none); transfer legs and other orgs' ids are left alone. */
export const bulkCategorise = async (
  deps: Pick<Deps, 'db'>,
  { orgId, input }: OrgOptions & { input: BulkCategoriseInput },
): Promise<{ updated: number }> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  if (input.categoryId) await requireCategory(db, { orgId, categoryId: input.categoryId, path: 'categoryId' });
  return db.$transaction(async (tx) => {
    const rows = await tx.financeTransaction.findMany({
      where: { orgId, id: { in: [...new Set(input.ids)] }, transferId: null },
      select: transactionSelect,
    });
    const moving = rows.filter((r) => r.categoryId !== input.categoryId);
    if (moving.length === 0) return { updated: 0 };
    const { count } = await tx.financeTransaction.updateMany({
      where: { orgId, id: { in: moving.map((r) => r.id) } },
      data: { categoryId: input.categoryId, ruleId: null },
    });
    const { categoryId } = input;
    if (categoryId) await recordCorrections(tx, { orgId, corrections: moving.map((r) => asCorrection(r, categoryId)) });
    return { updated: count };
  });
};

// --- export -------------------------------------------------------------------------------

/** Minor units as a plain decimal in the currency ("-1234.50" for EUR, "-1235" for JPY); exact. */
export const minorToDecimal = (amountMinor: number, currency: string): string => {
  const digits = minorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const text = Math.abs(amountMinor)
    .toString()
    .padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
};

// Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell: a formula-like value gets a leading quote, and anything special is quoted. */
const csvCell = (value: string): string => {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
// Amounts and dates are ours (digits, a sign and a point), so they go out as they are and stay numbers.
const csvLine = (cells: readonly (string | { raw: string })[]): string =>
  `${cells.map((c) => (typeof c === 'string' ? csvCell(c) : c.raw)).join(',')}\r\n`;

const EXPORT_HEADERS = [
  'Date',
  'Amount',
  'Currency',
  'Counterparty',
  'Description',
  'Category',
  'Category kind',
  'Account',
  'Tags',
  'Notes',
  'Source',
  'Transfer ID',
];
const EXPORT_PAGE = 1_000;

const exportLine = (t: FinanceTransaction) =>
  csvLine([
    { raw: t.date },
    { raw: minorToDecimal(t.amountMinor, t.currency) },
    t.currency,
    t.counterparty,
    t.description,
    t.category?.name ?? '',
    t.category?.kind ?? '',
    t.account.name,
    t.tags.join(', '),
    t.notes,
    t.source,
    t.transferId ?? '',
  ]);

/** The transactions matching a filter as CSV lines (header first), newest first, a page at a time. */
export async function* exportTransactionsCsv(
  deps: Pick<Deps, 'db'>,
  { orgId, filter }: OrgOptions & { filter: FinanceTransactionFilter },
): AsyncGenerator<string> {
  await ensureFinanceSetup(deps, { orgId });
  yield csvLine(EXPORT_HEADERS);
  const where = transactionWhere(orgId, filter);
  let after: { date: Date; id: string } | undefined;
  for (;;) {
    const rows = await deps.db.financeTransaction.findMany({
      where: after ? { AND: [where, afterCursor(encodeCursor(after))] } : where,
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      take: EXPORT_PAGE,
      select: transactionSelect,
    });
    if (rows.length === 0) return;
    yield rows.map(toTransactionDto).map(exportLine).join('');
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    after = { date: last.date, id: last.id };
  }
}
