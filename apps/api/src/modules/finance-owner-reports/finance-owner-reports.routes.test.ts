import request from 'supertest';
import { addMember, bearer, seedOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const url = (orgId: string) => `/api/orgs/${orgId}/finance/report-settings`;
const valid = { weeklyEnabled: true, weeklyWeekday: 5, monthlyEnabled: true, hour: 18 };

describe('GET and PUT /api/orgs/:orgId/finance/report-settings', () => {
  it('when nothing is saved, then an admin reads the defaults (no emails), the timezone and the owners and admins who would get them', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await t.deps.db.organization.update({ where: { id: org.id }, data: { timezone: 'Europe/Berlin' } });
    // Act
    const res = await request(t.app).get(url(org.id)).set(bearer(admin.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      weeklyEnabled: false,
      weeklyWeekday: 1,
      monthlyEnabled: false,
      hour: 8,
      timezone: 'Europe/Berlin',
      recipients: [org.owner.email, admin.email],
      recentSends: [],
      updatedAt: null,
    });
    expect(res.body.recipients).not.toContain(member.email);
  });

  it('when an admin saves a schedule and changes it, then each read returns what was saved last', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const saved = await request(t.app).put(url(org.id)).set(bearer(org.owner.token)).send(valid);
    const changed = await request(t.app)
      .put(url(org.id))
      .set(bearer(org.owner.token))
      .send({ ...valid, weeklyEnabled: false, hour: 0 });
    const read = await request(t.app).get(url(org.id)).set(bearer(org.owner.token));
    // Assert
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject(valid);
    expect(changed.body).toMatchObject({ weeklyEnabled: false, weeklyWeekday: 5, monthlyEnabled: true, hour: 0 });
    expect(read.body).toEqual(changed.body);
    expect(read.body.updatedAt).toEqual(expect.any(String));
    expect(await t.deps.db.financeReportSettings.count({ where: { orgId: org.id } })).toBe(1);
  });

  it.each([
    [{ ...valid, weeklyWeekday: 0 }, 'weeklyWeekday'],
    [{ ...valid, weeklyWeekday: 8 }, 'weeklyWeekday'],
    [{ ...valid, hour: 24 }, 'hour'],
    [{ ...valid, hour: 7.5 }, 'hour'],
    [{ ...valid, weeklyEnabled: 'yes' }, 'weeklyEnabled'],
    [{ weeklyEnabled: true, weeklyWeekday: 1, hour: 8 }, 'monthlyEnabled'],
  ])('when the body is %j, then it is 400 naming %s and nothing is saved', async (body, field) => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).put(url(org.id)).set(bearer(org.owner.token)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    expect(await t.deps.db.financeReportSettings.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the body has a field the schedule does not know, then it is 400', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app)
      .put(url(org.id))
      .set(bearer(org.owner.token))
      .send({ ...valid, recipients: ['someone@example.test'] });
    expect(res.status).toBe(400);
  });

  it('when a member reads or saves the schedule, then it is 403 (finance is admin+)', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    expect((await request(t.app).get(url(org.id)).set(bearer(member.token))).status).toBe(403);
    expect((await request(t.app).put(url(org.id)).set(bearer(member.token)).send(valid)).status).toBe(403);
    expect(await t.deps.db.financeReportSettings.count({ where: { orgId: org.id } })).toBe(0);
  });
});
