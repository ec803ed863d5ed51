import request from 'supertest';
import type { DestinationStream } from 'pino';
import { bearer, seedOrg, seedUser, uniqueEmail } from '../testing/seed';
import { createTestContext, type TestContext } from '../testing/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FRONTEND_URL = 'http://localhost:5173'; // testEnv's FRONTEND_URL

/** Collects every log line the app writes. */
const captureLogs = () => {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  return { destination, text: () => lines.join('') };
};

describe('HTTP conventions', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  describe('unknown routes', () => {
    it.each([
      ['GET', '/api/no-such-route'],
      ['POST', '/api/orgs/00000000-0000-4000-8000-000000000000/no-such-thing'],
      ['DELETE', '/api/health'],
      // Outside /api a GET may be the SPA's client-side route (index.html) when the web app is built; other methods never are.
      ['POST', '/no-such-page'],
    ])('when %s %s is requested, then answers 404 with the error envelope', async (method, path) => {
      const res = await request(t.app)[method.toLowerCase() as 'get' | 'post' | 'delete'](path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        error: { code: 'NOT_FOUND', message: expect.stringContaining(path), requestId: res.headers['x-request-id'] },
      });
    });
  });

  describe('caching', () => {
    it('when an API key is created, organisations are listed or an error is answered, then no answer may be stored', async () => {
      // Arrange
      const org = await seedOrg(t.deps);
      // Act
      const key = await request(t.app)
        .post(`/api/orgs/${org.id}/api-keys`)
        .set(bearer(org.owner.token))
        .send({ name: 'ci', scopes: ['read'] });
      const orgs = await request(t.app).get('/api/orgs').set(bearer(org.owner.token));
      const missing = await request(t.app).get('/api/no-such-route');
      // Assert
      expect(key.status).toBe(201);
      for (const res of [key, orgs, missing]) expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('request bodies', () => {
    it('when the JSON is malformed, then answers 400 VALIDATION_FAILED naming the body', async () => {
      const res = await request(t.app)
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send('{"email": "a@b.c",');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ location: 'body', path: '', message: 'Malformed JSON' }] },
        requestId: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/SyntaxError|at JSON\.parse|node_modules/);
    });

    it('when the body is text/plain, then answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await request(t.app).post('/api/auth/login').set('content-type', 'text/plain').send('email=a@b.c');
      expect(res.status).toBe(415);
      expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) });
    });

    it('when a form-encoded body is sent, then answers 415 as well', async () => {
      const res = await request(t.app).post('/api/auth/login').type('form').send({ email: 'a@b.c', password: 'x' });
      expect(res.status).toBe(415);
    });

    it('when a POST carries no body at all, then it is not refused for its (absent) content type', async () => {
      const res = await request(t.app).post('/api/auth/logout');
      expect(res.status).not.toBe(415);
      expect(res.status).toBeLessThan(500);
    });

    it('when several fields are wrong, then the 400 lists each one with its path', async () => {
      const res = await request(t.app)
        .post('/api/auth/signup')
        .send({ email: 'not-an-email', password: 'short', name: '' });
      expect(res.status).toBe(400);
      const paths = (res.body.error.details.issues as { location: string; path: string }[])
        .map((i) => `${i.location}.${i.path}`)
        .sort();
      expect(paths).toEqual(['body.email', 'body.name', 'body.password']);
    });
  });

  describe('request ids', () => {
    it('when the client sends none, then a UUID is made, echoed in x-request-id and put in the error envelope', async () => {
      const res = await request(t.app).get('/api/no-such-route');
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    });

    it('when the client sends a sane X-Request-Id, then it is kept and echoed', async () => {
      const res = await request(t.app).get('/api/no-such-route').set('x-request-id', 'client-req_42.a');
      expect(res.headers['x-request-id']).toBe('client-req_42.a');
      expect(res.body.error.requestId).toBe('client-req_42.a');
    });

    it.each([
      ['spaces and markup', 'evil <script>alert(1)</script>'],
      ['a header injection attempt', 'abc%0d%0aSet-Cookie: x=1'],
      ['65 characters', 'a'.repeat(65)],
    ])('when the client sends junk (%s), then it is replaced by a fresh UUID', async (_label, junk) => {
      const res = await request(t.app).get('/api/health/live').set('x-request-id', junk);
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('security headers', () => {
    it('when any route answers, then helmet headers are present and x-powered-by is not', async () => {
      const res = await request(t.app).get('/api/health/live');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('when an error answers, then it carries the same headers', async () => {
      const res = await request(t.app).get('/api/no-such-route');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
    });
  });

  describe('CORS', () => {
    it('when the request comes from FRONTEND_URL, then it is allowed with credentials and exposes the request id', async () => {
      const res = await request(t.app).get('/api/health/live').set('origin', FRONTEND_URL);
      expect(res.headers['access-control-allow-origin']).toBe(FRONTEND_URL);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-expose-headers']).toContain('x-request-id');
    });

    it('when a preflight comes from FRONTEND_URL, then it is answered with the allowed methods', async () => {
      const res = await request(t.app)
        .options('/api/orgs')
        .set('origin', FRONTEND_URL)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'authorization,content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(FRONTEND_URL);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
    });

    it.each(['https://evil.example', 'http://localhost:5174', 'null'])(
      'when the request comes from %s, then no CORS allowance is sent',
      async (origin) => {
        const res = await request(t.app).get('/api/health/live').set('origin', origin);
        const preflight = await request(t.app)
          .options('/api/orgs')
          .set('origin', origin)
          .set('access-control-request-method', 'POST');
        for (const answer of [res, preflight]) {
          expect(answer.headers['access-control-allow-origin']).toBeUndefined();
          expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
        }
      },
    );
  });
});

describe('HTTP conventions with a 1kb body limit', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { BODY_LIMIT: '1kb' } });
  });
  afterAll(() => t.close());

  it('when the body is over BODY_LIMIT, then answers 413 PAYLOAD_TOO_LARGE and creates nothing', async () => {
    const email = uniqueEmail('big');
    const res = await request(t.app)
      .post('/api/auth/signup')
      .send({ email, password: 'long enough password', name: 'x'.repeat(2048) });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) });
    expect(await t.deps.db.user.count({ where: { email } })).toBe(0);
  });

  it('when the body is under BODY_LIMIT, then it is parsed and validated as usual', async () => {
    const res = await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'x'.repeat(500) });
    expect(res.status).toBe(401);
  });
});

