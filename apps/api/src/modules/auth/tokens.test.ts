import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { bearer, seedUser, type SeededUser } from '../../testing/seed';
import { createTestContext, TEST_JWT_SECRET, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
});
afterAll(() => t.close());

const ISSUER = 'aiceo-api';
const AUDIENCE = 'aiceo';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsFor = (user: SeededUser, overrides: Record<string, unknown> = {}) => {
  const iat = Math.floor(Date.now() / 1000);
  return { sub: user.id, adm: false, sv: 0, iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 600, ...overrides };
};
/** A compact JWS signed with HMAC-SHA256 over any key bytes, the way a forger would build one. */
const hs256 = (payload: object, key: string | Buffer, header: object = { alg: 'HS256', typ: 'JWT' }) => {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
};
const getMe = (token: string) => request(t.app).get('/api/me').set(bearer(token));

describe('GET /api/me with forged, stale or foreign access tokens', () => {
  let user: SeededUser;
  beforeAll(async () => {
    user = await seedUser(t.deps);
  });

  it('when the token is correctly signed with our secret, issuer and audience, then answers 200 (control)', async () => {
    // Act
    const res = await getMe(hs256(claimsFor(user), TEST_JWT_SECRET));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(user.id);
  });

  it('when the token says it was issued 3 seconds ahead of our clock (clock skew), then answers 200', async () => {
    // Arrange
    const iat = Math.floor(Date.now() / 1000) + 3;
    // Act
    const res = await getMe(hs256(claimsFor(user, { iat, exp: iat + 600 }), TEST_JWT_SECRET));
    // Assert
    expect(res.status).toBe(200);
  });

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const forgeries: [string, (u: SeededUser) => string][] = [
    [
      'expired (issued two hours ago by our own issuer)',
      (u) =>
        t.deps.tokens.issue(
          { userId: u.id, isPlatformAdmin: false, sessionVersion: 0 },
          new Date(Date.now() - 2 * 3600_000),
        ).token,
    ],
    [
      'issued an hour in the future (by our own issuer, so valid until long after its TTL)',
      (u) =>
        t.deps.tokens.issue(
          { userId: u.id, isPlatformAdmin: false, sessionVersion: 0 },
          new Date(Date.now() + 3600_000),
        ).token,
    ],
    ['without an expiry (exp), so valid for ever', (u) => hs256({ ...claimsFor(u), exp: undefined }, TEST_JWT_SECRET)],
    ['without an issue time (iat)', (u) => hs256({ ...claimsFor(u), iat: undefined }, TEST_JWT_SECRET)],
    ['without a session version (sv)', (u) => hs256({ ...claimsFor(u), sv: undefined }, TEST_JWT_SECRET)],
    [
      'tampered (payload changed to claim admin, signature kept)',
      (u) => {
        const [header, , signature] = t.deps.tokens
          .issue({ userId: u.id, isPlatformAdmin: false, sessionVersion: 0 })
          .token.split('.');
        return `${header}.${base64url(claimsFor(u, { adm: true }))}.${signature}`;
      },
    ],
    ['signed with another secret', (u) => hs256(claimsFor(u), 'another-secret-that-is-at-least-32-characters')],
    ['unsigned (alg none)', (u) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsFor(u))}.`],
    ['signed with RS256 by a key pair of its own', (u) => jwt.sign(claimsFor(u), privateKey, { algorithm: 'RS256' })],
    ['HS256 with an RSA public key as the secret (HS/RS confusion)', (u) => hs256(claimsFor(u), publicPem)],
    ['from another issuer', (u) => hs256(claimsFor(u, { iss: 'someone-else' }), TEST_JWT_SECRET)],
    ['for another audience', (u) => hs256(claimsFor(u, { aud: 'another-app' }), TEST_JWT_SECRET)],
    ['without a subject', (u) => hs256({ ...claimsFor(u), sub: undefined }, TEST_JWT_SECRET)],
    ['not a JWT at all', () => 'garbage.token.here'],
  ];

  it.each(forgeries)('when the token is %s, then answers 401 UNAUTHENTICATED', async (_label, forge) => {
    // Act
    const res = await getMe(forge(user));
    // Assert
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid or expired access token' });
  });
});

describe('POST /api/auth/refresh: rotation and revocation', () => {
  const signIn = async () => {
    const user = await seedUser(t.deps);
    const res = await request(t.app).post('/api/auth/login').send({ email: user.email, password: user.password });
    return { user, refreshToken: res.body.refreshToken as string };
  };
  const refresh = (refreshToken: string) => request(t.app).post('/api/auth/refresh').send({ refreshToken });

  it('when a token is refreshed twice in a row, then each answer rotates to a new token in the same family', async () => {
    // Arrange
    const { refreshToken } = await signIn();
    // Act
    const first = await refresh(refreshToken);
    const second = await refresh(first.body.refreshToken);
    // Assert
    expect([first.status, second.status]).toEqual([200, 200]);
    const rows = await t.deps.db.refreshToken.findMany({
      where: { tokenHash: { in: [refreshToken, first.body.refreshToken, second.body.refreshToken].map(sha256) } },
      select: { familyId: true, rotatedAt: true },
    });
    expect(new Set(rows.map((r) => r.familyId)).size).toBe(1);
    expect(rows.filter((r) => r.rotatedAt === null)).toHaveLength(1);
  });

  it('when a rotated token is presented again after the grace period, then answers 401 and revokes the family, so the newest token fails too', async () => {
    // Arrange
    const { user, refreshToken } = await signIn();
    const rotated = await refresh(refreshToken);
    const otherDevice = await request(t.app)
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password });
    t.clock.advance(t.deps.env.REFRESH_REUSE_GRACE_SECONDS * 1000 + 1);
    // Act
    const replay = await refresh(refreshToken);
    const newest = await refresh(rotated.body.refreshToken);
    // Assert
    expect(replay.status).toBe(401);
    expect(newest.status).toBe(401);
    const family = (await t.deps.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(refreshToken) } }))
      .familyId;
    expect(await t.deps.db.refreshToken.count({ where: { familyId: family, revokedAt: null } })).toBe(0);
    // Another sign-in of the same user is another family and survives.
    expect((await refresh(otherDevice.body.refreshToken)).status).toBe(200);
  });

  it('when a rotated token is presented again within the grace period (a reload that lost the answer), then it gets a new token and the family stays valid', async () => {
    // Arrange
    const { refreshToken } = await signIn();
    const rotated = await refresh(refreshToken);
    t.clock.advance(t.deps.env.REFRESH_REUSE_GRACE_SECONDS * 1000 - 1000);
    // Act
    const retry = await refresh(refreshToken);
    // Assert
    expect(retry.status).toBe(200);
    expect(retry.body.refreshToken).not.toBe(rotated.body.refreshToken);
    const family = (await t.deps.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(refreshToken) } }))
      .familyId;
    expect(
      (await t.deps.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(retry.body.refreshToken) } }))
        .familyId,
    ).toBe(family);
    expect((await refresh(rotated.body.refreshToken)).status).toBe(200);
  });

  it('when three refreshes race with one token, then one rotates it, the others get tokens of the same family, and nothing is revoked', async () => {
    // Arrange
    const { refreshToken } = await signIn();
    // Act
    const results = await Promise.all([refresh(refreshToken), refresh(refreshToken), refresh(refreshToken)]);
    // Assert
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const family = (await t.deps.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(refreshToken) } }))
      .familyId;
    expect(await t.deps.db.refreshToken.count({ where: { familyId: family, revokedAt: null, rotatedAt: null } })).toBe(
      3,
    );
    expect(await t.deps.db.refreshToken.count({ where: { familyId: family, revokedAt: { not: null } } })).toBe(0);
  });

  it('when the grace period is 0 and a rotated token is presented again a moment later, then it is a replay and revokes the family', async () => {
    // Arrange
    const strict = await createTestContext({ env: { REFRESH_REUSE_GRACE_SECONDS: '0' } });
    try {
      const user = await seedUser(strict.deps);
      const login = await request(strict.app)
        .post('/api/auth/login')
        .send({ email: user.email, password: user.password });
      strict.clock.advance(1);
      const first = await request(strict.app).post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken });
      strict.clock.advance(1);
      // Act
      const replay = await request(strict.app)
        .post('/api/auth/refresh')
        .send({ refreshToken: login.body.refreshToken });
      // Assert
      expect([first.status, replay.status]).toEqual([200, 401]);
      expect(
        (await request(strict.app).post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken })).status,
      ).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it('when the token was revoked by logout, then answers 401', async () => {
    // Arrange
    const { refreshToken } = await signIn();
    await request(t.app).post('/api/auth/logout').send({ refreshToken });
    // Act
    const res = await refresh(refreshToken);
    // Assert
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('when the token is past REFRESH_TOKEN_TTL_DAYS, then answers 401', async () => {
    // Arrange
    const { refreshToken } = await signIn();
    t.clock.advance(t.deps.env.REFRESH_TOKEN_TTL_DAYS * 24 * 3600_000 + 1000);
    // Act
    const res = await refresh(refreshToken);
    // Assert
    expect(res.status).toBe(401);
  });

  it('when the token comes only in the aiceo_refresh cookie, then answers 200 and sets the rotated cookie', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const login = await request(t.app).post('/api/auth/login').send({ email: user.email, password: user.password });
    const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    // Act
    const res = await request(t.app).post('/api/auth/refresh').set('cookie', `other=1; ${cookie}`);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(res.headers['set-cookie']?.[0]).toContain(`aiceo_refresh=${res.body.refreshToken}`);
    // The old token is now rotated: presenting it after the grace period is a replay.
    t.clock.advance(t.deps.env.REFRESH_REUSE_GRACE_SECONDS * 1000 + 1);
    expect((await refresh(login.body.refreshToken)).status).toBe(401);
  });

  it('when the refresh cookie is malformed, then answers 401', async () => {
    // Act
    const res = await request(t.app).post('/api/auth/refresh').set('cookie', 'aiceo_refresh=%E0%A4%A');
    // Assert
    expect(res.status).toBe(401);
  });
});
