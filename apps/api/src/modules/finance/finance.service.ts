import {
  defaultFinanceCategories,
  type CreateFinanceAccountInput,
  type CreateFinanceCategoryInput,
  type FinanceAccount,
  type FinanceCategory,
  type FinanceCategoryKey,
  type FinanceTransaction,
  type UpdateFinanceAccountInput,
  type UpdateFinanceCategoryInput,
} from '@aiceo/shared/finance';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';

// The books' ground floor: the default chart of categories, accounts, and the transaction DTO that
// every finance area answers with. Other modules use the books through the exports of this file
// and rules.service.ts (loadRules, applyRules).

type Db = Deps['db'] | Prisma.TransactionClient;
type OrgOptions = { orgId: string };

/** A bad id or value inside a body: 400 naming the field, like any other validation failure. */
export const badField = (path: string, message: string, location: 'body' | 'query' = 'body') =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ location, path, message }] });

// --- setup --------------------------------------------------------------------------------

// Orgs whose default chart is known to exist, so the check costs one lookup per process and org.
const readyOrgs = new Set<string>();

/** The name for a default category when the org already has one of its own with that name. */
const fallbackNames = (name: string) => [name, `${name} (default)`, `${name} (default 2)`];

/**
 * Creates the org's default chart of categories once (idempotent: concurrent callers and
 * restarts are fine). Every finance service entry calls it first; cheap after the first call.
 */
export const ensureFinanceSetup = async ({ db }: Pick<Deps, 'db'>, { orgId }: OrgOptions): Promise<void> => {
  if (readyOrgs.has(orgId)) return;
  await db.financeCategory.createMany({
    data: defaultFinanceCategories.map((c, index) => ({
      orgId,
      key: c.key,
      name: c.name,
      kind: c.kind,
      position: index + 1,
    })),
    skipDuplicates: true,
  });
  const present = await db.financeCategory.findMany({ where: { orgId, key: { not: null } }, select: { key: true } });
  const keys = new Set(present.map((c) => c.key));
  // A default whose name was taken by one of the org's own categories gets a suffixed name.
  for (const [index, c] of defaultFinanceCategories.entries()) {
    for (const name of keys.has(c.key) ? [] : fallbackNames(c.name)) {
      const { count } = await db.financeCategory.createMany({
        data: [{ orgId, key: c.key, name, kind: c.kind, position: index + 1 }],
        skipDuplicates: true,
      });
      if (count > 0) break;
    }
  }
  readyOrgs.add(orgId);
};

/** The id of a default category (sales, rent, platform_fees, payment_processing, transfer ...) of the org. */
export const categoryIdByKey = async (
  deps: Pick<Deps, 'db'>,
  { orgId, key }: { orgId: string; key: FinanceCategoryKey },
): Promise<string> => {
  await ensureFinanceSetup(deps, { orgId });
  const row = await deps.db.financeCategory.findFirst({ where: { orgId, key }, select: { id: true } });
  if (!row) throw new AppError('INTERNAL', `The default category ${key} is missing`);
  return row.id;
};

const MAIN_ACCOUNT = 'Main account';

/**
 * The org's first bank account (archived ones aside); a "Main account" in the org's currency is
 * created when it has none. Where imports and Stripe payouts land when nothing else is said.
 */
