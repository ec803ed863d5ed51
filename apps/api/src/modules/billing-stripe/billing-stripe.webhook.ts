import { Prisma } from '../../generated/prisma/client';
import type { Deps } from '../../deps';
import type { StripeEventData } from '../../lib/stripe-gateway';
import { recordPackPurchase } from '../credits/credits.service';
import { platformExpenseFor, recordPlatformExpense } from './billing-stripe.books';
import { isNextFact, replay, step, type SubscriptionFact, type SubscriptionState } from './billing-stripe.ordering';
import { recordMrrChange } from '../platform/mrr.service';
import { mrrPlanOf, planFromSubscription } from './billing-stripe.service';

type Tx = Prisma.TransactionClient;
type Obj = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
/** Stripe sends related objects as an id or, when expanded, as the object. */
const idOf = (value: unknown): string | null =>
  str(value) ?? (value && typeof value === 'object' ? str((value as Obj)['id']) : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const fromUnix = (seconds: number | null): Date | null => (seconds === null ? null : new Date(seconds * 1000));

/** Price and period live on the first item since API 2025-03 (on the subscription before). */
const subscriptionFacts = (sub: Obj) => {
  const items = (sub['items'] as { data?: Obj[] } | undefined)?.data ?? [];
  const item = items[0] ?? {};
  return {
    subscriptionId: str(sub['id']),
    subscriptionStatus: str(sub['status']),
    priceId: idOf(item['price']),
    periodEnd: fromUnix(num(item['current_period_end']) ?? num(sub['current_period_end'])),
    subscriptionCreated: fromUnix(num(sub['created'])),
  };
};

/** The subscription an invoice bills (in `parent` since API 2025-03, on the invoice before). */
const invoiceSubscription = (invoice: Obj): string | null => {
  const parent = invoice['parent'] as { subscription_details?: { subscription?: unknown } } | null | undefined;
  return idOf(parent?.subscription_details?.subscription) ?? idOf(invoice['subscription']);
};

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

type FactColumns = Omit<SubscriptionFact, 'id' | 'type' | 'created'>;

/** What a subscription or subscription-invoice event says, as StripeEvent stores it; null for other events. */
const factColumnsOf = (event: StripeEventData): FactColumns | null => {
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const facts = subscriptionFacts(event.object);
      return facts.subscriptionId ? { ...facts, subscriptionId: facts.subscriptionId } : null;
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const subscriptionId = invoiceSubscription(event.object);
      if (!subscriptionId) return null;
      return { subscriptionId, subscriptionStatus: null, priceId: null, periodEnd: null, subscriptionCreated: null };
    }
    default:
      return null;
  }
};

const factSelect = {
  id: true,
  type: true,
  created: true,
  subscriptionId: true,
  subscriptionStatus: true,
  priceId: true,
  periodEnd: true,
  subscriptionCreated: true,
} as const;

/** Every fact recorded for the org (this event's included), for a replay in `created` order. */
const recordedFacts = async (tx: Tx, orgId: string): Promise<SubscriptionFact[]> => {
  const rows = await tx.stripeEvent.findMany({ where: { orgId, subscriptionId: { not: null } }, select: factSelect });
  return rows.flatMap(({ subscriptionId, ...row }) => (subscriptionId ? [{ ...row, subscriptionId }] : []));
};

const stateSelect = {
  stripeSubscriptionId: true,
  stripePriceId: true,
  subscriptionStatus: true,
  currentPeriodEnd: true,
  pastDueSince: true,
  lastEventCreatedAt: true,
  plan: true,
} as const;

const sameTime = (a: Date | null, b: Date | null): boolean => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const sameState = (a: SubscriptionState, b: SubscriptionState): boolean =>
  a.stripeSubscriptionId === b.stripeSubscriptionId &&
  a.stripePriceId === b.stripePriceId &&
  a.subscriptionStatus === b.subscriptionStatus &&
  sameTime(a.currentPeriodEnd, b.currentPeriodEnd) &&
  sameTime(a.pastDueSince, b.pastDueSince) &&
  sameTime(a.lastEventCreatedAt, b.lastEventCreatedAt);

/**
 * Brings the org's billing to what all its recorded facts say. An event newer than everything
 * folded so far is one step on the stored state; any other (older, same second, another
 * subscription) replays the org's facts, so every delivery order ends in the same state.
 */
