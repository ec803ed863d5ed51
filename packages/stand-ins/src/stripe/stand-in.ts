import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { stripeFixtures } from './fixtures';
import { createRestrictedAccounts, type RestrictedAccounts } from './balance';
import { readBody } from '../read-body';

/**
 * A small offline Stripe: the endpoints the app calls, in Stripe's wire format (form-encoded
 * requests, Bearer sk_ auth, JSON objects copied from Stripe's own fixtures), a hosted checkout
 * page with a Pay button and a portal page, and signed webhooks back to the app. With `stateFile`
 * its customers, subscriptions and sessions outlive a restart, as Stripe's do. Restricted keys
 * (rk_test_local_…) read a business's own account instead: see balance.ts.
 */

export type StandInPrice = { priceId: string; name: string; amountCents: number };
export type StandInOptions = {
  secretKey: string;
  webhookSecret: string;
  /** Where webhooks go; can be set later with setWebhookUrl (the app's port is known only after it listens). */
  webhookUrl?: string;
  prices: StandInPrice[];
  host?: string;
  port?: number;
  /** Seconds since the epoch; tests pass their fake clock. */
  now?: () => number;
  /** A JSON file that keeps its objects across restarts (written whole after every change); none: memory only. */
  stateFile?: string;
};
export type StripeObject = Record<string, unknown>;
export type Delivery = { eventId: string; type: string; status: number };
export type StripeStandIn = {
  /** The API key it accepts and the secret it signs webhooks with (a StripeStandInTarget, with `port`). */
  secretKey: string;
  webhookSecret: string;
  url: string;
  host: string;
  port: number;
  protocol: 'http';
  setWebhookUrl(url: string): void;
  /** What the Pay button does: completes the session and sends its webhooks; answers the success_url. */
  pay(sessionId: string): Promise<string>;
  /** Builds, signs and sends one event; answers the app's status. */
  send(type: string, object: StripeObject, created?: number): Promise<Delivery>;
  buildEvent(type: string, object: StripeObject, created?: number): StripeObject;
  signature(payload: string, timestamp?: number): string;
  deliveries: Delivery[];
  subscriptions: Map<string, StripeObject>;
  /**
   * Test-only control of the accounts behind restricted keys (rk_test_local_…): their balance
   * transactions and revocation. Over HTTP those keys only read, as the app does.
   */
  restricted: RestrictedAccounts;
  close(): Promise<void>;
};

const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const clone = (name: string): StripeObject => structuredClone(stripeFixtures[name] ?? {});

/** Stripe-Signature as stripe.webhooks.generateTestHeaderString makes it. */
export const stripeSignature = (options: { payload: string; secret: string; timestamp: number }): string =>
  `t=${options.timestamp},v1=${createHmac('sha256', options.secret).update(`${options.timestamp}.${options.payload}`).digest('hex')}`;

/** Decodes Stripe's bracketed form encoding (`line_items[0][price]=x`) into objects and arrays. */
export const decodeForm = (body: string): StripeObject => {
  const root: StripeObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '');
    let node: StripeObject = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as StripeObject;
    });
  }
  const arrays = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as StripeObject).map(([k, v]) => [k, arrays(v)] as const);
    return entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))
      ? entries.map(([, v]) => v)
      : Object.fromEntries(entries);
  };
  return arrays(root) as StripeObject;
};

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req') });
  res.end(JSON.stringify(body));
};
const stripeError = (res: ServerResponse, status: number, message: string, type = 'invalid_request_error'): void =>
  json(res, status, { error: { type, message } });
const html = (res: ServerResponse, body: string): void => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Stripe (local stand-in)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.6rem 1.4rem;cursor:pointer}.muted{color:#666}</style></head>
<body><p class="muted">Local Stripe stand-in: no real payment is made.</p>${body}</body></html>`);
};
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (cents: number): string => `$${(cents / 100).toFixed(2)}`;
const MONTH_SECONDS = 30 * 24 * 3600;

/** What `stateFile` holds: Stripe's objects by id, and the answers remembered per idempotency key. */
type StandInState = {
  customers: Array<[string, StripeObject]>;
  checkoutSessions: Array<[string, StripeObject]>;
  portalSessions: Array<[string, StripeObject]>;
  subscriptions: Array<[string, StripeObject]>;
  idempotent: Array<[string, StripeObject]>;
};

const readState = (file: string): Partial<StandInState> => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    return JSON.parse(text) as Partial<StandInState>;
  } catch (error) {
    throw new Error(`The Stripe stand-in's state file ${file} is not JSON; delete it to start empty`, { cause: error });
  }
};

/** Whole-file writes through a temporary file and a rename, so a crash leaves the old state or the new one. */
const writeState = (file: string, state: StandInState): void => {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
};