export const getDefaultAccount = async (
  deps: Pick<Deps, 'db'>,
  { orgId }: OrgOptions,
): Promise<{ id: string; name: string; currency: string }> => {
  const select = { id: true, name: true, currency: true } as const;
  const existing = await deps.db.financeAccount.findFirst({
    where: { orgId, kind: 'bank', archivedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select,
  });
  if (existing) return existing;
  const org = await deps.db.organization.findFirst({ where: { id: orgId }, select: { currency: true } });
  if (!org) throw notFound('Organisation');
  await deps.db.financeAccount.createMany({
    data: [{ orgId, name: MAIN_ACCOUNT, kind: 'bank', currency: org.currency }],
    skipDuplicates: true,
  });
  // Created now or by a concurrent caller; a non-bank account of that name is used as it is.
  return deps.db.financeAccount.findFirstOrThrow({ where: { orgId, name: MAIN_ACCOUNT }, select });
};

// --- transaction DTO ----------------------------------------------------------------------

export const transactionSelect = {
  id: true,
  date: true,
  amountMinor: true,
  currency: true,
  counterparty: true,
  description: true,
  source: true,
  tags: true,
  notes: true,
  transferId: true,
  ruleId: true,
  importId: true,
  projectId: true,
  accountId: true,
  categoryId: true,
  createdAt: true,
  updatedAt: true,
  category: { select: { id: true, name: true, kind: true } },
  account: { select: { id: true, name: true } },
} satisfies Prisma.FinanceTransactionSelect;
export type TransactionRow = Prisma.FinanceTransactionGetPayload<{ select: typeof transactionSelect }>;

/** A `@db.Date` value (midnight UTC) as YYYY-MM-DD. */
export const toDay = (date: Date): string => date.toISOString().slice(0, 10);
/** YYYY-MM-DD as the `@db.Date` value Prisma expects. */
export const fromDay = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

/** A transaction row (selected with `transactionSelect`) as the wire DTO. */
export const toTransactionDto = (row: TransactionRow): FinanceTransaction => ({
  id: row.id,
  date: toDay(row.date),
  amountMinor: Number(row.amountMinor),
  currency: row.currency,
  counterparty: row.counterparty,
  description: row.description,
  category: row.category,
  account: row.account,
  source: row.source,
  tags: row.tags,
  notes: row.notes,
  transferId: row.transferId,
  ruleId: row.ruleId,
  importId: row.importId,
  projectId: row.projectId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

// --- categories ---------------------------------------------------------------------------

const categorySelect = {
  id: true,
  name: true,
  kind: true,
  key: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { transactions: true } },
} satisfies Prisma.FinanceCategorySelect;
type CategoryRow = Prisma.FinanceCategoryGetPayload<{ select: typeof categorySelect }>;

const toCategory = ({ _count, createdAt, updatedAt, ...row }: CategoryRow): FinanceCategory => ({
  ...row,
  transactionCount: _count.transactions,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

const kindOrder = { income: 0, expense: 1, transfer: 2 } as const;

export const listCategories = async (deps: Pick<Deps, 'db'>, { orgId }: OrgOptions) => {
  await ensureFinanceSetup(deps, { orgId });
  const rows = await deps.db.financeCategory.findMany({
    where: { orgId, archivedAt: null },
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
    select: categorySelect,
  });
  rows.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind]);
  return { items: rows.map(toCategory) };
};

/** The org's category for an id given in a body; a stranger's or unknown id is a bad field (400). */
export const requireCategory = async (
  db: Db,
  { orgId, categoryId, path }: OrgOptions & { categoryId: string; path: string },
) => {
  const row = await db.financeCategory.findFirst({
    where: { orgId, id: categoryId },
    select: { id: true, name: true, kind: true },
  });
  if (!row) throw badField(path, 'No such category in this organisation');
  return row;
};

const nameTaken = (what: string, name: string) => new AppError('ALREADY_EXISTS', `${what} "${name}" already exists`);

export const createCategory = async (
  deps: Pick<Deps, 'db'>,
  { orgId, input }: OrgOptions & { input: CreateFinanceCategoryInput },
): Promise<FinanceCategory> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  if (await db.financeCategory.findFirst({ where: { orgId, name: input.name }, select: { id: true } }))
    throw nameTaken('A category', input.name);
  const last = await db.financeCategory.aggregate({ where: { orgId }, _max: { position: true } });
  const row = await db.financeCategory.create({
    data: { orgId, name: input.name, kind: input.kind, position: (last._max.position ?? 0) + 1 },
    select: categorySelect,
  });
  return toCategory(row);
};

export const updateCategory = async (
  deps: Pick<Deps, 'db'>,
  { orgId, categoryId, input }: OrgOptions & { categoryId: string; input: UpdateFinanceCategoryInput },
): Promise<FinanceCategory> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  const current = await db.financeCategory.findFirst({ where: { id: categoryId, orgId }, select: categorySelect });
  if (!current) throw notFound('Category');
  if (input.name !== undefined && input.name !== current.name) {
    const clash = await db.financeCategory.findFirst({ where: { orgId, name: input.name }, select: { id: true } });
    if (clash) throw nameTaken('A category', input.name);
  }
  if (input.kind !== undefined && input.kind !== current.kind) {
    // Reports, Stripe and billing rely on what a default category means; its name is all that changes.
    if (current.key)
      throw new AppError(
        'CONFLICT',
        'A default category can be renamed, but its kind stays: add a category of your own',
      );
    // Changing the kind would silently move past money between income, expenses and transfers.
    if (current._count.transactions > 0)
      throw new AppError(
        'CONFLICT',
        `This category has ${current._count.transactions} transactions: move them to another category before changing its kind`,
      );
  }
  const row = await db.financeCategory.update({
    where: { id: categoryId, orgId },
    data: { name: input.name, kind: input.kind },
    select: categorySelect,
  });
  return toCategory(row);
};

