import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * The read side a business's own restricted key sees (GET /v1/account, /v1/balance and
 * /v1/balance_transactions), in Stripe's wire format. Any key that starts with
 * RESTRICTED_KEY_PREFIX is a local account of its own, seeded from the key, so the same key
 * always finds the same history (dated back from when the stand-in first saw it). Restricted keys
 * can only read: anything else answers Stripe's 403 permission error.
 */

export const RESTRICTED_KEY_PREFIX = 'rk_test_local_';

export type StripeObject = Record<string, unknown>;

/** What a test adds: Stripe fills in the rest (id, net, fee_details, reporting_category, ...). */
export type NewBalanceTransaction = {
  type: BalanceTransactionType;
  /** Signed, in the currency's smallest unit as Stripe counts it (+ into the balance, - out of it). */
  amount: number;
  fee?: number;
  /** Seconds since the epoch; default: the stand-in's now. */
  created?: number;
  description?: string | null;
  currency?: string;
};

export type BalanceTransactionType =
  'charge' | 'payment' | 'refund' | 'payment_refund' | 'payout' | 'payout_failure' | 'stripe_fee' | 'adjustment';

export type LocalAccountOptions = { currency?: string; name?: string };

/** The test-only side: what tests (and nothing over HTTP) use to shape a restricted key's account. */
export type RestrictedAccounts = {
  /** Appends balance transactions to the key's account (seeding it first if new); answers them as Stripe shows them. */
  add(key: string, transactions: NewBalanceTransaction[]): StripeObject[];
  /** Empties the key's account (no seed history), optionally in another currency or name. */
  reset(key: string, options?: LocalAccountOptions): void;
  /** Every balance transaction of the key's account, newest first, as the list endpoint answers them. */
  list(key: string): StripeObject[];
  /** From now on the key is refused as Stripe refuses a rolled or deleted key (401). */
  revoke(key: string): void;
  /** A payment-mode Checkout Session made with a restricted key (the business's own customers pay it). */
  session(id: string): StripeObject | undefined;
  /**
   * What the hosted page's Pay button does: a PaymentIntent and a charge (both with the session's
   * payment_intent_data metadata and description) and the charge's balance transaction in the
   * account, net of the card fee. Answers the session's success_url; paying twice changes nothing.
   */
  pay(sessionId: string): string;
};

type LocalAccount = {
  account: StripeObject;
  currency: string;
  transactions: StripeObject[];
  serial: number;
};

const DAY = 86_400;
const sourcePrefix: Record<BalanceTransactionType, string> = {
  charge: 'ch',
  payment: 'py',
  refund: 're',
  payment_refund: 'pyr',
  payout: 'po',
  payout_failure: 'po',
  stripe_fee: 'sfee',
  adjustment: 'adj',
};
const reportingCategory: Record<BalanceTransactionType, string> = {
  charge: 'charge',
  payment: 'charge',
  refund: 'refund',
  payment_refund: 'refund',
  payout: 'payout',
  payout_failure: 'payout_reversal',
  stripe_fee: 'fee',
  adjustment: 'other_adjustment',
};

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');
/** A Stripe-looking id that is the same for the same seed. */
const idFrom = (prefix: string, seed: string): string =>
  `${prefix}_${Buffer.from(digest(seed), 'hex').toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;

/** mulberry32: a small PRNG, so a key's seed history is the same at every start. */
const prngFrom = (seed: string): (() => number) => {
  let state = Number.parseInt(digest(seed).slice(0, 8), 16);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** Stripe's card pricing, which the seed charges pay: 2.9% + 30. */
const cardFee = (amount: number): number => Math.round(amount * 0.029) + 30;

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': idFrom('req', `${Date.now()}${Math.random()}`),
  });
  res.end(JSON.stringify(body));
};
const invalid = (res: ServerResponse, status: number, message: string, extra: StripeObject = {}): void =>
  json(res, status, { error: { type: 'invalid_request_error', message, ...extra } });

/** rk_test_local_abc…wxyz as Stripe masks keys in its messages. */
const masked = (key: string): string => `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;

