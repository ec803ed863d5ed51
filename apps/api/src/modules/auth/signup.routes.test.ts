import bcrypt from 'bcrypt';
import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { seedUser, uniqueEmail } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

const PASSWORD = 'a long enough password';
// Many signups from one test client: the per-IP limit has its own test in login-rate-limit.test.ts.
const ENV = { LOGIN_RATE_LIMIT_PER_IP: '1000' };

const signupBody = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail('signup'),
  password: PASSWORD,
  name: 'Ada Lovelace',
  ...overrides,
});
const signup = (t: TestContext, overrides: Record<string, unknown> = {}) =>
  request(t.app).post('/api/auth/signup').send(signupBody(overrides));

const seedCode = (
  t: TestContext,
  data: { code: string; maxUses?: number; usedCount?: number; expiresAt?: Date; revokedAt?: Date },
) => t.deps.db.inviteCode.create({ data: { maxUses: 1, ...data }, select: { id: true } });

describe('POST /api/auth/signup (open mode)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: ENV });
  });
  afterAll(() => t.close());

  it('when the first user signs up, then answers 201 with a session, makes them platform admin and sets the refresh cookie', async () => {
    // Arrange
    const body = signupBody({ email: 'First.Admin@Example.TEST' });
    // Act
    const res = await request(t.app).post('/api/auth/signup').send(body);
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      user: { email: 'first.admin@example.test', name: 'Ada Lovelace', isPlatformAdmin: true },
    });
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`aiceo_refresh=${res.body.refreshToken}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(cookie).not.toMatch(/Secure/);
    const user = await t.deps.db.user.findUniqueOrThrow({ where: { email: 'first.admin@example.test' } });
    expect(user.isPlatformAdmin).toBe(true);
    expect(user.passwordHash).toMatch(/^\$2b\$04\$/);
    expect(await bcrypt.compare(PASSWORD, user.passwordHash)).toBe(true);
    const stored = await t.deps.db.refreshToken.findUniqueOrThrow({
      where: { tokenHash: sha256(res.body.refreshToken) },
    });
    expect(stored.userId).toBe(user.id);
    const me = await request(t.app).get('/api/me').set('authorization', `Bearer ${res.body.accessToken}`);
    expect(me.body).toMatchObject({ id: user.id, isPlatformAdmin: true });
  });

  it('when a second user signs up, then they are not platform admin', async () => {
    // Arrange: whatever ran before, at least one user exists now.
    await seedUser(t.deps);
    // Act
    const res = await signup(t);
    // Assert
    expect(res.status).toBe(201);
    expect(res.body.user.isPlatformAdmin).toBe(false);
  });

  it('when an invite code is sent in open mode, then it is ignored', async () => {
    // Act
    const res = await signup(t, { inviteCode: 'NO-SUCH-CODE' });
    // Assert
    expect(res.status).toBe(201);
  });

  it('when the email is taken (in any case), then answers 409 ALREADY_EXISTS and creates nothing', async () => {
    // Arrange
    const existing = await seedUser(t.deps);
    const before = await t.deps.db.user.count();
    // Act
    const res = await signup(t, { email: existing.email.toUpperCase() });
    // Assert
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: {
        code: 'ALREADY_EXISTS',
        message: expect.stringContaining(existing.email),
        requestId: expect.any(String),
      },
    });
    expect(await t.deps.db.user.count()).toBe(before);
  });

  it('when email, password and name are bad, then answers 400 naming each field', async () => {
    // Act
    const res = await request(t.app)
      .post('/api/auth/signup')
      .send({ email: 'not-an-email', password: 'short', name: '  ' });
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'name']));
  });

  it('when the password is longer than 72 bytes, then answers 400 on password', async () => {
    // Act
    const res = await signup(t, { password: 'é'.repeat(37) });
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'password' })]);
  });

  it('when the password is 9 characters, then answers 400 on password asking for 10 and creates nothing', async () => {
    // Arrange
    const body = signupBody({ password: 'Xq7#vLp2!' });
    // Act
    const res = await request(t.app).post('/api/auth/signup').send(body);
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      { location: 'body', path: 'password', message: 'Use at least 10 characters' },
    ]);
    expect(await t.deps.db.user.count({ where: { email: body.email } })).toBe(0);
  });

  it.each(['password123', 'qwertyuiop1', 'iloveyou2024'])(
    'when the password is %j (a common one), then answers 400 on password in plain words and creates nothing',
    async (password) => {
      // Arrange
      const body = signupBody({ password });
      // Act
      const res = await request(t.app).post('/api/auth/signup').send(body);
      // Assert
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual([
        {
          location: 'body',
          path: 'password',
          message: 'This password is too common; add words or characters that are not easy to guess',
        },
      ]);
      expect(await t.deps.db.user.count({ where: { email: body.email } })).toBe(0);
    },
  );
});

describe('POST /api/auth/signup (first users racing)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: ENV });
  });
  afterAll(() => t.close());

  it('when several people sign up at once on an empty platform, then exactly one becomes platform admin', async () => {
    // Act
    const results = await Promise.all(Array.from({ length: 5 }, () => signup(t)));
    // Assert
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.filter((r) => r.body.user.isPlatformAdmin)).toHaveLength(1);
    expect(await t.deps.db.user.count({ where: { isPlatformAdmin: true } })).toBe(1);
  });
});

describe('POST /api/auth/signup (private mode from the environment)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { ...ENV, PRIVATE_MODE: 'true' } });
  });
  afterAll(() => t.close());

  it('when nobody has signed up yet, then the first user needs no code and becomes platform admin', async () => {
    // Arrange
    const config = await request(t.app).get('/api/auth/config');
    // Act
    const res = await signup(t);
    // Assert
    expect(config.body).toEqual({ signupMode: 'open' });
    expect(res.status).toBe(201);
    expect(res.body.user.isPlatformAdmin).toBe(true);
    expect((await request(t.app).get('/api/auth/config')).body).toEqual({ signupMode: 'invite_only' });
  });

  it('when the second user sends no code, then answers 403 FORBIDDEN and creates nothing', async () => {
    // Arrange
    await seedUser(t.deps);
    const email = uniqueEmail();
    // Act
    const res = await signup(t, { email });
    // Assert
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/invitation only/i) });
    expect(await t.deps.db.user.findUnique({ where: { email } })).toBeNull();
  });

  it('when the code is valid (typed in lower case), then answers 201, counts the use and links it to the user', async () => {
    // Arrange
    await seedUser(t.deps);
    const code = await seedCode(t, { code: 'WELCOME-ONE', maxUses: 2 });
    // Act
    const res = await signup(t, { inviteCode: ' welcome-one ' });
    // Assert
    expect(res.status).toBe(201);
    expect(res.body.user.isPlatformAdmin).toBe(false);
    expect((await t.deps.db.inviteCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(1);
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { id: res.body.user.id } })).inviteCodeId).toBe(code.id);
  });

  type CodeData = Parameters<typeof seedCode>[1];
  it.each<[string, CodeData | undefined]>([
    ['unknown', undefined],
    ['used up', { code: 'USED-UP-CODE', maxUses: 2, usedCount: 2 }],
    ['expired', { code: 'EXPIRED-CODE', maxUses: 5, expiresAt: new Date(Date.now() - 60_000) }],
    ['revoked', { code: 'REVOKED-CODE', maxUses: 5, revokedAt: new Date() }],
  ])('when the code is %s, then answers 403 FORBIDDEN and uses nothing', async (_label, data) => {
    // Arrange
    await seedUser(t.deps);
    if (data) await seedCode(t, data);
    const email = uniqueEmail();
    // Act
    const res = await signup(t, { email, inviteCode: data?.code ?? 'NOT-A-REAL-CODE' });
    // Assert
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/invite code is not valid/i),
    });
    expect(await t.deps.db.user.findUnique({ where: { email } })).toBeNull();
    if (data)
      expect((await t.deps.db.inviteCode.findUniqueOrThrow({ where: { code: data.code } })).usedCount).toBe(
        data.usedCount ?? 0,
      );
  });

  it('when the code expires, then it admits signups until the fake clock passes its expiry', async () => {
    // Arrange
    await seedUser(t.deps);
    const expiresAt = new Date(t.clock.now().getTime() + 60_000);
    await seedCode(t, { code: 'SOON-EXPIRED', maxUses: 5, expiresAt });
    // Act
    const before = await signup(t, { inviteCode: 'SOON-EXPIRED' });
    t.clock.advance(61_000);
    const after = await signup(t, { inviteCode: 'SOON-EXPIRED' });
    // Assert
    expect(before.status).toBe(201);
    expect(after.status).toBe(403);
  });

  it('when the email is taken, then answers 409 and the code keeps its use', async () => {
    // Arrange
    const existing = await seedUser(t.deps);
    const code = await seedCode(t, { code: 'KEEP-MY-USE' });
    // Act
    const res = await signup(t, { email: existing.email, inviteCode: 'KEEP-MY-USE' });
    // Assert
    expect(res.status).toBe(409);
    expect((await t.deps.db.inviteCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(0);
  });

  it('when several people redeem a one-use code at once, then exactly one signup succeeds', async () => {
    // Arrange
    await seedUser(t.deps);
    const code = await seedCode(t, { code: 'ONLY-ONCE' });
    // Act
    const results = await Promise.all(Array.from({ length: 6 }, () => signup(t, { inviteCode: 'ONLY-ONCE' })));
    // Assert
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 403, 403, 403, 403, 403]);
    expect((await t.deps.db.inviteCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(1);
    expect(await t.deps.db.user.count({ where: { inviteCodeId: code.id } })).toBe(1);
  });

  it('when the invite code is longer than 64 characters, then answers 400 on inviteCode', async () => {
    // Act
    const res = await signup(t, { inviteCode: 'X'.repeat(65) });
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: 'inviteCode' })]);
  });
});

describe('POST /api/auth/signup (private mode from the admin switch)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: ENV });
  });
  afterAll(() => t.close());

  it('when an admin turned private mode on, then signup without a code answers 403 and with one answers 201', async () => {
    // Arrange
    await seedUser(t.deps, { isPlatformAdmin: true });
    await t.deps.db.platformSettings.create({ data: { id: 1, privateMode: true } });
    await seedCode(t, { code: 'SWITCHED-ON' });
    // Act
    const config = await request(t.app).get('/api/auth/config');
    const without = await signup(t);
    const withCode = await signup(t, { inviteCode: 'SWITCHED-ON' });
    // Assert
    expect(config.body).toEqual({ signupMode: 'invite_only' });
    expect(without.status).toBe(403);
    expect(withCode.status).toBe(201);
  });

  it('when private mode is switched off again, then signup is open', async () => {
    // Arrange
    await seedUser(t.deps);
    await t.deps.db.platformSettings.upsert({
      where: { id: 1 },
      create: { id: 1, privateMode: false },
      update: { privateMode: false },
    });
    // Act
    const config = await request(t.app).get('/api/auth/config');
    const res = await signup(t);
    // Assert
    expect(config.body).toEqual({ signupMode: 'open' });
    expect(res.status).toBe(201);
  });
});
