import { Writable } from 'node:stream';
import request from 'supertest';
import { startEmbeddedStripe } from '@aiceo/stand-ins/stripe/embedded';
import type { StripeStandIn } from '@aiceo/stand-ins/stripe/stand-in';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { syncAllStripeConnections } from './finance-stripe.service';

// The org's own Stripe, read through the official SDK from the local stand-in (as the embedded
// default does outside production): restricted keys rk_test_local_… are accounts of their own there.
const DAY_MS = 86_400_000;
const DAY_S = 86_400;

const startStandIn = (clock: () => Date) =>
  startEmbeddedStripe({
    priceIds: { pro: 'price_local_pro', enterprise: 'price_local_enterprise' },
    now: () => Math.floor(clock().getTime() / 1000),
  });

/** The app pointed at `standIn` the way `pnpm stripe:local` runs it, with its logs kept. */
const appBeside = async (standIn: StripeStandIn, logLines: string[]): Promise<TestContext> =>
  createTestContext({
    env: {
      STRIPE_SECRET_KEY: standIn.secretKey,
      STRIPE_WEBHOOK_SECRET: standIn.webhookSecret,
      STRIPE_API_HOST: standIn.host,
      STRIPE_API_PORT: String(standIn.port),
      STRIPE_API_PROTOCOL: standIn.protocol,
    },
    logDestination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  });

let t: TestContext;
let standIn: StripeStandIn;
const logLines: string[] = [];
/** Every response body the tests saw, to prove no key ever leaves the server. */
const answers: string[] = [];
const keysUsed: string[] = [];

beforeAll(async () => {
  const holder: { t?: TestContext } = {};
  standIn = await startStandIn(() => holder.t?.clock.now() ?? new Date());
  t = await appBeside(standIn, logLines);
  holder.t = t;
});
afterAll(async () => {
  await standIn.close();
  await t.close();
});

let keyCounter = 0;
const newKey = (label = 'shop') => {
  const key = `rk_test_local_${label}${++keyCounter}x${Math.random().toString(36).slice(2, 10)}`;
  keysUsed.push(key);
  return key;
};
const unix = () => Math.floor(t.clock.now().getTime() / 1000);

const kept = <T extends { text: string }>(res: T): T => {
  answers.push(res.text);
  return res;
};
const path = (org: SeededOrg, tail = '') => `/api/orgs/${org.id}/finance/stripe${tail}`;
const connect = async (org: SeededOrg, apiKey: string, token = org.owner.token) =>
  kept(await request(t.app).post(path(org)).set(bearer(token)).send({ apiKey }));
const sync = async (org: SeededOrg) =>
  kept(await request(t.app).post(path(org, '/sync')).set(bearer(org.owner.token)).send({}));
const status = async (org: SeededOrg, token = org.owner.token) =>
  kept(await request(t.app).get(path(org)).set(bearer(token)));

const stripeRows = (orgId: string) =>
  t.deps.db.financeTransaction.findMany({
    where: { orgId, source: 'stripe' },
    select: {
      sourceRef: true,
      amountMinor: true,
      accountId: true,
      transferId: true,
      currency: true,
      date: true,
      category: { select: { key: true, kind: true } },
    },
    orderBy: { sourceRef: 'asc' },
  });
const sum = (rows: { amountMinor: bigint }[]) => rows.reduce((total, row) => total + Number(row.amountMinor), 0);

/** A key whose Stripe account holds exactly these balance transactions (no seeded history). */
const accountWith = (transactions: Parameters<StripeStandIn['restricted']['add']>[1], label = 'books') => {
  const key = newKey(label);
  standIn.restricted.reset(key);
  const made = standIn.restricted.add(key, transactions);
  return { key, made };
};

