import express, { type Express } from 'express';
import request from 'supertest';
import type { ApiKeyScope, OrgRole } from '@aiceo/shared/roles';
import { addMember, seedOrg, seedUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import type { Auth } from '../auth-context';
import { errorMiddleware } from '../error-middleware';
import { orgGuard } from './org-guard';

describe('orgGuard', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  /** A tiny app: req.auth as given (what requireAuth would set), orgGuard, then a handler that echoes req.org. */
  const appWith = (options: { auth?: Auth; minRole: OrgRole; scope: ApiKeyScope | null }): Express => {
    const app = express();
    app.use((req, _res, next) => {
      req.auth = options.auth;
      next();
    });
    app.get('/orgs/:orgId', orgGuard(t.deps, options.minRole, options.scope), (req, res) => {
      res.json(req.org);
    });
    app.use(errorMiddleware(t.deps));
    return app;
  };
  const userAuth = (userId: string): Auth => ({ kind: 'user', userId, isPlatformAdmin: false });
  const keyAuth = (orgId: string, scopes: ApiKeyScope[]): Auth => ({
    kind: 'apiKey',
    apiKeyId: '00000000-0000-4000-8000-000000000001',
    orgId,
    scopes,
  });

  describe('members', () => {
    it.each<[OrgRole, OrgRole]>([
      ['member', 'member'],
      ['admin', 'member'],
      ['admin', 'admin'],
      ['owner', 'admin'],
      ['owner', 'owner'],
    ])(
      "when the caller's role is %s and the route needs %s+, then it passes with req.org set to the org and role",
      async (role, minRole) => {
        const org = await seedOrg(t.deps);
        const user = role === 'owner' ? org.owner : await addMember(t.deps, { orgId: org.id, role });
        const res = await request(appWith({ auth: userAuth(user.id), minRole, scope: 'read' })).get(`/orgs/${org.id}`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ orgId: org.id, role });
      },
    );

    it.each<[OrgRole, OrgRole]>([
      ['member', 'admin'],
      ['member', 'owner'],
      ['admin', 'owner'],
    ])("when the caller's role is %s and the route needs %s+, then answers 403 FORBIDDEN", async (role, minRole) => {
      const org = await seedOrg(t.deps);
      const user = await addMember(t.deps, { orgId: org.id, role });
      const res = await request(appWith({ auth: userAuth(user.id), minRole, scope: null })).get(`/orgs/${org.id}`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(minRole) });
    });

    it('when the caller is not a member (even a platform admin), then answers 404 as if the org did not exist', async () => {
      const org = await seedOrg(t.deps);
      const outsider = await seedUser(t.deps, { isPlatformAdmin: true });
      const res = await request(
        appWith({
          auth: { kind: 'user', userId: outsider.id, isPlatformAdmin: true },
          minRole: 'member',
          scope: 'read',
        }),
      ).get(`/orgs/${org.id}`);
      const missing = await request(appWith({ auth: userAuth(outsider.id), minRole: 'member', scope: 'read' })).get(
        '/orgs/00000000-0000-4000-8000-000000000000',
      );
      expect(res.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: missing.body.error.message });
    });

    it('when the org id is not a UUID, then answers 400 naming params.orgId', async () => {
      const user = await seedUser(t.deps);
      const res = await request(appWith({ auth: userAuth(user.id), minRole: 'member', scope: 'read' })).get(
        '/orgs/not-a-uuid',
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ location: 'params', path: 'orgId', message: expect.any(String) }] },
      });
    });

    it('when requireAuth did not run (no req.auth), then answers 401', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(appWith({ minRole: 'member', scope: 'read' })).get(`/orgs/${org.id}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('API keys', () => {
    it('when a key of the org has the route scope, then it passes with role null', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(appWith({ auth: keyAuth(org.id, ['read']), minRole: 'member', scope: 'read' })).get(
        `/orgs/${org.id}`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ orgId: org.id, role: null });
    });

    it('when a write key is used on a write route of an admin-only org route, then it passes (keys are not ranked by role)', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(appWith({ auth: keyAuth(org.id, ['write']), minRole: 'admin', scope: 'write' })).get(
        `/orgs/${org.id}`,
      );
      expect(res.status).toBe(200);
    });

    it('when a read key is used on a write route, then answers 403 naming the missing scope', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(appWith({ auth: keyAuth(org.id, ['read']), minRole: 'member', scope: 'write' })).get(
        `/orgs/${org.id}`,
      );
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('"write"') });
    });

    it('when a key is used on a route that refuses keys (scope null), then answers 403 whatever its scopes', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(
        appWith({ auth: keyAuth(org.id, ['read', 'write']), minRole: 'member', scope: null }),
      ).get(`/orgs/${org.id}`);
      expect(res.status).toBe(403);
    });

    it('when a key of another org is used, then answers 404 before looking at scopes', async () => {
      const org = await seedOrg(t.deps);
      const other = await seedOrg(t.deps);
      const res = await request(appWith({ auth: keyAuth(other.id, []), minRole: 'member', scope: null })).get(
        `/orgs/${org.id}`,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });
  });
});
