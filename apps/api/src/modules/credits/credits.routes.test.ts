import request from 'supertest';
import { allEndpoints } from '@aiceo/shared/endpoints';
import { sha256 } from '../../lib/crypto';
import type { StripeObject, StripeStandIn } from '@aiceo/stand-ins/stripe/stand-in';
import { addMember, bearer, seedOrg, seedUser, type SeededOrg, type SeededUser } from '../../testing/seed';
import { startStripeTestApp, type StripeTestApp } from '../../testing/stripe-test-app';
import type { TestContext } from '../../testing/test-app';

// The credits ledger over a real database; pack purchases go through the real Stripe SDK,
// the local stand-in's checkout and its signed webhooks, as in the embedded default.
let stripeApp: StripeTestApp;
let t: TestContext;
let standIn: StripeStandIn;
let admin: SeededUser;

beforeAll(async () => {
  stripeApp = await startStripeTestApp();
  ({ t, standIn } = stripeApp);
  admin = await seedUser(t.deps, { isPlatformAdmin: true });
});
afterAll(() => stripeApp.close());

let keyCounter = 0;
const newKey = () => `key-${++keyCounter}-${Math.random().toString(36).slice(2)}`;

const adjust = (orgId: string, body: object, token = admin.token) =>
  request(t.app).post(`/api/admin/orgs/${orgId}/credits/adjust`).set(bearer(token)).send(body);
const consume = (orgId: string, token: string, body: object, key: string | null = newKey()) => {
  const req = request(t.app).post(`/api/orgs/${orgId}/credits/consume`).set(bearer(token));
  return (key === null ? req : req.set('idempotency-key', key)).send(body);
};
/** An org whose wallet starts at `balance` (granted by an admin adjustment). */
const orgWith = async (balance: number): Promise<SeededOrg> => {
  const org = await seedOrg(t.deps);
  if (balance > 0) expect((await adjust(org.id, { amount: balance, reason: 'starting balance' })).status).toBe(201);
  return org;
};
const balanceOf = async (orgId: string) =>
  (await t.deps.db.creditWallet.findUnique({ where: { orgId } }))?.balance ?? 0;
const ledgerSum = async (orgId: string) =>
  (await t.deps.db.creditEntry.aggregate({ where: { orgId }, _sum: { amount: true } }))._sum.amount ?? 0;
const entriesOf = (orgId: string, kind?: 'consume' | 'purchase' | 'refund' | 'adjustment') =>
  t.deps.db.creditEntry.findMany({ where: { orgId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: 'asc' } });
const insertKey = async (orgId: string, scopes: ('read' | 'write')[]) => {
  const key = `aiceo_c${scopes.length}${orgId.slice(0, 6)}_secret-${orgId}-${scopes.join('')}`;
  await t.deps.db.apiKey.create({
    data: { orgId, name: 'credits key', prefix: key.slice(0, 14), keyHash: sha256(key), scopes },
  });
  return key;
};

describe('GET /api/credits/packs', () => {
  it('when anyone asks, then answers the packs with credits and prices in minor units of USD', async () => {
    const res = await request(t.app).get('/api/credits/packs');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: 'credits-100', credits: 100, priceCents: 1000, currency: 'USD' },
      { id: 'credits-500', credits: 500, priceCents: 4500, currency: 'USD' },
      { id: 'credits-2000', credits: 2000, priceCents: 16000, currency: 'USD' },
    ]);
  });
});

