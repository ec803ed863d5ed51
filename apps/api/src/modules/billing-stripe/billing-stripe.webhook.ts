import { Prisma } from '../../generated/prisma/client';
import type { Deps } from '../../deps';
import type { StripeEventData } from '../../lib/stripe-gateway';
import { recordPackPurchase } from '../credits/credits.service';
import { planFromSubscription } from './billing-stripe.service';

type Tx = Prisma.TransactionClient;
type Obj = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
/** Stripe sends related objects as an id or, when expanded, as the object. */
const idOf = (value: unknown): string | null => str(value) ?? (value && typeof value === 'object' ? str((value as Obj)['id']) : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const fromUnix = (seconds: number | null): Date | null => (seconds === null ? null : new Date(seconds * 1000));

/** Price and period live on the first item since API 2025-03 (on the subscription before). */
const subscriptionFacts = (sub: Obj) => {
  const items = (sub['items'] as { data?: Obj[] } | undefined)?.data ?? [];
  const item = items[0] ?? {};
  return {
    id: str(sub['id']),
    status: str(sub['status']),
    priceId: idOf(item['price']),
    currentPeriodEnd: fromUnix(num(item['current_period_end']) ?? num(sub['current_period_end'])),
  };
};

/** The subscription an invoice bills (in `parent` since API 2025-03, on the invoice before). */
const invoiceSubscription = (invoice: Obj): string | null => {
  const parent = invoice['parent'] as { subscription_details?: { subscription?: unknown } } | null | undefined;
  return idOf(parent?.subscription_details?.subscription) ?? idOf(invoice['subscription']);
};

const isUniqueViolation = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

type Account = {
  orgId: string;
  stripeSubscriptionId: string | null;
  stripePriceId: string | null;
  subscriptionStatus: string | null;
  pastDueSince: Date | null;
  lastEventCreatedAt: Date | null;
};
type Change = Partial<Omit<Account, 'orgId'>> & { currentPeriodEnd?: Date | null };

/**
 * What an event changes, or null when it must not change anything: it is older than what
 * is stored, or it is about a subscription that has already ended or been replaced.
 */
const decide = (event: StripeEventData, account: Account): Change | null => {
  const created = new Date(event.created * 1000);
  const stale = account.lastEventCreatedAt !== null && created.getTime() < account.lastEventCreatedAt.getTime();
  const ended = account.subscriptionStatus === 'canceled';
  const object = event.object;

  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = subscriptionFacts(object);
      if (!sub.id) return null;
      const same = sub.id === account.stripeSubscriptionId;
      if (event.type === 'customer.subscription.deleted') {
        // Ending is final for that subscription, whatever order it arrives in; an old one ending leaves a newer one alone.
        if (account.stripeSubscriptionId && !same) return null;
        return { stripeSubscriptionId: sub.id, subscriptionStatus: 'canceled', pastDueSince: null, currentPeriodEnd: sub.currentPeriodEnd, lastEventCreatedAt: laterOf(account.lastEventCreatedAt, created) };
      }
      if (same && ended) return null;
      if (stale) return null;
      const status = sub.status ?? 'incomplete';
      return {
        stripeSubscriptionId: sub.id,
        stripePriceId: sub.priceId,
        subscriptionStatus: status,
        currentPeriodEnd: sub.currentPeriodEnd,
        pastDueSince: status === 'past_due' ? (same && account.pastDueSince ? account.pastDueSince : created) : null,
        lastEventCreatedAt: created,
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const subscriptionId = invoiceSubscription(object);
      // Only about the subscription we track, and only while it lives; a first invoice before its subscription event changes nothing.
      if (!subscriptionId || subscriptionId !== account.stripeSubscriptionId || ended || stale) return null;
      if (event.type === 'invoice.paid') return { subscriptionStatus: 'active', pastDueSince: null, lastEventCreatedAt: created };
      return { subscriptionStatus: 'past_due', pastDueSince: account.pastDueSince ?? created, lastEventCreatedAt: created };
    }
    default:
      return null;
  }
};

const laterOf = (a: Date | null, b: Date): Date => (a && a.getTime() > b.getTime() ? a : b);

const customerOf = (event: StripeEventData): string | null => idOf(event.object['customer']);

/** Records an event that changes no subscription state (checkout completed, refunds, unknown types). */
const recordOnly = (event: StripeEventData) => ({
  objectId: idOf(event.object['id']),
  amount: event.type === 'charge.refunded' ? num(event.object['amount_refunded']) : null,
});

/** A paid credit-pack checkout (payment mode, metadata from the credits module), or null. */
const creditPackOf = (event: StripeEventData): { orgId: string; packId: string; sessionId: string } | null => {
  if (event.type !== 'checkout.session.completed' || event.object['mode'] !== 'payment' || event.object['payment_status'] !== 'paid') return null;
  const metadata = (event.object['metadata'] ?? {}) as Obj;
  const orgId = str(metadata['orgId']);
  const packId = str(metadata['packId']);
  const sessionId = str(event.object['id']);
  return orgId && packId && sessionId ? { orgId, packId, sessionId } : null;
};

export type WebhookOutcome = { duplicate: boolean; applied: boolean };

/**
 * Applies one verified event exactly once: its id goes into StripeEvent in the same
 * transaction as its effect, so a replay (or a concurrent duplicate) changes nothing.
 * No outbound calls here: Stripe waits for the answer.
 */
export const handleStripeEvent = async (deps: Pick<Deps, 'db' | 'env' | 'clock'>, event: StripeEventData): Promise<WebhookOutcome> => {
  const customerId = customerOf(event);
  try {
    return await deps.db.$transaction(async (tx: Tx) => {
      // Locks the org's billing row, so events for one org apply one after another.
      const locked = customerId
        ? await tx.$queryRaw<{ orgId: string }[]>`SELECT "orgId" FROM "BillingAccount" WHERE "stripeCustomerId" = ${customerId} FOR UPDATE`
        : [];
      const orgId = locked[0]?.orgId ?? null;
      await tx.stripeEvent.create({
        data: { id: event.id, type: event.type, created: new Date(event.created * 1000), orgId, ...recordOnly(event), processedAt: deps.clock.now() },
        select: { id: true },
      });
      const pack = creditPackOf(event);
      if (pack) return { duplicate: false, applied: await recordPackPurchase(tx, { ...pack, now: deps.clock.now() }) };
      if (!orgId) return { duplicate: false, applied: false };
      const account = await tx.billingAccount.findUniqueOrThrow({
        where: { orgId },
        select: { orgId: true, stripeSubscriptionId: true, stripePriceId: true, subscriptionStatus: true, pastDueSince: true, lastEventCreatedAt: true },
      });
      const change = decide(event, account);
      if (!change) return { duplicate: false, applied: false };
      const next = { ...account, ...change };
      const plan = planFromSubscription(deps.env, { status: next.subscriptionStatus, priceId: next.stripePriceId, pastDueSince: next.pastDueSince }, deps.clock.now());
      await tx.billingAccount.update({ where: { orgId }, data: { ...change, plan }, select: { orgId: true } });
      await tx.organization.update({ where: { id: orgId }, data: { plan }, select: { id: true } });
      return { duplicate: false, applied: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { duplicate: true, applied: false };
    throw error;
  }
};
