import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { createExecutor } from './executor';
import { enqueueTasks } from './tasks.service';

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

describe('POST /api/orgs/:orgId/tasks: a follow-up only for a lead that may be contacted', () => {
  const DAY = 86_400_000;
  const followup = (leadId: string) => ({ type: 'lead_followup', input: { leadId, sendEmail: true } });
  const seedLead = (org: SeededOrg, name: string, data: { stage?: 'won' | 'lost'; unsubscribedAt?: Date } = {}) =>
    t.deps.db.lead.create({
      data: { orgId: org.id, name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, tags: [], ...data },
      select: { id: true },
    });
  const post = (org: SeededOrg, body: object) => request(t.app).post(base(org)).set(bearer(org.owner.token)).send(body);

  it('when the lead is unsubscribed, won, lost, meeting tomorrow, already pending or followed up 3 days ago, then each answers 409 with the reason in words, and a fine lead 201', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const now = t.clock.now().getTime();
    const unsubscribed = await seedLead(org, 'Una Sub', { unsubscribedAt: new Date('2026-11-02T08:00:00Z') });
    const won = await seedLead(org, 'Winnie Won', { stage: 'won' });
    const lost = await seedLead(org, 'Larry Lost', { stage: 'lost' });
    const meeting = await seedLead(org, 'Meg Meeting');
    await t.deps.db.meeting.create({
      data: {
        orgId: org.id,
        leadId: meeting.id,
        title: 'Contract signing',
        startsAt: new Date(now + DAY),
        endsAt: new Date(now + DAY + 3_600_000),
      },
    });
    const pending = await seedLead(org, 'Pete Pending');
    await t.deps.db.task.create({
      data: {
        orgId: org.id,
        type: 'lead_followup',
        title: 'Queued by the engine',
        input: { leadId: pending.id, sendEmail: false },
        origin: 'agentic',
        runAfter: t.clock.now(),
      },
    });
    const recent = await seedLead(org, 'Rhea Recent');
    await t.deps.db.leadActivity.create({
      data: {
        orgId: org.id,
        leadId: recent.id,
        kind: 'ai_followup',
        summary: 'Hi',
        occurredAt: new Date(now - 3 * DAY),
      },
    });
    const fine = await seedLead(org, 'Fiona Fine');
    // Act
    const answers = {
      unsubscribed: await post(org, followup(unsubscribed.id)),
      won: await post(org, followup(won.id)),
      lost: await post(org, followup(lost.id)),
      meeting: await post(org, followup(meeting.id)),
      pending: await post(org, followup(pending.id)),
      recent: await post(org, followup(recent.id)),
      fine: await post(org, followup(fine.id)),
    };
    // Assert
    const refusal = (res: request.Response) => ({
      status: res.status,
      code: res.body.error?.code,
      message: res.body.error?.message,
    });
    expect(refusal(answers.unsubscribed)).toEqual({
      status: 409,
      code: 'CONFLICT',
      message: 'Una Sub unsubscribed on 2 Nov 2026 and must not be contacted.',
    });
    expect(refusal(answers.won).message).toBe(
      'Winnie Won is already won: the deal is closed, so there is nothing to follow up.',
    );
    expect(refusal(answers.lost).message).toBe(
      'Larry Lost is already lost: the deal is closed, so there is nothing to follow up.',
    );
    expect(refusal(answers.meeting)).toMatchObject({
      status: 409,
      message: expect.stringMatching(/^Meg Meeting has a meeting on .*"Contract signing"/),
    });
    expect(refusal(answers.pending)).toMatchObject({
      status: 409,
      message: expect.stringMatching(/^A follow-up with Pete Pending is already queued/),
    });
    expect(refusal(answers.recent)).toMatchObject({
      status: 409,
      message: expect.stringMatching(/^Rhea Recent was emailed a follow-up on .*; the next one can go from /),
    });
    expect(answers.fine.status).toBe(201);
    // Refused follow-ups write nothing and count nothing.
    expect(await t.deps.db.task.count({ where: { orgId: org.id, origin: 'user' } })).toBe(1);
    expect(await usedTasks(org.id)).toBe(1);
  });

  it('when the owner queues two follow-ups for one lead, even at the same time, then one is queued and the other answers 409', async () => {
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org, 'Dana Double');
    const other = await seedLead(org, 'Otto Other');
    const [a, b] = await Promise.all([post(org, followup(lead.id)), post(org, followup(lead.id))]);
    const third = await post(org, followup(lead.id));
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(third.status).toBe(409);
    expect(third.body.error.message).toMatch(/^A follow-up with Dana Double is already queued \(since /);
    expect((await post(org, followup(other.id))).status).toBe(201);
    expect(await usedTasks(org.id)).toBe(2);
  });

  it('when the engine or a goal queues follow-ups in one batch and one lead is blocked, then enqueueTasks refuses the batch with 409 and writes nothing', async () => {
    const org = await seedOrg(t.deps);
    const fine = await seedLead(org, 'Fiona Fine');
    const gone = await seedLead(org, 'Una Sub', { unsubscribedAt: t.clock.now() });
    for (const origin of ['agentic', 'goal', 'api_key'] as const) {
      const refused = await enqueueTasks(t.deps, {
        orgId: org.id,
        origin,
        createdById: null,
        tasks: [fine.id, gone.id].map((leadId) => ({
          type: 'lead_followup' as const,
          input: { leadId, sendEmail: true },
          title: 'Follow up',
        })),
      }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Una Sub unsubscribed on /) });
    }
    const twice = await enqueueTasks(t.deps, {
      orgId: org.id,
      origin: 'agentic',
      createdById: null,
      tasks: [1, 2].map(() => ({
        type: 'lead_followup' as const,
        input: { leadId: fine.id, sendEmail: true },
        title: 'x',
      })),
    }).catch((error: unknown) => error);
    expect(twice).toMatchObject({ code: 'CONFLICT' });
    expect(await t.deps.db.task.count({ where: { orgId: org.id } })).toBe(0);
    expect(await usedTasks(org.id)).toBe(0);
  });
});

