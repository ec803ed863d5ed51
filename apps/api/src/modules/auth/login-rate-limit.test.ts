import request from 'supertest';
import { seedUser, uniqueEmail } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

const WINDOW_SECONDS = 60;
// The limits live in a shared store on real time (not on the fake clock), so the tests that wait a
// window out get an app of their own with a short window and really wait the Retry-After they got.
const SHORT_WINDOW_SECONDS = 3;
const limits = (windowSeconds: number) => ({
  LOGIN_RATE_LIMIT_PER_ACCOUNT: '3',
  LOGIN_RATE_LIMIT_PER_IP: '5',
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: String(windowSeconds),
  // Lets each test pose as its own client address through X-Forwarded-For.
  TRUST_PROXY: '1',
});
let t: TestContext;
let short: TestContext;
beforeAll(async () => {
  [t, short] = await Promise.all([
    createTestContext({ env: limits(WINDOW_SECONDS) }),
    createTestContext({ env: limits(SHORT_WINDOW_SECONDS) }),
  ]);
});
afterAll(() => Promise.all([t.close(), short.close()]));

let lastOctet = 0;
const newIp = () => `203.0.113.${++lastOctet}`;
const post = (path: string, body: object, ip = newIp(), app = t.app) =>
  request(app).post(path).set('x-forwarded-for', ip).send(body);
const login = (body: { email: string; password: string }, ip?: string, app = t.app) =>
  post('/api/auth/login', body, ip, app);

const expectRateLimited = (res: request.Response, windowSeconds = WINDOW_SECONDS) => {
  expect(res.status).toBe(429);
  expect(res.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
};

/** Waits as long as the 429's Retry-After says, as a client would. */
const waitOut = (res: request.Response) =>
  new Promise((resolve) => setTimeout(resolve, Number(res.headers['retry-after']) * 1000));

describe('POST /api/auth/login rate limit per account', () => {
  it('when an account has 3 failed logins (from different addresses), then even the right password answers 429 until the window passes', async () => {
    // Arrange
    const user = await seedUser(short.deps);
    const failures = [];
    for (let i = 0; i < 3; i++)
      failures.push(await login({ email: user.email, password: 'wrong password' }, newIp(), short.app));
    // Act
    const blocked = await login(user, newIp(), short.app);
    const otherAccount = await seedUser(short.deps).then((other) => login(other, newIp(), short.app));
    await waitOut(blocked);
    const afterWindow = await login(user, newIp(), short.app);
    // Assert
    expect(failures.map((r) => r.status)).toEqual([401, 401, 401]);
    expectRateLimited(blocked, SHORT_WINDOW_SECONDS);
    expect(otherAccount.status).toBe(200);
    expect(afterWindow.status).toBe(200);
  });

  it('when an unknown email fails 3 times, then it is limited exactly like a real account', async () => {
    // Arrange
    const email = uniqueEmail('ghost');
    for (let i = 0; i < 3; i++) await login({ email, password: 'guess' });
    // Act
    const res = await login({ email, password: 'guess' });
    // Assert
    expectRateLimited(res);
  });

  it("when a login succeeds, then the account's failure count starts again", async () => {
    // Arrange
    const user = await seedUser(t.deps);
    for (let i = 0; i < 2; i++) await login({ email: user.email, password: 'wrong password' });
    const success = await login(user);
    // Act
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push((await login({ email: user.email, password: 'wrong password' })).status);
    const fourth = await login({ email: user.email, password: 'wrong password' });
    // Assert
    expect(success.status).toBe(200);
    expect(failures).toEqual([401, 401, 401]);
    expectRateLimited(fourth);
  });
});

describe('POST /api/auth/login rate limit per IP', () => {
  it('when one address makes 5 attempts on different accounts, then the 6th answers 429 while other addresses pass, until the window passes', async () => {
    // Arrange
    const ip = newIp();
    const user = await seedUser(short.deps);
    const attempts = [];
    for (let i = 0; i < 5; i++)
      attempts.push((await login({ email: uniqueEmail(), password: 'guess' }, ip, short.app)).status);
    // Act
    const blocked = await login(user, ip, short.app);
    const elsewhere = await login(user, newIp(), short.app);
    await waitOut(blocked);
    const afterWindow = await login(user, ip, short.app);
    // Assert
    expect(attempts).toEqual([401, 401, 401, 401, 401]);
    expectRateLimited(blocked, SHORT_WINDOW_SECONDS);
    expect(elsewhere.status).toBe(200);
    expect(afterWindow.status).toBe(200);
  });
});

describe('POST /api/auth/forgot-password rate limits', () => {
  it('when one email is asked for more than 3 times, then answers 429 and mails no more links', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post('/api/auth/forgot-password', { email: user.email })).status);
    // Act
    const res = await post('/api/auth/forgot-password', { email: user.email });
    // Assert
    expect(statuses).toEqual([202, 202, 202]);
    expectRateLimited(res);
    expect(await t.deps.db.mailOutbox.count({ where: { to: user.email } })).toBe(3);
  });

  it('when one address asks more than 5 times, then answers 429', async () => {
    // Arrange
    const ip = newIp();
    for (let i = 0; i < 5; i++) await post('/api/auth/forgot-password', { email: uniqueEmail() }, ip);
    // Act
    const res = await post('/api/auth/forgot-password', { email: uniqueEmail() }, ip);
    // Assert
    expectRateLimited(res);
  });
});

describe('POST /api/auth/signup rate limit per IP', () => {
  it('when one address signs up more than 5 times, then answers 429 and creates nothing', async () => {
    // Arrange
    const ip = newIp();
    const body = () => ({ email: uniqueEmail('bulk'), password: 'a long enough password', name: 'Bulk' });
    for (let i = 0; i < 5; i++) await post('/api/auth/signup', body(), ip);
    const email = uniqueEmail();
    // Act
    const res = await post('/api/auth/signup', { ...body(), email }, ip);
    // Assert
    expectRateLimited(res);
    expect(await t.deps.db.user.findUnique({ where: { email } })).toBeNull();
  });
});

describe('POST /api/me/password rate limit', () => {
  it('when the current password is wrong 3 times, then the next try answers 429', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const body = { currentPassword: 'wrong password', newPassword: 'brand new password' };
    for (let i = 0; i < 3; i++)
      await request(t.app).post('/api/me/password').set('authorization', `Bearer ${user.token}`).send(body);
    // Act
    const res = await request(t.app)
      .post('/api/me/password')
      .set('authorization', `Bearer ${user.token}`)
      .send({ ...body, currentPassword: user.password });
    // Assert
    expectRateLimited(res);
  });
});
