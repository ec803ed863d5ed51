import { randomUUID } from 'node:crypto';
import type { StripeConnection, StripeImportCounts, StripeSyncResult } from '@aiceo/shared/finance-stripe';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import { secretBoxFor } from '../../lib/secret-box';
import { categoryIdByKey, ensureFinanceSetup, getDefaultAccount } from '../finance/finance.service';
import { markDepositsPaid } from '../proposals/proposal-acceptance.service';
import {
  kindOf,
  metadataIds,
  minorToStripeAmount,
  rowsFor,
  type PaymentLinks,
  type StripeBooks,
} from './finance-stripe.mapping';
import {
  createPaymentCheckout,
  createStripeReader,
  standInKeyPrefixFor,
  StripeReadError,
  type StripeAccountInfo,
  type StripeBalanceTransaction,
  type StripeReader,
} from './stripe-reader';

// Billing books what the org pays us with the same day and amount rules.
export { localDay, stripeAmountToMinor } from './finance-stripe.mapping';

type StripeDeps = Pick<Deps, 'db' | 'env' | 'stripe' | 'clock' | 'log'>;
type OrgOptions = { orgId: string };

/**
 * A sync asks Stripe again from this long before the last one: balance transactions are dated when
 * Stripe made them, which can be a little before our clock saw the sync start. Dedupe by id makes
 * the overlap free.
 */
const SYNC_OVERLAP_MS = 2 * 86_400_000;
const PAGE_ROWS = 100;

const connectionSelect = {
  orgId: true,
  accountId: true,
  payoutAccountId: true,
  stripeAccountId: true,
  // Never keyEnc: the key is opened only where a sync needs it (readerOf).
  keyLast4: true,
  lastSyncedAt: true,
  lastError: true,
  createdAt: true,
  account: { select: { currency: true, name: true } },
} as const;

const emptyCounts = (): StripeImportCounts => ({ charges: 0, refunds: 0, fees: 0, payouts: 0, other: 0 });

const storedCounts = async ({ db }: Pick<Deps, 'db'>, { orgId }: OrgOptions) => {
  const [transactions, payouts] = await Promise.all([
    db.financeTransaction.count({ where: { orgId, source: 'stripe' } }),
    // Each payout is one transfer, with one row on each side (or only Stripe's when no bank was linked).
    db.financeTransaction.count({
      where: { orgId, source: 'stripe', sourceRef: { not: { endsWith: ':bank' } }, category: { key: 'transfer' } },
    }),
  ]);
  return { transactions, payouts };
};

export const getStripeConnection = async (
  deps: Pick<Deps, 'db' | 'env' | 'stripe'>,
  { orgId }: OrgOptions,
): Promise<StripeConnection> => {
  const row = await deps.db.financeStripeConnection.findFirst({ where: { orgId }, select: connectionSelect });
  return {
    connected: row !== null,
    stripeAccountId: row?.stripeAccountId || null,
    keyLast4: row?.keyLast4 ?? null,
    financeAccountId: row?.accountId ?? null,
    financeAccountName: row?.account.name ?? null,
    currency: row?.account.currency ?? null,
    payoutAccountId: row?.payoutAccountId ?? null,
    connectedAt: row?.createdAt.toISOString() ?? null,
    lastSyncedAt: row?.lastSyncedAt?.toISOString() ?? null,
    lastError: row?.lastError ?? null,
    counts: await storedCounts(deps, { orgId }),
    standInKeyPrefix: standInKeyPrefixFor(deps),
  };
};

/** A Stripe refusal at connect time is the key's fault (400, nothing stored); an outage is a 503. */
const connectError = (error: unknown): AppError => {
  if (!(error instanceof StripeReadError))
    return new AppError('INTERNAL', 'Connecting Stripe failed', undefined, { cause: error });
  if (error.problem === 'unreachable')
    return new AppError('UNAVAILABLE', `${error.message}. Nothing was stored; try again shortly`, undefined, {
      cause: error,
    });
  return new AppError('VALIDATION_FAILED', error.message, {
    issues: [{ location: 'body', path: 'apiKey', message: error.message }],
  });
};

