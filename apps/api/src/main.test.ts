import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { newStripeKeys } from '@aiceo/stand-ins/keys';
import Stripe from 'stripe';
import { readMigrations } from './db/migrate';
import { MIGRATIONS_DIR } from './runtime';
import { createTestDatabase, testDbKind, type TestDatabase } from './testing/test-db';

// Process tests: the real entry point (src/main.ts through tsx) in a child process, on a
// fresh database of the kind this run targets (a PGlite folder, or a new PostgreSQL database).

const API_DIR = resolve(__dirname, '..');
// tsx as a loader inside one node process, not the tsx CLI: the CLI is a parent process that
// SIGKILLs its child when the child has not acknowledged a relayed SIGTERM within 30 ms.
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const JWT_SECRET = 'process-test-secret-at-least-32-characters';
// Generous: the test starts the API from its TypeScript sources (tsx), often while other suites load the machine.
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type ApiProcess = { child: ChildProcess; port: number; exited: Promise<Exit>; stdout(): string; stderr(): string };
type Reply = { status: number; body: Record<string, unknown> };

const running = new Set<ChildProcess>();

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });

const spawnApi = async (env: Record<string, string>): Promise<ApiProcess> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=@aiceo/source', '--import', TSX_LOADER, 'src/main.ts'], {
    cwd: API_DIR,
    // A clean environment: nothing from the test runner (TEST_DB, DATABASE_URL...) leaks in.
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET,
      TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
      BCRYPT_COST: '4',
      WEB_DIST_DIR: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolveExit) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal });
    }),
  );
  return { child, port, exited, stdout: () => stdout, stderr: () => stderr };
};

/** One request to 127.0.0.1 with a hard timeout; resolves with the parsed JSON body. */
const call = (
  port: number,
  options: {
    method?: string;
    path: string;
    body?: unknown;
    timeoutMs?: number;
    headers?: Record<string, string>;
    raw?: string;
  },
): Promise<Reply> =>
  new Promise((resolveReply, reject) => {
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolveReply({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });

/**
 * A POST sent with `Expect: 100-continue`: `onContinue` runs once the server has parsed the
 * headers (the request is in flight there), and only then is the body sent.
 */
const postWithContinue = (port: number, options: { path: string; body: unknown; onContinue(): void }): Promise<Reply> =>
  new Promise((resolveReply, reject) => {
    const payload = JSON.stringify(options.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: options.path,
        agent: false,
        timeout: 20_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolveReply({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    req.on('continue', () => {
      options.onContinue();
      req.end(payload);
    });
    req.on('timeout', () => req.destroy(new Error(`${options.path} timed out`)));
    req.on('error', reject);
    req.flushHeaders();
  });

const waitHealthy = async (api: ApiProcess): Promise<Reply> => {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exit: Exit | null = null;
  void api.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`API exited during start (${JSON.stringify(exit)}): ${api.stderr()}`);
    const res = await call(api.port, { path: '/api/health', timeoutMs: 2_000 }).catch(() => null);
    if (res?.status === 200) return res;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`API not healthy within ${START_TIMEOUT_MS} ms: ${api.stderr()}`);
};

/** Sends SIGTERM (once) and waits for the exit. */
const stopApi = async (api: ApiProcess): Promise<Exit> => {
  if (api.child.exitCode === null && api.child.signalCode === null && !api.child.killed) api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const exit = await api.exited;
  clearTimeout(timer);
  return exit;
};

const connectionRefused = (port: number): Promise<boolean> =>
  new Promise((resolveRefused) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolveRefused(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolveRefused(error.code === 'ECONNREFUSED'));
  });

const signupBody = (email: string) => ({ email, password: 'correct horse battery', name: 'Process Test' });

// A test that failed half-way must not leave its server holding the port or the data folder.
afterEach(async () => {
  const exits = [...running].map((child) => new Promise((resolveExit) => child.once('exit', resolveExit)));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
});

describe('API process: configuration at boot', () => {
  it('when PORT is malformed, then exits with code 1 and prints one line naming PORT but not its value', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'aiceo-main-test-'));
    try {
      // Act
      const api = await spawnApi({ PORT: 'abc', PGLITE_DATA_DIR: join(dir, 'pglite') });
      const exit = await api.exited;

      // Assert
      expect(exit.code).toBe(1);
      const lines = api.stderr().trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/PORT/);
      expect(lines[0]).not.toMatch(/abc/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(`API process on ${testDbKind()}`, () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let dbEnv: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiceo-main-test-'));
    if (testDbKind() === 'postgresql') {
      pg = await createTestDatabase({ migrated: false });
      dbEnv = { DATABASE_URL: pg.url ?? '' };
    } else {
      dbEnv = { PGLITE_DATA_DIR: join(dir, 'pglite') };
    }
  });
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when started on a fresh database and restarted, then migrates once, serves /api/health and keeps a signed-up user', async () => {
    // Arrange: first start on an empty database
    const first = await spawnApi(dbEnv);
    const health = await waitHealthy(first);
    const email = `persist-${Date.now()}@example.test`;
    const signup = await call(first.port, { method: 'POST', path: '/api/auth/signup', body: signupBody(email) });
    expect(health.body).toMatchObject({ status: 'ok', migrations: { pending: [] } });
    expect(signup.status).toBe(201);
    expect(await stopApi(first)).toEqual({ code: 0, signal: null });

    // Act: second start on the same database
    const second = await spawnApi(dbEnv);
    await waitHealthy(second);
    const login = await call(second.port, {
      method: 'POST',
      path: '/api/auth/login',
      body: { email, password: 'correct horse battery' },
    });
    const exit = await stopApi(second);

    // Assert
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: { email } });
    const migrationCount = readMigrations(MIGRATIONS_DIR).length;
    expect(first.stdout()).toContain(`"applied":${migrationCount},"alreadyApplied":0`);
    expect(second.stdout()).toContain(`"applied":0,"alreadyApplied":${migrationCount}`);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('when SIGTERM arrives during a slow request, then the request completes with 201, new connections are refused and the exit code is 0', async () => {
    // Arrange: bcrypt at cost 13 holds the signup for about half a second
    const api = await spawnApi({ ...dbEnv, BCRYPT_COST: '13' });
    await waitHealthy(api);

    // Act: the server's "100 Continue" proves it has taken the request in, so the signal lands mid-request
    const reply = await postWithContinue(api.port, {
      path: '/api/auth/signup',
      body: signupBody(`slow-${Date.now()}@example.test`),
      onContinue: () => api.child.kill('SIGTERM'),
    });
    const refused = await connectionRefused(api.port);
    const exit = await stopApi(api);

    // Assert
    expect(reply.status).toBe(201);
    expect(refused).toBe(true);
    expect(exit).toEqual({ code: 0, signal: null });
    // The shutdown began before the signup finished: it was in flight, not already done.
    const log = api.stdout();
    expect(log.indexOf('"signal":"SIGTERM"')).toBeGreaterThan(-1);
    expect(log.indexOf('"signal":"SIGTERM"')).toBeLessThan(log.indexOf('"route":"/api/auth/signup"'));
  }, 60_000);
});

