import Stripe from 'stripe';
import { startEmbeddedStripe } from './embedded';
import type { StripeStandIn } from './stand-in';

const priceIds = { pro: 'price_test_pro', enterprise: 'price_test_enterprise' };
const NOW = 1_796_000_000;

describe('Stripe stand-in: restricted keys read balance transactions (through the official SDK)', () => {
  let standIn: StripeStandIn;
  beforeAll(async () => {
    standIn = await startEmbeddedStripe({ priceIds, now: () => NOW });
  });
  afterAll(() => standIn.close());

  const sdk = (key: string) =>
    new Stripe(key, {
      host: standIn.host,
      port: standIn.port,
      protocol: standIn.protocol,
      maxNetworkRetries: 0,
      telemetry: false,
    });

  it('when the same restricted key is used on two stand-ins, then it finds the same account and history', async () => {
    // Arrange
    const other = await startEmbeddedStripe({ priceIds, now: () => NOW });

    // Act
    const account = await sdk('rk_test_local_same').accounts.retrieve(null);
    const first = await sdk('rk_test_local_same').balanceTransactions.list({ limit: 100 });
    const second = await new Stripe('rk_test_local_same', {
      host: other.host,
      port: other.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    }).balanceTransactions.list({ limit: 100 });
    await other.close();

    // Assert
    expect(account).toMatchObject({ object: 'account', default_currency: 'usd' });
    expect(account.id).toMatch(/^acct_/);
    expect(first.data.length).toBeGreaterThan(10);
    expect(second.data).toEqual(first.data);
    expect(new Set(first.data.map((t) => t.type))).toEqual(new Set(['charge', 'refund', 'payout', 'stripe_fee']));
    for (const t of first.data) {
      expect(t).toMatchObject({ object: 'balance_transaction', currency: 'usd', net: t.amount - t.fee });
      expect(t.id).toMatch(/^txn_/);
      expect(t.created).toBeLessThan(NOW);
    }
  });

  it('when the SDK auto-paginates from a date, then every transaction since then comes once, newest first', async () => {
    // Arrange
    const key = 'rk_test_local_pages';
    const all = standIn.restricted.list(key);
    const since = NOW - 20 * 86_400;
    const expected = all.filter((t) => Number(t['created']) >= since).map((t) => t['id']);

    // Act
    const seen: string[] = [];
    for await (const t of sdk(key).balanceTransactions.list({ created: { gte: since }, limit: 3 })) seen.push(t.id);

    // Assert
    expect(expected.length).toBeGreaterThan(3);
    expect(seen).toEqual(expected);
  });

  it('when a test adds transactions, then the list and the balance show them', async () => {
    // Arrange
    const key = 'rk_test_local_added';
    standIn.restricted.reset(key, { currency: 'eur' });

    // Act
    const [charge] = standIn.restricted.add(key, [{ type: 'charge', amount: 5_000, fee: 175, created: NOW - 10 }]);
    const list = await sdk(key).balanceTransactions.list({ limit: 1 });
    const balance = await sdk(key).balance.retrieve();

    // Assert
    expect(list.data).toEqual([expect.objectContaining({ id: charge?.['id'], amount: 5_000, fee: 175, net: 4_825 })]);
    expect(list.has_more).toBe(false);
    expect(list.data[0]?.fee_details).toEqual([expect.objectContaining({ amount: 175, type: 'stripe_fee' })]);
    expect(balance.pending).toEqual([expect.objectContaining({ amount: 4_825, currency: 'eur' })]);
  });

  it('when a restricted key writes or is revoked, then Stripe errors come back (403, then 401)', async () => {
    // Arrange
    const key = 'rk_test_local_revoked';

    // Act
    const write = sdk(key).customers.create({ name: 'Acme' });
    await expect(write).rejects.toMatchObject({ statusCode: 403, type: 'StripePermissionError' });
    standIn.restricted.revoke(key);
    const read = sdk(key).balanceTransactions.list({ limit: 1 });

    // Assert
    await expect(read).rejects.toMatchObject({ statusCode: 401, type: 'StripeAuthenticationError' });
    await expect(read).rejects.not.toThrow(key);
  });

  it('when a restricted key makes a payment Checkout and it is paid, then the charge and its metadata come with the balance transaction', async () => {
    // Arrange
    const key = 'rk_test_local_checkout';
    standIn.restricted.reset(key);
    const create = () =>
      sdk(key).checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            { quantity: 1, price_data: { currency: 'usd', unit_amount: 12_345, product_data: { name: 'Deposit' } } },
          ],
          payment_intent_data: { description: 'Deposit for P-7', metadata: { aiceo_proposal_id: 'p-1' } },
          success_url: 'https://app.example/done',
          cancel_url: 'https://app.example/back',
        },
        { idempotencyKey: 'deposit-p-1' },
      );

    // Act
    const session = await create();
    const again = await create();
    const page = await fetch(session.url ?? '');
    const paid = await fetch(`${session.url ?? ''}/pay`, { method: 'POST', redirect: 'manual' });
    const list = await sdk(key).balanceTransactions.list({ limit: 1, expand: ['data.source'] });
    const plain = await sdk(key).balanceTransactions.list({ limit: 1 });
    const retrieved = await sdk(key).checkout.sessions.retrieve(session.id);

    // Assert
    expect(again.id).toBe(session.id);
    expect(await page.text()).toContain('123.45 USD');
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('https://app.example/done');
    expect(list.data[0]).toMatchObject({ type: 'charge', amount: 12_345, description: 'Deposit for P-7' });
    expect(list.data[0]?.source).toMatchObject({ object: 'charge', metadata: { aiceo_proposal_id: 'p-1' } });
    expect(typeof plain.data[0]?.source).toBe('string');
    expect(retrieved).toMatchObject({ status: 'complete', payment_status: 'paid' });
  });

  it('when the limit is out of range, then it answers 400 as Stripe does', async () => {
    const attempt = sdk('rk_test_local_limit').balanceTransactions.list({ limit: 500 });

    await expect(attempt).rejects.toMatchObject({ statusCode: 400, param: 'limit' });
  });
});
