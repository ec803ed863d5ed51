import request from 'supertest';
import { addMember, bearer, seedOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

// The org guard keeps roles in memory for ORG_ACCESS_CACHE_MS; these prove that changes made
// through the API apply at once and that changes from elsewhere apply within that time.
describe('org access after membership changes', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { ORG_ACCESS_CACHE_MS: '2000' } });
  });
  afterAll(() => t.close());

  it('when a member is removed, then their very next request answers 404', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    expect((await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(member.token))).status).toBe(200);

    const removed = await request(t.app)
      .delete(`/api/orgs/${org.id}/members/${member.id}`)
      .set(bearer(org.owner.token));
    expect(removed.status).toBe(204);

    const after = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(member.token));
    expect(after.status).toBe(404);
  });

  it('when an admin is demoted, then their next admin-only request answers 403', async () => {
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    expect((await request(t.app).get(`/api/orgs/${org.id}/invitations`).set(bearer(admin.token))).status).toBe(200);

    const demoted = await request(t.app)
      .patch(`/api/orgs/${org.id}/members/${admin.id}`)
      .set(bearer(org.owner.token))
      .send({ role: 'member' });
    expect(demoted.status).toBe(200);

    expect((await request(t.app).get(`/api/orgs/${org.id}/invitations`).set(bearer(admin.token))).status).toBe(403);
  });

  it('when ownership is transferred, then the old owner at once loses owner-only routes', async () => {
    const org = await seedOrg(t.deps);
    const next = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const transferred = await request(t.app)
      .post(`/api/orgs/${org.id}/transfer-ownership`)
      .set(bearer(org.owner.token))
      .send({ userId: next.id });
    expect(transferred.status).toBe(200);

    const res = await request(t.app).delete(`/api/orgs/${org.id}`).set(bearer(org.owner.token));
    expect(res.status).toBe(403);
  });

  it('when the membership is deleted outside this process, then access ends once the cache time has passed', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    expect((await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(member.token))).status).toBe(200);

    // Another API instance removes the member: this process has not heard of it.
    await t.deps.db.membership.delete({ where: { orgId_userId: { orgId: org.id, userId: member.id } } });
    t.clock.advance(2_001);

    expect((await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(member.token))).status).toBe(404);
  });
});
