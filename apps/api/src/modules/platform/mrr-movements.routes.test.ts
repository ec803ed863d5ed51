import request from 'supertest';
import { stripeFixtures } from '@aiceo/stand-ins/stripe/fixtures';
import type { StripeObject, StripeStandIn } from '@aiceo/stand-ins/stripe/stand-in';
import { bearer, seedOrg, seedUser, type SeededOrg, type SeededUser } from '../../testing/seed';
import { startStripeTestApp, type StripeTestApp } from '../../testing/stripe-test-app';
import type { TestContext } from '../../testing/test-app';

// Every change of an org's paying state writes one MrrMovement in the same transaction: a Stripe
// event (source key stripe:<event id>, so a redelivery writes nothing) or an admin's plan change.
const MONTH_SECONDS = 30 * 24 * 3600;
const PRO = 'price_local_pro';
const ENTERPRISE = 'price_local_enterprise';

describe('MRR movements', () => {
  let stripeApp: StripeTestApp;
  let t: TestContext;
  let standIn: StripeStandIn;
  let admin: SeededUser;
  const unixNow = () => Math.floor(t.clock.now().getTime() / 1000);

  beforeAll(async () => {
    stripeApp = await startStripeTestApp();
    ({ t, standIn } = stripeApp);
    admin = await seedUser(t.deps, { isPlatformAdmin: true });
  });
  afterAll(() => stripeApp.close());

  const movementsOf = (orgId: string) =>
    t.deps.db.mrrMovement.findMany({
      where: { orgId },
      orderBy: [{ occurredAt: 'asc' }, { createdAt: 'asc' }],
      select: { kind: true, fromCents: true, toCents: true, planFrom: true, planTo: true, sourceKey: true },
    });

  /** An org with a Stripe customer (checkout started, nothing paid) and no subscription events yet. */
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

  const subscription = (o: { id: string; customer: string; started: number; status: string; priceId: string }) => {
    const template = structuredClone(stripeFixtures['subscription'] ?? {});
    const items = template['items'] as { data: StripeObject[] };
    const item = items.data[0] ?? {};
    return {
      ...template,
      id: o.id,
      customer: o.customer,
      status: o.status,
      created: o.started,
      items: {
        ...items,
        data: [
          {
            ...item,
            subscription: o.id,
            price: { ...(item['price'] as StripeObject), id: o.priceId },
            current_period_end: o.started + MONTH_SECONDS,
          },
        ],
      },
    } as StripeObject;
  };

  const signed = (type: string, object: StripeObject, created: number) => {
    const payload = JSON.stringify(standIn.buildEvent(type, object, created));
    return {
      id: (JSON.parse(payload) as { id: string }).id,
      send: () =>
        request(t.app)
          .post('/api/billing/webhook')
          .set('content-type', 'application/json')
          .set('stripe-signature', standIn.signature(payload))
          .send(payload),
    };
  };

  it('when a checkout is paid and its events are delivered again, then one new movement is written once', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/billing/checkout`)
      .set(bearer(org.owner.token))
      .send({ plan: 'pro' });
    // Act
    await standIn.pay(String(res.body.url).split('/').pop() ?? '');
    const account = await t.deps.db.billingAccount.findUniqueOrThrow({ where: { orgId: org.id } });
    const sub = standIn.subscriptions.get(account.stripeSubscriptionId ?? '') as StripeObject;
    const again = signed('customer.subscription.updated', sub, unixNow() + 5);
    const first = await again.send();
    const redelivered = await again.send();
    // Assert
    expect(first.status).toBe(200);
    expect(redelivered.status).toBe(200);
    const movements = await movementsOf(org.id);
    expect(movements).toEqual([
      {
        kind: 'new',
        fromCents: 0,
        toCents: 2_900,
        planFrom: 'free',
        planTo: 'pro',
        sourceKey: expect.stringMatching(/^stripe:evt_/),
      },
    ]);
  });

  const started = () => unixNow() - 3_600;
  const lifecycle = (customer: string, subId: string, at: number) => [
    signed(
      'customer.subscription.created',
      subscription({ id: subId, customer, started: at, status: 'active', priceId: PRO }),
      at,
    ),
    signed(
      'customer.subscription.updated',
      subscription({ id: subId, customer, started: at, status: 'active', priceId: ENTERPRISE }),
      at + 60,
    ),
    signed(
      'customer.subscription.updated',
      subscription({ id: subId, customer, started: at, status: 'past_due', priceId: ENTERPRISE }),
      at + 120,
    ),
    signed(
      'customer.subscription.deleted',
      subscription({ id: subId, customer, started: at, status: 'canceled', priceId: ENTERPRISE }),
      at + 180,
    ),
  ];

  it('when a subscription starts, upgrades, falls past due and ends in order, then new, expansion and churn are written and past due changes nothing', async () => {
    // Arrange
    const { org, customer } = await customerOrg();
    const events = lifecycle(customer, `sub_inorder_${org.id.slice(0, 8)}`, started());
    // Act
    for (const event of events) expect((await event.send()).status).toBe(200);
    for (const event of events) expect((await event.send()).status).toBe(200);
    // Assert
    expect(await movementsOf(org.id)).toEqual([
      {
        kind: 'new',
        fromCents: 0,
        toCents: 2_900,
        planFrom: 'free',
        planTo: 'pro',
        sourceKey: `stripe:${events[0]?.id}`,
      },
      {
        kind: 'expansion',
        fromCents: 2_900,
        toCents: 29_900,
        planFrom: 'pro',
        planTo: 'enterprise',
        sourceKey: `stripe:${events[1]?.id}`,
      },
      {
        kind: 'churn',
        fromCents: 29_900,
        toCents: 0,
        planFrom: 'enterprise',
        planTo: 'free',
        sourceKey: `stripe:${events[3]?.id}`,
      },
    ]);
  });

  it.each([
    ['deleted first', [3, 0, 1, 2]],
    ['reversed', [3, 2, 1, 0]],
    ['upgrade first', [1, 0, 3, 2]],
    ['past due first', [2, 1, 0, 3]],
  ])(
    'when the same events arrive out of order (%s) and twice, then the history chains and ends at zero MRR',
    async (_name, order) => {
      // Arrange
      const { org, customer } = await customerOrg();
      const events = lifecycle(customer, `sub_${org.id.slice(0, 8)}`, started());
      // Act
      for (const i of [...order, ...order]) expect((await events[i]?.send())?.status).toBe(200);
      // Assert: each row starts where the one before ended, and no event wrote twice (when the
      // deletion is folded first the subscription never paid as far as the history knows: no rows).
      const movements = await movementsOf(org.id);
      expect(new Set(movements.map((m) => m.sourceKey)).size).toBe(movements.length);
      movements.reduce((from, m) => {
        expect(m.fromCents).toBe(from);
        return m.toCents;
      }, 0);
      expect(movements.at(-1)?.toCents ?? 0).toBe(0);
      const account = await t.deps.db.billingAccount.findUniqueOrThrow({ where: { orgId: org.id } });
      expect(account.subscriptionStatus).toBe('canceled');
    },
  );

  it('when a churned org subscribes again, then the return is a reactivation, not new business', async () => {
    // Arrange
    const { org, customer } = await customerOrg();
    const at = started();
    const first = lifecycle(customer, `sub_a_${org.id.slice(0, 8)}`, at - 7_200);
    for (const event of first) await event.send();
    const again = signed(
      'customer.subscription.created',
      subscription({ id: `sub_b_${org.id.slice(0, 8)}`, customer, started: at, status: 'active', priceId: PRO }),
      at,
    );
    // Act
    const res = await again.send();
    // Assert
    expect(res.status).toBe(200);
    const movements = await movementsOf(org.id);
    expect(movements.map((m) => m.kind)).toEqual(['new', 'expansion', 'churn', 'reactivation']);
    expect(movements.at(-1)).toMatchObject({ fromCents: 0, toCents: 2_900, sourceKey: `stripe:${again.id}` });
  });

  it('when a subscription is only trialing, then it is no MRR until it turns active', async () => {
    const { org, customer } = await customerOrg();
    const at = started();
    const subId = `sub_trial_${org.id.slice(0, 8)}`;

    await signed(
      'customer.subscription.created',
      subscription({ id: subId, customer, started: at, status: 'trialing', priceId: PRO }),
      at,
    ).send();
    const afterTrial = await movementsOf(org.id);
    await signed(
      'customer.subscription.updated',
      subscription({ id: subId, customer, started: at, status: 'active', priceId: PRO }),
      at + 60,
    ).send();

    expect(afterTrial).toEqual([]);
    expect((await movementsOf(org.id)).map((m) => [m.kind, m.toCents])).toEqual([['new', 2_900]]);
  });

  describe('PATCH /api/admin/orgs/:orgId/plan', () => {
    const setPlan = (orgId: string, plan: string) =>
      request(t.app).patch(`/api/admin/orgs/${orgId}/plan`).set(bearer(admin.token)).send({ plan });

    it('when an admin changes plans by hand, then each change writes one movement and setting the same plan writes none', async () => {
      // Arrange
      const org = await seedOrg(t.deps);
      // Act
      const answers = [];
      for (const plan of ['pro', 'pro', 'enterprise', 'pro', 'free', 'pro'])
        answers.push((await setPlan(org.id, plan)).status);
      // Assert
      expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
      const movements = await movementsOf(org.id);
      expect(movements.map(({ kind, fromCents, toCents }) => [kind, fromCents, toCents])).toEqual([
        ['new', 0, 2_900],
        ['expansion', 2_900, 29_900],
        ['contraction', 29_900, 2_900],
        ['churn', 2_900, 0],
        ['reactivation', 0, 2_900],
      ]);
      for (const m of movements) expect(m.sourceKey).toMatch(/^admin:[0-9a-f-]{36}$/);
      const org2 = await t.deps.db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { plan: true } });
      expect(org2.plan).toBe('pro');
    });

    it('when the org does not exist, then 404 and no movement', async () => {
      const missing = '00000000-0000-4000-8000-000000000123';

      const res = await setPlan(missing, 'pro');

      expect(res.status).toBe(404);
      expect(await t.deps.db.mrrMovement.count({ where: { orgId: missing } })).toBe(0);
    });
  });
});