describe('unexpected errors', () => {
  it('when something that is not an AppError is thrown, then answers 500 "Something went wrong" without internals and logs it with the request id', async () => {
    // Arrange: a closed database makes the org guard's query throw a driver error.
    const logs = captureLogs();
    const t = await createTestContext({ logDestination: logs.destination });
    const org = await seedOrg(t.deps);
    await t.testDb.drop();
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'INTERNAL', message: 'Something went wrong', requestId: res.headers['x-request-id'] },
    });
    expect(res.text).not.toMatch(/stack|at .+\(|Prisma|pglite|pool/i);
    const errorLine = logs
      .text()
      .split('\n')
      .find((line) => line.includes('"unhandled error"'));
    expect(errorLine).toBeDefined();
    expect(JSON.parse(errorLine!)).toMatchObject({
      level: 50,
      reqId: res.headers['x-request-id'],
      err: { message: expect.any(String) },
    });
  });
});

describe('logs', () => {
  it('when a user signs up, logs in, refreshes, makes an API key and uses it, then no password, token or key reaches the logs', async () => {
    // Arrange
    const logs = captureLogs();
    const t = await createTestContext({ logDestination: logs.destination });
    try {
      const email = uniqueEmail('logs');
      const password = 'Sup3r secret passphrase!';
      const wrongPassword = 'an-almost-right passphrase';

      // Act
      const signup = await request(t.app).post('/api/auth/signup').send({ email, password, name: 'Log Watcher' });
      expect(signup.status).toBe(201);
      const failedLogin = await request(t.app).post('/api/auth/login').send({ email, password: wrongPassword });
      expect(failedLogin.status).toBe(401);
      const login = await request(t.app).post('/api/auth/login').send({ email, password });
      expect(login.status).toBe(200);
      const refresh = await request(t.app).post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken });
      expect(refresh.status).toBe(200);
      const accessToken = refresh.body.accessToken as string;
      const org = await request(t.app).post('/api/orgs').set(bearer(accessToken)).send({ name: 'Logged Org' });
      expect(org.status).toBe(201);
      const key = await request(t.app)
        .post(`/api/orgs/${org.body.id}/api-keys`)
        .set(bearer(accessToken))
        .send({ name: 'integration', scopes: ['read'] });
      expect(key.status).toBe(201);
      const used = await request(t.app).get(`/api/orgs/${org.body.id}`).set(bearer(key.body.key));
      expect(used.status).toBe(200);
      const badKey = await request(t.app)
        .get(`/api/orgs/${org.body.id}`)
        .set(bearer(`${key.body.key}x`));
      expect(badKey.status).toBe(401);
      const other = await seedUser(t.deps);
      const me = await request(t.app)
        .get('/api/me')
        .set(bearer(other.token))
        .set('cookie', `refresh=${login.body.refreshToken}`);
      expect(me.status).toBe(200);

      // Assert
      const text = logs.text();
      expect(text.match(/"msg":"request"/g)?.length).toBeGreaterThanOrEqual(9);
      expect(text).toContain('"route":"/api/auth/login"');
      const secrets = {
        password,
        wrongPassword,
        signupAccessToken: signup.body.accessToken,
        signupRefreshToken: signup.body.refreshToken,
        loginAccessToken: login.body.accessToken,
        loginRefreshToken: login.body.refreshToken,
        refreshedAccessToken: accessToken,
        refreshedRefreshToken: refresh.body.refreshToken,
        seededAccessToken: other.token,
        apiKey: key.body.key,
        apiKeySecret: (key.body.key as string).split('_').slice(2).join('_'),
      };
      for (const [name, secret] of Object.entries(secrets)) {
        expect(typeof secret).toBe('string');
        if (text.includes(secret as string)) throw new Error(`The logs contain the ${name}`);
      }
    } finally {
      await t.close();
    }
  });
});
