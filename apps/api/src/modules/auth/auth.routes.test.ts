import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { bearer, seedUser, uniqueEmail, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  // Rate limits have their own file; here every request comes from one client.
  t = await createTestContext({ env: { LOGIN_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000' } });
});
afterAll(() => t.close());

const login = (user: { email: string; password: string }) =>
  request(t.app).post('/api/auth/login').send({ email: user.email, password: user.password });

/** A user who has signed in through the API, so they hold a real refresh token. */
const signedIn = async (): Promise<SeededUser & { refreshToken: string; accessToken: string }> => {
  const user = await seedUser(t.deps);
  const res = await login(user);
  return { ...user, refreshToken: res.body.refreshToken, accessToken: res.body.accessToken };
};

const issuePaths = (res: request.Response): string[] =>
  res.body.error.details.issues.map((i: { path: string }) => i.path);

describe('POST /api/auth/login', () => {
  it('when the email and password are right, then answers 200 with a session and sets the refresh cookie', async () => {
    // Arrange
    const user = await seedUser(t.deps, { name: 'Grace' });
    // Act
    const res = await request(t.app)
      .post('/api/auth/login')
      .send({ email: `  ${user.email.toUpperCase()} `, password: user.password });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      accessTokenExpiresAt: expect.any(String),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: expect.any(String),
      user: { id: user.id, email: user.email, name: 'Grace', isPlatformAdmin: false, createdAt: expect.any(String) },
    });
    // Access tokens live on the wall clock (lib/access-tokens.ts), not the fake one.
    expect(new Date(res.body.accessTokenExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    expect(res.headers['set-cookie']?.[0]).toContain(`aiceo_refresh=${res.body.refreshToken}`);
    const stored = await t.deps.db.refreshToken.findUniqueOrThrow({
      where: { tokenHash: sha256(res.body.refreshToken) },
    });
    expect(stored).toMatchObject({ userId: user.id, rotatedAt: null, revokedAt: null });
    expect(stored.expiresAt.toISOString()).toBe(res.body.refreshTokenExpiresAt);
  });

  it('when the email is unknown or the password wrong, then answers the very same 401', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const unknown = await request(t.app)
      .post('/api/auth/login')
      .send({ email: uniqueEmail('nobody'), password: user.password });
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .send({ email: user.email, password: 'not the password' });
    // Assert
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const { requestId: _a, ...unknownError } = unknown.body.error;
    const { requestId: _b, ...wrongError } = wrong.body.error;
    expect(unknownError).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong email or password' });
    expect(wrongError).toEqual(unknownError);
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('when the body is bad, then answers 400 naming email and password', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/login').send({ email: 'nope', password: '' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res).sort()).toEqual(['email', 'password']);
  });
});

describe('POST /api/auth/refresh', () => {
  it('when a valid refresh token is sent in the body, then answers 200 with new tokens in the same family', async () => {
    // Arrange
    const user = await signedIn();
    // Act
    const res = await request(t.app).post('/api/auth/refresh').send({ refreshToken: user.refreshToken });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).not.toBe(user.refreshToken);
    expect(res.body.user.id).toBe(user.id);
    const old = await t.deps.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(user.refreshToken) } });
    const next = await t.deps.db.refreshToken.findUniqueOrThrow({
      where: { tokenHash: sha256(res.body.refreshToken) },
    });
    expect(old.rotatedAt).not.toBeNull();
    expect(next).toMatchObject({ familyId: old.familyId, rotatedAt: null, revokedAt: null });
    expect((await request(t.app).get('/api/me').set(bearer(res.body.accessToken))).status).toBe(200);
  });

  it('when no refresh token is sent, then answers 401', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/refresh').send({});
    // Assert
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('when the refresh token is unknown, then answers 401', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/refresh').send({ refreshToken: 'made-up-token' });
    // Assert
    expect(res.status).toBe(401);
  });

  it('when the refresh token is not a string, then answers 400 on refreshToken', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/refresh').send({ refreshToken: 42 });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['refreshToken']);
  });
});