describe('GET /api/orgs/:orgId/credits', () => {
  it('when the org never had credits, then answers a zero balance and no entries', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).get(`/api/orgs/${org.id}/credits`).set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ balance: 0, entries: { items: [], nextCursor: null } });
  });

  it('when a member pages through the ledger, then entries come newest first with a cursor', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    for (const amount of [10, 20, 30]) {
      t.clock.advance(1000);
      await adjust(org.id, { amount, reason: `grant ${amount}` });
    }
    // Act
    const first = await request(t.app).get(`/api/orgs/${org.id}/credits?limit=2`).set(bearer(member.token));
    const second = await request(t.app)
      .get(`/api/orgs/${org.id}/credits?limit=2&cursor=${first.body.entries.nextCursor}`)
      .set(bearer(member.token));
    // Assert
    expect(first.status).toBe(200);
    expect(first.body.balance).toBe(60);
    expect(first.body.entries.items.map((e: { amount: number }) => e.amount)).toEqual([30, 20]);
    expect(first.body.entries.items[0]).toMatchObject({
      kind: 'adjustment',
      balanceAfter: 60,
      reason: 'grant 30',
      actorUserId: admin.id,
      relatedEntryId: null,
    });
    expect(second.body.entries).toMatchObject({ items: [expect.objectContaining({ amount: 10 })], nextCursor: null });
  });

  it('when the query is malformed, then answers 400 with the field paths', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app)
      .get(`/api/orgs/${org.id}/credits?limit=0&cursor=nope`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(
      res.body.error.details.issues.map((i: { location: string; path: string }) => `${i.location}.${i.path}`).sort(),
    ).toEqual(['query.cursor', 'query.limit']);
  });

  it('when nobody is signed in, then answers 401', async () => {
    const org = await seedOrg(t.deps);
    expect((await request(t.app).get(`/api/orgs/${org.id}/credits`)).status).toBe(401);
  });
});

describe('POST /api/orgs/:orgId/credits/consume', () => {
  it('when a member spends credits, then answers the entry and the new balance and writes one consume entry', async () => {
    const org = await orgWith(10);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });

    const res = await consume(org.id, member.token, { amount: 3, reason: 'AI report' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      balance: 7,
      replayed: false,
      entry: { kind: 'consume', amount: -3, balanceAfter: 7, reason: 'AI report', actorUserId: member.id },
    });
    expect(await balanceOf(org.id)).toBe(7);
    expect(await entriesOf(org.id, 'consume')).toHaveLength(1);
  });

  it('when an API key with write scope consumes, then it is charged; a read-only key gets 403', async () => {
    const org = await orgWith(5);
    const writeKey = await insertKey(org.id, ['read', 'write']);
    const readKey = await insertKey(org.id, ['read']);

    const ok = await consume(org.id, writeKey, { amount: 2, reason: 'integration call' });
    const refused = await consume(org.id, readKey, { amount: 2, reason: 'integration call' });

    expect(ok.status).toBe(201);
    expect(ok.body.entry.actorUserId).toBeNull();
    expect(refused.status).toBe(403);
    expect(await balanceOf(org.id)).toBe(3);
  });

  it('when the balance is short, then answers 402 QUOTA_EXCEEDED with needed and balance and writes nothing', async () => {
    const org = await orgWith(2);

    const res = await consume(org.id, org.owner.token, { amount: 3, reason: 'too much' });

    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { resource: 'credits', needed: 3, balance: 2 },
    });
    expect(await balanceOf(org.id)).toBe(2);
    expect(await entriesOf(org.id, 'consume')).toHaveLength(0);
  });

  it('when the body is malformed, then answers 400 with each field path', async () => {
    const org = await orgWith(5);
    const res = await consume(org.id, org.owner.token, { amount: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['amount', 'reason']);
  });

  it('when the Idempotency-Key header is missing, then answers 400 naming the header and charges nothing', async () => {
    const org = await orgWith(5);
    const res = await consume(org.id, org.owner.token, { amount: 1, reason: 'no key' }, null);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      expect.objectContaining({ location: 'headers', path: 'idempotency-key' }),
    ]);
    expect(await balanceOf(org.id)).toBe(5);
  });

  it('when a request is retried with the same key, then the retry answers the original entry and charges nothing', async () => {
    const org = await orgWith(10);
    const key = newKey();

    const first = await consume(org.id, org.owner.token, { amount: 4, reason: 'once' }, key);
    const retry = await consume(org.id, org.owner.token, { amount: 4, reason: 'once' }, key);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ replayed: true, balance: 6, entry: first.body.entry });
    expect(await balanceOf(org.id)).toBe(6);
    expect(await entriesOf(org.id, 'consume')).toHaveLength(1);
  });

  it('when a key is reused for a different amount, then answers 409 and charges nothing', async () => {
    const org = await orgWith(10);
    const key = newKey();
    await consume(org.id, org.owner.token, { amount: 4, reason: 'once' }, key);

    const res = await consume(org.id, org.owner.token, { amount: 5, reason: 'once' }, key);

    expect(res.status).toBe(409);
    expect(await balanceOf(org.id)).toBe(6);
  });

  it('when 10 identical requests arrive at once, then exactly one charge is made and all answer its entry', async () => {
    const org = await orgWith(10);
    const key = newKey();

    const results = await Promise.all(
      Array.from({ length: 10 }, () => consume(org.id, org.owner.token, { amount: 3, reason: 'burst' }, key)),
    );

    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.body.entry.id)).size).toBe(1);
    expect(results.filter((r) => r.body.replayed === false)).toHaveLength(1);
    expect(await balanceOf(org.id)).toBe(7);
    expect(await entriesOf(org.id, 'consume')).toHaveLength(1);
  });

  it('when 20 different requests of 1 credit race a balance of 5, then exactly 5 succeed and the balance ends at 0', async () => {
    const org = await orgWith(5);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => consume(org.id, org.owner.token, { amount: 1, reason: 'race' })),
    );

    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 402)).toHaveLength(15);
    expect(await balanceOf(org.id)).toBe(0);
    expect(await ledgerSum(org.id)).toBe(0);
    expect(await entriesOf(org.id, 'consume')).toHaveLength(5);
  });
});

