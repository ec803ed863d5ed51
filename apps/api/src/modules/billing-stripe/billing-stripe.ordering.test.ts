import request from 'supertest';
import { stripeFixtures } from '@aiceo/stand-ins/stripe/fixtures';
import type { StripeObject, StripeStandIn } from '@aiceo/stand-ins/stripe/stand-in';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { startStripeTestApp, type StripeTestApp } from '../../testing/stripe-test-app';
import type { TestContext } from '../../testing/test-app';

// Stripe does not deliver events in the order it created them. Each case below sends the same
// signed events in every possible order through POST /api/billing/webhook, each order to an org
// of its own, and expects the one state that the newest fact describes.
const DAY_MS = 86_400_000;
const MONTH_SECONDS = 30 * 24 * 3600;
const PRO = 'price_local_pro';
const ENTERPRISE = 'price_local_enterprise';

type Kind = 'created' | 'past_due' | 'paid' | 'failed' | 'deleted';
/** One event of a case: what it says, `at` seconds after the case's start, about subscription A or B. */
type Spec = { kind: Kind; at: number; sub?: 'A' | 'B'; status?: string; priceId?: string };

const TYPE_OF: Record<Kind, string> = {
  created: 'customer.subscription.created',
  past_due: 'customer.subscription.updated',
  paid: 'invoice.paid',
  failed: 'invoice.payment_failed',
  deleted: 'customer.subscription.deleted',
};

const labelOf = (spec: Spec): string => `${spec.sub ? `${spec.sub}.` : ''}${spec.kind}@+${spec.at}s`;

const permutations = <T>(items: T[]): T[][] =>
  items.length <= 1
    ? [items]
    : items.flatMap((item, i) => permutations(items.filter((_, j) => j !== i)).map((rest) => [item, ...rest]));

/** Every order of `specs`, as it.each rows: [the order in words, the specs in that order]. */
const ordersOf = (specs: Spec[]): Array<[string, Spec[]]> =>
  permutations(specs).map((order) => [order.map(labelOf).join(' → '), order]);