/** Rules whose action set this category lose that action; a rule left with no action is disabled. */
const forgetCategoryInRules = async (
  tx: Prisma.TransactionClient,
  { orgId, categoryId }: OrgOptions & { categoryId: string },
) => {
  const rules = await tx.financeRule.findMany({ where: { orgId }, select: { id: true, actions: true } });
  for (const rule of rules) {
    const actions = (rule.actions ?? {}) as Record<string, unknown>;
    if (actions['categoryId'] !== categoryId) continue;
    const { categoryId: _dropped, ...rest } = actions;
    const hasAction = rest['counterparty'] !== undefined || rest['tags'] !== undefined;
    await tx.financeRule.update({
      where: { id: rule.id, orgId },
      data: { actions: rest as Prisma.InputJsonValue, ...(hasAction ? {} : { enabled: false }) },
    });
  }
};

export const deleteCategory = async (
  deps: Pick<Deps, 'db'>,
  { orgId, categoryId }: OrgOptions & { categoryId: string },
): Promise<void> => {
  await ensureFinanceSetup(deps, { orgId });
  const current = await deps.db.financeCategory.findFirst({ where: { id: categoryId, orgId }, select: { key: true } });
  if (!current) throw notFound('Category');
  if (current.key)
    throw new AppError('CONFLICT', 'A default category cannot be deleted (reports rely on it); rename it instead');
  await deps.db.$transaction(async (tx) => {
    await forgetCategoryInRules(tx, { orgId, categoryId });
    // Its transactions become uncategorised (ON DELETE SET NULL); corrections and proposals go with it.
    await tx.financeCategory.deleteMany({ where: { id: categoryId, orgId } });
  });
};

// --- accounts -----------------------------------------------------------------------------