describe('POST /api/admin/orgs/:orgId/credits/adjust', () => {
  it('when a platform admin adds and removes credits, then entries record the reason and the admin', async () => {
    const org = await seedOrg(t.deps);

    const add = await adjust(org.id, { amount: 50, reason: 'goodwill' });
    const remove = await adjust(org.id, { amount: -20, reason: 'correction' });

    expect(add.status).toBe(201);
    expect(remove.status).toBe(201);
    expect(remove.body).toMatchObject({
      balance: 30,
      entry: { kind: 'adjustment', amount: -20, balanceAfter: 30, reason: 'correction', actorUserId: admin.id },
    });
    expect(await balanceOf(org.id)).toBe(30);
  });

  it('when the removal would take the balance below zero, then answers 409 and writes nothing', async () => {
    const org = await orgWith(10);
    const res = await adjust(org.id, { amount: -11, reason: 'too much' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { balance: 10, amount: -11 } });
    expect(await balanceOf(org.id)).toBe(10);
    expect(await entriesOf(org.id)).toHaveLength(1);
  });

  it('when the amount is zero and the reason missing, then answers 400 with both paths', async () => {
    const org = await seedOrg(t.deps);
    const res = await adjust(org.id, { amount: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['amount', 'reason']);
  });

  it('when an org owner (not a platform admin) adjusts, then answers 403 and writes nothing', async () => {
    const org = await seedOrg(t.deps);
    const res = await adjust(org.id, { amount: 100, reason: 'free money' }, org.owner.token);
    expect(res.status).toBe(403);
    expect(await entriesOf(org.id)).toHaveLength(0);
  });

  it('when the org does not exist, then answers 404', async () => {
    const res = await adjust('00000000-0000-4000-8000-000000000000', { amount: 1, reason: 'ghost' });
    expect(res.status).toBe(404);
  });
});

describe('the credits ledger', () => {
  it('when a mixed sequence of grants, consumption, refusals, adjustments and refunds runs, then the balance equals the sum of entries', async () => {
    // Arrange
    const org = await orgWith(20);
    // Act
    const spent = await consume(org.id, org.owner.token, { amount: 7, reason: 'a' });
    await consume(org.id, org.owner.token, { amount: 100, reason: 'refused' });
    await adjust(org.id, { amount: -3, reason: 'fix' });
    await adjust(org.id, { amount: -100, reason: 'refused' });
    const dispute = await request(t.app)
      .post(`/api/orgs/${org.id}/credits/entries/${spent.body.entry.id}/disputes`)
      .set(bearer(org.owner.token))
      .send({ reason: 'wrong' });
    await request(t.app)
      .post(`/api/admin/credit-disputes/${dispute.body.id}/resolve`)
      .set(bearer(admin.token))
      .send({ outcome: 'refund', note: 'ok' });
    await consume(org.id, org.owner.token, { amount: 5, reason: 'b' });
    // Assert
    const entries = await entriesOf(org.id);
    expect(entries.map((e) => e.kind)).toEqual(['adjustment', 'consume', 'adjustment', 'refund', 'consume']);
    expect(await balanceOf(org.id)).toBe(12);
    expect(await ledgerSum(org.id)).toBe(12);
    const res = await request(t.app).get(`/api/orgs/${org.id}/credits`).set(bearer(org.owner.token));
    expect(res.body.balance).toBe(12);
  });

  it('when the API is asked to edit or delete an entry, then no such route exists', async () => {
    const org = await orgWith(5);
    const [entry] = await entriesOf(org.id);
    const path = `/api/orgs/${org.id}/credits/entries/${entry?.id}`;

    const patch = await request(t.app).patch(path).set(bearer(org.owner.token)).send({ amount: 500 });
    const del = await request(t.app).delete(path).set(bearer(org.owner.token));

    expect(
      allEndpoints.filter((e) => e.path.includes('credit') && ['PATCH', 'PUT', 'DELETE'].includes(e.method)),
    ).toEqual([]);
    expect(patch.status).toBe(404);
    expect(del.status).toBe(404);
    expect(await entriesOf(org.id)).toEqual([entry]);
  });
});

describe('POST /api/orgs/:orgId/credits/checkout', () => {
  const checkout = (org: SeededOrg, body: object, token = org.owner.token) =>
    request(t.app).post(`/api/orgs/${org.id}/credits/checkout`).set(bearer(token)).send(body);
  const postEvent = (payload: string) =>
    request(t.app)
      .post('/api/billing/webhook')
      .set('content-type', 'application/json')
      .set('stripe-signature', standIn.signature(payload))
      .send(payload);

  it('when the owner buys a pack and pays on the stand-in, then the webhook credits it exactly once', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await checkout(org, { packId: 'credits-500' });
    const page = await request(standIn.url).get(new URL(String(res.body.url)).pathname);
    const sessionId = String(res.body.url).split('/').pop() ?? '';
    const successUrl = await standIn.pay(sessionId);
    await standIn.pay(sessionId);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(new RegExp(`^${standIn.url}/checkout/cs_test_`));
    expect(page.text).toContain('$45.00');
    expect(page.text).toContain('>Pay</button>');
    expect(successUrl).toBe(`http://localhost:5173/orgs/${org.id}/settings/billing?credits=success`);
    const purchases = await entriesOf(org.id, 'purchase');
    expect(purchases).toEqual([
      expect.objectContaining({ amount: 500, balanceAfter: 500, idempotencyKey: `checkout:${sessionId}` }),
    ]);
    expect(await balanceOf(org.id)).toBe(500);
  });

  it('when the completed event is replayed, or sent again under a new event id, then nothing changes', async () => {
    const org = await seedOrg(t.deps);
    const session: StripeObject = {
      id: `cs_test_replay${org.id.slice(0, 8)}`,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      metadata: { orgId: org.id, packId: 'credits-100' },
    };
    const payload = JSON.stringify(standIn.buildEvent('checkout.session.completed', session));

    const first = await postEvent(payload);
    const replay = await postEvent(payload);
    const again = await postEvent(JSON.stringify(standIn.buildEvent('checkout.session.completed', session)));

    expect(first.body).toEqual({ received: true, duplicate: false });
    expect(replay.body).toEqual({ received: true, duplicate: true });
    expect(again.status).toBe(200);
    expect(await entriesOf(org.id, 'purchase')).toHaveLength(1);
    expect(await balanceOf(org.id)).toBe(100);
  });

  it('when a pack is paid, then the org books one expense to AI CEO of what Stripe charged, once even if sent again', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const res = await checkout(org, { packId: 'credits-500' });
    const sessionId = String(res.body.url).split('/').pop() ?? '';

    // Act: paid on the stand-in, then the same session under a new event id.
    await standIn.pay(sessionId);
    const session: StripeObject = {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: 4_500,
      currency: 'usd',
      metadata: { orgId: org.id, packId: 'credits-500' },
    };
    const again = await postEvent(JSON.stringify(standIn.buildEvent('checkout.session.completed', session)));

    // Assert
    expect(again.body).toEqual({ received: true, duplicate: false });
    const rows = await t.deps.db.financeTransaction.findMany({
      where: { orgId: org.id },
      select: {
        amountMinor: true,
        currency: true,
        counterparty: true,
        description: true,
        source: true,
        sourceRef: true,
        category: { select: { key: true } },
        account: { select: { kind: true } },
      },
    });
    expect(rows).toEqual([
      {
        amountMinor: -4_500n,
        currency: 'USD',
        counterparty: 'AI CEO',
        description: 'AI CEO credits: 500 credits',
        source: 'billing',
        sourceRef: sessionId,
        category: { key: 'platform_fees' },
        account: { kind: 'bank' },
      },
    ]);
    expect(await balanceOf(org.id)).toBe(500);
  });

  it('when an unpaid or unknown-pack session completes, then no credits are written', async () => {
    const org = await seedOrg(t.deps);
    const unpaid = {
      id: 'cs_test_unpaid',
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'unpaid',
      metadata: { orgId: org.id, packId: 'credits-100' },
    };
    const unknown = {
      id: 'cs_test_unknown',
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      metadata: { orgId: org.id, packId: 'credits-9' },
    };

    expect((await postEvent(JSON.stringify(standIn.buildEvent('checkout.session.completed', unpaid)))).status).toBe(
      200,
    );
    expect((await postEvent(JSON.stringify(standIn.buildEvent('checkout.session.completed', unknown)))).status).toBe(
      200,
    );

    expect(await entriesOf(org.id)).toHaveLength(0);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the pack id is unknown, then answers 400 with the path packId', async () => {
    const org = await seedOrg(t.deps);
    const res = await checkout(org, { packId: 'credits-7' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'packId' })]);
  });

  it('when an admin (not the owner) starts a checkout, then answers 403', async () => {
    const org = await seedOrg(t.deps);
    const orgAdmin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    expect((await checkout(org, { packId: 'credits-100' }, orgAdmin.token)).status).toBe(403);
  });
});