const applyFact = async (
  { env, clock }: Pick<Deps, 'env' | 'clock'>,
  { tx, orgId, fact }: { tx: Tx; orgId: string; fact: SubscriptionFact },
): Promise<boolean> => {
  const { plan: storedPlan, ...stored } = await tx.billingAccount.findUniqueOrThrow({
    where: { orgId },
    select: stateSelect,
  });
  const next = isNextFact(stored, fact) ? step(stored, fact) : replay(await recordedFacts(tx, orgId));
  if (!next) return false;
  const { subscriptionStatus: status, stripePriceId: priceId, pastDueSince } = next;
  const plan = planFromSubscription(env, { status, priceId, pastDueSince }, clock.now());
  if (plan === storedPlan && sameState(stored, next)) return false;
  await tx.billingAccount.update({ where: { orgId }, data: { ...next, plan }, select: { orgId: true } });
  await tx.organization.update({ where: { id: orgId }, data: { plan }, select: { id: true } });
  // The MRR history: the event id is the source key, so a redelivered event writes nothing.
  await recordMrrChange(tx, {
    orgId,
    planTo: mrrPlanOf(env, next),
    occurredAt: next.lastEventCreatedAt ?? fact.created,
    sourceKey: `stripe:${fact.id}`,
  });
  return true;
};

const customerOf = (event: StripeEventData): string | null => idOf(event.object['customer']);

/** Records an event that changes no subscription state (checkout completed, refunds, unknown types). */
const recordOnly = (event: StripeEventData) => ({
  objectId: idOf(event.object['id']),
  amount: event.type === 'charge.refunded' ? num(event.object['amount_refunded']) : null,
});

/** A paid credit-pack checkout (payment mode, metadata from the credits module), or null. */
const creditPackOf = (event: StripeEventData): { orgId: string; packId: string; sessionId: string } | null => {
  if (
    event.type !== 'checkout.session.completed' ||
    event.object['mode'] !== 'payment' ||
    event.object['payment_status'] !== 'paid'
  )
    return null;
  const metadata = (event.object['metadata'] ?? {}) as Obj;
  const orgId = str(metadata['orgId']);
  const packId = str(metadata['packId']);
  const sessionId = str(event.object['id']);
  return orgId && packId && sessionId ? { orgId, packId, sessionId } : null;
};

export type WebhookOutcome = { duplicate: boolean; applied: boolean };

const orgOfCustomer = async ({ db }: Pick<Deps, 'db'>, customerId: string): Promise<string | null> =>
  (await db.billingAccount.findFirst({ where: { stripeCustomerId: customerId }, select: { orgId: true } }))?.orgId ??
  null;

/**
 * Applies one verified event exactly once: its id goes into StripeEvent in the same
 * transaction as its effect, so a replay (or a concurrent duplicate) changes nothing.
 * No outbound calls here: Stripe waits for the answer.
 */
export const handleStripeEvent = async (
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  event: StripeEventData,
): Promise<WebhookOutcome> => {
  const customerId = customerOf(event);
  // The org's books row for a payment to us, looked up before the transaction opens.
  const expense = await platformExpenseFor(deps, {
    event,
    customerOrgId: event.type === 'invoice.paid' && customerId ? await orgOfCustomer(deps, customerId) : null,
  });
  try {
    return await deps.db.$transaction(async (tx: Tx) => {
      // Locks the org's billing row, so events for one org apply one after another.
      const locked = customerId
        ? await tx.$queryRaw<
            { orgId: string }[]
          >`SELECT "orgId" FROM "BillingAccount" WHERE "stripeCustomerId" = ${customerId} FOR UPDATE`
        : [];
      const orgId = locked[0]?.orgId ?? null;
      const created = new Date(event.created * 1000);
      const factColumns = factColumnsOf(event);
      await tx.stripeEvent.create({
        data: {
          id: event.id,
          type: event.type,
          created,
          orgId,
          ...recordOnly(event),
          ...factColumns,
          processedAt: deps.clock.now(),
        },
        select: { id: true },
      });
      await recordPlatformExpense(tx, expense);
      const pack = creditPackOf(event);
      if (pack) return { duplicate: false, applied: await recordPackPurchase(tx, { ...pack, now: deps.clock.now() }) };
      if (!orgId || !factColumns) return { duplicate: false, applied: false };
      const fact = { id: event.id, type: event.type, created, ...factColumns };
      return { duplicate: false, applied: await applyFact(deps, { tx, orgId, fact }) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { duplicate: true, applied: false };
    throw error;
  }
};
