import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

// No executor runs here: tasks stay where the API puts them (the executor has its own tests).
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/tasks`;
const postTask = { type: 'social_media_post', input: { brief: 'Our new spring catalogue' } };
const usedTasks = async (orgId: string) =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'tasks' }, select: { used: true } }))?.used ?? 0;
const create = async (org: SeededOrg, body: object = postTask) => {
  const res = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string };
};

describe('POST /api/orgs/:orgId/tasks', () => {
  it('when a member queues a task, then it is PENDING, due now, made by them, with the input defaults filled, and counts one task', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await request(t.app).post(base(org)).set(bearer(member.token)).send(postTask);
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'social_media_post',
      status: 'PENDING',
      title: 'LinkedIn post: Our new spring catalogue',
      input: { brief: 'Our new spring catalogue', publish: true },
      output: null,
      error: null,
      attempts: 0,
      maxAttempts: 3,
      origin: 'user',
      createdById: member.id,
      runAfter: t.clock.now().toISOString(),
    });
    expect(await usedTasks(org.id)).toBe(1);
  });

  it('when an API key queues a follow-up, then the origin is api_key and the title names the lead', async () => {
    const org = await seedOrg(t.deps);
    const lead = await t.deps.db.lead.create({ data: { orgId: org.id, name: 'Dana Whitfield', tags: [] } });
    const secret = `aiceo_tsk${org.id.slice(0, 6)}_secret-${org.id}`;
    const key = await t.deps.db.apiKey.create({
      data: {
        orgId: org.id,
        name: 'zapier',
        prefix: secret.slice(0, 14),
        keyHash: sha256(secret),
        scopes: ['read', 'write'],
      },
    });
    const res = await request(t.app)
      .post(base(org))
      .set(bearer(secret))
      .send({ type: 'lead_followup', input: { leadId: lead.id, sendEmail: true } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      origin: 'api_key',
      createdById: key.id,
      title: 'Follow up with Dana Whitfield',
      input: { leadId: lead.id, sendEmail: true },
    });
  });

  it('when the input is bad, the type unknown or goal_step, or the lead is not the org’s, then it answers 400 and counts nothing', async () => {
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const foreignLead = await t.deps.db.lead.create({ data: { orgId: other.id, name: 'Not yours', tags: [] } });
    const auth = bearer(org.owner.token);
    const bodies = [
      {},
      { type: 'teleport', input: {} },
      { type: 'social_media_post', input: { brief: 'x' } },
      { type: 'goal_step', input: { goalId: foreignLead.id, step: 'do it' } },
      { type: 'report', input: { period: 'year' } },
      { type: 'report', input: {}, maxAttempts: 11 },
      { type: 'report', input: {}, runAfter: 'soon' },
      { type: 'lead_followup', input: { leadId: foreignLead.id } },
    ];
    for (const body of bodies) {
      const res = await request(t.app).post(base(org)).set(auth).send(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await t.deps.db.task.count({ where: { orgId: org.id } })).toBe(0);
    expect(await usedTasks(org.id)).toBe(0);
  });

  it('when the free plan’s 10 tasks are used, then the 11th answers 402 with the upgrade, even when 15 are sent at once', async () => {
    const org = await seedOrg(t.deps);
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        request(t.app).post(base(org)).set(bearer(org.owner.token)).send({ type: 'report', input: {} }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status === 402);
    expect(refused).toHaveLength(5);
    expect(refused[0]?.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { resource: 'tasks', limit: 10, used: 10, upgrade: { plan: 'pro', limit: 100 } },
    });
    expect(await t.deps.db.task.count({ where: { orgId: org.id } })).toBe(10);
    expect(await usedTasks(org.id)).toBe(10);
  });
});

describe('GET /api/orgs/:orgId/tasks', () => {
  it('when tasks are listed, then they come newest first in pages, filtered by status and type, with counts in the summary', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const first = await create(org);
    t.clock.advance(1_000);
    const second = await create(org, { type: 'report', input: { period: 'month' } });
    t.clock.advance(1_000);
    const third = await create(org, { type: 'report', input: {} });
    await request(t.app)
      .post(`${base(org)}/${third.id}/cancel`)
      .set(bearer(org.owner.token));
    // Act
    const page1 = await request(t.app).get(base(org)).query({ limit: 2 }).set(bearer(org.owner.token));
    const page2 = await request(t.app)
      .get(base(org))
      .query({ limit: 2, cursor: page1.body.nextCursor })
      .set(bearer(org.owner.token));
    const pendingReports = await request(t.app)
      .get(base(org))
      .query({ status: 'PENDING', type: 'report' })
      .set(bearer(org.owner.token));
    const summary = await request(t.app)
      .get(`${base(org)}/summary`)
      .set(bearer(org.owner.token));
    // Assert
    expect(page1.body.items.map((x: { id: string }) => x.id)).toEqual([third.id, second.id]);
    expect(page2.body).toMatchObject({ items: [{ id: first.id }], nextCursor: null });
    expect(pendingReports.body.items.map((x: { id: string }) => x.id)).toEqual([second.id]);
    expect(summary.body).toEqual({
      counts: { PENDING: 2, IN_PROGRESS: 0, COMPLETED: 0, FAILED: 0, CANCELLED: 1 },
      oldestDueAt: expect.any(String),
    });
  });

  it('when the query is bad, then it answers 400', async () => {
    const org = await seedOrg(t.deps);
    for (const query of [
      { status: 'DONE' },
      { type: 'teleport' },
      { limit: 0 },
      { cursor: 'nope' },
      { origin: 'robot' },
      { goalId: 'x' },
      { insightId: 'x' },
    ]) {
      const res = await request(t.app).get(base(org)).query(query).set(bearer(org.owner.token));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    const badId = await request(t.app)
      .get(`${base(org)}/not-a-uuid`)
      .set(bearer(org.owner.token));
    expect(badId.status).toBe(400);
  });
});

describe('POST /api/orgs/:orgId/tasks/:taskId/cancel and /retry', () => {
  it('when a pending task is cancelled, then it is CANCELLED; cancelling again is 409; a retry queues it again with fresh attempts', async () => {
    const org = await seedOrg(t.deps);
    const task = await create(org);
    const auth = bearer(org.owner.token);
    const cancelled = await request(t.app)
      .post(`${base(org)}/${task.id}/cancel`)
      .set(auth);
    const again = await request(t.app)
      .post(`${base(org)}/${task.id}/cancel`)
      .set(auth);
    t.clock.advance(5_000);
    const retried = await request(t.app)
      .post(`${base(org)}/${task.id}/retry`)
      .set(auth);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', finishedAt: expect.any(String) });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/only a pending task can be cancelled/);
    expect(retried.body).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      finishedAt: null,
      runAfter: t.clock.now().toISOString(),
    });
    // Retrying does not count the task again.
    expect(await usedTasks(org.id)).toBe(1);
  });

  it('when a task is running or completed, then it cannot be cancelled, and a pending one cannot be retried', async () => {
    const org = await seedOrg(t.deps);
    const running = await create(org);
    const done = await create(org);
    const pending = await create(org);
    await t.deps.db.task.update({
      where: { id: running.id },
      data: { status: 'IN_PROGRESS', leaseOwner: 'w1', leaseExpiresAt: t.clock.now() },
    });
    await t.deps.db.task.update({ where: { id: done.id }, data: { status: 'COMPLETED' } });
    const auth = bearer(org.owner.token);
    expect(
      (
        await request(t.app)
          .post(`${base(org)}/${running.id}/cancel`)
          .set(auth)
      ).status,
    ).toBe(409);
    expect(
      (
        await request(t.app)
          .post(`${base(org)}/${done.id}/cancel`)
          .set(auth)
      ).status,
    ).toBe(409);
    expect(
      (
        await request(t.app)
          .post(`${base(org)}/${done.id}/retry`)
          .set(auth)
      ).status,
    ).toBe(409);
    expect(
      (
        await request(t.app)
          .post(`${base(org)}/${pending.id}/retry`)
          .set(auth)
      ).body.error.message,
    ).toMatch(/only a failed or cancelled task/);
    expect((await t.deps.db.task.findUniqueOrThrow({ where: { id: running.id } })).status).toBe('IN_PROGRESS');
  });

  it('when a failed task is retried, then its error is cleared and the executor is told at once', async () => {
    const org = await seedOrg(t.deps);
    const task = await create(org);
    await t.deps.db.task.update({
      where: { id: task.id },
      data: { status: 'FAILED', attempts: 3, error: 'LinkedIn answered 500' },
    });
    let notified = 0;
    const unsubscribe = t.deps.taskSignal.subscribe(() => notified++);
    const res = await request(t.app)
      .post(`${base(org)}/${task.id}/retry`)
      .set(bearer(org.owner.token));
    unsubscribe();
    expect(res.body).toMatchObject({ status: 'PENDING', attempts: 0, error: null });
    expect(notified).toBe(1);
  });
});