describe('POST /api/billing/webhook: every delivery order ends where the newest fact says', () => {
  let stripeApp: StripeTestApp;
  let t: TestContext;
  let standIn: StripeStandIn;

  beforeAll(async () => {
    stripeApp = await startStripeTestApp();
    ({ t, standIn } = stripeApp);
  });
  afterAll(() => stripeApp.close());

  /** An org with a Stripe customer (checkout started, nothing paid yet) and no subscription events. */
  const customerOrg = async (): Promise<{ org: SeededOrg; customer: string }> => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/billing/checkout`)
      .set(bearer(org.owner.token))
      .send({ plan: 'pro' });
    expect(res.status).toBe(200);
    const account = await t.deps.db.billingAccount.findUniqueOrThrow({
      where: { orgId: org.id },
      select: { stripeCustomerId: true },
    });
    return { org, customer: account.stripeCustomerId };
  };

  /** A subscription in Stripe's shape (the stand-in's fixture), as one event shows it. */
  const subscription = (options: {
    id: string;
    customer: string;
    started: number;
    status: string;
    priceId: string;
  }): StripeObject => {
    const template = structuredClone(stripeFixtures['subscription'] ?? {});
    const items = template['items'] as { data: StripeObject[] };
    const item = items.data[0] ?? {};
    const price = { ...(item['price'] as StripeObject), id: options.priceId };
    const periodEnd = options.started + MONTH_SECONDS;
    return {
      ...template,
      id: options.id,
      customer: options.customer,
      status: options.status,
      created: options.started,
      items: { ...items, data: [{ ...item, subscription: options.id, price, current_period_end: periodEnd }] },
    };
  };
  const invoice = (subscriptionId: string, customer: string): StripeObject => ({
    ...structuredClone(stripeFixtures['invoice'] ?? {}),
    id: `in_test_${Math.random().toString(36).slice(2)}`,
    customer,
    parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: {} } },
  });

  const send = (payload: string) =>
    request(t.app)
      .post('/api/billing/webhook')
      .set('content-type', 'application/json')
      .set('stripe-signature', standIn.signature(payload))
      .send(payload);

  const randomId = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2)}`;

  /**
   * A fresh org, then the specs delivered in the given order as signed events (each answered 200
   * as new). Subscription A starts at the case's start, B at `bStarts` seconds after it.
   */
  const runCase = async (order: Spec[], options: { before?: Spec[]; bStarts?: number } = {}) => {
    const { org, customer } = await customerOrg();
    const start = Math.floor(t.clock.now().getTime() / 1000);
    const subs = {
      A: { id: randomId('sub_test_a'), started: start },
      B: { id: randomId('sub_test_b'), started: start + (options.bStarts ?? 0) },
    };
    const eventOf = (spec: Spec) => {
      const sub = subs[spec.sub ?? 'A'];
      const status =
        spec.status ?? (spec.kind === 'past_due' ? 'past_due' : spec.kind === 'deleted' ? 'canceled' : 'active');
      const object =
        spec.kind === 'paid' || spec.kind === 'failed'
          ? invoice(sub.id, customer)
          : subscription({ id: sub.id, customer, started: sub.started, status, priceId: spec.priceId ?? PRO });
      return standIn.buildEvent(TYPE_OF[spec.kind], object, start + spec.at);
    };
    const payloads: string[] = [];
    for (const spec of [...(options.before ?? []), ...order]) {
      const payload = JSON.stringify(eventOf(spec));
      const res = await send(payload);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true, duplicate: false });
      payloads.push(payload);
    }
    return { org, start, subs, payloads };
  };

  const outcomeOf = async (orgId: string) => {
    const account = await t.deps.db.billingAccount.findUniqueOrThrow({
      where: { orgId },
      select: {
        stripeSubscriptionId: true,
        stripePriceId: true,
        subscriptionStatus: true,
        pastDueSince: true,
        plan: true,
      },
    });
    const org = await t.deps.db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { plan: true } });
    return { ...account, orgPlan: org.plan };
  };
  /** What outcomeOf must answer: the org's plan follows the account's. */
  const outcome = (o: {
    subscriptionId: string;
    status: string;
    plan: string;
    priceId?: string;
    pastDueSince?: Date;
  }) => ({
    stripeSubscriptionId: o.subscriptionId,
    stripePriceId: o.priceId ?? PRO,
    subscriptionStatus: o.status,
    pastDueSince: o.pastDueSince ?? null,
    plan: o.plan,
    orgPlan: o.plan,
  });
  const at = (seconds: number): Date => new Date(seconds * 1000);

  describe('created, past_due, paid, deleted (a minute apart)', () => {
    const specs: Spec[] = [
      { kind: 'created', at: 0 },
      { kind: 'past_due', at: 60 },
      { kind: 'paid', at: 120 },
      { kind: 'deleted', at: 180 },
    ];

    it.each(ordersOf(specs))(
      'when they arrive as %s, then the subscription is canceled with no grace and the org free, and redeliveries change nothing',
      async (_, order) => {
        const { org, subs, payloads } = await runCase(order);
        const before = await outcomeOf(org.id);
        const replays = [];
        for (const payload of payloads) replays.push((await send(payload)).body);

        expect(before).toEqual(outcome({ subscriptionId: subs.A.id, status: 'canceled', plan: 'free' }));
        expect(replays).toEqual(payloads.map(() => ({ received: true, duplicate: true })));
        expect(await outcomeOf(org.id)).toEqual(before);
        expect(await t.deps.db.stripeEvent.count({ where: { orgId: org.id } })).toBe(4);
      },
    );
  });

  describe('created, past_due, paid (paid is newest)', () => {
    const specs: Spec[] = [
      { kind: 'created', at: 0 },
      { kind: 'past_due', at: 60 },
      { kind: 'paid', at: 120 },
    ];

    it.each(ordersOf(specs))(
      'when they arrive as %s, then the subscription is active with no grace and the org keeps pro',
      async (_, order) => {
        const { org, subs } = await runCase(order);

        expect(await outcomeOf(org.id)).toEqual(outcome({ subscriptionId: subs.A.id, status: 'active', plan: 'pro' }));
      },
    );
  });

  describe('created, paid, past_due (past_due is newest)', () => {
    const specs: Spec[] = [
      { kind: 'created', at: 0 },
      { kind: 'paid', at: 60 },
      { kind: 'past_due', at: 120 },
    ];

    it.each(ordersOf(specs))(
      'when they arrive as %s, then the subscription is past_due with grace counted from the past_due fact',
      async (_, order) => {
        const { org, start, subs } = await runCase(order);
        const billing = await request(t.app).get(`/api/orgs/${org.id}/billing`).set(bearer(org.owner.token));

        const pastDueSince = at(start + 120);
        expect(await outcomeOf(org.id)).toEqual(
          outcome({ subscriptionId: subs.A.id, status: 'past_due', pastDueSince, plan: 'pro' }),
        );
        expect(billing.body).toMatchObject({
          plan: 'pro',
          status: 'past_due',
          pastDueSince: pastDueSince.toISOString(),
          graceEndsAt: new Date(pastDueSince.getTime() + t.deps.env.BILLING_GRACE_DAYS * DAY_MS).toISOString(),
        });
      },
    );
  });

  describe('created, failed payment, past_due (one unbroken past_due stretch)', () => {
    const specs: Spec[] = [
      { kind: 'created', at: 0 },
      { kind: 'failed', at: 60 },
      { kind: 'past_due', at: 120 },
    ];

    it.each(ordersOf(specs))(
      'when they arrive as %s, then grace is counted from the failed payment, the first past_due fact',
      async (_, order) => {
        const { org, start, subs } = await runCase(order);

        expect(await outcomeOf(org.id)).toEqual(
          outcome({ subscriptionId: subs.A.id, status: 'past_due', pastDueSince: at(start + 60), plan: 'pro' }),
        );
      },
    );
  });

  describe('ties: facts created in the same second', () => {
    const all: Spec[] = [
      { kind: 'created', at: 0 },
      { kind: 'past_due', at: 0 },
      { kind: 'paid', at: 0 },
      { kind: 'deleted', at: 0 },
    ];

    it.each(ordersOf(all))(
      'when all four share one second and arrive as %s, then deleted wins: canceled and free',
      async (_, order) => {
        const { org, subs } = await runCase(order);

        expect(await outcomeOf(org.id)).toEqual(
          outcome({ subscriptionId: subs.A.id, status: 'canceled', plan: 'free' }),
        );
      },
    );

    const payment: Spec[] = [
      { kind: 'created', at: 0 },
      { kind: 'past_due', at: 60 },
      { kind: 'failed', at: 60 },
      { kind: 'paid', at: 60 },
    ];

    it.each(ordersOf(payment))(
      'when past_due, a failed and a cleared payment share one second and arrive as %s, then the cleared payment wins',
      async (_, order) => {
        const { org, subs } = await runCase(order);

        expect(await outcomeOf(org.id)).toEqual(outcome({ subscriptionId: subs.A.id, status: 'active', plan: 'pro' }));
      },
    );
  });

  describe('an older subscription next to a newer one', () => {
    // A began and was paid first; B (enterprise) began 2 minutes later. A's late past_due and its
    // deletion (newer than all of B's events) must not touch B.
    const before: Spec[] = [
      { kind: 'created', at: 0, sub: 'A' },
      { kind: 'paid', at: 0, sub: 'A' },
    ];
    const rest: Spec[] = [
      { kind: 'past_due', at: 60, sub: 'A' },
      { kind: 'created', at: 120, sub: 'B', priceId: ENTERPRISE },
      { kind: 'paid', at: 120, sub: 'B' },
      { kind: 'deleted', at: 240, sub: 'A' },
    ];

    it.each(ordersOf(rest))(
      'when the rest arrive as %s, then the org follows the newer subscription: active enterprise',
      async (_, order) => {
        const { org, subs } = await runCase(order, { before, bStarts: 120 });

        expect(await outcomeOf(org.id)).toEqual(
          outcome({ subscriptionId: subs.B.id, priceId: ENTERPRISE, status: 'active', plan: 'enterprise' }),
        );
      },
    );
  });

  describe('a first payment that fails', () => {
    const specs: Spec[] = [
      { kind: 'created', at: 0, status: 'incomplete' },
      { kind: 'failed', at: 0 },
    ];

    it.each(ordersOf(specs))(
      'when they arrive as %s, then the subscription stays incomplete (no grace period) and the org stays free',
      async (_, order) => {
        const { org, subs } = await runCase(order);

        expect(await outcomeOf(org.id)).toEqual(
          outcome({ subscriptionId: subs.A.id, status: 'incomplete', plan: 'free' }),
        );
      },
    );
  });
});