describe('credit disputes', () => {
  const open = (org: SeededOrg, entryId: string, body: object, token = org.owner.token) =>
    request(t.app).post(`/api/orgs/${org.id}/credits/entries/${entryId}/disputes`).set(bearer(token)).send(body);
  const resolve = (disputeId: string, body: object, token = admin.token) =>
    request(t.app).post(`/api/admin/credit-disputes/${disputeId}/resolve`).set(bearer(token)).send(body);
  /** An org with 10 credits of which 4 were consumed, and that consumption's entry id. */
  const chargedOrg = async () => {
    const org = await orgWith(10);
    const spent = await consume(org.id, org.owner.token, { amount: 4, reason: 'charged' });
    return { org, entryId: String(spent.body.entry.id) };
  };

  describe('POST /api/orgs/:orgId/credits/entries/:entryId/disputes', () => {
    it('when the owner disputes a charge, then answers the open dispute; a second one on the entry answers 409', async () => {
      const { org, entryId } = await chargedOrg();

      const res = await open(org, entryId, { reason: 'the report never arrived' });
      const second = await open(org, entryId, { reason: 'again' });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        orgId: org.id,
        entryId,
        status: 'open',
        reason: 'the report never arrived',
        openedBy: org.owner.id,
        resolvedBy: null,
        resolvedAt: null,
      });
      expect(second.status).toBe(409);
      expect(await t.deps.db.creditDispute.count({ where: { orgId: org.id } })).toBe(1);
      const listed = await request(t.app).get(`/api/orgs/${org.id}/credits/disputes`).set(bearer(org.owner.token));
      expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
    });

    it('when a member disputes, then answers 403', async () => {
      const { org, entryId } = await chargedOrg();
      const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
      expect((await open(org, entryId, { reason: 'no' }, member.token)).status).toBe(403);
    });

    it('when the entry added credits, then answers 409; when it does not exist, 404', async () => {
      const org = await orgWith(10);
      const [grant] = await entriesOf(org.id);
      expect((await open(org, grant?.id ?? '', { reason: 'no' })).status).toBe(409);
      expect((await open(org, '00000000-0000-4000-8000-000000000000', { reason: 'no' })).status).toBe(404);
    });

    it('when the reason is empty and the entry id malformed, then answers 400 with both paths', async () => {
      const org = await seedOrg(t.deps);
      const res = await open(org, 'not-a-uuid', { reason: '  ' });
      expect(res.status).toBe(400);
      expect(
        res.body.error.details.issues.map((i: { location: string; path: string }) => `${i.location}.${i.path}`).sort(),
      ).toEqual(['body.reason', 'params.entryId']);
    });
  });

  describe('POST /api/admin/credit-disputes/:disputeId/resolve', () => {
    it('when an admin refunds, then a refund entry gives the amount back once and the dispute is closed', async () => {
      // Arrange
      const { org, entryId } = await chargedOrg();
      const dispute = await open(org, entryId, { reason: 'broken' });
      // Act
      const res = await resolve(dispute.body.id, { outcome: 'refund', note: 'sorry' });
      const again = await resolve(dispute.body.id, { outcome: 'refund', note: 'twice?' });
      const reopen = await open(org, entryId, { reason: 'more please' });
      // Assert
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'refunded',
        resolutionNote: 'sorry',
        resolvedBy: admin.id,
        resolvedAt: expect.any(String),
      });
      expect(again.status).toBe(409);
      expect(reopen.status).toBe(409);
      expect(await entriesOf(org.id, 'refund')).toEqual([
        expect.objectContaining({ amount: 4, relatedEntryId: entryId, balanceAfter: 10, actorUserId: admin.id }),
      ]);
      expect(await balanceOf(org.id)).toBe(10);
      const queue = await request(t.app).get('/api/admin/credit-disputes?status=refunded').set(bearer(admin.token));
      expect(queue.body.items.map((d: { id: string }) => d.id)).toContain(dispute.body.id);
    });

    it('when an admin rejects, then the balance is unchanged and a new dispute may be opened', async () => {
      const { org, entryId } = await chargedOrg();
      const dispute = await open(org, entryId, { reason: 'broken' });

      const res = await resolve(dispute.body.id, { outcome: 'reject', note: 'it was delivered' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'rejected', resolutionNote: 'it was delivered' });
      expect(await balanceOf(org.id)).toBe(6);
      expect(await entriesOf(org.id, 'refund')).toHaveLength(0);
      expect((await open(org, entryId, { reason: 'second look' })).status).toBe(201);
    });

    it('when the org owner (not a platform admin) resolves, then answers 403 and the dispute stays open', async () => {
      const { org, entryId } = await chargedOrg();
      const dispute = await open(org, entryId, { reason: 'broken' });
      const res = await resolve(dispute.body.id, { outcome: 'refund', note: 'self-service' }, org.owner.token);
      expect(res.status).toBe(403);
      expect((await t.deps.db.creditDispute.findUniqueOrThrow({ where: { id: dispute.body.id } })).status).toBe('open');
    });

    it('when the outcome is unknown and the note missing, then answers 400 with both paths; an unknown dispute answers 404', async () => {
      const res = await resolve('00000000-0000-4000-8000-000000000000', { outcome: 'maybe' });
      const missing = await resolve('00000000-0000-4000-8000-000000000000', { outcome: 'reject', note: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['note', 'outcome']);
      expect(missing.status).toBe(404);
    });
  });
});