/** The processor account Stripe's balance is: "Stripe" if free (or already this one), else a name with the currency. */
const processorAccountFor = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, info }: OrgOptions & { info: StripeAccountInfo },
): Promise<string> => {
  const names = ['Stripe', `Stripe ${info.currency}`, ...(info.id ? [`Stripe ${info.id}`] : [])];
  for (const name of names) {
    const found = await db.financeAccount.findFirst({
      where: { orgId, name },
      select: { id: true, kind: true, currency: true },
    });
    if (found?.kind === 'processor' && found.currency === info.currency) return found.id;
    if (found) continue;
    await db.financeAccount.createMany({
      data: [{ orgId, name, kind: 'processor', currency: info.currency }],
      skipDuplicates: true,
    });
    const made = await db.financeAccount.findFirst({
      where: { orgId, name, kind: 'processor', currency: info.currency },
      select: { id: true },
    });
    if (made) return made.id;
  }
  throw new AppError(
    'CONFLICT',
    'Accounts named "Stripe" already exist in other currencies; rename one and connect again',
  );
};

/**
 * Checks the key with Stripe (the account, its balance, and that balance transactions can be
 * listed) before anything is stored; then stores it encrypted, links the processor account and the
 * bank payouts go to, and runs the first sync. Connecting again replaces the key.
 */
export const connectStripe = async (
  deps: StripeDeps,
  { orgId, apiKey, userId }: OrgOptions & { apiKey: string; userId: string | null },
): Promise<StripeSyncResult> => {
  const { db } = deps;
  const reader = createStripeReader(deps, apiKey);
  let info: StripeAccountInfo;
  try {
    info = await reader.account();
    await reader.canListBalanceTransactions();
  } catch (error) {
    throw connectError(error);
  }
  await ensureFinanceSetup(deps, { orgId });
  const accountId = await processorAccountFor(deps, { orgId, info });
  const bank = await getDefaultAccount(deps, { orgId });
  // Payouts arrive in the bank in the balance's currency; a bank in another currency is left out.
  const payoutAccountId = bank.currency === info.currency && bank.id !== accountId ? bank.id : null;
  const previous = await db.financeStripeConnection.findFirst({
    where: { orgId },
    select: { stripeAccountId: true, accountId: true },
  });
  const sameAccount = previous?.stripeAccountId === (info.id ?? '') && previous.accountId === accountId;
  const data = {
    accountId,
    payoutAccountId,
    stripeAccountId: info.id ?? '',
    keyEnc: secretBoxFor(deps.env).seal(apiKey),
    keyLast4: apiKey.slice(-4),
    lastError: null,
    connectedById: userId,
  };
  await db.financeStripeConnection.upsert({
    where: { orgId },
    create: { orgId, ...data },
    // Another Stripe account starts its history from the beginning.
    update: { ...data, ...(sameAccount ? {} : { lastSyncedAt: null }) },
    select: { orgId: true },
  });
  deps.log.info({ orgId, stripeAccountId: info.id, keyLast4: data.keyLast4 }, 'Stripe connected to the books');
  return runSync(deps, { orgId, reader, rethrow: false });
};

type SyncOutcome = { imported: StripeImportCounts; alreadyImported: number; skippedOtherCurrency: number };

/** Writes one page of balance transactions; the unique (orgId, source, sourceRef) drops what a concurrent sync wrote first. */
const writePage = async (
  { db }: Pick<Deps, 'db'>,
  { books, page, outcome }: { books: StripeBooks; page: StripeBalanceTransaction[]; outcome: SyncOutcome },
): Promise<void> => {
  const known = await db.financeTransaction.findMany({
    where: { orgId: books.orgId, source: 'stripe', sourceRef: { in: page.map((t) => t.id) } },
    select: { sourceRef: true },
  });
  const seen = new Set(known.map((row) => row.sourceRef));
  const links = await paymentLinksOf({ db }, { orgId: books.orgId, page });
  const rows = [];
  for (const txn of page) {
    if (seen.has(txn.id)) {
      outcome.alreadyImported += 1;
      continue;
    }
    if (txn.currency.toUpperCase() !== books.currency) {
      outcome.skippedOtherCurrency += 1;
      continue;
    }
    const kind = kindOf(txn);
    outcome.imported[kind] += 1;
    if (txn.fee !== 0 && kind !== 'fees') outcome.imported.fees += 1;
    rows.push(...rowsFor(txn, books, links.get(txn.id)));
  }
  // A payout's two sides go in one statement, so a concurrent sync can never keep one side without the other.
  // (Its counts may then overstate what this sync wrote; the books hold each row once either way.)
  if (rows.length > 0) await db.financeTransaction.createMany({ data: rows, skipDuplicates: true });
  // A proposal's deposit arrived: its charge names the proposal (idempotent, this org's proposals only).
  const deposits = page.flatMap((txn) => {
    const { proposalId } = metadataIds(txn);
    return proposalId && kindOf(txn) === 'charges' && txn.amount > 0
      ? [{ proposalId, paidAt: new Date(txn.created * 1000) }]
      : [];
  });
  if (deposits.length > 0) await markDepositsPaid(db, { orgId: books.orgId, payments: deposits });
};

