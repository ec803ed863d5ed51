import type { PageQuery } from '@aiceo/shared/common';
import {
  findCreditPack,
  type AdjustCreditsInput,
  type ConsumeCreditsInput,
  type Consumption,
  type CreditCheckoutInput,
  type CreditDispute,
  type CreditDisputeStatus,
  type CreditEntry,
  type CreditEntryKind,
  type Credits,
  type ResolveDisputeInput,
} from '@aiceo/shared/credits';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { callStripe } from '../../lib/stripe-gateway';
import { toPage, type Page } from '../../lib/pagination';

type Tx = Prisma.TransactionClient;
const entrySelect = {
  id: true,
  kind: true,
  amount: true,
  balanceAfter: true,
  reason: true,
  actorUserId: true,
  relatedEntryId: true,
  createdAt: true,
} satisfies Prisma.CreditEntrySelect;
type EntryRow = Prisma.CreditEntryGetPayload<{ select: typeof entrySelect }>;
const toEntry = ({ createdAt, ...entry }: EntryRow): CreditEntry => ({ ...entry, createdAt: createdAt.toISOString() });

const disputeSelect = {
  id: true,
  orgId: true,
  entryId: true,
  status: true,
  reason: true,
  resolutionNote: true,
  openedBy: true,
  resolvedBy: true,
  createdAt: true,
  resolvedAt: true,
} satisfies Prisma.CreditDisputeSelect;
type DisputeRow = Prisma.CreditDisputeGetPayload<{ select: typeof disputeSelect }>;
const toDispute = ({ createdAt, resolvedAt, ...dispute }: DisputeRow): CreditDispute => ({
  ...dispute,
  createdAt: createdAt.toISOString(),
  resolvedAt: resolvedAt?.toISOString() ?? null,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

type AppendOptions = {
  orgId: string;
  kind: CreditEntryKind;
  amount: number;
  reason: string | null;
  actorUserId?: string | null;
  idempotencyKey?: string | null;
  relatedEntryId?: string | null;
  now: Date;
  /** The error when the entry would take the balance below zero. */
  onShort: (balance: number) => AppError;
};

type Appended = { entry: EntryRow; balance: number; replayed: boolean };

/**
 * The only way credits change: inside the caller's transaction, moves the wallet by `amount`
 * with one conditional UPDATE (its row lock serialises concurrent writers, and the condition
 * keeps the balance at zero or above), then appends the entry. With an idempotency key
 * already used, answers that entry and changes nothing.
 */
const appendEntry = async (tx: Tx, options: AppendOptions): Promise<Appended> => {
  const { orgId, amount, now } = options;
  if (options.idempotencyKey) {
    const seen = await tx.creditEntry.findUnique({
      where: { orgId_idempotencyKey: { orgId, idempotencyKey: options.idempotencyKey } },
      select: entrySelect,
    });
    if (seen) return { entry: seen, balance: await balanceIn(tx, orgId), replayed: true };
  }
  await tx.$executeRaw`INSERT INTO "CreditWallet" ("orgId", balance, "updatedAt") VALUES (${orgId}::uuid, 0, ${now}) ON CONFLICT ("orgId") DO NOTHING`;
  const moved = await tx.$queryRaw<{ balance: number }[]>`
    UPDATE "CreditWallet" SET balance = balance + ${amount}::int, "updatedAt" = ${now}
    WHERE "orgId" = ${orgId}::uuid AND balance + ${amount}::int >= 0
    RETURNING balance`;
  const balance = moved[0]?.balance;
  if (balance === undefined) throw options.onShort(await balanceIn(tx, orgId));
  const entry = await tx.creditEntry.create({
    data: {
      orgId,
      kind: options.kind,
      amount,
      balanceAfter: balance,
      reason: options.reason,
      actorUserId: options.actorUserId ?? null,
      idempotencyKey: options.idempotencyKey ?? null,
      relatedEntryId: options.relatedEntryId ?? null,
      createdAt: now,
    },
    select: entrySelect,
  });
  return { entry, balance, replayed: false };
};

const balanceIn = async (db: Tx | Deps['db'], orgId: string): Promise<number> =>
  (await db.creditWallet.findUnique({ where: { orgId }, select: { balance: true } }))?.balance ?? 0;

const assertOrgExists = async (db: Deps['db'], orgId: string): Promise<void> => {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true } });
  if (!org) throw notFound('Organisation');
};