describe('POST /api/orgs/:orgId/finance/stripe (connect)', () => {
  it.each([
    ['a secret key', 'sk_test_51HabcdefghijklmnopQRSTUVWX', /secret key, which can move money/],
    ['a publishable key', 'pk_live_51Habcdefghijklmnop', /publishable key/],
    ['no key at all', 'hello there', /not a Stripe API key/],
  ])(
    'when the owner pastes %s, then it answers 400 asking for a restricted key and stores nothing',
    async (_, apiKey, words) => {
      // Arrange
      const org = await seedOrg(t.deps);

      // Act
      const res = await connect(org, apiKey);

      // Assert
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      const message = res.body.error.details.issues[0].message as string;
      expect(message).toMatch(words);
      expect(message).toMatch(/restricted key \(rk_live_… or rk_test_…\) with read access to Balance/);
      expect(res.text).not.toContain(apiKey);
      expect(await t.deps.db.financeStripeConnection.count({ where: { orgId: org.id } })).toBe(0);
      expect(await t.deps.db.financeAccount.count({ where: { orgId: org.id } })).toBe(0);
    },
  );

  it('when Stripe refuses the restricted key, then it answers 400 in plain words and stores nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const apiKey = newKey('revoked');
    standIn.restricted.revoke(apiKey);

    // Act
    const res = await connect(org, apiKey);

    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.error.message).toMatch(
      new RegExp(`^Stripe refused the key ending ${apiKey.slice(-4)}: it was revoked, rolled or mistyped`),
    );
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'apiKey' })]);
    expect(await t.deps.db.financeStripeConnection.count({ where: { orgId: org.id } })).toBe(0);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the owner connects a restricted key, then the key is stored encrypted and the whole history is imported', async () => {
    // Arrange: the stand-in's seeded month of sales for this key.
    const org = await seedOrg(t.deps);
    const apiKey = newKey();
    const history = standIn.restricted.list(apiKey);
    const count = (type: string) => history.filter((h) => h['type'] === type).length;
    const withFee = history.filter((h) => Number(h['fee']) !== 0).length;

    // Act
    const res = await connect(org, apiKey);

    // Assert: what Stripe holds, once each.
    expect(res.status).toBe(201);
    expect(res.body.imported).toEqual({
      charges: count('charge'),
      refunds: count('refund'),
      fees: count('stripe_fee') + withFee,
      payouts: count('payout'),
      other: 0,
    });
    expect(count('charge')).toBeGreaterThan(5);
    expect(count('payout')).toBeGreaterThan(1);
    expect(res.body.connection).toMatchObject({
      connected: true,
      keyLast4: apiKey.slice(-4),
      currency: 'USD',
      lastError: null,
      stripeAccountId: expect.stringMatching(/^acct_/),
      financeAccountName: 'Stripe',
      standInKeyPrefix: 'rk_test_local_',
      counts: { transactions: history.length + withFee + count('payout'), payouts: count('payout') },
    });
    const stored = await t.deps.db.financeStripeConnection.findUniqueOrThrow({ where: { orgId: org.id } });
    expect(stored.keyEnc).toMatch(/^v1\./);
    expect(stored.keyEnc).not.toContain(apiKey);
    expect(stored.lastSyncedAt?.toISOString()).toBe(t.clock.now().toISOString());
    const processor = await t.deps.db.financeAccount.findUniqueOrThrow({ where: { id: stored.accountId } });
    expect(processor).toMatchObject({ kind: 'processor', name: 'Stripe', currency: 'USD', orgId: org.id });
    const bank = await t.deps.db.financeAccount.findFirstOrThrow({ where: { orgId: org.id, kind: 'bank' } });
    expect(stored.payoutAccountId).toBe(bank.id);
    // Charges are income at their gross amount, in the sales category.
    const rows = await stripeRows(org.id);
    const sales = rows.filter((r) => r.category?.key === 'sales');
    expect(sum(sales)).toBe(
      history
        .filter((h) => h['type'] === 'charge' || h['type'] === 'refund')
        .reduce((s, h) => s + Number(h['amount']), 0),
    );
    // The processor account's balance is Stripe's: every net amount, payouts taken out.
    const processorRows = rows.filter((r) => r.accountId === processor.id);
    expect(sum(processorRows)).toBe(history.reduce((s, h) => s + Number(h['net']), 0));
  });

  it('when a member tries to connect, then it answers 403 and stores nothing', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });

    const res = await connect(org, newKey(), member.token);

    expect(res.status).toBe(403);
    expect(await t.deps.db.financeStripeConnection.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe('POST /api/orgs/:orgId/finance/stripe/sync', () => {
  it('when nothing happened in Stripe since, then a re-sync imports nothing', async () => {
    // Arrange: one charge long ago, one inside the overlap the next sync asks for again.
    const { key } = accountWith([
      { type: 'charge', amount: 2_000, fee: 88, created: unix() - 20 * DAY_S },
      { type: 'charge', amount: 3_000, fee: 117, created: unix() - 3600 },
    ]);
    const org = await seedOrg(t.deps);
    expect((await connect(org, key)).body.imported.charges).toBe(2);
    const before = await t.deps.db.financeTransaction.count({ where: { orgId: org.id } });
    t.clock.advance(DAY_MS);

    // Act
    const res = await sync(org);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.imported).toEqual({ charges: 0, refunds: 0, fees: 0, payouts: 0, other: 0 });
    expect(res.body.alreadyImported).toBe(1);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(before);
    expect(res.body.connection.lastSyncedAt).toBe(t.clock.now().toISOString());
  });

  it('when a charge, a refund, a Stripe fee and a payout come in, then income counts the charge once and the payout is a transfer to the bank', async () => {
    // Arrange: 100.00 charged (3.20 fee), 20.00 refunded, a 15.00 Stripe bill, 76.80 paid out.
    const at = unix() - 5 * DAY_S;
    const { key, made } = accountWith([
      { type: 'charge', amount: 10_000, fee: 320, created: at, description: 'Order #7' },
      { type: 'refund', amount: -2_000, created: at + 3600, description: 'Refund of order #7' },
      { type: 'stripe_fee', amount: -1_500, created: at + 7200, description: 'Billing - Usage Fee' },
      { type: 'payout', amount: -6_180, created: at + 2 * DAY_S, description: 'STRIPE PAYOUT' },
    ]);
    const [charge, refund, bill, payout] = made.map((m) => String(m['id']));
    const org = await seedOrg(t.deps);

    // Act
    const res = await connect(org, key);

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.imported).toEqual({ charges: 1, refunds: 1, fees: 2, payouts: 1, other: 0 });
    const connection = await t.deps.db.financeStripeConnection.findUniqueOrThrow({ where: { orgId: org.id } });
    const rows = await stripeRows(org.id);
    const byRef = Object.fromEntries(rows.map((r) => [r.sourceRef, r]));
    expect(rows).toHaveLength(6);
    expect(byRef[charge ?? '']).toMatchObject({ amountMinor: 10_000n, category: { key: 'sales', kind: 'income' } });
    expect(byRef[`${charge}:fee`]).toMatchObject({ amountMinor: -320n, category: { key: 'payment_processing' } });
    expect(byRef[refund ?? '']).toMatchObject({ amountMinor: -2_000n, category: { key: 'sales' } });
    expect(byRef[bill ?? '']).toMatchObject({ amountMinor: -1_500n, category: { key: 'payment_processing' } });
    const out = byRef[payout ?? ''];
    const into = byRef[`${payout}:bank`];
    expect(out).toMatchObject({
      amountMinor: -6_180n,
      accountId: connection.accountId,
      category: { kind: 'transfer' },
    });
    expect(into).toMatchObject({
      amountMinor: 6_180n,
      accountId: connection.payoutAccountId,
      category: { kind: 'transfer' },
    });
    expect(out?.transferId).toBeTruthy();
    expect(into?.transferId).toBe(out?.transferId);
    // Profit and loss from the books: income is the charge less the refund, once; the payout is neither.
    const income = rows.filter((r) => r.category?.kind === 'income');
    const expenses = rows.filter((r) => r.category?.kind === 'expense');
    expect(sum(income)).toBe(8_000);
    expect(sum(expenses)).toBe(-1_820);
    expect(sum(rows.filter((r) => r.accountId === connection.accountId))).toBe(0);
    expect(rows.every((r) => r.currency === 'USD')).toBe(true);
    expect(byRef[charge ?? '']?.date.toISOString().slice(0, 10)).toBe(new Date(at * 1000).toISOString().slice(0, 10));
  });

  it('when Stripe keeps the balance in another currency than the bank, then payouts only leave Stripe and foreign rows are named, not guessed', async () => {
    // Arrange: a EUR Stripe account; the org's bank is in its currency (USD).
    const key = newKey('eur');
    standIn.restricted.reset(key, { currency: 'eur' });
    const [, payout] = standIn.restricted.add(key, [
      { type: 'charge', amount: 10_000, fee: 165, created: unix() - 2 * DAY_S },
      { type: 'payout', amount: -9_835, created: unix() - DAY_S },
      { type: 'charge', amount: 700, fee: 50, created: unix() - 3600, currency: 'usd' },
    ]);
    const org = await seedOrg(t.deps);

    // Act
    const res = await connect(org, key);

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.imported).toEqual({ charges: 1, refunds: 0, fees: 1, payouts: 1, other: 0 });
    expect(res.body.skippedOtherCurrency).toBe(1);
    expect(res.body.connection).toMatchObject({ currency: 'EUR', payoutAccountId: null, financeAccountName: 'Stripe' });
    expect(res.body.connection.lastError).toBe(
      '1 Stripe balance transaction in another currency than EUR was not imported; add it by hand',
    );
    const rows = await stripeRows(org.id);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.currency === 'EUR')).toBe(true);
    expect(rows.find((r) => r.sourceRef === payout?.['id'])).toMatchObject({
      amountMinor: -9_835n,
      transferId: null,
      category: { kind: 'transfer' },
    });
  });

  it('when Stripe has new transactions a day later, then only those are imported', async () => {
    // Arrange: the first charge falls in the overlap the next sync asks for again.
    const { key } = accountWith([{ type: 'charge', amount: 5_000, fee: 175, created: unix() - 3600 }]);
    const org = await seedOrg(t.deps);
    expect((await connect(org, key)).status).toBe(201);
    t.clock.advance(DAY_MS);
    const [later] = standIn.restricted.add(key, [{ type: 'charge', amount: 2_500, fee: 103, created: unix() - 60 }]);

    // Act
    const res = await sync(org);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.imported).toEqual({ charges: 1, refunds: 0, fees: 1, payouts: 0, other: 0 });
    expect(res.body.alreadyImported).toBe(1);
    const rows = await stripeRows(org.id);
    expect(rows.map((r) => r.sourceRef)).toContain(String(later?.['id']));
    expect(sum(rows.filter((r) => r.category?.key === 'sales'))).toBe(7_500);
  });

  it('when the key was revoked in Stripe, then it answers 409 in plain words and the status shows the problem', async () => {
    // Arrange
    const { key } = accountWith([{ type: 'charge', amount: 1_000, fee: 59, created: unix() - DAY_S }]);
    const org = await seedOrg(t.deps);
    expect((await connect(org, key)).status).toBe(201);
    standIn.restricted.revoke(key);

    // Act
    const res = await sync(org);
    const shown = await status(org);

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.body.error.message).toMatch(/^Stripe refused the key ending .{4}: it was revoked/);
    expect(res.body.error.message).toMatch(/connect Stripe again with a new restricted key$/);
    expect(shown.body).toMatchObject({ connected: true, lastError: res.body.error.message });
    expect(shown.body.counts.transactions).toBe(2);
  });

  it('when Stripe cannot be reached, then it answers 503 and the status shows the problem', async () => {
    // Arrange: an app beside a stand-in that stops after the connect.
    const lines: string[] = [];
    const holder: { t?: TestContext } = {};
    const gone = await startStandIn(() => holder.t?.clock.now() ?? new Date());
    const other = await appBeside(gone, lines);
    holder.t = other;
    const org = await seedOrg(other.deps);
    const key = newKey('gone');
    expect((await request(other.app).post(path(org)).set(bearer(org.owner.token)).send({ apiKey: key })).status).toBe(
      201,
    );
    await gone.close();

    // Act
    const res = await request(other.app).post(path(org, '/sync')).set(bearer(org.owner.token)).send({});
    const shown = await request(other.app).get(path(org)).set(bearer(org.owner.token));
    await other.close();

    // Assert
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(res.body.error.message).toMatch(/^Stripe could not be reached/);
    expect(shown.body.lastError).toBe(res.body.error.message);
    expect([res.text, shown.text, ...lines].join('\n')).not.toContain(key);
  });

  it('when the org never connected Stripe, then sync answers 404', async () => {
    const org = await seedOrg(t.deps);

    const res = await sync(org);

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('DELETE /api/orgs/:orgId/finance/stripe', () => {
  it('when the owner disconnects, then the key is forgotten and the imported transactions stay', async () => {
    // Arrange
    const { key } = accountWith([{ type: 'charge', amount: 4_000, fee: 146, created: unix() - DAY_S }]);
    const org = await seedOrg(t.deps);
    expect((await connect(org, key)).status).toBe(201);

    // Act
    const res = await request(t.app).delete(path(org)).set(bearer(org.owner.token));
    const shown = await status(org);
    const again = await request(t.app).delete(path(org)).set(bearer(org.owner.token));

    // Assert
    expect(res.status).toBe(204);
    expect(await t.deps.db.financeStripeConnection.count({ where: { orgId: org.id } })).toBe(0);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id, source: 'stripe' } })).toBe(2);
    expect(shown.body).toMatchObject({ connected: false, keyLast4: null, counts: { transactions: 2, payouts: 0 } });
    expect(again.status).toBe(404);
  });

  it('when the owner connects the same Stripe account again, then nothing is imported twice', async () => {
    // Arrange
    const { key } = accountWith([{ type: 'charge', amount: 4_000, fee: 146, created: unix() - DAY_S }]);
    const org = await seedOrg(t.deps);
    expect((await connect(org, key)).status).toBe(201);
    expect((await request(t.app).delete(path(org)).set(bearer(org.owner.token))).status).toBe(204);

    // Act
    const res = await connect(org, key);

    // Assert
    expect(res.status).toBe(201);
    expect(res.body.imported.charges).toBe(0);
    expect(res.body.alreadyImported).toBe(1);
    expect(await t.deps.db.financeAccount.count({ where: { orgId: org.id, kind: 'processor' } })).toBe(1);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id, source: 'stripe' } })).toBe(2);
  });
});

