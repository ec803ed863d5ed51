import { findCreditPack } from '@aiceo/shared/credits';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import type { StripeEventData } from '../../lib/stripe-gateway';
import { localDay, stripeAmountToMinor } from '../finance-stripe/finance-stripe.service';
import { categoryIdByKey, ensureFinanceSetup, getDefaultAccount } from '../finance/finance.service';

// What the org pays us (its plan's invoices, credit packs) is an expense in its own books: one
// row per Stripe invoice or checkout session (source billing, sourceRef = that id), written in the
// webhook's transaction so it lands exactly once whatever the order or number of deliveries.

type Obj = Record<string, unknown>;
type Row = Prisma.FinanceTransactionCreateManyInput;

/** Whom the org paid, as its books name us. */
export const PLATFORM_COUNTERPARTY = 'AI CEO';

type PlatformCharge = {
  orgId: string;
  sourceRef: string;
  /** In Stripe's unit of `currency`. */
  amount: number;
  currency: string;
  /** Seconds since the epoch: when it was paid. */
  paidAt: number;
  description: string;
};

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A paid plan invoice (orgId from its customer) or a paid credit-pack checkout; null for anything else or nothing paid. */
const platformChargeOf = (event: StripeEventData, customerOrgId: string | null): PlatformCharge | null => {
  const object = event.object;
  const id = str(object['id']);
  const currency = str(object['currency']);
  if (!id || !currency) return null;
  if (event.type === 'invoice.paid') {
    const amount = num(object['amount_paid']);
    if (!customerOrgId || !amount || amount <= 0) return null;
    const paidAt = num((object['status_transitions'] as Obj | undefined)?.['paid_at']) ?? event.created;
    const number = str(object['number']);
    return {
      orgId: customerOrgId,
      sourceRef: id,
      amount,
      currency,
      paidAt,
      description: `AI CEO plan, invoice ${number ?? id}`,
    };
  }
  if (
    event.type === 'checkout.session.completed' &&
    object['mode'] === 'payment' &&
    object['payment_status'] === 'paid'
  ) {
    const metadata = (object['metadata'] ?? {}) as Obj;
    const orgId = str(metadata['orgId']);
    const pack = findCreditPack(str(metadata['packId']) ?? '');
    const amount = num(object['amount_total']);
    if (!orgId || !UUID.test(orgId) || !pack || !amount || amount <= 0) return null;
    return {
      orgId,
      sourceRef: id,
      amount,
      currency,
      paidAt: event.created,
      description: `AI CEO credits: ${pack.credits} credits`,
    };
  }
  return null;
};

/**
 * The account the charge left: the org's bank or card account in the charged currency, else its default
 * account when that is in the currency, else a card account in the currency ("Card (USD)"), made once.
 * Never an account of another currency: its balance would add up two currencies.
 */
const accountFor = async (deps: Pick<Deps, 'db'>, { orgId, currency }: { orgId: string; currency: string }) => {
  const find = () =>
    deps.db.financeAccount.findFirst({
      where: { orgId, currency, kind: { in: ['bank', 'card'] }, archivedAt: null },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
  const same = await find();
  if (same) return same;
  const fallback = await getDefaultAccount(deps, { orgId });
  if (fallback.currency === currency) return fallback;
  await deps.db.financeAccount.createMany({
    data: [{ orgId, name: `Card (${currency})`, kind: 'card', currency }],
    skipDuplicates: true,
  });
  return (await find()) ?? fallback;
};

/**
 * The books row an event asks for, prepared before the webhook's transaction opens (the finance
 * setup it may create is idempotent, and on PGlite nothing may query beside an open transaction).
 * Null when the event is no payment to us or the org is gone.
 */
export const platformExpenseFor = async (
  deps: Pick<Deps, 'db'>,
  { event, customerOrgId }: { event: StripeEventData; customerOrgId: string | null },
): Promise<Row | null> => {
  const charge = platformChargeOf(event, customerOrgId);
  if (!charge) return null;
  const { orgId } = charge;
  const org = await deps.db.organization.findFirst({ where: { id: orgId }, select: { timezone: true } });
  if (!org) return null;
  await ensureFinanceSetup(deps, { orgId });
  const currency = charge.currency.toUpperCase();
  const [account, categoryId] = await Promise.all([
    accountFor(deps, { orgId, currency }),
    categoryIdByKey(deps, { orgId, key: 'platform_fees' }),
  ]);
  return {
    orgId,
    accountId: account.id,
    date: localDay(charge.paidAt, org.timezone),
    amountMinor: -BigInt(stripeAmountToMinor(charge.amount, currency)),
    currency,
    counterparty: PLATFORM_COUNTERPARTY,
    description: charge.description,
    categoryId,
    source: 'billing',
    sourceRef: charge.sourceRef,
    tags: [],
  };
};

/** Inside the webhook's transaction: a second delivery (another event id for the same invoice) writes nothing. */
export const recordPlatformExpense = async (tx: Prisma.TransactionClient, row: Row | null): Promise<void> => {
  if (row) await tx.financeTransaction.createMany({ data: [row], skipDuplicates: true });
};