describe('POST /api/auth/logout', () => {
  it('when a refresh token is sent, then answers 204, revokes its family and clears the cookie', async () => {
    // Arrange
    const user = await signedIn();
    const other = await login(user);
    // Act
    const res = await request(t.app).post('/api/auth/logout').send({ refreshToken: user.refreshToken });
    // Assert
    expect(res.status).toBe(204);
    expect(res.headers['set-cookie']?.[0]).toMatch(/^aiceo_refresh=;.*Expires=Thu, 01 Jan 1970/);
    expect(
      (await t.deps.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(user.refreshToken) } })).revokedAt,
    ).not.toBeNull();
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
    // The user's other session stays.
    expect(
      (await request(t.app).post('/api/auth/refresh').send({ refreshToken: other.body.refreshToken })).status,
    ).toBe(200);
  });

  it("when everywhere is true, then revokes every session of the user and no one else's", async () => {
    // Arrange
    const user = await signedIn();
    const other = await login(user);
    const stranger = await signedIn();
    // Act
    const res = await request(t.app)
      .post('/api/auth/logout')
      .send({ refreshToken: user.refreshToken, everywhere: true });
    // Assert
    expect(res.status).toBe(204);
    expect(await t.deps.db.refreshToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(
      (await request(t.app).post('/api/auth/refresh').send({ refreshToken: other.body.refreshToken })).status,
    ).toBe(401);
    expect(await t.deps.db.refreshToken.count({ where: { userId: stranger.id, revokedAt: null } })).toBe(1);
  });

  it('when the token comes from the cookie, then revokes it', async () => {
    // Arrange
    const user = await signedIn();
    // Act
    const res = await request(t.app)
      .post('/api/auth/logout')
      .set('cookie', `theme=dark; aiceo_refresh=${user.refreshToken}`);
    // Assert
    expect(res.status).toBe(204);
    expect(
      (await t.deps.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(user.refreshToken) } })).revokedAt,
    ).not.toBeNull();
  });

  it('when there is no token or an unknown one, then still answers 204', async () => {
    // Act
    const none = await request(t.app).post('/api/auth/logout');
    const unknown = await request(t.app).post('/api/auth/logout').send({ refreshToken: 'never-issued' });
    // Assert
    expect(none.status).toBe(204);
    expect(unknown.status).toBe(204);
  });

  it('when everywhere is not a boolean, then answers 400 on everywhere', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/logout').send({ everywhere: 'yes' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['everywhere']);
  });
});

describe('GET /api/me', () => {
  it('when signed in, then answers 200 with the user', async () => {
    // Arrange
    const user = await seedUser(t.deps, { name: 'Me Myself' });
    // Act
    const res = await request(t.app).get('/api/me').set(bearer(user.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: user.id,
      email: user.email,
      name: 'Me Myself',
      isPlatformAdmin: false,
      createdAt: expect.any(String),
    });
  });

  it('when no token is sent, then answers 401', async () => {
    // Act
    const res = await request(t.app).get('/api/me');
    // Assert
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('when the account was deleted, then its still-valid token answers 401', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    await t.deps.db.user.delete({ where: { id: user.id } });
    // Act
    const res = await request(t.app).get('/api/me').set(bearer(user.token));
    // Assert
    expect(res.status).toBe(401);
  });
});

describe('PATCH /api/me', () => {
  it('when the name changes, then answers 200 and stores it', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app).patch('/api/me').set(bearer(user.token)).send({ name: '  New Name ' });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, name: 'New Name', email: user.email });
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('New Name');
  });

  it('when the email changes with the right current password, then answers 200 and the new email signs in', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const email = uniqueEmail('moved');
    // Act
    const res = await request(t.app)
      .patch('/api/me')
      .set(bearer(user.token))
      .send({ email: email.toUpperCase(), currentPassword: user.password });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(email);
    expect((await login({ email, password: user.password })).status).toBe(200);
    expect((await login(user)).status).toBe(401);
  });

  it('when the email changes without the current password, then answers 400 on currentPassword', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app).patch('/api/me').set(bearer(user.token)).send({ email: uniqueEmail() });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['currentPassword']);
  });

  it('when the current password is wrong, then answers 400 on currentPassword and keeps the email', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app)
      .patch('/api/me')
      .set(bearer(user.token))
      .send({ email: uniqueEmail(), currentPassword: 'wrong password' });
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      { location: 'body', path: 'currentPassword', message: 'Wrong password' },
    ]);
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it('when the new email belongs to someone else, then answers 409 ALREADY_EXISTS', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const other = await seedUser(t.deps);
    // Act
    const res = await request(t.app)
      .patch('/api/me')
      .set(bearer(user.token))
      .send({ email: other.email, currentPassword: user.password });
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ALREADY_EXISTS');
  });

  it('when nothing is sent, then answers 400', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app).patch('/api/me').set(bearer(user.token)).send({});
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('when not signed in, then answers 401', async () => {
    // Act
    const res = await request(t.app).patch('/api/me').send({ name: 'x' });
    // Assert
    expect(res.status).toBe(401);
  });
});

describe('POST /api/me/password', () => {
  it('when the current password is right, then answers 200 with a fresh session and signs out every other one', async () => {
    // Arrange
    const user = await signedIn();
    const pendingReset = await request(t.app).post('/api/auth/forgot-password').send({ email: user.email });
    // Act
    const res = await request(t.app)
      .post('/api/me/password')
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: 'brand new password' });
    // Assert
    expect(pendingReset.status).toBe(202);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(res.headers['set-cookie']?.[0]).toContain(`aiceo_refresh=${res.body.refreshToken}`);
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: res.body.refreshToken })).status).toBe(
      200,
    );
    expect((await login(user)).status).toBe(401);
    expect((await login({ email: user.email, password: 'brand new password' })).status).toBe(200);
    expect(await t.deps.db.passwordResetToken.count({ where: { userId: user.id, usedAt: null } })).toBe(0);
  });

  it('when the current password is wrong, then answers 400 on currentPassword and keeps the sessions', async () => {
    // Arrange
    const user = await signedIn();
    // Act
    const res = await request(t.app)
      .post('/api/me/password')
      .set(bearer(user.accessToken))
      .send({ currentPassword: 'nope nope', newPassword: 'brand new password' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['currentPassword']);
    expect(await t.deps.db.refreshToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(1);
  });

  it('when the new password is too short, then answers 400 on newPassword', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app)
      .post('/api/me/password')
      .set(bearer(user.token))
      .send({ currentPassword: user.password, newPassword: 'short' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['newPassword']);
  });

  it('when not signed in, then answers 401', async () => {
    // Act
    const res = await request(t.app)
      .post('/api/me/password')
      .send({ currentPassword: 'whatever', newPassword: 'brand new password' });
    // Assert
    expect(res.status).toBe(401);
  });
});

