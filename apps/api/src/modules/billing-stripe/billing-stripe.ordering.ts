import { LIVE_STATUSES } from './billing-stripe.service';

/** What one Stripe event says about one subscription (the columns StripeEvent keeps for this). */
export type SubscriptionFact = {
  id: string;
  type: string;
  created: Date;
  subscriptionId: string;
  subscriptionStatus: string | null;
  priceId: string | null;
  periodEnd: Date | null;
  subscriptionCreated: Date | null;
};

/** The subscription fields of BillingAccount: what the facts of its current subscription add up to. */
export type SubscriptionState = {
  stripeSubscriptionId: string | null;
  stripePriceId: string | null;
  subscriptionStatus: string | null;
  currentPeriodEnd: Date | null;
  pastDueSince: Date | null;
  lastEventCreatedAt: Date | null;
};

const EMPTY: SubscriptionState = {
  stripeSubscriptionId: null,
  stripePriceId: null,
  subscriptionStatus: null,
  currentPeriodEnd: null,
  pastDueSince: null,
  lastEventCreatedAt: null,
};

/**
 * Order within one second (Stripe's `created` has 1-second resolution): the first snapshot, later
 * snapshots, then payment outcomes, a cleared payment after a failed one, deletion last. A payment
 * outcome beats a snapshot of the same second because Stripe sends the matching update with it,
 * and money received is the stronger fact. Equal ranks fall back to the event id: arbitrary, but
 * the same for every delivery order.
 */
const SAME_SECOND_RANK: Record<string, number> = {
  'customer.subscription.created': 0,
  'customer.subscription.updated': 1,
  'invoice.payment_failed': 2,
  'invoice.paid': 3,
  'customer.subscription.deleted': 4,
};

const compareFacts = (a: SubscriptionFact, b: SubscriptionFact): number =>
  a.created.getTime() - b.created.getTime() ||
  (SAME_SECOND_RANK[a.type] ?? 0) - (SAME_SECOND_RANK[b.type] ?? 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Statuses Stripe never leaves: once there, later facts (even newer ones) change nothing. */
const TERMINAL_STATUSES = new Set(['canceled', 'incomplete_expired']);

const isSnapshot = (fact: SubscriptionFact): boolean => fact.type.startsWith('customer.subscription.');

const statusAfter = (status: string | null, fact: SubscriptionFact): string | null => {
  switch (fact.type) {
    case 'customer.subscription.deleted':
      return 'canceled';
    case 'invoice.paid':
      return 'active';
    case 'invoice.payment_failed':
      // Only a paying subscription falls past_due; one whose first payment failed stays incomplete, as in Stripe.
      return status !== null && LIVE_STATUSES.has(status) ? 'past_due' : status;
    default:
      return fact.subscriptionStatus ?? 'incomplete';
  }
};

/** The state once `fact` is added, when `state` is the fold of every fact ordered before it. */
export const step = (state: SubscriptionState, fact: SubscriptionFact): SubscriptionState => {
  if (state.subscriptionStatus !== null && TERMINAL_STATUSES.has(state.subscriptionStatus)) return state;
  const status = statusAfter(state.subscriptionStatus, fact);
  const snapshot = isSnapshot(fact);
  const stillPastDue = status === 'past_due' && state.subscriptionStatus === 'past_due';
  return {
    stripeSubscriptionId: fact.subscriptionId,
    stripePriceId: snapshot ? fact.priceId : state.stripePriceId,
    subscriptionStatus: status,
    currentPeriodEnd: snapshot ? fact.periodEnd : state.currentPeriodEnd,
    // Grace runs from the first fact of an unbroken past_due stretch.
    pastDueSince: status !== 'past_due' ? null : stillPastDue && state.pastDueSince ? state.pastDueSince : fact.created,
    lastEventCreatedAt: fact.created,
  };
};

/**
 * Whether one `step` on the stored state gives the same as a replay: the fact is about the
 * subscription the state follows and newer than every fact folded into it (ties replay, so the
 * same-second rank decides). A null lastEventCreatedAt with a subscription is a state set before
 * events kept their facts; it can only move forward.
 */
export const isNextFact = (state: SubscriptionState, fact: SubscriptionFact): boolean =>
  state.stripeSubscriptionId === fact.subscriptionId &&
  (state.lastEventCreatedAt === null || fact.created.getTime() > state.lastEventCreatedAt.getTime());

/** When a subscription began: its own `created`, else its earliest snapshot. */
const startOf = (snapshots: SubscriptionFact[]): number =>
  Math.min(...snapshots.map((fact) => (fact.subscriptionCreated ?? fact.created).getTime()));

/**
 * The state every recorded fact of an org adds up to, whatever order they arrived in: the
 * subscription that began last is the org's (a late event about an older one never touches it),
 * and its facts fold in `created` order. Null when no subscription has a snapshot on record (an
 * invoice alone names no plan), so the stored state stands.
 */
export const replay = (facts: SubscriptionFact[]): SubscriptionState | null => {
  const bySubscription = new Map<string, SubscriptionFact[]>();
  for (const fact of facts) {
    const own = bySubscription.get(fact.subscriptionId);
    if (own) own.push(fact);
    else bySubscription.set(fact.subscriptionId, [fact]);
  }
  let current: { id: string; start: number; facts: SubscriptionFact[] } | null = null;
  for (const [id, own] of bySubscription) {
    const snapshots = own.filter(isSnapshot);
    if (snapshots.length === 0) continue;
    const start = startOf(snapshots);
    if (!current || start > current.start || (start === current.start && id > current.id))
      current = { id, start, facts: own };
  }
  return current ? [...current.facts].sort(compareFacts).reduce(step, EMPTY) : null;
};
