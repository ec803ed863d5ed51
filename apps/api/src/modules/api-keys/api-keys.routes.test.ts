import request from 'supertest';
import type { ApiKeyScope } from '@aiceo/shared/roles';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

const KEY_FORMAT = /^aiceo_[a-z2-7]{8}_[\w-]{43}$/;

describe('API keys', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  /** Creates a key through the API as the org's owner and returns the secret with its id. */
  const createKey = async (org: SeededOrg, scopes: ApiKeyScope[] = ['read']) => {
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/api-keys`)
      .set(bearer(org.owner.token))
      .send({ name: 'Zapier', scopes });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, key: res.body.key as string };
  };

  describe('POST /api/orgs/:orgId/api-keys', () => {
    it('when an admin creates a key, then answers 201 with the secret once and stores only its hash and prefix', async () => {
      // Arrange
      const org = await seedOrg(t.deps);
      const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
      // Act
      const res = await request(t.app)
        .post(`/api/orgs/${org.id}/api-keys`)
        .set(bearer(admin.token))
        .send({ name: '  CRM sync ', scopes: ['write', 'read'] });
      // Assert
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'CRM sync',
        prefix: expect.stringMatching(/^aiceo_[a-z2-7]{8}$/),
        scopes: ['read', 'write'],
        createdAt: t.clock.now().toISOString(),
        lastUsedAt: null,
        revokedAt: null,
        createdBy: { id: admin.id, name: admin.name },
        key: expect.stringMatching(KEY_FORMAT),
      });
      expect(res.body.key.startsWith(`${res.body.prefix}_`)).toBe(true);
      const row = await t.deps.db.apiKey.findUniqueOrThrow({ where: { id: res.body.id } });
      expect(row).toMatchObject({
        orgId: org.id,
        prefix: res.body.prefix,
        keyHash: sha256(res.body.key),
        createdById: admin.id,
      });
      expect(JSON.stringify(row)).not.toContain(res.body.key);
    });

    it('when the name is blank and the scopes unknown, then answers 400 naming each field and stores nothing', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(t.app)
        .post(`/api/orgs/${org.id}/api-keys`)
        .set(bearer(org.owner.token))
        .send({ name: ' ', scopes: ['admin'] });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
      expect(res.body.error.details.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ location: 'body', path: 'name' }),
          expect.objectContaining({ location: 'body', path: 'scopes.0' }),
        ]),
      );
      expect(await t.deps.db.apiKey.count({ where: { orgId: org.id } })).toBe(0);
    });

    it('when no scope is picked, then answers 400 on scopes', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(t.app)
        .post(`/api/orgs/${org.id}/api-keys`)
        .set(bearer(org.owner.token))
        .send({ name: 'x', scopes: [] });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual([
        expect.objectContaining({ location: 'body', path: 'scopes', message: 'Pick at least one scope' }),
      ]);
    });

    it('when a plain member tries, then answers 403 and stores nothing', async () => {
      const org = await seedOrg(t.deps);
      const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
      const res = await request(t.app)
        .post(`/api/orgs/${org.id}/api-keys`)
        .set(bearer(member.token))
        .send({ name: 'mine', scopes: ['read'] });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(await t.deps.db.apiKey.count({ where: { orgId: org.id } })).toBe(0);
    });

    it('when an API key (even with write scope) tries to make another key, then answers 403', async () => {
      const org = await seedOrg(t.deps);
      const { key } = await createKey(org, ['read', 'write']);
      const res = await request(t.app)
        .post(`/api/orgs/${org.id}/api-keys`)
        .set(bearer(key))
        .send({ name: 'escalate', scopes: ['write'] });
      expect(res.status).toBe(403);
      expect(await t.deps.db.apiKey.count({ where: { orgId: org.id } })).toBe(1);
    });

    it('when nobody is signed in, then answers 401', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(t.app)
        .post(`/api/orgs/${org.id}/api-keys`)
        .send({ name: 'x', scopes: ['read'] });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('GET /api/orgs/:orgId/api-keys', () => {
    it('when an admin lists keys, then shows prefix, scopes, creator, last use and revocation but never a secret or hash', async () => {
      // Arrange
      const org = await seedOrg(t.deps);
      const first = await createKey(org, ['read']);
      t.clock.advance(1_000);
      const second = await createKey(org, ['write']);
      await request(t.app).delete(`/api/orgs/${org.id}/api-keys/${first.id}`).set(bearer(org.owner.token)).expect(204);
      const other = await seedOrg(t.deps);
      await createKey(other);
      // Act
      const res = await request(t.app).get(`/api/orgs/${org.id}/api-keys`).set(bearer(org.owner.token));
      // Assert
      expect(res.status).toBe(200);
      expect(res.body.items.map((k: { id: string }) => k.id)).toEqual([second.id, first.id]);
      expect(res.body.items[0]).toEqual({
        id: second.id,
        name: 'Zapier',
        prefix: second.key.slice(0, 14),
        scopes: ['write'],
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
        createdBy: { id: org.owner.id, name: org.owner.name },
      });
      expect(res.body.items[1].revokedAt).toBe(t.clock.now().toISOString());
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(first.key);
      expect(text).not.toContain(second.key);
      expect(text).not.toContain(sha256(second.key));
    });

    it('when a member lists keys, then answers 403', async () => {
      const org = await seedOrg(t.deps);
      const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
      const res = await request(t.app).get(`/api/orgs/${org.id}/api-keys`).set(bearer(member.token));
      expect(res.status).toBe(403);
    });

    it('when the org id is not a UUID, then answers 400 on params.orgId', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(t.app).get('/api/orgs/not-a-uuid/api-keys').set(bearer(org.owner.token));
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'orgId' })]);
    });
  });

  describe('DELETE /api/orgs/:orgId/api-keys/:keyId', () => {
    it('when an admin revokes a key, then answers 204, the key stops working with 401, and revoking again is fine', async () => {
      // Arrange
      const org = await seedOrg(t.deps);
      const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
      const { id, key } = await createKey(org);
      await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key)).expect(200);
      // Act
      const res = await request(t.app).delete(`/api/orgs/${org.id}/api-keys/${id}`).set(bearer(admin.token));
      // Assert
      expect(res.status).toBe(204);
      const revokedAt = t.clock.now();
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toEqual(revokedAt);
      const use = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key));
      expect(use.status).toBe(401);
      expect(use.body.error.code).toBe('UNAUTHENTICATED');
      t.clock.advance(5_000);
      await request(t.app).delete(`/api/orgs/${org.id}/api-keys/${id}`).set(bearer(admin.token)).expect(204);
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toEqual(revokedAt);
    });

    it('when the key belongs to another org, then answers 404 and leaves it working', async () => {
      const org = await seedOrg(t.deps);
      const other = await seedOrg(t.deps);
      const { id, key } = await createKey(other);
      const res = await request(t.app).delete(`/api/orgs/${org.id}/api-keys/${id}`).set(bearer(org.owner.token));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
      await request(t.app).get(`/api/orgs/${other.id}`).set(bearer(key)).expect(200);
    });

    it('when the key id is not a UUID, then answers 400 on params.keyId', async () => {
      const org = await seedOrg(t.deps);
      const res = await request(t.app).delete(`/api/orgs/${org.id}/api-keys/nope`).set(bearer(org.owner.token));
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'keyId' })]);
    });

    it('when a member tries to revoke, then answers 403 and the key stays', async () => {
      const org = await seedOrg(t.deps);
      const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
      const { id } = await createKey(org);
      const res = await request(t.app).delete(`/api/orgs/${org.id}/api-keys/${id}`).set(bearer(member.token));
      expect(res.status).toBe(403);
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    });
  });

  describe('using a key as Authorization: Bearer', () => {
    it('when a read key reads its org and its members, then answers 200 with role null and records the last use', async () => {
      // Arrange
      const org = await seedOrg(t.deps);
      const { id, key } = await createKey(org, ['read']);
      // Act
      const orgRes = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key));
      const membersRes = await request(t.app).get(`/api/orgs/${org.id}/members`).set(bearer(key));
      // Assert
      expect(orgRes.status).toBe(200);
      expect(orgRes.body).toMatchObject({ id: org.id, role: null });
      expect(membersRes.status).toBe(200);
      expect(membersRes.body.items).toEqual([expect.objectContaining({ userId: org.owner.id, role: 'owner' })]);
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(t.clock.now());
      const listed = await request(t.app).get(`/api/orgs/${org.id}/api-keys`).set(bearer(org.owner.token));
      expect(listed.body.items[0].lastUsedAt).toBe(t.clock.now().toISOString());
    });

    it('when a key is used again within a minute, then last use is not rewritten; after a minute it is', async () => {
      const org = await seedOrg(t.deps);
      const { id, key } = await createKey(org);
      await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key)).expect(200);
      const firstUse = t.clock.now();
      t.clock.advance(30_000);
      await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key)).expect(200);
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(firstUse);
      t.clock.advance(31_000);
      await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key)).expect(200);
      expect((await t.deps.db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(t.clock.now());
    });

    it('when a key is used on a route that refuses keys (scope null), then answers 403 and changes nothing', async () => {
      const org = await seedOrg(t.deps);
      const { key } = await createKey(org, ['read', 'write']);
      const res = await request(t.app).patch(`/api/orgs/${org.id}`).set(bearer(key)).send({ name: 'Renamed by a key' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await t.deps.db.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe(org.name);
    });

    it('when a write-only key is used on a read route, then answers 403 (scopes are not implied)', async () => {
      const org = await seedOrg(t.deps);
      const { key } = await createKey(org, ['write']);
      const res = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('read');
    });

    it('when a key is used on a user route (/api/me), then answers 403', async () => {
      const org = await seedOrg(t.deps);
      const { key } = await createKey(org);
      const res = await request(t.app).get('/api/me').set(bearer(key));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    });

    it('when a key of org A is used on org B, then answers 404 as if B did not exist', async () => {
      const orgA = await seedOrg(t.deps);
      const orgB = await seedOrg(t.deps);
      const { key } = await createKey(orgA, ['read', 'write']);
      const res = await request(t.app).get(`/api/orgs/${orgB.id}`).set(bearer(key));
      const members = await request(t.app).get(`/api/orgs/${orgB.id}/members`).set(bearer(key));
      expect(res.status).toBe(404);
      expect(members.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });

    it('when the key is unknown or has a wrong secret, then answers 401', async () => {
      const org = await seedOrg(t.deps);
      const { key } = await createKey(org);
      const res = await request(t.app)
        .get(`/api/orgs/${org.id}`)
        .set(bearer(`${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });
  });
});