describe('a follow-up whose lead became blocked before it ran', () => {
  it('when the executor runs it, then it ends CANCELLED saying why (not failed, not completed), nothing is written or sent, and a retry answers 409', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Wendy Winner', email: 'wendy@example.com', tags: [] },
      select: { id: true },
    });
    const queued = await create(org, { type: 'lead_followup', input: { leadId: lead.id, sendEmail: true } });
    await request(t.app)
      .patch(`/api/orgs/${org.id}/leads/${lead.id}`)
      .set(bearer(org.owner.token))
      .send({ stage: 'won' })
      .expect(200);
    // Only this task is due in this file's database.
    await t.deps.db.task.updateMany({
      where: { status: 'PENDING', id: { not: queued.id } },
      data: { status: 'CANCELLED' },
    });
    const executor = createExecutor(t.deps, { subscribe: false });
    // Act
    const result = await executor.tick();
    await executor.stop();
    const task = await request(t.app)
      .get(`${base(org)}/${queued.id}`)
      .set(bearer(org.owner.token));
    const retry = await request(t.app)
      .post(`${base(org)}/${queued.id}/retry`)
      .set(bearer(org.owner.token));
    // Assert
    expect(result).toMatchObject({ claimed: 1, skipped: 1, completed: 0, failed: 0, retried: 0 });
    expect(task.body).toMatchObject({
      status: 'CANCELLED',
      output: null,
      error:
        'Skipped, nothing written or sent: Wendy Winner is already won: the deal is closed, so there is nothing to follow up.',
      finishedAt: expect.any(String),
    });
    expect(retry.status).toBe(409);
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id } })).toBe(0);
    expect(await t.deps.db.mailOutbox.count({ where: { to: 'wendy@example.com' } })).toBe(0);
  });
});

describe('an offline follow-up is a draft, not a contact', () => {
  it('when it runs, then the last contact stays, the lead stays in the stale list and shows "drafted, not sent"; a call logged later clears it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const leads = `/api/orgs/${org.id}/leads`;
    const longAgo = new Date(t.clock.now().getTime() - 20 * 86_400_000).toISOString();
    const lead = await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Sam Stale', email: 'sam@example.com', tags: [], createdAt: new Date(longAgo) },
      select: { id: true },
    });
    await request(t.app)
      .post(`${leads}/${lead.id}/activities`)
      .set(auth)
      .send({ kind: 'call', summary: 'Intro call', occurredAt: longAgo })
      .expect(201);
    const queued = await create(org, { type: 'lead_followup', input: { leadId: lead.id, sendEmail: true } });
    await t.deps.db.task.updateMany({
      where: { status: 'PENDING', id: { not: queued.id } },
      data: { status: 'CANCELLED' },
    });
    const staleSince = new Date(t.clock.now().getTime() - 14 * 86_400_000).toISOString();
    const staleIds = async () =>
      (await request(t.app).get(leads).query({ inactiveSince: staleSince }).set(auth)).body.items.map(
        (item: { id: string }) => item.id,
      );
    // Act
    const executor = createExecutor(t.deps, { subscribe: false });
    await executor.tick();
    await executor.stop();
    const task = await request(t.app)
      .get(`${base(org)}/${queued.id}`)
      .set(auth);
    const drafted = await request(t.app).get(`${leads}/${lead.id}`).set(auth);
    const staleWhileDrafted = await staleIds();
    await request(t.app).post(`${leads}/${lead.id}/activities`).set(auth).send({ kind: 'call', summary: 'Caught up' });
    const reached = await request(t.app).get(`${leads}/${lead.id}`).set(auth);
    // Assert
    expect(task.body).toMatchObject({ status: 'COMPLETED', output: { emailed: false } });
    expect(task.body.output.emailed).toBe(false);
    expect(drafted.body).toMatchObject({
      lastActivityAt: longAgo,
      activityCount: 1,
      followupDraftedAt: t.clock.now().toISOString(),
    });
    expect(staleWhileDrafted).toContain(lead.id);
    expect(reached.body).toMatchObject({
      lastActivityAt: t.clock.now().toISOString(),
      activityCount: 2,
      followupDraftedAt: null,
    });
    expect(await staleIds()).not.toContain(lead.id);
    expect(await t.deps.db.mailOutbox.count({ where: { to: 'sam@example.com' } })).toBe(0);
  });
});