export const createRestrictedAccounts = (now: () => number, baseUrl: () => string = () => '') => {
  const accounts = new Map<string, LocalAccount>();
  const revoked = new Set<string>();
  // Checkout Sessions (payment mode) made with restricted keys, with the key that made each.
  const sessions = new Map<string, { key: string; session: StripeObject }>();
  const sessionsByIdempotencyKey = new Map<string, StripeObject>();
  // Charges made by paying those sessions, by id (a balance transaction's expanded source).
  const charges = new Map<string, StripeObject>();

  const makeTransaction = (local: LocalAccount, key: string, input: NewBalanceTransaction): StripeObject => {
    local.serial += 1;
    const seed = `${key}:${local.serial}`;
    const fee = input.fee ?? 0;
    const created = input.created ?? now();
    const currency = (input.currency ?? local.currency).toLowerCase();
    return {
      id: idFrom('txn', seed),
      object: 'balance_transaction',
      amount: input.amount,
      // Card money becomes available two days later; everything else at once.
      available_on: input.type === 'charge' || input.type === 'payment' ? created + 2 * DAY : created,
      balance_type: 'payments',
      created,
      currency,
      description: input.description ?? null,
      exchange_rate: null,
      fee,
      fee_details:
        fee === 0
          ? []
          : [{ amount: fee, application: null, currency, description: 'Stripe processing fees', type: 'stripe_fee' }],
      net: input.amount - fee,
      reporting_category: reportingCategory[input.type],
      source: idFrom(sourcePrefix[input.type], seed),
      status: created + 2 * DAY <= now() ? 'available' : 'pending',
      type: input.type,
    };
  };

  /** Thirty days of a small shop: a charge or two most days, a refund now and then, weekly payouts, a monthly fee. */
  const seedHistory = (local: LocalAccount, key: string): void => {
    const random = prngFrom(key);
    const today = Math.floor(now() / DAY) * DAY;
    let unpaid = 0;
    for (let daysAgo = 30; daysAgo >= 1; daysAgo -= 1) {
      const day = today - daysAgo * DAY;
      const charges = random() < 0.25 ? 0 : random() < 0.6 ? 1 : 2;
      for (let i = 0; i < charges; i += 1) {
        const amount = 1_000 + Math.floor(random() * 190) * 100;
        const charge = makeTransaction(local, key, {
          type: 'charge',
          amount,
          fee: cardFee(amount),
          created: day + 9 * 3600 + Math.floor(random() * 8 * 3600),
          description: `Order #${1000 + local.serial}`,
        });
        local.transactions.push(charge);
        unpaid += Number(charge['net']);
        if (random() < 0.1) {
          const refund = makeTransaction(local, key, {
            type: 'refund',
            amount: -amount,
            created: Number(charge['created']) + 3600,
            description: `Refund of order #${1000 + local.serial - 1}`,
          });
          local.transactions.push(refund);
          unpaid -= amount;
        }
      }
      if (daysAgo === 15) {
        const fee = makeTransaction(local, key, {
          type: 'stripe_fee',
          amount: -1_500,
          created: day + 2 * 3600,
          description: 'Billing - Usage Fee',
        });
        local.transactions.push(fee);
        unpaid -= 1_500;
      }
      if (daysAgo % 7 === 2 && unpaid > 0) {
        local.transactions.push(
          makeTransaction(local, key, {
            type: 'payout',
            amount: -unpaid,
            created: day + 3600,
            description: 'STRIPE PAYOUT',
          }),
        );
        unpaid = 0;
      }
    }
  };

  const accountFor = (key: string, options: { seed: boolean } & LocalAccountOptions = { seed: true }): LocalAccount => {
    const known = accounts.get(key);
    if (known) return known;
    const id = idFrom('acct', key);
    const currency = (options.currency ?? 'usd').toLowerCase();
    const name = options.name ?? `Local shop ${id.slice(-4)}`;
    const local: LocalAccount = {
      currency,
      transactions: [],
      serial: 0,
      account: {
        id,
        object: 'account',
        business_profile: { name, mcc: null, support_email: null, url: null },
        business_type: 'company',
        capabilities: { card_payments: 'active', transfers: 'active' },
        charges_enabled: true,
        country: currency === 'eur' ? 'DE' : currency === 'gbp' ? 'GB' : 'US',
        created: now() - 400 * DAY,
        default_currency: currency,
        details_submitted: true,
        email: null,
        metadata: {},
        payouts_enabled: true,
        settings: { dashboard: { display_name: name, timezone: 'Etc/UTC' } },
        type: 'standard',
      },
    };
    accounts.set(key, local);
    if (options.seed) seedHistory(local, key);
    return local;
  };

  const newestFirst = (transactions: StripeObject[]): StripeObject[] =>
    [...transactions].sort(
      (a, b) => Number(b['created']) - Number(a['created']) || String(b['id']).localeCompare(String(a['id'])),
    );

  const balanceOf = (local: LocalAccount): StripeObject => {
    const at = now();
    const sum = (pending: boolean) =>
      local.transactions
        .filter((t) => Number(t['available_on']) > at === pending)
        .reduce((total, t) => total + Number(t['net']), 0);
    return {
      object: 'balance',
      available: [{ amount: sum(false), currency: local.currency, source_types: { card: sum(false) } }],
      livemode: false,
      pending: [{ amount: sum(true), currency: local.currency, source_types: { card: sum(true) } }],
    };
  };

  /** `created[gte]=…`-style filters: Stripe takes a timestamp or a range object. */
  const createdMatches = (created: number, filter: unknown): boolean => {
    if (filter === undefined) return true;
    if (typeof filter === 'string') return created === Number(filter);
    const range = filter as Record<string, string>;
    const bound = (name: string) => (range[name] === undefined ? undefined : Number(range[name]));
    const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
    return (
      (gt === undefined || created > gt) &&
      (gte === undefined || created >= gte) &&
      (lt === undefined || created < lt) &&
      (lte === undefined || created <= lte)
    );
  };

  const listTransactions = (res: ServerResponse, local: LocalAccount, query: StripeObject): void => {
    const limit = query['limit'] === undefined ? 10 : Number(query['limit']);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return invalid(res, 400, 'Invalid integer: limit must be between 1 and 100', { param: 'limit' });
    for (const bound of Object.values((query['created'] as Record<string, string> | undefined) ?? {})) {
      if (!/^\d+$/.test(String(bound))) return invalid(res, 400, 'Invalid timestamp', { param: 'created' });
    }
    let rows = newestFirst(local.transactions).filter(
      (t) => createdMatches(Number(t['created']), query['created']) && (!query['type'] || t['type'] === query['type']),
    );
    const after = query['starting_after'];
    if (typeof after === 'string') {
      const at = rows.findIndex((t) => t['id'] === after);
      if (at === -1) return invalid(res, 400, `No such balance transaction: '${after}'`, { param: 'starting_after' });
      rows = rows.slice(at + 1);
    }
    const expand = ([] as unknown[]).concat(query['expand'] ?? []);
    const page = rows.slice(0, limit);
    json(res, 200, {
      object: 'list',
      data: expand.includes('data.source') ? page.map((t) => ({ ...t, source: sourceObject(t) })) : page,
      has_more: rows.length > limit,
      url: '/v1/balance_transactions',
    });
  };

  /** A balance transaction's source as `expand[]=data.source` answers it: the charge, or a stub of the object. */
  const sourceObject = (txn: StripeObject): StripeObject => {
    const id = String(txn['source']);
    const known = charges.get(id);
    if (known) return known;
    const object = String(txn['type']) === 'charge' ? 'charge' : String(txn['type']);
    return { id, object, amount: Math.abs(Number(txn['amount'])), currency: txn['currency'], metadata: {} };
  };

  const createSession = (res: ServerResponse, key: string, form: StripeObject, idempotencyKey: string | null) => {
    const remembered = idempotencyKey ? sessionsByIdempotencyKey.get(`${key} ${idempotencyKey}`) : undefined;
    if (remembered) return json(res, 200, remembered);
    if (form['mode'] !== 'payment')
      return invalid(res, 400, 'The stand-in supports mode=payment only for restricted keys', { param: 'mode' });
    const item = ((form['line_items'] as StripeObject[] | undefined) ?? [])[0];
    const priceData = item?.['price_data'] as
      { unit_amount?: string; currency?: string; product_data?: { name?: string } } | undefined;
    const amount = Number(priceData?.unit_amount);
    const quantity = item?.['quantity'] === undefined ? 1 : Number(item['quantity']);
    const name = priceData?.product_data?.name;
    if (!Number.isInteger(amount) || amount <= 0 || !priceData?.currency || !name || !Number.isInteger(quantity))
      return invalid(res, 400, 'line_items[0][price_data] needs currency, unit_amount and product_data[name]', {
        param: 'line_items',
      });
    const id = idFrom('cs_test', `${key}:${now()}:${Math.random()}`);
    const intentData = (form['payment_intent_data'] as StripeObject | undefined) ?? {};
    const session: StripeObject = {
      id,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: amount * quantity,
      amount_total: amount * quantity,
      currency: priceData.currency.toLowerCase(),
      created: now(),
      expires_at: now() + DAY,
      customer: null,
      client_reference_id: form['client_reference_id'] ?? null,
      metadata: form['metadata'] ?? {},
      payment_intent: null,
      success_url: form['success_url'] ?? null,
      cancel_url: form['cancel_url'] ?? null,
      url: `${baseUrl()}/checkout/${id}`,
      livemode: false,
      // Kept for paying it; Stripe keeps these on the PaymentIntent it makes.
      payment_intent_data: { description: intentData['description'] ?? null, metadata: intentData['metadata'] ?? {} },
      line_item_name: name,
    };
    sessions.set(id, { key, session });
    if (idempotencyKey) sessionsByIdempotencyKey.set(`${key} ${idempotencyKey}`, session);
    return json(res, 200, session);
  };

  /** Answers a request made with a restricted key. */
  const handle = (
    res: ServerResponse,
    request: {
      method: string;
      path: string;
      key: string;
      query: StripeObject;
      form?: StripeObject;
      idempotencyKey?: string | null;
    },
  ): void => {
    const { method, path, key, query } = request;
    if (revoked.has(key) || !key.startsWith(RESTRICTED_KEY_PREFIX) || key.length <= RESTRICTED_KEY_PREFIX.length)
      return invalid(res, 401, `Expired API Key provided: ${masked(key)}`);
    const local = accountFor(key);
    // Payment links for the business's own customers (a proposal's deposit): a key with Checkout write access.
    if (method === 'POST' && path === '/v1/checkout/sessions')
      return createSession(res, key, request.form ?? {}, request.idempotencyKey ?? null);
    const sessionPath = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(path);
    if (method === 'GET' && sessionPath) {
      const found = sessions.get(sessionPath[1] ?? '');
      if (!found || found.key !== key) return invalid(res, 404, `No such checkout.session: '${sessionPath[1] ?? ''}'`);
      return json(res, 200, found.session);
    }
    const readable = method === 'GET' && ['/v1/account', '/v1/balance', '/v1/balance_transactions'].includes(path);
    if (!readable)
      return invalid(
        res,
        403,
        `The provided key '${masked(key)}' does not have the required permissions for this endpoint on account '${String(local.account['id'])}'.`,
      );
    if (path === '/v1/account') return json(res, 200, local.account);
    if (path === '/v1/balance') return json(res, 200, balanceOf(local));
    return listTransactions(res, local, query);
  };

  const accountsApi: RestrictedAccounts = {
    add: (key, transactions) => {
      const local = accountFor(key);
      const made = transactions.map((t) => makeTransaction(local, key, t));
      local.transactions.push(...made);
      return made;
    },
    reset: (key, options = {}) => {
      accounts.delete(key);
      accountFor(key, { seed: false, ...options });
    },
    list: (key) => newestFirst(accountFor(key).transactions),
    revoke: (key) => {
      revoked.add(key);
    },
    session: (id) => sessions.get(id)?.session,
    pay: (sessionId) => {
      const found = sessions.get(sessionId);
      if (!found) throw new Error(`No checkout session ${sessionId}`);
      const { key, session } = found;
      if (session['status'] !== 'complete') {
        const local = accountFor(key);
        const amount = Number(session['amount_total']);
        const intentData = session['payment_intent_data'] as { description: string | null; metadata: StripeObject };
        const paymentIntentId = idFrom('pi', `${sessionId}:pi`);
        // A charge in another currency settles in the account's at the stand-in's rate of 1.
        const [transaction] = accountsApi.add(key, [
          {
            type: 'charge',
            amount,
            fee: cardFee(amount),
            description: intentData.description ?? String(session['line_item_name']),
            currency: local.currency,
          },
        ]);
        const chargeId = String(transaction?.['source']);
        charges.set(chargeId, {
          id: chargeId,
          object: 'charge',
          amount,
          amount_captured: amount,
          currency: session['currency'],
          balance_transaction: transaction?.['id'],
          created: now(),
          description: intentData.description,
          metadata: intentData.metadata,
          paid: true,
          payment_intent: paymentIntentId,
          status: 'succeeded',
        });
        Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: paymentIntentId });
      }
      return String(session['success_url'] ?? '/');
    },
  };

  return { handle, accounts: accountsApi };
};