describe('the daily Stripe sync job', () => {
  it('when it runs, then every connected org gets its new transactions and a revoked key is recorded, not swallowed', async () => {
    // Arrange: one org with a new charge since its last sync, one whose key was revoked.
    const fine = accountWith([{ type: 'charge', amount: 3_000, fee: 117, created: unix() - DAY_S }]);
    const revoked = accountWith([{ type: 'charge', amount: 1_000, fee: 59, created: unix() - DAY_S }]);
    const fineOrg = await seedOrg(t.deps);
    const revokedOrg = await seedOrg(t.deps);
    expect((await connect(fineOrg, fine.key)).status).toBe(201);
    expect((await connect(revokedOrg, revoked.key)).status).toBe(201);
    t.clock.advance(DAY_MS);
    standIn.restricted.add(fine.key, [{ type: 'charge', amount: 6_000, fee: 204, created: unix() - 60 }]);
    standIn.restricted.revoke(revoked.key);

    // Act
    const result = await syncAllStripeConnections(t.deps);
    const again = await syncAllStripeConnections(t.deps);

    // Assert
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: fineOrg.id, source: 'stripe' } })).toBe(4);
    const fineConnection = await t.deps.db.financeStripeConnection.findUniqueOrThrow({ where: { orgId: fineOrg.id } });
    expect(fineConnection).toMatchObject({ lastError: null, lastSyncedAt: t.clock.now() });
    const revokedConnection = await t.deps.db.financeStripeConnection.findUniqueOrThrow({
      where: { orgId: revokedOrg.id },
    });
    expect(revokedConnection.lastError).toMatch(/^Stripe refused the key/);
    expect(again.imported).toBe(0);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: fineOrg.id, source: 'stripe' } })).toBe(4);
  });
});

describe('GET /api/orgs/:orgId/finance/stripe', () => {
  it('when the org never connected, then it answers not connected with the stand-in hint', async () => {
    const org = await seedOrg(t.deps);

    const res = await status(org);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      connected: false,
      stripeAccountId: null,
      keyLast4: null,
      financeAccountId: null,
      financeAccountName: null,
      currency: null,
      payoutAccountId: null,
      connectedAt: null,
      lastSyncedAt: null,
      lastError: null,
      counts: { transactions: 0, payouts: 0 },
      standInKeyPrefix: 'rk_test_local_',
    });
  });

  it('when a member asks, then it answers 403 (finance is admin+)', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });

    const res = await status(org, member.token);

    expect(res.status).toBe(403);
  });
});

// Last in the file, after every request above.
describe('secrets', () => {
  it('when every test above has run, then no response and no log line held a key, only its last four characters', () => {
    const everything = [...answers, ...logLines].join('\n');
    expect(keysUsed.length).toBeGreaterThan(10);
    for (const key of keysUsed) expect(everything).not.toContain(key);
    expect(logLines.some((line) => line.includes('Stripe connected to the books'))).toBe(true);
  });
});
