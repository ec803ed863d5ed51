import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, seedUser, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
let admin: SeededUser;
beforeAll(async () => {
  t = await createTestContext();
  admin = await seedUser(t.deps, { isPlatformAdmin: true });
});
afterAll(() => t.close());
// Tests that pin the clock put it back, so later tokens are issued at the real time.
afterEach(() => t.clock.set(new Date()));

const insertKey = async (orgId: string, scopes: ('read' | 'write')[]) => {
  const key = `aiceo_usage${orgId.slice(0, 4)}_secret-${orgId}-${scopes.join('')}`;
  await t.deps.db.apiKey.create({
    data: { orgId, name: 'usage key', prefix: key.slice(0, 14), keyHash: sha256(key), scopes },
  });
  return key;
};

describe('GET /api/orgs/:orgId/usage', () => {
  it('when a member asks mid-month, then answers the plan, the UTC month, when it resets and every resource with limit, used and remaining', async () => {
    // Arrange
    // Seeded first, so the tokens are issued at the real time (jsonwebtoken judges expiry by the machine's clock).
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    t.clock.set(new Date('2026-11-22T10:00:00.000Z'));
    await t.deps.db.usageCounter.createMany({
      data: [
        { orgId: org.id, month: '2026-11', resource: 'tasks', used: 3 },
        { orgId: org.id, month: '2026-11', resource: 'emails', used: 3 },
        { orgId: org.id, month: '2026-10', resource: 'posts', used: 5 },
      ],
    });
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}/usage`).set(bearer(member.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      plan: 'free',
      month: '2026-11',
      resetsAt: '2026-12-01T00:00:00.000Z',
      resources: [
        { resource: 'tasks', limit: 10, used: 3, remaining: 7 },
        { resource: 'posts', limit: 5, used: 0, remaining: 5 },
        { resource: 'emails', limit: 3, used: 3, remaining: 0 },
        { resource: 'aiMessages', limit: 50, used: 0, remaining: 50 },
      ],
    });
  });

  it('when the org is on pro with more used than a later downgrade allows, then remaining is 0, never negative', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    t.clock.set(new Date('2026-11-22T10:00:00.000Z'));
    await t.deps.db.usageCounter.create({ data: { orgId: org.id, month: '2026-11', resource: 'posts', used: 40 } });
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}/usage`).set(bearer(org.owner.token));
    // Assert
    expect(res.body.resources[1]).toEqual({ resource: 'posts', limit: 5, used: 40, remaining: 0 });
  });

  it('when an API key with the read scope asks, then it gets the usage; the org DTO shows the plan too', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { plan: 'pro' } });
    const key = await insertKey(org.id, ['read']);
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}/usage`).set(bearer(key));
    const orgRes = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      plan: 'pro',
      resources: expect.arrayContaining([{ resource: 'tasks', limit: 100, used: 0, remaining: 100 }]),
    });
    expect(orgRes.body.plan).toBe('pro');
  });

  it('when the org id is not a UUID, then answers 400 naming params.orgId', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app).get('/api/orgs/not-a-uuid/usage').set(bearer(user.token));
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ location: 'params', path: 'orgId' }] },
    });
  });

  it('when the caller is anonymous or not a member, then answers 401 or 404', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const stranger = await seedUser(t.deps);
    // Act
    const anonymous = await request(t.app).get(`/api/orgs/${org.id}/usage`);
    const outsider = await request(t.app).get(`/api/orgs/${org.id}/usage`).set(bearer(stranger.token));
    // Assert
    expect(anonymous.status).toBe(401);
    expect(outsider.status).toBe(404);
  });
});

describe('PATCH /api/admin/orgs/:orgId/plan', () => {
  it('when a platform admin sets pro, then the org is on pro and its limits follow', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await request(t.app)
      .patch(`/api/admin/orgs/${org.id}/plan`)
      .set(bearer(admin.token))
      .send({ plan: 'pro' });
    const usage = await request(t.app).get(`/api/orgs/${org.id}/usage`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orgId: org.id, plan: 'pro' });
    expect((await t.deps.db.organization.findUniqueOrThrow({ where: { id: org.id } })).plan).toBe('pro');
    expect(usage.body.resources[0]).toMatchObject({ resource: 'tasks', limit: 100 });
  });

  it('when the org does not exist, then answers 404', async () => {
    // Act
    const res = await request(t.app)
      .patch('/api/admin/orgs/00000000-0000-4000-8000-000000000000/plan')
      .set(bearer(admin.token))
      .send({ plan: 'pro' });
    // Assert
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('when the plan is unknown or the id is not a UUID, then answers 400 naming each field and changes nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const badPlan = await request(t.app)
      .patch(`/api/admin/orgs/${org.id}/plan`)
      .set(bearer(admin.token))
      .send({ plan: 'platinum' });
    const badId = await request(t.app).patch('/api/admin/orgs/nope/plan').set(bearer(admin.token)).send({});
    // Assert
    expect(badPlan.status).toBe(400);
    expect(badPlan.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'plan' })]);
    expect(badId.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['orgId', 'plan']);
    expect((await t.deps.db.organization.findUniqueOrThrow({ where: { id: org.id } })).plan).toBe('free');
  });

  it('when an org owner who is not a platform admin tries, then answers 403 and the plan stays', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await request(t.app)
      .patch(`/api/admin/orgs/${org.id}/plan`)
      .set(bearer(org.owner.token))
      .send({ plan: 'enterprise' });
    // Assert
    expect(res.status).toBe(403);
    expect((await t.deps.db.organization.findUniqueOrThrow({ where: { id: org.id } })).plan).toBe('free');
  });
});