/** The token of every reset link mailed to `email`. */
const mailedResetTokens = async (email: string): Promise<string[]> => {
  const mails = await t.deps.db.mailOutbox.findMany({ where: { to: email }, select: { text: true } });
  return mails.map((mail) => {
    const token = /\/reset-password\?token=([\w-]+)/.exec(mail.text)?.[1];
    if (!token) throw new Error(`no reset link in: ${mail.text}`);
    return token;
  });
};
const onlyResetToken = async (email: string): Promise<string> => {
  const [token, ...more] = await mailedResetTokens(email);
  if (!token || more.length > 0) throw new Error(`expected one reset mail to ${email}`);
  return token;
};

describe('POST /api/auth/forgot-password', () => {
  it('when the account exists, then answers 202 and writes a reset link to the outbox', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app).post('/api/auth/forgot-password').send({ email: user.email.toUpperCase() });
    // Assert
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ ok: true });
    const mail = await t.deps.db.mailOutbox.findFirstOrThrow({ where: { to: user.email } });
    expect(mail).toMatchObject({ subject: 'Reset your AI CEO password', transport: 'outbox', sentAt: null });
    expect(mail.text).toContain('http://localhost:5173/reset-password?token=');
    const token = await onlyResetToken(user.email);
    const stored = await t.deps.db.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    expect(stored.expiresAt.getTime() - t.clock.now().getTime()).toBe(60 * 60 * 1000);
  });

  it('when the account does not exist, then answers the same 202 and sends nothing', async () => {
    // Arrange
    const email = uniqueEmail('ghost');
    // Act
    const res = await request(t.app).post('/api/auth/forgot-password').send({ email });
    // Assert
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ ok: true });
    expect(await t.deps.db.mailOutbox.count({ where: { to: email } })).toBe(0);
  });

  it('when the email is malformed, then answers 400 on email', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/forgot-password').send({ email: 'at-nowhere' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['email']);
  });
});

describe('POST /api/auth/reset-password', () => {
  it('when the mailed token is used, then sets the password, uses up every reset token and signs out every session', async () => {
    // Arrange
    const user = await signedIn();
    await request(t.app).post('/api/auth/forgot-password').send({ email: user.email });
    const older = await onlyResetToken(user.email);
    await request(t.app).post('/api/auth/forgot-password').send({ email: user.email });
    const newest = (await mailedResetTokens(user.email)).find((token) => token !== older) ?? '';
    // Act
    const res = await request(t.app)
      .post('/api/auth/reset-password')
      .send({ token: newest, password: 'my reset password' });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect((await login({ email: user.email, password: 'my reset password' })).status).toBe(200);
    expect((await login(user)).status).toBe(401);
    expect((await request(t.app).post('/api/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
    const again = await request(t.app)
      .post('/api/auth/reset-password')
      .send({ token: newest, password: 'another password' });
    expect(again.status).toBe(400);
    expect(issuePaths(again)).toEqual(['token']);
    expect(
      (await request(t.app).post('/api/auth/reset-password').send({ token: older, password: 'another password' }))
        .status,
    ).toBe(400);
  });

  it('when the token is over an hour old, then answers 400 on token and keeps the password', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    await request(t.app).post('/api/auth/forgot-password').send({ email: user.email });
    const token = await onlyResetToken(user.email);
    t.clock.advance(60 * 60 * 1000 + 1);
    // Act
    const res = await request(t.app).post('/api/auth/reset-password').send({ token, password: 'too late password' });
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ location: 'body', path: 'token', message: expect.any(String) }] },
    });
    expect((await login(user)).status).toBe(200);
  });

  it('when the token is unknown, then answers 400 on token', async () => {
    // Act
    const res = await request(t.app)
      .post('/api/auth/reset-password')
      .send({ token: 'not-a-token', password: 'whatever password' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['token']);
  });

  it('when the new password is too short, then answers 400 on password', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/reset-password').send({ token: 'x', password: 'short' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['password']);
  });
});

describe('GET /api/auth/config', () => {
  it('when the platform is open, then answers 200 with signupMode open', async () => {
    // Act
    const res = await request(t.app).get('/api/auth/config');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ signupMode: 'open' });
  });
});