describe(`API process: demo data on first start (${testDbKind()})`, () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let dbEnv: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiceo-main-demo-'));
    pg = testDbKind() === 'postgresql' ? await createTestDatabase({ migrated: false }) : undefined;
    dbEnv = pg ? { DATABASE_URL: pg.url ?? '' } : { PGLITE_DATA_DIR: join(dir, 'pglite') };
  });
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The printed block arrives on stdout just after the server listens; wait for it briefly. */
  const printedPassword = async (api: ApiProcess): Promise<string | null> => {
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      const match = /Password:\s+(\S+)/.exec(api.stdout());
      if (match?.[1]) return match[1];
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  };

  (testDbKind() === 'pglite' ? it : it.skip)(
    'when the embedded database starts empty (SEED_DEMO unset), then the login printed once signs in as the demo owner, and a restart prints nothing',
    async () => {
      // Arrange + Act: first start, then a restart on the same data
      const first = await spawnApi(dbEnv);
      await waitHealthy(first);
      const password = await printedPassword(first);
      const login = await call(first.port, {
        method: 'POST',
        path: '/api/auth/login',
        body: { email: 'demo@aiceo.local', password },
      });
      expect(await stopApi(first)).toEqual({ code: 0, signal: null });
      const second = await spawnApi(dbEnv);
      await waitHealthy(second);
      const again = await printedPassword(second);
      await stopApi(second);

      // Assert
      expect(password).toMatch(/^\S{16,}$/);
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ user: { email: 'demo@aiceo.local', isPlatformAdmin: true } });
      expect(first.stdout()).toContain('platform admin');
      expect(again).toBeNull();
    },
    60_000,
  );

  (testDbKind() === 'postgresql' ? it : it.skip)(
    'when PostgreSQL starts empty (SEED_DEMO unset), then nothing is seeded and the first signup is platform admin',
    async () => {
      const api = await spawnApi(dbEnv);
      await waitHealthy(api);
      const signup = await call(api.port, {
        method: 'POST',
        path: '/api/auth/signup',
        body: signupBody(`first-${Date.now()}@example.test`),
      });
      await stopApi(api);
      expect(api.stdout()).not.toContain('Password:');
      expect(signup.status).toBe(201);
      expect(signup.body).toMatchObject({ user: { isPlatformAdmin: true } });
    },
    60_000,
  );
});