export const getCredits = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, query }: { orgId: string; query: PageQuery },
): Promise<Credits> => {
  const rows = await db.creditEntry.findMany({
    where: { orgId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    // The cursor row is looked up within the org too, so another org's id finds nothing.
    ...(query.cursor ? { cursor: { id: query.cursor, orgId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: entrySelect,
  });
  return { balance: await balanceIn(db, orgId), entries: toPage(rows, query.limit, toEntry) };
};

type ConsumeOptions = { orgId: string; input: ConsumeCreditsInput; idempotencyKey: string; actorUserId: string | null };

/** Spends credits once per idempotency key; 402 QUOTA_EXCEEDED (and nothing written) when the balance is short. */
export const consumeCredits = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  options: ConsumeOptions,
): Promise<Consumption> => {
  const { orgId, input, idempotencyKey } = options;
  const consume = () =>
    db.$transaction((tx: Tx) =>
      appendEntry(tx, {
        orgId,
        kind: 'consume',
        amount: -input.amount,
        reason: input.reason,
        actorUserId: options.actorUserId,
        // Namespaced so a client key can never match a purchase's or a refund's key.
        idempotencyKey: `consume:${idempotencyKey}`,
        now: clock.now(),
        onShort: (balance) =>
          new AppError('QUOTA_EXCEEDED', `Not enough credits: ${input.amount} needed, ${balance} left`, {
            resource: 'credits',
            needed: input.amount,
            balance,
          }),
      }),
    );
  let result: Appended;
  try {
    result = await consume();
  } catch (error) {
    // A concurrent request with the same key committed first: answer its entry.
    if (!isUniqueViolation(error)) throw error;
    result = await consume();
  }
  if (result.replayed && (result.entry.kind !== 'consume' || result.entry.amount !== -input.amount)) {
    throw new AppError('CONFLICT', 'This Idempotency-Key was used for a different request', {
      entryId: result.entry.id,
    });
  }
  return { entry: toEntry(result.entry), balance: result.balance, replayed: result.replayed };
};

type AdjustOptions = { orgId: string; input: AdjustCreditsInput; actorUserId: string };

export const adjustCredits = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, input, actorUserId }: AdjustOptions,
) => {
  await assertOrgExists(db, orgId);
  const result = await db.$transaction((tx: Tx) =>
    appendEntry(tx, {
      orgId,
      kind: 'adjustment',
      amount: input.amount,
      reason: input.reason,
      actorUserId,
      now: clock.now(),
      onShort: (balance) =>
        new AppError('CONFLICT', `The balance is ${balance}; removing ${-input.amount} would take it below zero`, {
          balance,
          amount: input.amount,
        }),
    }),
  );
  return { entry: toEntry(result.entry), balance: result.balance };
};

const packsPageUrl = (frontendUrl: string, orgId: string, outcome: string): string =>
  `${frontendUrl.replace(/\/$/, '')}/orgs/${orgId}/settings/billing?credits=${outcome}`;

export const startCreditCheckout = async (
  { env, stripe }: Pick<Deps, 'env' | 'stripe'>,
  { orgId, input }: { orgId: string; input: CreditCheckoutInput },
): Promise<{ url: string }> => {
  const pack = findCreditPack(input.packId);
  if (!pack)
    throw new AppError('VALIDATION_FAILED', 'Unknown credit pack', {
      issues: [{ location: 'body', path: 'packId', message: 'Unknown credit pack' }],
    });
  const session = await callStripe(() =>
    stripe.createPaymentCheckoutSession({
      orgId,
      productName: `${pack.credits} credits`,
      amountCents: pack.priceCents,
      metadata: { packId: pack.id, kind: 'credit-pack' },
      successUrl: packsPageUrl(env.FRONTEND_URL, orgId, 'success'),
      cancelUrl: packsPageUrl(env.FRONTEND_URL, orgId, 'canceled'),
    }),
  );
  return { url: session.url };
};

/**
 * Credits a paid pack from a checkout.session.completed event, inside the webhook's
 * transaction. The session id is the idempotency key, so a session is credited once even
 * if Stripe sends it under two event ids. Returns false when the session is not a paid
 * pack of an existing org (nothing to credit).
 */
export const recordPackPurchase = async (
  tx: Tx,
  { orgId, packId, sessionId, now }: { orgId: string; packId: string; sessionId: string; now: Date },
): Promise<boolean> => {
  const pack = findCreditPack(packId);
  if (!pack || !UUID.test(orgId)) return false;
  const org = await tx.organization.findUnique({ where: { id: orgId }, select: { id: true } });
  if (!pack || !org) return false;
  await appendEntry(tx, {
    orgId,
    kind: 'purchase',
    amount: pack.credits,
    reason: `Bought ${pack.credits} credits`,
    idempotencyKey: `checkout:${sessionId}`,
    now,
    onShort: () => new AppError('INTERNAL', 'A purchase cannot take the balance below zero'),
  });
  return true;
};

type OpenDisputeOptions = { orgId: string; entryId: string; reason: string; openedBy: string };

/** Only charges (entries that removed credits) can be disputed, one open dispute at a time, and not once refunded. */
export const openDispute = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, entryId, reason, openedBy }: OpenDisputeOptions,
): Promise<CreditDispute> =>
  db.$transaction(async (tx: Tx) => {
    const entry = await tx.creditEntry.findFirst({ where: { id: entryId, orgId }, select: { id: true, amount: true } });
    if (!entry) throw notFound('Credit entry');
    if (entry.amount >= 0) throw new AppError('CONFLICT', 'Only entries that removed credits can be disputed');
    // Serialises dispute changes of this org, so two owners cannot open two disputes on one entry.
    await tx.$queryRaw`SELECT "orgId" FROM "CreditWallet" WHERE "orgId" = ${orgId}::uuid FOR UPDATE`;
    const open = await tx.creditDispute.findFirst({ where: { orgId, entryId, status: 'open' }, select: { id: true } });
    if (open) throw new AppError('CONFLICT', 'This entry already has an open dispute', { disputeId: open.id });
    const refunded = await tx.creditEntry.findFirst({
      where: { orgId, kind: 'refund', relatedEntryId: entryId },
      select: { id: true },
    });
    if (refunded) throw new AppError('CONFLICT', 'This entry has already been refunded');
    const dispute = await tx.creditDispute.create({
      data: { orgId, entryId, reason, openedBy, createdAt: clock.now() },
      select: disputeSelect,
    });
    return toDispute(dispute);
  });