export const startStripeStandIn = async (options: StandInOptions): Promise<StripeStandIn> => {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  let webhookUrl = options.webhookUrl;
  const saved = options.stateFile ? readState(options.stateFile) : {};
  const customers = new Map<string, StripeObject>(saved.customers);
  const sessions = new Map<string, StripeObject>(saved.checkoutSessions);
  const portals = new Map<string, StripeObject>(saved.portalSessions);
  const subscriptions = new Map<string, StripeObject>(saved.subscriptions);
  const idempotent = new Map<string, StripeObject>(saved.idempotent);
  const save = (): void => {
    if (!options.stateFile) return;
    writeState(options.stateFile, {
      customers: [...customers],
      checkoutSessions: [...sessions],
      portalSessions: [...portals],
      subscriptions: [...subscriptions],
      idempotent: [...idempotent],
    });
  };
  const deliveries: Delivery[] = [];
  let baseUrl = '';
  // A business's own read-only keys (Connect Stripe in the books): accounts of their own, not the platform's.
  const restricted = createRestrictedAccounts(now, () => baseUrl);

  const priceOf = (priceId: string): StandInPrice | undefined => options.prices.find((p) => p.priceId === priceId);

  const buildEvent = (type: string, object: StripeObject, created = now()): StripeObject => ({
    ...clone('event'),
    id: newId('evt'),
    type,
    created,
    api_version: '2026-10-28.endive',
    data: { object },
    pending_webhooks: 1,
  });
  const signature = (payload: string, timestamp = now()): string =>
    stripeSignature({ payload, secret: options.webhookSecret, timestamp });
  const deliver = async (event: StripeObject): Promise<Delivery> => {
    if (!webhookUrl) throw new Error('The Stripe stand-in has no webhook URL to send to');
    const payload = JSON.stringify(event);
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature(payload) },
      body: payload,
    });
    const delivery = { eventId: String(event['id']), type: String(event['type']), status: res.status };
    deliveries.push(delivery);
    return delivery;
  };
  const send = (type: string, object: StripeObject, created?: number) => deliver(buildEvent(type, object, created));

  const makeSubscription = (session: StripeObject, price: StandInPrice): StripeObject => {
    const t = now();
    const id = newId('sub');
    const template = clone('subscription');
    const item = ((template['items'] as { data: StripeObject[] }).data[0] ?? {}) as StripeObject;
    const subscription: StripeObject = {
      ...template,
      id,
      customer: session['customer'],
      status: 'active',
      created: t,
      start_date: t,
      billing_cycle_anchor: t,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      cancel_at_period_end: false,
      metadata: (session['metadata'] as StripeObject | undefined) ?? {},
      items: {
        object: 'list',
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
        data: [
          {
            ...item,
            id: newId('si'),
            subscription: id,
            created: t,
            current_period_start: t,
            current_period_end: t + MONTH_SECONDS,
            price: {
              ...(item['price'] as StripeObject),
              id: price.priceId,
              unit_amount: price.amountCents,
              unit_amount_decimal: String(price.amountCents),
              nickname: price.name,
            },
            plan: {
              ...(item['plan'] as StripeObject),
              id: price.priceId,
              amount: price.amountCents,
              currency: 'usd',
              interval_count: 1,
            },
          },
        ],
      },
    };
    subscriptions.set(id, subscription);
    return subscription;
  };
  const makeInvoice = (subscription: StripeObject, price: StandInPrice): StripeObject => ({
    ...clone('invoice'),
    id: newId('in'),
    customer: subscription['customer'],
    subscription: subscription['id'],
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: subscription['metadata'], subscription: subscription['id'] },
    },
    status: 'paid',
    billing_reason: 'subscription_create',
    amount_due: price.amountCents,
    amount_paid: price.amountCents,
    amount_remaining: 0,
    total: price.amountCents,
    subtotal: price.amountCents,
    created: now(),
    status_transitions: { finalized_at: now(), marked_uncollectible_at: null, paid_at: now(), voided_at: null },
  });

  const pay = async (sessionId: string): Promise<string> => {
    // A business's own Checkout (a restricted key's): paid into that account, no webhook to the app.
    if (restricted.accounts.session(sessionId)) return restricted.accounts.pay(sessionId);
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`No checkout session ${sessionId}`);
    if (session['status'] !== 'complete' && session['mode'] === 'payment') {
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: newId('pi') });
      save();
      const { price_id: _priceId, one_off: _oneOff, ...publicSession } = session;
      await send('checkout.session.completed', publicSession);
    } else if (session['status'] !== 'complete') {
      const price = priceOf(String(session['price_id']));
      if (!price) throw new Error(`Unknown price ${String(session['price_id'])}`);
      const subscription = makeSubscription(session, price);
      Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: subscription['id'] });
      save();
      const { price_id: _priceId, one_off: _oneOff, ...publicSession } = session;
      // The order Stripe documents for a new subscription; the app must cope with any order anyway.
      await send('checkout.session.completed', publicSession);
      await send('customer.subscription.created', subscription);
      await send('invoice.paid', makeInvoice(subscription, price));
    }
    return String(session['success_url']);
  };

  const cancel = async (subscriptionId: string): Promise<void> => {
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription || subscription['status'] === 'canceled') return;
    const t = now();
    Object.assign(subscription, { status: 'canceled', canceled_at: t, ended_at: t });
    save();
    await send('customer.subscription.deleted', subscription);
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    const bearer = /^Bearer (rk_\S+)$/.exec(req.headers.authorization ?? '');
    if (bearer?.[1]) {
      const idempotencyKey = req.headers['idempotency-key'];
      return restricted.handle(res, {
        method: req.method ?? 'GET',
        path,
        key: bearer[1],
        query: decodeForm(url.search.slice(1)),
        form: decodeForm(await readBody(req)),
        idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : null,
      });
    }
    if (req.headers.authorization !== `Bearer ${options.secretKey}`)
      return stripeError(res, 401, 'Invalid API Key provided', 'invalid_request_error');
    const form = decodeForm(await readBody(req));
    const idempotencyKey = req.headers['idempotency-key'];
    const cacheKey = typeof idempotencyKey === 'string' ? `${path} ${idempotencyKey}` : null;
    const cached = cacheKey ? idempotent.get(cacheKey) : undefined;
    if (cached) return json(res, 200, cached);
    const remember = (object: StripeObject) => {
      if (cacheKey) idempotent.set(cacheKey, object);
      save();
      json(res, 200, object);
    };

    if (req.method === 'POST' && path === '/v1/customers') {
      const customer = {
        ...clone('customer'),
        id: newId('cus'),
        created: now(),
        discount: null,
        name: form['name'] ?? null,
        email: form['email'] ?? null,
        metadata: form['metadata'] ?? {},
      };
      customers.set(String(customer.id), customer);
      return remember(customer);
    }
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const customer = String(form['customer'] ?? '');
      const lineItems = (form['line_items'] as StripeObject[] | undefined) ?? [];
      const mode = form['mode'];
      if (mode !== 'subscription' && mode !== 'payment')
        return stripeError(res, 400, 'The stand-in supports mode=subscription and mode=payment only');
      // Payment mode (one-off purchases) takes inline price_data and needs no customer.
      const inline = lineItems[0]?.['price_data'] as
        { unit_amount?: string; product_data?: { name?: string } } | undefined;
      const priceId = mode === 'payment' ? '' : String(lineItems[0]?.['price'] ?? '');
      const price =
        mode === 'payment'
          ? { priceId: '', name: String(inline?.product_data?.name ?? ''), amountCents: Number(inline?.unit_amount) }
          : priceOf(priceId);
      if (mode === 'subscription' && !customers.has(customer))
        return stripeError(res, 400, `No such customer: '${customer}'`);
      if (!price) return stripeError(res, 400, `No such price: '${priceId}'`);
      if (mode === 'payment' && !(Number.isInteger(price.amountCents) && price.amountCents > 0 && price.name)) {
        return stripeError(res, 400, 'line_items[0][price_data] needs unit_amount and product_data[name]');
      }
      const id = newId('cs_test');
      const session = {
        ...clone('checkout.session'),
        id,
        object: 'checkout.session',
        mode,
        one_off: mode === 'payment' ? price : null,
        status: 'open',
        payment_status: 'unpaid',
        customer: customer || null,
        client_reference_id: form['client_reference_id'] ?? null,
        metadata: form['metadata'] ?? {},
        success_url: form['success_url'] ?? null,
        cancel_url: form['cancel_url'] ?? null,
        amount_subtotal: price.amountCents,
        amount_total: price.amountCents,
        currency: 'usd',
        created: now(),
        expires_at: now() + 24 * 3600,
        subscription: null,
        invoice: null,
        payment_intent: null,
        url: `${baseUrl}/checkout/${id}`,
        price_id: priceId,
      };
      sessions.set(id, session);
      const { price_id: _priceId, one_off: _oneOff, ...publicSession } = session;
      return remember(publicSession);
    }
    if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
      const customer = String(form['customer'] ?? '');
      if (!customers.has(customer)) return stripeError(res, 400, `No such customer: '${customer}'`);
      const id = newId('bps');
      const portal = {
        ...clone('billing_portal.session'),
        id,
        customer,
        created: now(),
        livemode: false,
        flow: null,
        return_url: form['return_url'] ?? null,
        url: `${baseUrl}/portal/${id}`,
      };
      portals.set(id, portal);
      return remember(portal);
    }
    return stripeError(
      res,
      404,
      `Unrecognized request URL (${req.method ?? 'GET'}: ${path}). The local stand-in implements only what the app calls.`,
    );
  };

  /** The hosted page of a restricted key's payment-mode session, in the session's currency. */
  const ownCheckoutPage = async (req: IncomingMessage, res: ServerResponse, session: StripeObject, isPay: boolean) => {
    if (req.method === 'POST' && isPay) {
      res.writeHead(303, { location: await pay(String(session['id'])) }).end();
      return;
    }
    const amount = `${(Number(session['amount_total']) / 100).toFixed(2)} ${String(session['currency']).toUpperCase()}`;
    const done = session['status'] === 'complete';
    return html(
      res,
      `<h1>Pay ${escapeHtml(String(session['line_item_name'] ?? 'now'))}</h1>
<p><strong data-testid="amount">${escapeHtml(amount)}</strong>, once</p>
${done ? '<p>This checkout is already paid.</p>' : `<form method="post" action="/checkout/${escapeHtml(String(session['id']))}/pay"><button type="submit">Pay</button></form>`}
<p><a href="${escapeHtml(String(session['cancel_url'] ?? '/'))}">Cancel</a></p>`,
    );
  };

  const pages = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const checkout = /^\/checkout\/([\w]+)(\/pay)?$/.exec(path);
    if (checkout) {
      const own = restricted.accounts.session(checkout[1] ?? '');
      if (own) return ownCheckoutPage(req, res, own, Boolean(checkout[2]));
      const session = sessions.get(checkout[1] ?? '');
      if (!session) return stripeError(res, 404, 'No such checkout session');
      if (req.method === 'POST' && checkout[2]) {
        res.writeHead(303, { location: await pay(String(session['id'])) }).end();
        return;
      }
      const oneOff = session['one_off'] as StandInPrice | null;
      const price = oneOff ?? priceOf(String(session['price_id']));
      const done = session['status'] === 'complete';
      return html(
        res,
        `<h1>${oneOff ? 'Buy' : 'Subscribe to'} ${escapeHtml(price?.name ?? 'plan')}</h1>
<p><strong data-testid="amount">${money(price?.amountCents ?? 0)}</strong>${oneOff ? ', once' : ' per month'}</p>
${done ? '<p>This checkout is already paid.</p>' : `<form method="post" action="/checkout/${escapeHtml(String(session['id']))}/pay"><button type="submit">Pay</button></form>`}
<p><a href="${escapeHtml(String(session['cancel_url'] ?? '/'))}">Cancel</a></p>`,
      );
    }
    const portal = /^\/portal\/([\w]+)(\/cancel\/([\w]+))?$/.exec(path);
    if (portal) {
      const session = portals.get(portal[1] ?? '');
      if (!session) return stripeError(res, 404, 'No such portal session');
      if (req.method === 'POST' && portal[3]) {
        const subscription = subscriptions.get(portal[3]);
        if (subscription?.['customer'] === session['customer']) await cancel(portal[3]);
        res.writeHead(303, { location: String(session['return_url'] ?? '/') }).end();
        return;
      }
      const own = [...subscriptions.values()].filter(
        (s) => s['customer'] === session['customer'] && s['status'] !== 'canceled',
      );
      const rows = own
        .map((s) => {
          const item = (s['items'] as { data: Array<{ price: { nickname: string; unit_amount: number } }> }).data[0];
          return `<li>${escapeHtml(item?.price.nickname ?? 'Plan')}: ${money(item?.price.unit_amount ?? 0)} per month
<form method="post" action="/portal/${escapeHtml(String(session['id']))}/cancel/${escapeHtml(String(s['id']))}"><button type="submit">Cancel subscription</button></form></li>`;
        })
        .join('');
      return html(
        res,
        `<h1>Manage billing</h1>${rows ? `<ul>${rows}</ul>` : '<p>No active subscription.</p>'}
<p><a href="${escapeHtml(String(session['return_url'] ?? '/'))}">Back</a></p>`,
      );
    }
    return stripeError(res, 404, 'Not found');
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname;
    const handle = path.startsWith('/v1/') ? api(req, res, url) : pages(req, res, path);
    handle.catch((error: unknown) => {
      if (!res.headersSent)
        stripeError(res, 500, error instanceof Error ? error.message : 'Stand-in failure', 'api_error');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;

  return {
    secretKey: options.secretKey,
    webhookSecret: options.webhookSecret,
    url: baseUrl,
    host,
    port,
    protocol: 'http',
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    pay,
    send,
    buildEvent,
    signature,
    deliveries,
    subscriptions,
    restricted: restricted.accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