describe(`API process in development with the embedded Stripe stand-in (${testDbKind()})`, () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let dbEnv: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiceo-main-test-'));
    // The stand-in keeps its state beside PGLITE_DATA_DIR, so the folder is given on PostgreSQL too.
    pg = testDbKind() === 'postgresql' ? await createTestDatabase({ migrated: false }) : undefined;
    dbEnv = { PGLITE_DATA_DIR: join(dir, 'pglite'), ...(pg ? { DATABASE_URL: pg.url ?? '' } : {}) };
  });
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when an owner who subscribed opens "Manage billing" after a restart, then the portal opens and lists the subscription', async () => {
    // Arrange: an owner subscribes to Pro on the stand-in (its Pay button), then the API restarts.
    const env = { ...dbEnv, NODE_ENV: 'development', SEED_DEMO: 'false' };
    const first = await spawnApi(env);
    await waitHealthy(first);
    const signup = await call(first.port, {
      method: 'POST',
      path: '/api/auth/signup',
      body: signupBody(`billing-${Date.now()}@example.test`),
    });
    const auth = { authorization: `Bearer ${String(signup.body['accessToken'])}` };
    const org = await call(first.port, {
      method: 'POST',
      path: '/api/orgs',
      body: { name: 'Billing Org' },
      headers: auth,
    });
    const orgId = String(org.body['id']);
    const checkout = await call(first.port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/billing/checkout`,
      body: { plan: 'pro' },
      headers: auth,
    });
    const paid = await fetch(`${String(checkout.body['url'])}/pay`, { method: 'POST', redirect: 'manual' });
    expect(await stopApi(first)).toEqual({ code: 0, signal: null });

    // Act: the second process starts a new stand-in (new port, new keys) on the same data folder.
    const second = await spawnApi(env);
    await waitHealthy(second);
    const portal = await call(second.port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/billing/portal`,
      headers: auth,
    });
    const page = portal.status === 200 ? await (await fetch(String(portal.body['url']))).text() : '';
    const exit = await stopApi(second);

    // Assert
    expect(checkout.status).toBe(200);
    expect(paid.status).toBe(303);
    expect(portal.status).toBe(200);
    expect(page).toContain('Manage billing');
    expect(page).toContain('Pro');
    expect(exit).toEqual({ code: 0, signal: null });
  }, 120_000);
});

