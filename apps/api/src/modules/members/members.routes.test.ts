import request from 'supertest';
import type { OrgRole } from '@aiceo/shared/roles';
import { randomToken, sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, seedUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const roleIn = async (orgId: string, userId: string): Promise<OrgRole | undefined> =>
  (await t.deps.db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } }))?.role;

const ownerCount = (orgId: string) => t.deps.db.membership.count({ where: { orgId, role: 'owner' } });

const patchRole = (orgId: string, token: string, userId: string, role: string) =>
  request(t.app).patch(`/api/orgs/${orgId}/members/${userId}`).set(bearer(token)).send({ role });

describe('GET /api/orgs/:orgId/members', () => {
  it('when a plain member lists, then answers 200 with everyone, owners first', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}/members`).set(bearer(member.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        userId: org.owner.id,
        email: org.owner.email,
        name: org.owner.name,
        role: 'owner',
        joinedAt: expect.any(String),
      },
      expect.objectContaining({ userId: admin.id, role: 'admin' }),
      expect.objectContaining({ userId: member.id, role: 'member' }),
    ]);
  });

  it('when an API key with the read scope lists, then answers 200', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const key = `aiceo_${randomToken()}`;
    await t.deps.db.apiKey.create({
      data: { orgId: org.id, name: 'k', prefix: key.slice(0, 16), keyHash: sha256(key), scopes: ['read'] },
    });
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}/members`).set(bearer(key));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ userId: org.owner.id, role: 'owner' })]);
  });

  it('when the org id is malformed, then answers 400 naming params.orgId', async () => {
    const user = await seedUser(t.deps);
    const res = await request(t.app).get('/api/orgs/nope/members').set(bearer(user.token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'orgId' })]);
  });
});

describe('PATCH /api/orgs/:orgId/members/:userId', () => {
  it('when the owner promotes a member to admin, then answers 200 and stores it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await patchRole(org.id, org.owner.token, member.id, 'admin');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: member.id, email: member.email, role: 'admin' });
    expect(await roleIn(org.id, member.id)).toBe('admin');
  });

  it('when an admin promotes a member to admin, then answers 200', async () => {
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await patchRole(org.id, admin.token, member.id, 'admin');
    expect(res.status).toBe(200);
    expect(await roleIn(org.id, member.id)).toBe('admin');
  });

  it('when the owner makes a member an owner, then answers 200 and there are two owners', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await patchRole(org.id, org.owner.token, member.id, 'owner');
    expect(res.status).toBe(200);
    expect(await ownerCount(org.id)).toBe(2);
  });

  it.each([
    ['a member changes another member', 'member', 'member', 'admin'],
    ['an admin grants owner', 'admin', 'member', 'owner'],
    ['an admin demotes an owner', 'admin', 'owner', 'member'],
    ['an admin demotes another admin', 'admin', 'admin', 'member'],
  ] as const)('when %s, then answers 403 and the role is unchanged', async (_case, actorRole, targetRole, newRole) => {
    // Arrange
    const org = await seedOrg(t.deps);
    const actor = await addMember(t.deps, { orgId: org.id, role: actorRole });
    const target = targetRole === 'owner' ? org.owner : await addMember(t.deps, { orgId: org.id, role: targetRole });
    // Act
    const res = await patchRole(org.id, actor.token, target.id, newRole);
    // Assert
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await roleIn(org.id, target.id)).toBe(targetRole);
  });

  it('when the last owner demotes themselves, then answers 409 CONFLICT and stays owner', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await addMember(t.deps, { orgId: org.id, role: 'admin' });
    // Act
    const res = await patchRole(org.id, org.owner.token, org.owner.id, 'admin');
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/last owner/i) });
    expect(await roleIn(org.id, org.owner.id)).toBe('owner');
  });

  it('when one of two owners demotes themselves, then answers 200', async () => {
    const org = await seedOrg(t.deps);
    await addMember(t.deps, { orgId: org.id, role: 'owner' });
    const res = await patchRole(org.id, org.owner.token, org.owner.id, 'admin');
    expect(res.status).toBe(200);
    expect(await ownerCount(org.id)).toBe(1);
  });

  it('when two owners demote each other at the same time, then one wins and the org keeps an owner', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const second = await addMember(t.deps, { orgId: org.id, role: 'owner' });
    // Act
    const [first, other] = await Promise.all([
      patchRole(org.id, org.owner.token, second.id, 'admin'),
      patchRole(org.id, second.token, org.owner.id, 'admin'),
    ]);
    // Assert
    // The loser was demoted first, so it is refused for lacking the owner role (403) or as last owner (409).
    const [won, lost] = [first.status, other.status].sort();
    expect(won).toBe(200);
    expect([403, 409]).toContain(lost);
    expect(await ownerCount(org.id)).toBe(1);
  });

  it('when the user is not a member of this org, then answers 404', async () => {
    const org = await seedOrg(t.deps);
    const outsider = await seedUser(t.deps);
    const res = await patchRole(org.id, org.owner.token, outsider.id, 'admin');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('when the role and user id are invalid, then answers 400 naming both', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await patchRole(org.id, org.owner.token, 'not-a-uuid', 'boss');
    // Assert
    expect(res.status).toBe(400);
    const paths = res.body.error.details.issues.map(
      (i: { location: string; path: string }) => `${i.location}:${i.path}`,
    );
    expect(paths).toEqual(expect.arrayContaining(['params:userId', 'body:role']));
  });
});

