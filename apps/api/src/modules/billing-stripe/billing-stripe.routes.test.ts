import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import type { StripeObject, StripeStandIn } from '@aiceo/stand-ins/stripe/stand-in';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { startStripeTestApp, type StripeTestApp } from '../../testing/stripe-test-app';
import type { TestContext } from '../../testing/test-app';
import { runBillingGrace } from './billing-stripe.service';

// The real Stripe SDK talks to the local stand-in; the stand-in sends signed webhooks to the
// app listening on a real port, exactly as in the embedded default.
const DAY_MS = 86_400_000;

describe('Stripe billing', () => {
  let stripeApp: StripeTestApp;
  let t: TestContext;
  let standIn: StripeStandIn;
  const unixNow = () => Math.floor(t.clock.now().getTime() / 1000);

  beforeAll(async () => {
    stripeApp = await startStripeTestApp();
    ({ t, standIn } = stripeApp);
  });
  afterAll(() => stripeApp.close());

  const checkout = (org: SeededOrg, plan: string, token = org.owner.token) =>
    request(t.app).post(`/api/orgs/${org.id}/billing/checkout`).set(bearer(token)).send({ plan });
  const accountOf = (orgId: string) => t.deps.db.billingAccount.findUniqueOrThrow({ where: { orgId } });
  const planOf = async (orgId: string) =>
    (await t.deps.db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { plan: true } })).plan;

  /** An org that went through checkout and paid on the stand-in. */
  const subscribedOrg = async (plan: 'pro' | 'enterprise' = 'pro') => {
    const org = await seedOrg(t.deps);
    const res = await checkout(org, plan);
    expect(res.status).toBe(200);
    await standIn.pay(String(res.body.url).split('/').pop() ?? '');
    const account = await accountOf(org.id);
    return {
      org,
      account,
      subscription: standIn.subscriptions.get(account.stripeSubscriptionId ?? '') as StripeObject,
    };
  };

  const postEvent = (payload: string, signature?: string) => {
    const req = request(t.app).post('/api/billing/webhook').set('content-type', 'application/json');
    return (signature === undefined ? req : req.set('stripe-signature', signature)).send(payload);
  };
  const signedEvent = (type: string, object: StripeObject, created = unixNow()) => {
    const payload = JSON.stringify(standIn.buildEvent(type, object, created));
    return {
      payload,
      id: (JSON.parse(payload) as { id: string }).id,
      send: () => postEvent(payload, standIn.signature(payload)),
    };
  };
  const withStatus = (sub: StripeObject, status: string, priceId?: string): StripeObject => {
    const copy = structuredClone(sub);
    copy['status'] = status;
    if (priceId)
      ((copy['items'] as { data: Array<{ price: { id: string } }> }).data[0] as { price: { id: string } }).price.id =
        priceId;
    return copy;
  };
  const invoiceFor = (sub: StripeObject): StripeObject => ({
    id: `in_test_${Math.random().toString(36).slice(2)}`,
    object: 'invoice',
    customer: sub['customer'],
    parent: { type: 'subscription_details', subscription_details: { subscription: sub['id'], metadata: {} } },
  });

  describe('POST /api/orgs/:orgId/billing/checkout', () => {
    it('when the owner starts a checkout twice, then both answer a stand-in checkout URL and the org has one Stripe customer', async () => {
      const org = await seedOrg(t.deps);

      const first = await checkout(org, 'pro');
      const second = await checkout(org, 'enterprise');

      expect(first.status).toBe(200);
      expect(first.body.url).toMatch(new RegExp(`^${standIn.url}/checkout/cs_test_`));
      expect(second.status).toBe(200);
      expect(second.body.url).not.toBe(first.body.url);
      const accounts = await t.deps.db.billingAccount.findMany({ where: { orgId: org.id } });
      expect(accounts).toHaveLength(1);
      expect(accounts[0]?.stripeCustomerId).toMatch(/^cus_/);
      const page = await request(standIn.url).get(new URL(String(first.body.url)).pathname);
      expect(page.status).toBe(200);
      expect(page.text).toContain('$29.00');
      expect(page.text).toContain('>Pay</button>');
    });

    it('when the payment is completed on the stand-in, then signed webhooks upgrade the org to pro', async () => {
      const { org, account } = await subscribedOrg('pro');

      expect(await planOf(org.id)).toBe('pro');
      expect(account).toMatchObject({
        subscriptionStatus: 'active',
        plan: 'pro',
        stripePriceId: 'price_local_pro',
        pastDueSince: null,
      });
      expect(account.currentPeriodEnd?.getTime()).toBeGreaterThan(t.clock.now().getTime());
      const events = await t.deps.db.stripeEvent.findMany({ where: { orgId: org.id }, orderBy: { created: 'asc' } });
      expect(events.map((e) => e.type).sort()).toEqual([
        'checkout.session.completed',
        'customer.subscription.created',
        'invoice.paid',
      ]);
      const res = await request(t.app).get(`/api/orgs/${org.id}/billing`).set(bearer(org.owner.token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        mode: 'local-stand-in',
        plan: 'pro',
        status: 'active',
        hasCustomer: true,
        graceEndsAt: null,
        purchasablePlans: ['enterprise'],
      });
    });

    it('when the pay form is posted in a browser, then it redirects to the success URL of the SPA', async () => {
      const org = await seedOrg(t.deps);
      const { body } = await checkout(org, 'enterprise');

      const res = await request(standIn.url).post(`${new URL(String(body.url)).pathname}/pay`);

      expect(res.status).toBe(303);
      expect(res.headers['location']).toBe(`http://localhost:5173/orgs/${org.id}/settings/billing?checkout=success`);
      expect(await planOf(org.id)).toBe('enterprise');
    });

    it('when the org already has a live subscription, then it answers 409', async () => {
      const { org } = await subscribedOrg();
      const res = await checkout(org, 'enterprise');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });

    it('when the plan is missing or not for sale, then it answers 400 naming the field and makes no customer', async () => {
      const org = await seedOrg(t.deps);
      for (const plan of [undefined, 'free', 'gold']) {
        const res = await request(t.app)
          .post(`/api/orgs/${org.id}/billing/checkout`)
          .set(bearer(org.owner.token))
          .send(plan === undefined ? {} : { plan });
        expect(res.status).toBe(400);
        expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'plan' })]);
      }
      expect(await t.deps.db.billingAccount.count({ where: { orgId: org.id } })).toBe(0);
    });

    it('when an admin or an API key asks, then it answers 403', async () => {
      const org = await seedOrg(t.deps);
      const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
      const apiKey = `aiceo_billing_${org.id}`;
      await t.deps.db.apiKey.create({
        data: {
          orgId: org.id,
          name: 'k',
          prefix: apiKey.slice(0, 14) + org.id.slice(0, 4),
          keyHash: sha256(apiKey),
          scopes: ['read', 'write'],
        },
      });

      expect((await checkout(org, 'pro', admin.token)).status).toBe(403);
      expect((await checkout(org, 'pro', apiKey)).status).toBe(403);
      expect((await request(t.app).post(`/api/orgs/${org.id}/billing/portal`).set(bearer(admin.token))).status).toBe(
        403,
      );
      expect(await t.deps.db.billingAccount.count({ where: { orgId: org.id } })).toBe(0);
    });
  });

  describe('POST /api/orgs/:orgId/billing/portal', () => {
    it('when the owner cancels in the portal, then the deleted webhook drops the org to free', async () => {
      const { org } = await subscribedOrg();

      const res = await request(t.app).post(`/api/orgs/${org.id}/billing/portal`).set(bearer(org.owner.token));
      expect(res.status).toBe(200);
      const portalPath = new URL(String(res.body.url)).pathname;
      const page = await request(standIn.url).get(portalPath);
      const action = /action="([^"]+\/cancel\/[^"]+)"/.exec(page.text)?.[1] ?? '';
      const cancel = await request(standIn.url).post(action);

      expect(cancel.status).toBe(303);
      expect(await planOf(org.id)).toBe('free');
      expect((await accountOf(org.id)).subscriptionStatus).toBe('canceled');
    });

    it('when the org never checked out, then it answers 409', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(t.app).post(`/api/orgs/${org.id}/billing/portal`).set(bearer(org.owner.token));
      expect(res.status).toBe(409);
    });
  });

  describe('GET /api/orgs/:orgId/billing', () => {
    it('when a member of a new org asks, then it answers free with no customer', async () => {
      const org = await seedOrg(t.deps);
      const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
      const res = await request(t.app).get(`/api/orgs/${org.id}/billing`).set(bearer(member.token));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        mode: 'local-stand-in',
        plan: 'free',
        status: null,
        hasCustomer: false,
        currentPeriodEnd: null,
        pastDueSince: null,
        graceEndsAt: null,
        purchasablePlans: ['pro', 'enterprise'],
      });
    });

    it('when the org id is not a UUID, then it answers 400', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(t.app).get('/api/orgs/not-a-uuid/billing').set(bearer(org.owner.token));
      expect(res.status).toBe(400);
    });
  });

  describe('POST /api/billing/webhook', () => {
    it('when the signature is wrong, missing or stale, then it answers 400 and records nothing', async () => {
      const { subscription } = await subscribedOrg();
      const event = signedEvent('customer.subscription.updated', withStatus(subscription, 'canceled'));
      const stale = standIn.signature(event.payload, unixNow() - 301);
      const wrong = standIn.signature(`${event.payload} `);

      for (const signature of [wrong, undefined, stale, 't=1,v1=deadbeef']) {
        const res = await postEvent(event.payload, signature);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      expect(await t.deps.db.stripeEvent.findUnique({ where: { id: event.id } })).toBeNull();
    });

    it('when the same event is delivered again, then it answers 200 as a duplicate and changes nothing', async () => {
      const { org, subscription } = await subscribedOrg();
      const failed = signedEvent('invoice.payment_failed', invoiceFor(subscription));
      expect((await failed.send()).body).toEqual({ received: true, duplicate: false });
      const before = await accountOf(org.id);

      t.clock.advance(DAY_MS);
      const replay = await failed.send();

      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ received: true, duplicate: true });
      expect(await accountOf(org.id)).toEqual(before);
      expect(await t.deps.db.stripeEvent.count({ where: { id: failed.id } })).toBe(1);
    });

    it('when subscription.updated arrives before subscription.created, then the older created does not overwrite it', async () => {
      const { org, subscription } = await subscribedOrg('pro');
      const created = unixNow();

      await signedEvent(
        'customer.subscription.updated',
        withStatus(subscription, 'active', 'price_local_enterprise'),
        created + 20,
      ).send();
      const late = await signedEvent(
        'customer.subscription.created',
        withStatus(subscription, 'active', 'price_local_pro'),
        created + 10,
      ).send();

      expect(late.status).toBe(200);
      expect(await planOf(org.id)).toBe('enterprise');
      expect((await accountOf(org.id)).stripePriceId).toBe('price_local_enterprise');
    });

    it('when a late subscription.updated arrives after subscription.deleted, then the org stays free', async () => {
      const { org, subscription } = await subscribedOrg();
      const now = unixNow();

      await signedEvent('customer.subscription.deleted', withStatus(subscription, 'canceled'), now + 5).send();
      await signedEvent('customer.subscription.updated', withStatus(subscription, 'active'), now + 1).send();
      await signedEvent('customer.subscription.updated', withStatus(subscription, 'active'), now + 9).send();

      expect(await planOf(org.id)).toBe('free');
      expect((await accountOf(org.id)).subscriptionStatus).toBe('canceled');
    });

    it('when a payment fails and is then paid, then the org is past_due with its plan and then active again', async () => {
      const { org, subscription } = await subscribedOrg();

      t.clock.advance(60_000);
      await signedEvent('invoice.payment_failed', invoiceFor(subscription)).send();
      const pastDue = await accountOf(org.id);
      t.clock.advance(60_000);
      await signedEvent('invoice.paid', invoiceFor(subscription)).send();

      expect(pastDue).toMatchObject({ subscriptionStatus: 'past_due', plan: 'pro' });
      expect(pastDue.pastDueSince).toBeInstanceOf(Date);
      expect(await accountOf(org.id)).toMatchObject({ subscriptionStatus: 'active', plan: 'pro', pastDueSince: null });
      expect(await planOf(org.id)).toBe('pro');
    });

    it('when a payment stays failed past the grace period, then reading billing downgrades the org to free', async () => {
      const { org, subscription } = await subscribedOrg();
      // A minute after the first payment: in the same second, the payment that cleared would win.
      t.clock.advance(60_000);
      await signedEvent('invoice.payment_failed', invoiceFor(subscription)).send();

      t.clock.advance(6 * DAY_MS);
      const during = await request(t.app).get(`/api/orgs/${org.id}/billing`).set(bearer(org.owner.token));
      t.clock.advance(1 * DAY_MS + 1000);
      const after = await request(t.app).get(`/api/orgs/${org.id}/billing`).set(bearer(org.owner.token));

      expect(during.body).toMatchObject({ plan: 'pro', status: 'past_due' });
      expect(during.body.graceEndsAt).toEqual(expect.any(String));
      expect(after.body).toMatchObject({ plan: 'free', status: 'past_due' });
      expect(await planOf(org.id)).toBe('free');
    });

    it('when the grace job runs, then it downgrades every expired org and a later payment restores the plan', async () => {
      const { org, subscription } = await subscribedOrg('enterprise');
      t.clock.advance(60_000);
      await signedEvent('invoice.payment_failed', invoiceFor(subscription)).send();
      t.clock.advance(8 * DAY_MS);

      const result = await runBillingGrace(t.deps);
      await signedEvent('invoice.paid', invoiceFor(subscription)).send();

      expect(result.downgraded).toBeGreaterThanOrEqual(1);
      expect(await planOf(org.id)).toBe('enterprise');
    });

    it('when a charge is refunded, then the event is recorded with its amount', async () => {
      const { org, subscription } = await subscribedOrg();
      const refund = signedEvent('charge.refunded', {
        id: 'ch_test_refund',
        object: 'charge',
        customer: subscription['customer'],
        amount: 2900,
        amount_refunded: 2900,
      });

      expect((await refund.send()).status).toBe(200);

      expect(await t.deps.db.stripeEvent.findUnique({ where: { id: refund.id } })).toMatchObject({
        orgId: org.id,
        type: 'charge.refunded',
        objectId: 'ch_test_refund',
        amount: 2900,
      });
      expect(await planOf(org.id)).toBe('pro');
    });

    it('when an event names an unknown customer, then it is recorded and answered 200', async () => {
      const event = signedEvent('customer.subscription.updated', {
        id: 'sub_unknown',
        object: 'subscription',
        customer: 'cus_unknown',
        status: 'active',
        items: { data: [] },
      });
      const res = await event.send();
      expect(res.status).toBe(200);
      expect(await t.deps.db.stripeEvent.findUnique({ where: { id: event.id } })).toMatchObject({ orgId: null });
    });
  });

  describe("the org's books", () => {
    const booked = (orgId: string) =>
      t.deps.db.financeTransaction.findMany({
        where: { orgId, source: 'billing' },
        select: {
          amountMinor: true,
          currency: true,
          counterparty: true,
          sourceRef: true,
          date: true,
          category: { select: { key: true, kind: true } },
          account: { select: { kind: true } },
        },
      });
    const paidInvoice = (sub: StripeObject, id: string, amount = 2_900): StripeObject => ({
      ...invoiceFor(sub),
      id,
      amount_paid: amount,
      currency: 'usd',
      status_transitions: { paid_at: unixNow() },
    });

    it('when the org subscribes and pays, then its books hold one expense to AI CEO of what the invoice charged', async () => {
      // Arrange + Act: checkout paid on the stand-in (checkout completed, subscription created, invoice paid).
      const { org } = await subscribedOrg('pro');

      // Assert
      const invoice = await t.deps.db.stripeEvent.findFirstOrThrow({ where: { orgId: org.id, type: 'invoice.paid' } });
      expect(await booked(org.id)).toEqual([
        {
          amountMinor: -2_900n,
          currency: 'USD',
          counterparty: 'AI CEO',
          sourceRef: invoice.objectId,
          date: new Date(`${t.clock.now().toISOString().slice(0, 10)}T00:00:00.000Z`),
          category: { key: 'platform_fees', kind: 'expense' },
          account: { kind: 'bank' },
        },
      ]);
    });

    it('when an invoice is paid again under another event id, replayed, or before its subscription exists, then it is booked once', async () => {
      // Arrange: a customer without a subscription yet (checkout started, not paid).
      const org = await seedOrg(t.deps);
      expect((await checkout(org, 'pro')).status).toBe(200);
      const customer = (await accountOf(org.id)).stripeCustomerId;
      const sub: StripeObject = { id: `sub_early_${org.id.slice(0, 8)}`, customer };
      const invoiceId = `in_early_${org.id.slice(0, 8)}`;
      const first = signedEvent('invoice.paid', paidInvoice(sub, invoiceId));

      // Act
      expect((await first.send()).body).toEqual({ received: true, duplicate: false });
      expect((await first.send()).body).toEqual({ received: true, duplicate: true });
      expect((await signedEvent('invoice.paid', paidInvoice(sub, invoiceId)).send()).status).toBe(200);
      const next = await signedEvent('invoice.paid', paidInvoice(sub, `${invoiceId}_2`, 9_900)).send();

      // Assert: one row per invoice, whatever arrived how often.
      expect(next.status).toBe(200);
      const rows = await booked(org.id);
      expect(rows.map((r) => [r.sourceRef, r.amountMinor]).sort()).toEqual([
        [invoiceId, -2_900n],
        [`${invoiceId}_2`, -9_900n],
      ]);
    });

    it('when the org keeps its books in EUR and we charge USD, then the expense lands in a USD card account, not the EUR one', async () => {
      // Arrange: an EUR org whose main account is in EUR.
      const org = await seedOrg(t.deps);
      await t.deps.db.organization.update({ where: { id: org.id }, data: { currency: 'EUR' } });
      expect((await checkout(org, 'pro')).status).toBe(200);
      const sub: StripeObject = {
        id: `sub_eur_${org.id.slice(0, 8)}`,
        customer: (await accountOf(org.id)).stripeCustomerId,
      };

      // Act: two invoices in USD.
      for (const id of ['in_eur_1', 'in_eur_2'])
        expect((await signedEvent('invoice.paid', paidInvoice(sub, `${id}_${org.id.slice(0, 8)}`)).send()).status).toBe(
          200,
        );

      // Assert: both in one USD card account; every account holds only its own currency.
      const rows = await booked(org.id);
      expect(rows.map((r) => [r.currency, r.account.kind])).toEqual([
        ['USD', 'card'],
        ['USD', 'card'],
      ]);
      const accounts = await t.deps.db.financeAccount.findMany({
        where: { orgId: org.id },
        select: { name: true, currency: true, transactions: { select: { currency: true } } },
        orderBy: { name: 'asc' },
      });
      expect(accounts.map((a) => [a.name, a.currency])).toEqual([
        ['Card (USD)', 'USD'],
        ['Main account', 'EUR'],
      ]);
      for (const account of accounts) for (const tx of account.transactions) expect(tx.currency).toBe(account.currency);
    });

    it('when an invoice paid nothing (a trial), then nothing is booked', async () => {
      const org = await seedOrg(t.deps);
      expect((await checkout(org, 'pro')).status).toBe(200);
      const sub: StripeObject = { id: 'sub_trial', customer: (await accountOf(org.id)).stripeCustomerId };

      expect((await signedEvent('invoice.paid', paidInvoice(sub, 'in_trial', 0)).send()).status).toBe(200);

      expect(await booked(org.id)).toEqual([]);
    });
  });
});