export const listDisputes = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, query }: { orgId?: string; query: PageQuery & { status?: CreditDisputeStatus } },
): Promise<Page<CreditDispute>> => {
  const rows = await db.creditDispute.findMany({
    where: { ...(orgId ? { orgId } : {}), ...(query.status ? { status: query.status } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, ...(orgId ? { orgId } : {}) }, skip: 1 } : {}),
    take: query.limit + 1,
    select: disputeSelect,
  });
  return toPage(rows, query.limit, toDispute);
};

type ResolveOptions = { disputeId: string; input: ResolveDisputeInput; resolvedBy: string };

/** Closes an open dispute; a refund appends one refund entry of the disputed amount (keyed by the entry, so never twice). */
export const resolveDispute = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { disputeId, input, resolvedBy }: ResolveOptions,
): Promise<CreditDispute> =>
  db.$transaction(async (tx: Tx) => {
    const now = clock.now();
    const status = input.outcome === 'refund' ? 'refunded' : 'rejected';
    // The status condition makes a second resolution (or a concurrent one) change nothing.
    const { count } = await tx.creditDispute.updateMany({
      where: { id: disputeId, status: 'open' },
      data: { status, resolutionNote: input.note, resolvedBy, resolvedAt: now },
    });
    const dispute = await tx.creditDispute.findUnique({ where: { id: disputeId }, select: disputeSelect });
    if (!dispute) throw notFound('Dispute');
    if (count === 0) throw new AppError('CONFLICT', `This dispute is already ${dispute.status}`);
    if (status === 'refunded') {
      const entry = await tx.creditEntry.findFirstOrThrow({
        where: { id: dispute.entryId, orgId: dispute.orgId },
        select: { amount: true },
      });
      await appendEntry(tx, {
        orgId: dispute.orgId,
        kind: 'refund',
        amount: -entry.amount,
        reason: `Dispute refunded: ${input.note}`,
        actorUserId: resolvedBy,
        idempotencyKey: `refund:${dispute.entryId}`,
        relatedEntryId: dispute.entryId,
        now,
        onShort: () => new AppError('INTERNAL', 'A refund cannot take the balance below zero'),
      });
    }
    return toDispute(dispute);
  });
