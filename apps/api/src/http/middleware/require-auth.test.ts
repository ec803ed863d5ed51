import jwt from 'jsonwebtoken';
import express, { type Express } from 'express';
import request from 'supertest';
import type { ApiKeyScope } from '@aiceo/shared/roles';
import { sha256 } from '../../lib/crypto';
import { bearer, seedOrg, seedUser } from '../../testing/seed';
import { createTestContext, TEST_JWT_SECRET, type TestContext } from '../../testing/test-app';
import { errorMiddleware } from '../error-middleware';
import { requireAuth } from './require-auth';

describe('requireAuth', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  /** A tiny app: requireAuth, then a handler that echoes req.auth. */
  const appWith = (options: { allowApiKeys: boolean }): Express => {
    const app = express();
    app.get('/probe', requireAuth(t.deps, options), (req, res) => {
      res.json(req.auth);
    });
    app.use(errorMiddleware(t.deps));
    return app;
  };

  let keyCounter = 0;
  const insertKey = async (options: { orgId: string; scopes?: ApiKeyScope[]; revokedAt?: Date }) => {
    const key = `aiceo_test${String(++keyCounter).padStart(4, '0')}_secret-${options.orgId}-${keyCounter}`;
    const row = await t.deps.db.apiKey.create({
      data: {
        orgId: options.orgId,
        name: 'test',
        prefix: key.slice(0, 14),
        keyHash: sha256(key),
        scopes: options.scopes ?? ['read'],
        revokedAt: options.revokedAt ?? null,
      },
      select: { id: true },
    });
    return { id: row.id, key };
  };

  describe('access tokens', () => {
    it('when a valid access token is sent, then req.auth is the user', async () => {
      const user = await seedUser(t.deps, { isPlatformAdmin: true });
      const res = await request(appWith({ allowApiKeys: false }))
        .get('/probe')
        .set(bearer(user.token));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ kind: 'user', userId: user.id, isPlatformAdmin: true });
    });

    it('when the scheme is written in lower case, then the token is still read', async () => {
      const user = await seedUser(t.deps);
      const res = await request(appWith({ allowApiKeys: false }))
        .get('/probe')
        .set('authorization', `bearer ${user.token}`);
      expect(res.status).toBe(200);
    });

    it.each([
      ['missing', undefined],
      ['another scheme', 'Basic dXNlcjpwYXNz'],
      ['an empty bearer', 'Bearer '],
      ['two tokens', 'Bearer a b'],
      ['not a JWT', 'Bearer not.a.jwt'],
    ])('when the Authorization header is %s, then answers 401 UNAUTHENTICATED', async (_label, header) => {
      const req = request(appWith({ allowApiKeys: true })).get('/probe');
      const res = header === undefined ? await req : await req.set('authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('when the token has expired, then answers 401', async () => {
      const user = await seedUser(t.deps);
      const { token } = t.deps.tokens.issue(
        { userId: user.id, isPlatformAdmin: false, sessionVersion: 0 },
        new Date(Date.now() - 2 * 3600_000),
      );
      const res = await request(appWith({ allowApiKeys: false }))
        .get('/probe')
        .set(bearer(token));
      expect(res.status).toBe(401);
    });

    it("when the token's user no longer exists, then answers 401 UNAUTHENTICATED", async () => {
      // Arrange
      const user = await seedUser(t.deps);
      await t.deps.db.user.delete({ where: { id: user.id } });
      // Act
      const res = await request(appWith({ allowApiKeys: false }))
        .get('/probe')
        .set(bearer(user.token));
      // Assert
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it("when the user's session version moved on, then the older token answers 401 once this process forgets the cached version", async () => {
      // Arrange: the version is cached by a first request, then bumped behind the cache's back.
      const user = await seedUser(t.deps);
      const app = appWith({ allowApiKeys: false });
      expect((await request(app).get('/probe').set(bearer(user.token))).status).toBe(200);
      await t.deps.db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
      // Act
      const cached = await request(app).get('/probe').set(bearer(user.token));
      t.deps.sessionVersions.invalidateUser(user.id);
      const fresh = await request(app).get('/probe').set(bearer(user.token));
      // Assert
      expect(cached.status).toBe(200);
      expect(fresh.status).toBe(401);
      expect(fresh.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('when the payload was tampered with (admin flag flipped), then answers 401', async () => {
      const user = await seedUser(t.deps);
      const [header, payload, signature] = user.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, adm: true })).toString('base64url');
      const res = await request(appWith({ allowApiKeys: false }))
        .get('/probe')
        .set(bearer(`${header}.${forged}.${signature}`));
      expect(res.status).toBe(401);
    });

    it('when the token is signed with another secret, or with alg "none", then answers 401', async () => {
      const user = await seedUser(t.deps);
      const claims = { sub: user.id, adm: false, sv: 0, iss: t.deps.env.JWT_ISSUER, aud: t.deps.env.JWT_AUDIENCE };
      const otherSecret = jwt.sign(claims, `${TEST_JWT_SECRET}-but-not-ours`, { algorithm: 'HS256', expiresIn: 60 });
      const unsigned = jwt.sign(claims, null, { algorithm: 'none', expiresIn: 60 });
      const app = appWith({ allowApiKeys: false });
      expect((await request(app).get('/probe').set(bearer(otherSecret))).status).toBe(401);
      expect((await request(app).get('/probe').set(bearer(unsigned))).status).toBe(401);
    });
  });

  describe('API keys', () => {
    it('when a valid key is sent where keys are allowed, then req.auth is the key with its org and scopes, and its last use is recorded', async () => {
      const org = await seedOrg(t.deps);
      const { id, key } = await insertKey({ orgId: org.id, scopes: ['read', 'write'] });
      const res = await request(appWith({ allowApiKeys: true }))
        .get('/probe')
        .set(bearer(key));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ kind: 'apiKey', apiKeyId: id, orgId: org.id, scopes: ['read', 'write'] });
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(t.clock.now());
    });

    it('when a key is sent where keys are not allowed, then answers 403 FORBIDDEN and records no use', async () => {
      const org = await seedOrg(t.deps);
      const { id, key } = await insertKey({ orgId: org.id });
      const res = await request(appWith({ allowApiKeys: false }))
        .get('/probe')
        .set(bearer(key));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    });

    it('when the key is revoked, then answers 401', async () => {
      const org = await seedOrg(t.deps);
      const { key } = await insertKey({ orgId: org.id, revokedAt: t.clock.now() });
      const res = await request(appWith({ allowApiKeys: true }))
        .get('/probe')
        .set(bearer(key));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('when the key is unknown, then answers 401', async () => {
      const res = await request(appWith({ allowApiKeys: true }))
        .get('/probe')
        .set(bearer('aiceo_unknown0_nothing-like-this'));
      expect(res.status).toBe(401);
    });
  });
});