/**
 * The lead and project each payment's metadata names, kept only when they are this org's: the
 * metadata is written on the org's Stripe account, so it is never trusted to point elsewhere.
 */
const paymentLinksOf = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, page }: { orgId: string; page: StripeBalanceTransaction[] },
): Promise<Map<string, PaymentLinks>> => {
  const named = page.map((txn) => ({ id: txn.id, ...metadataIds(txn) }));
  const leadIds = [...new Set(named.flatMap((n) => (n.leadId ? [n.leadId] : [])))];
  const projectIds = [...new Set(named.flatMap((n) => (n.projectId ? [n.projectId] : [])))];
  if (leadIds.length === 0 && projectIds.length === 0) return new Map();
  const [leads, projects] = await Promise.all([
    db.lead.findMany({ where: { orgId, id: { in: leadIds } }, select: { id: true } }),
    db.project.findMany({ where: { orgId, id: { in: projectIds } }, select: { id: true } }),
  ]);
  const leadSet = new Set(leads.map((l) => l.id));
  const projectSet = new Set(projects.map((p) => p.id));
  return new Map(
    named.map((n) => [
      n.id,
      {
        leadId: n.leadId && leadSet.has(n.leadId) ? n.leadId : null,
        projectId: n.projectId && projectSet.has(n.projectId) ? n.projectId : null,
      },
    ]),
  );
};

const booksFor = async (
  deps: Pick<Deps, 'db'>,
  connection: { orgId: string; accountId: string; payoutAccountId: string | null; currency: string },
): Promise<StripeBooks> => {
  const { orgId } = connection;
  const org = await deps.db.organization.findFirst({ where: { id: orgId }, select: { timezone: true } });
  if (!org) throw notFound('Organisation');
  const [sales, fees, transfer] = await Promise.all([
    categoryIdByKey(deps, { orgId, key: 'sales' }),
    categoryIdByKey(deps, { orgId, key: 'payment_processing' }),
    categoryIdByKey(deps, { orgId, key: 'transfer' }),
  ]);
  // A payout account deleted since connecting: payouts then only leave Stripe.
  const payout = connection.payoutAccountId
    ? await deps.db.financeAccount.findFirst({
        where: { orgId, id: connection.payoutAccountId, currency: connection.currency },
        select: { id: true },
      })
    : null;
  return {
    orgId,
    processorAccountId: connection.accountId,
    payoutAccountId: payout?.id ?? null,
    currency: connection.currency,
    timezone: org.timezone,
    categories: { sales, fees, transfer },
    newTransferId: randomUUID,
  };
};

const otherCurrencyNote = (count: number, currency: string) =>
  count === 1
    ? `1 Stripe balance transaction in another currency than ${currency} was not imported; add it by hand`
    : `${count} Stripe balance transactions in another currency than ${currency} were not imported; add them by hand`;

/** The sync's problem as the owner reads it in lastError and in the answer. */
const syncError = (error: unknown): AppError => {
  if (error instanceof StripeReadError) {
    if (error.problem === 'unreachable') return new AppError('UNAVAILABLE', error.message, undefined, { cause: error });
    const advice = error.problem === 'refused' ? '; connect Stripe again with a new restricted key' : '';
    return new AppError('CONFLICT', `${error.message}${advice}`, undefined, { cause: error });
  }
  return new AppError('INTERNAL', 'The Stripe sync failed', undefined, { cause: error });
};

/**
 * Imports every balance transaction since the last sync (all history the first time), page by
 * page; a failure keeps what was written (each row is final) and records the problem in
 * lastError. lastSyncedAt moves only when the whole list was read.
 */