describe(`API process in production without Stripe or LinkedIn keys (${testDbKind()})`, () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let dbEnv: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiceo-main-prod-'));
    pg = testDbKind() === 'postgresql' ? await createTestDatabase({ migrated: false }) : undefined;
    dbEnv = pg ? { DATABASE_URL: pg.url ?? '' } : { PGLITE_DATA_DIR: join(dir, 'pglite') };
  });
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a webhook signed the way a local stand-in signs arrives and an owner tries to buy, then both get 503 BILLING_NOT_CONFIGURED and no credit is added', async () => {
    // Arrange: a production process with no STRIPE_* or LINKEDIN_* variables, an owner and an org
    const api = await spawnApi(dbEnv);
    await waitHealthy(api);
    const signup = await call(api.port, {
      method: 'POST',
      path: '/api/auth/signup',
      body: signupBody(`prod-${Date.now()}@example.test`),
    });
    const auth = { authorization: `Bearer ${String(signup.body['accessToken'])}` };
    const org = await call(api.port, {
      method: 'POST',
      path: '/api/orgs',
      body: { name: 'Production Org' },
      headers: auth,
    });
    const orgId = String(org.body['id']);
    // The event the review forged: a paid 2,000-credit pack, signed as a local stand-in signs.
    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: 'cs_forged',
          object: 'checkout.session',
          mode: 'payment',
          payment_status: 'paid',
          metadata: { orgId, packId: 'credits-2000', kind: 'credit-pack' },
        },
      },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: newStripeKeys().webhookSecret });

    // Act
    const webhook = await call(api.port, {
      method: 'POST',
      path: '/api/billing/webhook',
      raw: payload,
      headers: { 'stripe-signature': signature },
    });
    const checkout = await call(api.port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/billing/checkout`,
      body: { plan: 'pro' },
      headers: auth,
    });
    const packs = await call(api.port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/credits/checkout`,
      body: { packId: 'credits-100' },
      headers: auth,
    });
    const linkedin = await call(api.port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/integrations/linkedin/connect`,
      headers: auth,
    });
    const billing = await call(api.port, { path: `/api/orgs/${orgId}/billing`, headers: auth });
    const credits = await call(api.port, { path: `/api/orgs/${orgId}/credits`, headers: auth });
    await stopApi(api);

    // Assert
    expect(org.status).toBe(201);
    expect(webhook.status).toBe(503);
    expect(webhook.body).toMatchObject({
      error: { code: 'BILLING_NOT_CONFIGURED', message: expect.stringMatching(/not set up/) },
    });
    expect(checkout.status).toBe(503);
    expect(checkout.body).toMatchObject({ error: { code: 'BILLING_NOT_CONFIGURED' } });
    expect(packs.status).toBe(503);
    expect(packs.body).toMatchObject({ error: { code: 'BILLING_NOT_CONFIGURED' } });
    expect(linkedin.status).toBe(503);
    expect(linkedin.body).toMatchObject({
      error: { code: 'INTEGRATION_NOT_CONFIGURED', message: expect.stringMatching(/LinkedIn is not set up/) },
    });
    expect(billing.body).toMatchObject({ mode: 'not-configured', plan: 'free', purchasablePlans: [] });
    expect(credits.body).toMatchObject({ balance: 0 });
    expect(api.stdout()).not.toMatch(/stand-in/i);
  }, 60_000);
});

describe(`API process started with PORT only (${testDbKind()})`, () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let dbEnv: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiceo-main-links-'));
    pg = testDbKind() === 'postgresql' ? await createTestDatabase({ migrated: false }) : undefined;
    dbEnv = pg ? { DATABASE_URL: pg.url ?? '' } : { PGLITE_DATA_DIR: join(dir, 'pglite') };
  });
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when FRONTEND_URL is unset and PORT is not 3000, then the LinkedIn callback, the checkout return and the reset mail all lead to that port', async () => {
    // Arrange: a newcomer's start (development, local stand-ins), an owner with an org
    const api = await spawnApi({ ...dbEnv, NODE_ENV: 'development', SEED_DEMO: 'false' });
    expect(api.port).not.toBe(3000);
    await waitHealthy(api);
    const email = `links-${Date.now()}@example.test`;
    const signup = await call(api.port, { method: 'POST', path: '/api/auth/signup', body: signupBody(email) });
    const auth = { authorization: `Bearer ${String(signup.body['accessToken'])}` };
    const org = await call(api.port, { method: 'POST', path: '/api/orgs', body: { name: 'Links Org' }, headers: auth });
    const orgId = String(org.body['id']);
    const here = `http://localhost:${api.port}`;

    // Act
    const linkedin = await call(api.port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/integrations/linkedin/connect`,
      headers: auth,
    });
    const checkout = await call(api.port, {
      method: 'POST',
      path: `/api/orgs/${orgId}/billing/checkout`,
      body: { plan: 'pro' },
      headers: auth,
    });
    // The stand-in's Pay button answers with a redirect to the session's success_url.
    const paid = await fetch(`${String(checkout.body['url'])}/pay`, { method: 'POST', redirect: 'manual' });
    await call(api.port, { method: 'POST', path: '/api/auth/forgot-password', body: { email } });
    // The first user is the platform admin, who may read the outbox (no SMTP_URL: mail lands there).
    const outbox = await call(api.port, { path: '/api/admin/outbox', headers: auth });
    await stopApi(api);

    // Assert
    expect(linkedin.status).toBe(200);
    const redirectUri = new URL(String(linkedin.body['url'])).searchParams.get('redirect_uri');
    expect(redirectUri).toBe(`${here}/api/integrations/linkedin/callback`);
    expect(checkout.status).toBe(200);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${here}/orgs/${orgId}/settings/billing?checkout=success`);
    const mails = outbox.body['items'] as { to: string; text: string }[];
    const reset = mails.find((mail) => mail.to === email && mail.text.includes('reset-password'));
    expect(reset?.text).toContain(`${here}/reset-password?token=`);
  }, 60_000);
});
