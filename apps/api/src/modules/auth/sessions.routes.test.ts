import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../app';
import { createDeps } from '../../runtime';
import { bearer, seedOrg, seedUser, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

const CACHE_MS = 2_000;

let t: TestContext;
/** A second API instance over the same database, with caches of its own (another replica). */
let other: Express;
beforeAll(async () => {
  t = await createTestContext({
    env: {
      LOGIN_RATE_LIMIT_PER_IP: '1000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000',
      ORG_ACCESS_CACHE_MS: String(CACHE_MS),
    },
  });
  other = createApp(createDeps({ env: t.deps.env, database: t.testDb.database, log: t.deps.log, clock: t.clock }));
});
// Each test moves the fake clock past the cache time; the next one starts again from now.
afterEach(() => t.clock.set(new Date()));
afterAll(() => t.close());

type Session = { accessToken: string; refreshToken: string };

const login = async (app: Express, user: { email: string; password: string }): Promise<Session> => {
  const res = await request(app).post('/api/auth/login').send({ email: user.email, password: user.password });
  expect(res.status).toBe(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
};

/** A user who owns an org and is signed in twice (two browsers), through the API. */
const userWithTwoSessions = async () => {
  const user = await seedUser(t.deps);
  const org = await seedOrg(t.deps, { owner: user });
  return { user, orgId: org.id, first: await login(t.app, user), second: await login(t.app, user) };
};

const statusOf = async (app: Express, path: string, token: string) =>
  (await request(app).get(path).set(bearer(token))).status;
const meStatus = (token: string, app: Express = t.app) => statusOf(app, '/api/me', token);
const orgStatus = (orgId: string, token: string, app: Express = t.app) => statusOf(app, `/api/orgs/${orgId}`, token);
const refreshStatus = async (refreshToken: string) =>
  (await request(t.app).post('/api/auth/refresh').send({ refreshToken })).status;

const NEW_PASSWORD = 'violet tugboat orchestra';

const changePassword = (user: SeededUser, session: Session, app: Express = t.app) =>
  request(app)
    .post('/api/me/password')
    .set(bearer(session.accessToken))
    .send({ currentPassword: user.password, newPassword: NEW_PASSWORD });

const resetPassword = async (user: SeededUser, app: Express = t.app) => {
  await request(t.app).post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
  const mail = await t.deps.db.mailOutbox.findFirstOrThrow({
    where: { to: user.email },
    orderBy: { createdAt: 'desc' },
    select: { text: true },
  });
  const token = /\/reset-password\?token=([\w-]+)/.exec(mail.text)?.[1] ?? '';
  return request(app).post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD });
};

const logoutEverywhere = (session: Session, app: Express = t.app) =>
  request(app).post('/api/auth/logout').send({ refreshToken: session.refreshToken, everywhere: true });

describe('POST /api/me/password', () => {
  it('when the password is changed, then another session is refused at once and the changing one goes on with its new token', async () => {
    // Arrange
    const { user, orgId, first, second } = await userWithTwoSessions();
    expect(await meStatus(second.accessToken)).toBe(200);
    // Act
    const res = await changePassword(user, first);
    // Assert
    expect(res.status).toBe(200);
    expect(await meStatus(second.accessToken)).toBe(401);
    expect(await orgStatus(orgId, second.accessToken)).toBe(401);
    expect(await refreshStatus(second.refreshToken)).toBe(401);
    expect(await meStatus(res.body.accessToken)).toBe(200);
    expect(await orgStatus(orgId, res.body.accessToken)).toBe(200);
    expect(await meStatus(first.accessToken)).toBe(401);
  });

  it('when another instance changed the password, then this one refuses the old access token once its cache time has passed', async () => {
    // Arrange: this instance has just seen (and cached) the second session's version.
    const { user, orgId, first, second } = await userWithTwoSessions();
    expect(await meStatus(second.accessToken, other)).toBe(200);
    // Act
    expect((await changePassword(user, first)).status).toBe(200);
    const staleWithinCache = await meStatus(second.accessToken, other);
    t.clock.advance(CACHE_MS + 1);
    // Assert
    expect(staleWithinCache).toBe(200);
    expect(await meStatus(second.accessToken, other)).toBe(401);
    expect(await orgStatus(orgId, second.accessToken, other)).toBe(401);
  });
});

