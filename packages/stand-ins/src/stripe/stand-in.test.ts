import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { startEmbeddedStripe } from './embedded';
import type { StripeStandIn } from './stand-in';

const priceIds = { pro: 'price_test_pro', enterprise: 'price_test_enterprise' };
const sdkFor = (standIn: StripeStandIn) =>
  new Stripe(standIn.secretKey, {
    host: standIn.host,
    port: standIn.port,
    protocol: standIn.protocol,
    maxNetworkRetries: 0,
    telemetry: false,
  });

describe('Stripe stand-in state (through the official SDK)', () => {
  let dir: string;
  const running: StripeStandIn[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stripe-stand-in-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (stateFile?: string) => {
    const standIn = await startEmbeddedStripe({ priceIds, ...(stateFile ? { stateFile } : {}) });
    running.push(standIn);
    return standIn;
  };

  it('when it restarts on the same state file, then a customer with a subscription still gets a billing portal session', async () => {
    // Arrange: a customer who subscribed (checkout paid) on the first stand-in, which then stops.
    const stateFile = join(dir, 'stand-ins', 'stripe.json');
    const first = await start(stateFile);
    const customer = await sdkFor(first).customers.create({ name: 'Acme', metadata: { orgId: 'org_1' } });
    const session = await sdkFor(first).checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: priceIds.pro, quantity: 1 }],
      success_url: 'http://localhost/ok',
      cancel_url: 'http://localhost/cancel',
    });
    first.setWebhookUrl('http://127.0.0.1:9/unreachable');
    await first.pay(session.id).catch(() => undefined); // no app listens; the subscription exists anyway
    const subscriptionId = [...first.subscriptions.keys()][0];
    await first.close();
    running.splice(0);

    // Act: a new stand-in (new port, new keys) on the same file opens the portal for that customer.
    const second = await start(stateFile);
    const portal = await sdkFor(second).billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'http://localhost/billing',
    });
    const page = await fetch(portal.url).then((res) => res.text());

    // Assert: the portal works and still lists the subscription; the keys were not reused.
    expect(second.secretKey).not.toBe(first.secretKey);
    expect(portal.url).toMatch(new RegExp(`^${second.url}/portal/`));
    expect(subscriptionId).toBeDefined();
    expect(second.subscriptions.get(subscriptionId ?? '')).toMatchObject({ customer: customer.id, status: 'active' });
    expect(page).toContain('Manage billing');
    expect(page).toContain('Pro');
    expect(readdirSync(join(dir, 'stand-ins'))).toEqual(['stripe.json']); // no temporary file left behind
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toHaveProperty('customers');
  });

  it('when it has no state file and restarts, then the customer is unknown', async () => {
    // Arrange
    const first = await start();
    const customer = await sdkFor(first).customers.create({ name: 'Acme' });
    await first.close();
    running.splice(0);

    // Act
    const second = await start();
    const attempt = sdkFor(second).billingPortal.sessions.create({ customer: customer.id, return_url: 'http://x/' });

    // Assert
    await expect(attempt).rejects.toThrow(/No such customer/);
  });

  it('when a request carries another key than the one it made, then it answers 401', async () => {
    // Arrange
    const standIn = await start();
    const stranger = new Stripe('sk_test_someone_else', {
      host: standIn.host,
      port: standIn.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });

    // Act
    const attempt = stranger.customers.create({ name: 'Acme' });

    // Assert
    await expect(attempt).rejects.toMatchObject({ statusCode: 401 });
  });
});