const accountSelect = {
  id: true,
  name: true,
  kind: true,
  currency: true,
  openingBalanceMinor: true,
  openingDate: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.FinanceAccountSelect;
type AccountRow = Prisma.FinanceAccountGetPayload<{ select: typeof accountSelect }>;
type AccountTotals = { sum: bigint; count: number };

const toAccount = (row: AccountRow, totals: AccountTotals | undefined): FinanceAccount => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  currency: row.currency,
  openingBalanceMinor: Number(row.openingBalanceMinor),
  openingDate: row.openingDate ? toDay(row.openingDate) : null,
  balanceMinor: Number(row.openingBalanceMinor + (totals?.sum ?? 0n)),
  transactionCount: totals?.count ?? 0,
  archived: row.archivedAt !== null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const accountTotals = async (db: Db, { orgId, accountIds }: OrgOptions & { accountIds?: string[] }) => {
  const groups = await db.financeTransaction.groupBy({
    by: ['accountId'],
    where: { orgId, ...(accountIds ? { accountId: { in: accountIds } } : {}) },
    _sum: { amountMinor: true },
    _count: { _all: true },
  });
  return new Map<string, AccountTotals>(
    groups.map((g) => [g.accountId, { sum: g._sum.amountMinor ?? 0n, count: g._count._all }]),
  );
};

const oneAccount = async (db: Db, { orgId, accountId }: OrgOptions & { accountId: string }) => {
  const row = await db.financeAccount.findFirst({ where: { id: accountId, orgId }, select: accountSelect });
  if (!row) throw notFound('Account');
  return toAccount(row, (await accountTotals(db, { orgId, accountIds: [accountId] })).get(accountId));
};

export const listAccounts = async (deps: Pick<Deps, 'db'>, { orgId }: OrgOptions) => {
  await ensureFinanceSetup(deps, { orgId });
  const rows = await deps.db.financeAccount.findMany({
    where: { orgId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: accountSelect,
  });
  const totals = await accountTotals(deps.db, { orgId });
  const items = rows.map((row) => toAccount(row, totals.get(row.id)));
  // Archived accounts last, otherwise in the order they were added.
  return { items: [...items.filter((a) => !a.archived), ...items.filter((a) => a.archived)] };
};

/** The org's account for an id given in a body; a stranger's or unknown id is a bad field (400). */
export const requireAccount = async (
  db: Db,
  { orgId, accountId, path }: OrgOptions & { accountId: string; path: string },
) => {
  const row = await db.financeAccount.findFirst({
    where: { orgId, id: accountId },
    select: { id: true, name: true, currency: true },
  });
  if (!row) throw badField(path, 'No such account in this organisation');
  return row;
};

export const createAccount = async (
  deps: Pick<Deps, 'db'>,
  { orgId, input }: OrgOptions & { input: CreateFinanceAccountInput },
): Promise<FinanceAccount> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  if (await db.financeAccount.findFirst({ where: { orgId, name: input.name }, select: { id: true } }))
    throw nameTaken('An account', input.name);
  const org = await db.organization.findFirst({ where: { id: orgId }, select: { currency: true } });
  if (!org) throw notFound('Organisation');
  const row = await db.financeAccount.create({
    data: {
      orgId,
      name: input.name,
      kind: input.kind,
      currency: input.currency ?? org.currency,
      openingBalanceMinor: BigInt(input.openingBalanceMinor ?? 0),
      openingDate: input.openingDate ? fromDay(input.openingDate) : null,
    },
    select: accountSelect,
  });
  return toAccount(row, undefined);
};

export const updateAccount = async (
  deps: Pick<Deps, 'db'>,
  { orgId, accountId, input, now }: OrgOptions & { accountId: string; input: UpdateFinanceAccountInput; now: Date },
): Promise<FinanceAccount> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  const current = await oneAccount(db, { orgId, accountId });
  if (input.name !== undefined && input.name !== current.name) {
    const clash = await db.financeAccount.findFirst({ where: { orgId, name: input.name }, select: { id: true } });
    if (clash) throw nameTaken('An account', input.name);
  }
  // Amounts are stored in the account's currency; relabelling them would change what they are worth.
  if (input.currency !== undefined && input.currency !== current.currency && current.transactionCount > 0)
    throw new AppError('CONFLICT', 'The currency of an account with transactions cannot change: add a new account');
  const data: Prisma.FinanceAccountUncheckedUpdateInput = {
    name: input.name,
    kind: input.kind,
    currency: input.currency,
  };
  if (input.openingBalanceMinor !== undefined) data.openingBalanceMinor = BigInt(input.openingBalanceMinor);
  if (input.openingDate !== undefined) data.openingDate = input.openingDate ? fromDay(input.openingDate) : null;
  if (input.archived !== undefined && input.archived !== current.archived)
    data.archivedAt = input.archived ? now : null;
  await db.financeAccount.update({ where: { id: accountId, orgId }, data });
  return oneAccount(db, { orgId, accountId });
};

/**
 * Deletes an account that holds no transactions. One with transactions is refused (409): its
 * money is part of the books, so it is archived instead (PATCH `archived: true`).
 */
export const deleteAccount = async (
  deps: Pick<Deps, 'db'>,
  { orgId, accountId }: OrgOptions & { accountId: string },
): Promise<void> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  const current = await oneAccount(db, { orgId, accountId });
  if (current.transactionCount > 0)
    throw new AppError(
      'CONFLICT',
      `This account has ${current.transactionCount} transactions, so it stays in the books: archive it instead`,
    );
  const stripe = await db.financeStripeConnection.findFirst({
    where: { orgId, OR: [{ accountId }, { payoutAccountId: accountId }] },
    select: { orgId: true },
  });
  if (stripe) throw new AppError('CONFLICT', 'Stripe is connected to this account: disconnect Stripe first');
  await db.financeAccount.deleteMany({ where: { id: accountId, orgId } });
};