describe('DELETE /api/orgs/:orgId/members/:userId', () => {
  it('when an admin removes a member, then answers 204 and the membership is gone', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await request(t.app).delete(`/api/orgs/${org.id}/members/${member.id}`).set(bearer(admin.token));
    // Assert
    expect(res.status).toBe(204);
    expect(await roleIn(org.id, member.id)).toBeUndefined();
  });

  it('when a member leaves (their own id), then answers 204', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await request(t.app).delete(`/api/orgs/${org.id}/members/${member.id}`).set(bearer(member.token));
    expect(res.status).toBe(204);
    expect(await roleIn(org.id, member.id)).toBeUndefined();
  });

  it('when an owner removes another owner, then answers 204', async () => {
    const org = await seedOrg(t.deps);
    const second = await addMember(t.deps, { orgId: org.id, role: 'owner' });
    const res = await request(t.app).delete(`/api/orgs/${org.id}/members/${second.id}`).set(bearer(org.owner.token));
    expect(res.status).toBe(204);
    expect(await ownerCount(org.id)).toBe(1);
  });

  it.each([
    ['a member removes another member', 'member', 'member'],
    ['an admin removes another admin', 'admin', 'admin'],
    ['an admin removes the owner', 'admin', 'owner'],
  ] as const)('when %s, then answers 403 and the membership stays', async (_case, actorRole, targetRole) => {
    // Arrange
    const org = await seedOrg(t.deps);
    const actor = await addMember(t.deps, { orgId: org.id, role: actorRole });
    const target = targetRole === 'owner' ? org.owner : await addMember(t.deps, { orgId: org.id, role: targetRole });
    // Act
    const res = await request(t.app).delete(`/api/orgs/${org.id}/members/${target.id}`).set(bearer(actor.token));
    // Assert
    expect(res.status).toBe(403);
    expect(await roleIn(org.id, target.id)).toBe(targetRole);
  });

  it('when the last owner tries to leave, then answers 409 CONFLICT and stays', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await addMember(t.deps, { orgId: org.id, role: 'admin' });
    // Act
    const res = await request(t.app).delete(`/api/orgs/${org.id}/members/${org.owner.id}`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/last owner/i) });
    expect(await roleIn(org.id, org.owner.id)).toBe('owner');
  });

  it('when two owners both leave at the same time, then one of them stays owner', async () => {
    const org = await seedOrg(t.deps);
    const second = await addMember(t.deps, { orgId: org.id, role: 'owner' });
    const results = await Promise.all([
      request(t.app).delete(`/api/orgs/${org.id}/members/${org.owner.id}`).set(bearer(org.owner.token)),
      request(t.app).delete(`/api/orgs/${org.id}/members/${second.id}`).set(bearer(second.token)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await ownerCount(org.id)).toBe(1);
  });

  it('when the user is not a member, then answers 404', async () => {
    const org = await seedOrg(t.deps);
    const outsider = await seedUser(t.deps);
    const res = await request(t.app).delete(`/api/orgs/${org.id}/members/${outsider.id}`).set(bearer(org.owner.token));
    expect(res.status).toBe(404);
  });

  it('when the user id is malformed, then answers 400 naming params.userId', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).delete(`/api/orgs/${org.id}/members/xyz`).set(bearer(org.owner.token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'userId' })]);
  });
});

describe('POST /api/orgs/:orgId/transfer-ownership', () => {
  it('when the owner transfers to a member, then the member becomes owner and the caller admin', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/transfer-ownership`)
      .set(bearer(org.owner.token))
      .send({ userId: member.id });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ userId: member.id, role: 'owner' }),
      expect.objectContaining({ userId: org.owner.id, role: 'admin' }),
    ]);
    expect(await roleIn(org.id, member.id)).toBe('owner');
    expect(await roleIn(org.id, org.owner.id)).toBe('admin');
  });

  it('when the former owner tries again after transferring, then answers 403', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await request(t.app)
      .post(`/api/orgs/${org.id}/transfer-ownership`)
      .set(bearer(org.owner.token))
      .send({ userId: member.id });
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/transfer-ownership`)
      .set(bearer(org.owner.token))
      .send({ userId: member.id });
    expect(res.status).toBe(403);
  });

  it('when an admin tries, then answers 403 and nothing changes', async () => {
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/transfer-ownership`)
      .set(bearer(admin.token))
      .send({ userId: admin.id });
    expect(res.status).toBe(403);
    expect(await roleIn(org.id, org.owner.id)).toBe('owner');
  });

  it('when the target is not a member, then answers 404', async () => {
    const org = await seedOrg(t.deps);
    const outsider = await seedUser(t.deps);
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/transfer-ownership`)
      .set(bearer(org.owner.token))
      .send({ userId: outsider.id });
    expect(res.status).toBe(404);
    expect(await roleIn(org.id, org.owner.id)).toBe('owner');
  });

  it('when the target is missing, malformed or the caller, then answers 400 naming body.userId', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const url = `/api/orgs/${org.id}/transfer-ownership`;
    // Act
    const missing = await request(t.app).post(url).set(bearer(org.owner.token)).send({});
    const malformed = await request(t.app).post(url).set(bearer(org.owner.token)).send({ userId: 'me' });
    const self = await request(t.app).post(url).set(bearer(org.owner.token)).send({ userId: org.owner.id });
    // Assert
    for (const res of [missing, malformed, self]) {
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'userId' })]);
    }
    expect(await roleIn(org.id, org.owner.id)).toBe('owner');
  });
});