describe('POST /api/auth/reset-password', () => {
  it('when the password is reset, then every access token of the user is refused at once and their refresh tokens are revoked', async () => {
    // Arrange
    const { user, orgId, first, second } = await userWithTwoSessions();
    // Act
    const res = await resetPassword(user);
    // Assert
    expect(res.status).toBe(200);
    for (const session of [first, second]) {
      expect(await meStatus(session.accessToken)).toBe(401);
      expect(await orgStatus(orgId, session.accessToken)).toBe(401);
      expect(await refreshStatus(session.refreshToken)).toBe(401);
    }
    const fresh = await login(t.app, { email: user.email, password: NEW_PASSWORD });
    expect(await orgStatus(orgId, fresh.accessToken)).toBe(200);
  });

  it('when another instance reset the password, then this one refuses the old access token once its cache time has passed', async () => {
    // Arrange
    const { user, second } = await userWithTwoSessions();
    expect(await meStatus(second.accessToken, other)).toBe(200);
    // Act
    expect((await resetPassword(user)).status).toBe(200);
    const staleWithinCache = await meStatus(second.accessToken, other);
    t.clock.advance(CACHE_MS + 1);
    // Assert
    expect(staleWithinCache).toBe(200);
    expect(await meStatus(second.accessToken, other)).toBe(401);
  });
});

describe('POST /api/auth/logout with everywhere', () => {
  it("when a session logs out everywhere, then the other session's access and refresh tokens are refused at once, and so are its own", async () => {
    // Arrange
    const { orgId, first, second } = await userWithTwoSessions();
    // Act
    const res = await logoutEverywhere(first);
    // Assert
    expect(res.status).toBe(204);
    expect(await meStatus(second.accessToken)).toBe(401);
    expect(await orgStatus(orgId, second.accessToken)).toBe(401);
    expect(await refreshStatus(second.refreshToken)).toBe(401);
    expect(await meStatus(first.accessToken)).toBe(401);
  });

  it('when a session logs out without everywhere, then the other session goes on', async () => {
    // Arrange
    const { first, second } = await userWithTwoSessions();
    // Act
    await request(t.app).post('/api/auth/logout').send({ refreshToken: first.refreshToken }).expect(204);
    // Assert
    expect(await meStatus(second.accessToken)).toBe(200);
    expect(await refreshStatus(second.refreshToken)).toBe(200);
  });

  it('when another instance logged out everywhere, then this one refuses the old access token once its cache time has passed', async () => {
    // Arrange
    const { first, second } = await userWithTwoSessions();
    expect(await meStatus(second.accessToken, other)).toBe(200);
    // Act
    expect((await logoutEverywhere(first)).status).toBe(204);
    const staleWithinCache = await meStatus(second.accessToken, other);
    t.clock.advance(CACHE_MS + 1);
    // Assert
    expect(staleWithinCache).toBe(200);
    expect(await meStatus(second.accessToken, other)).toBe(401);
  });
});

describe('a deleted account', () => {
  it('when the user was deleted, then their still-valid token answers 401 UNAUTHENTICATED on /api/me and on their org route, not 404', async () => {
    // Arrange: the org outlives its owner, so the org route would find the org.
    const { user, orgId, first } = await userWithTwoSessions();
    expect(await orgStatus(orgId, first.accessToken)).toBe(200);
    await t.deps.db.user.delete({ where: { id: user.id } });
    t.clock.advance(CACHE_MS + 1);
    // Act
    const me = await request(t.app).get('/api/me').set(bearer(first.accessToken));
    const org = await request(t.app).get(`/api/orgs/${orgId}`).set(bearer(first.accessToken));
    // Assert
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHENTICATED');
    expect(org.status).toBe(401);
    expect(org.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('Cache-Control on answers with tokens or personal data', () => {
  it('when signing up, logging in, refreshing, reading /api/me or changing the password, then every answer says no-store', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const signup = await request(t.app)
      .post('/api/auth/signup')
      .send({ email: `new-${user.email}`, password: NEW_PASSWORD, name: 'New' });
    const loggedIn = await request(t.app).post('/api/auth/login').send({ email: user.email, password: user.password });
    const refreshed = await request(t.app).post('/api/auth/refresh').send({ refreshToken: loggedIn.body.refreshToken });
    const me = await request(t.app).get('/api/me').set(bearer(refreshed.body.accessToken));
    const refused = await request(t.app).get('/api/me');
    const changed = await changePassword(user, refreshed.body);
    // Assert
    const answers = { signup, loggedIn, refreshed, me, refused, changed };
    expect(Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, res.status]))).toEqual({
      signup: 201,
      loggedIn: 200,
      refreshed: 200,
      me: 200,
      refused: 401,
      changed: 200,
    });
    for (const res of Object.values(answers)) expect(res.headers['cache-control']).toBe('no-store');
  });
});