const runSync = async (
  deps: StripeDeps,
  { orgId, reader, rethrow }: OrgOptions & { reader: StripeReader; rethrow: boolean },
): Promise<StripeSyncResult> => {
  const { db, clock } = deps;
  const connection = await db.financeStripeConnection.findFirst({ where: { orgId }, select: connectionSelect });
  if (!connection) throw notFound('Stripe connection');
  const startedAt = clock.now();
  const outcome: SyncOutcome = { imported: emptyCounts(), alreadyImported: 0, skippedOtherCurrency: 0 };
  const since = connection.lastSyncedAt ? new Date(connection.lastSyncedAt.getTime() - SYNC_OVERLAP_MS) : null;
  try {
    const books = await booksFor(deps, { ...connection, currency: connection.account.currency });
    let page: StripeBalanceTransaction[] = [];
    for await (const txn of reader.balanceTransactions({ since })) {
      page.push(txn);
      if (page.length < PAGE_ROWS) continue;
      await writePage(deps, { books, page, outcome });
      page = [];
    }
    await writePage(deps, { books, page, outcome });
  } catch (error) {
    const failure = syncError(error);
    await db.financeStripeConnection.updateMany({ where: { orgId }, data: { lastError: failure.message } });
    deps.log.warn({ orgId, problem: failure.message }, 'Stripe sync failed');
    if (rethrow) throw failure;
    return { ...outcome, connection: await getStripeConnection(deps, { orgId }) };
  }
  const note =
    outcome.skippedOtherCurrency > 0
      ? otherCurrencyNote(outcome.skippedOtherCurrency, connection.account.currency)
      : null;
  await db.financeStripeConnection.updateMany({ where: { orgId }, data: { lastSyncedAt: startedAt, lastError: note } });
  return { ...outcome, connection: await getStripeConnection(deps, { orgId }) };
};

const readerOf = async (deps: StripeDeps, { orgId }: OrgOptions): Promise<StripeReader> => {
  const row = await deps.db.financeStripeConnection.findFirst({ where: { orgId }, select: { keyEnc: true } });
  if (!row) throw notFound('Stripe connection');
  return createStripeReader(deps, secretBoxFor(deps.env).open(row.keyEnc));
};

/** On demand: imports what is new; a Stripe refusal (409) or outage (503) is recorded in lastError and answered. */
export const syncStripe = async (deps: StripeDeps, { orgId }: OrgOptions): Promise<StripeSyncResult> =>
  runSync(deps, { orgId, reader: await readerOf(deps, { orgId }), rethrow: true });

/** Forgets the key; the processor account and every imported transaction stay in the books. */
export const disconnectStripe = async ({ db, log }: Pick<Deps, 'db' | 'log'>, { orgId }: OrgOptions): Promise<void> => {
  const { count } = await db.financeStripeConnection.deleteMany({ where: { orgId } });
  if (count === 0) throw notFound('Stripe connection');
  log.info({ orgId }, 'Stripe disconnected from the books');
};

/** The daily job: every connected org in turn; one org's failure is recorded on it and does not stop the others. */
export const syncAllStripeConnections = async (
  deps: StripeDeps,
): Promise<{ connections: number; imported: number; failed: number }> => {
  const connections = await deps.db.financeStripeConnection.findMany({
    select: { orgId: true },
    orderBy: { orgId: 'asc' },
  });
  let imported = 0;
  let failed = 0;
  for (const { orgId } of connections) {
    try {
      const result = await syncStripe(deps, { orgId });
      imported += Object.values(result.imported).reduce((sum, n) => sum + n, 0);
    } catch (error) {
      failed += 1;
      // Already in lastError when Stripe was the problem; anything else is ours to hear about.
      if (!(error instanceof AppError) || error.code === 'INTERNAL')
        deps.log.error({ err: error, orgId }, 'Stripe sync job failed');
    }
  }
  return { connections: connections.length, imported, failed };
};

export type OrgPaymentCheckout = {
  amountMinor: number;
  currency: string;
  description: string;
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
};

/**
 * A Stripe Checkout payment link on the org's own connected account (a proposal's deposit); null
 * when the org has not connected Stripe. Stripe's refusals and outages throw StripeReadError.
 */
export const createOrgPaymentCheckout = async (
  deps: Pick<Deps, 'db' | 'env' | 'stripe'>,
  { orgId, amountMinor, currency, ...input }: OrgOptions & OrgPaymentCheckout,
): Promise<{ id: string; url: string } | null> => {
  const row = await deps.db.financeStripeConnection.findFirst({ where: { orgId }, select: { keyEnc: true } });
  if (!row) return null;
  return createPaymentCheckout(deps, secretBoxFor(deps.env).open(row.keyEnc), {
    ...input,
    currency,
    amount: minorToStripeAmount(amountMinor, currency),
  });
};
