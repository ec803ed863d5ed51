import { monthKey } from '@aiceo/shared/plans';
import request from 'supertest';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { parsePlan, spreadDueDays } from './goal-plan';
import { settleGoal } from './goals.service';

const DAY_MS = 86_400_000;
type Step = {
  id: string;
  title: string;
  status: string;
  goalOrder: number;
  dueAt: string;
  runAfter: string;
  input: Record<string, unknown>;
  origin: string;
  type: string;
  stepDoneAt: string | null;
};
type GoalBody = {
  id: string;
  status: string;
  plannedBy: string;
  targetDate: string;
  progress: { completed: number; prepared: number; total: number; percent: number };
  nextStep: { taskId: string; title: string } | null;
  steps: Step[];
};

// No executor runs here: steps stay where the API puts them.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/goals`;
const used = async (orgId: string, resource: 'tasks' | 'aiMessages') =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource }, select: { used: true } }))?.used ?? 0;
const create = async (org: SeededOrg, body: object = { title: 'Grow revenue to $20k MRR' }) => {
  const res = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body as GoalBody;
};

describe('POST /api/orgs/:orgId/goals (offline)', () => {
  it('when the owner sets a revenue goal, then a template plan from the org data becomes ordered steps due along the way to the target in 30 days', async () => {
    // Arrange: a lead quiet for 20 days, so the plan can name it.
    const org = await seedOrg(t.deps);
    await t.deps.db.lead.create({
      data: {
        orgId: org.id,
        name: 'Dana Whitfield',
        company: 'Acme',
        stage: 'contacted',
        tags: [],
        createdAt: new Date(t.clock.now().getTime() - 20 * DAY_MS),
      },
    });
    const now = t.clock.now();

    // Act
    const res = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ title: 'Grow revenue to $20k MRR', description: 'Mostly from existing leads' });

    // Assert
    expect(res.status).toBe(201);
    const goal = res.body as GoalBody;
    const target = new Date(now.getTime() + 30 * DAY_MS);
    expect(goal).toMatchObject({
      status: 'active',
      plannedBy: 'offline',
      targetDate: target.toISOString(),
      createdById: org.owner.id,
      progress: { completed: 0, prepared: 0, total: 5, percent: 0 },
    });
    expect(goal.steps.map((s) => s.input['step'])).toEqual([
      'Review the pipeline',
      'Follow up stale leads',
      'Publish content that sells',
      'Run an email campaign',
      'Weekly progress report',
    ]);
    expect(goal.steps[1]?.input['detail']).toContain('Dana Whitfield (Acme)');
    expect(
      goal.steps.every(
        (s) => s.type === 'goal_step' && s.origin === 'goal' && s.status === 'PENDING' && s.input['goalId'] === goal.id,
      ),
    ).toBe(true);
    expect(goal.steps.map((s) => s.goalOrder)).toEqual([1, 2, 3, 4, 5]);
    const dues = spreadDueDays(5, 30).map((days) => new Date(now.getTime() + days * DAY_MS).toISOString());
    expect(goal.steps.map((s) => s.dueAt)).toEqual(dues);
    expect(goal.steps.at(-1)?.dueAt).toBe(target.toISOString());
    // Each step starts when the previous one is due.
    expect(goal.steps.map((s) => s.runAfter)).toEqual([now.toISOString(), ...dues.slice(0, 4)]);
    expect(goal.nextStep).toMatchObject({ taskId: goal.steps[0]?.id, title: goal.steps[0]?.title });
    expect(await used(org.id, 'tasks')).toBe(5);
    // An offline (template) plan costs nothing and uses no AI message.
    expect(await used(org.id, 'aiMessages')).toBe(0);
  });

  it('when the goal is about audience and has a target date, then the audience template is used and the last step is due on that date', async () => {
    const org = await seedOrg(t.deps);
    const targetDate = new Date(t.clock.now().getTime() + 14 * DAY_MS).toISOString();
    const goal = await create(org, { title: 'Build our LinkedIn audience', targetDate });
    expect(goal.steps[0]?.input['step']).toBe('Define the audience and message');
    expect(goal.steps.at(-1)?.dueAt).toBe(targetDate);
    expect(goal.targetDate).toBe(targetDate);
  });

  it('when the tasks quota cannot hold every step, then it answers 402, writes nothing and gives the AI message back', async () => {
    // Arrange: the free plan allows 10 tasks; 7 are used, the plan has 5 steps.
    const org = await seedOrg(t.deps);
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: monthKey(t.clock.now()), resource: 'tasks', used: 7 },
    });

    // Act
    const res = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ title: 'Win ten new customers' });

    // Assert
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({
      error: { code: 'QUOTA_EXCEEDED', details: { resource: 'tasks', limit: 10, used: 7 } },
    });
    expect(await t.deps.db.goal.count({ where: { orgId: org.id } })).toBe(0);
    expect(await t.deps.db.task.count({ where: { orgId: org.id } })).toBe(0);
    expect(await used(org.id, 'tasks')).toBe(7);
    expect(await used(org.id, 'aiMessages')).toBe(0);
  });

  it('when the input is bad or the target date is past, then it answers 400; a member gets 403; nothing is written', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const cases = [
      {},
      { title: 'x' },
      { title: 'Grow revenue', targetDate: 'next week' },
      { title: 'Grow revenue', targetDate: new Date(t.clock.now().getTime() - DAY_MS).toISOString() },
    ];
    for (const body of cases) {
      const res = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const forbidden = await request(t.app).post(base(org)).set(bearer(member.token)).send({ title: 'Grow revenue' });
    expect(forbidden.status).toBe(403);
    expect(await t.deps.db.goal.count({ where: { orgId: org.id } })).toBe(0);
    expect(await used(org.id, 'aiMessages')).toBe(0);
  });
});

describe('POST /api/orgs/:orgId/goals (online AI)', () => {
  let fakeAi: FakeAi;
  let online: TestContext;
  beforeAll(async () => {
    fakeAi = await startFakeAi({ apiKey: 'test-key' });
    online = await createTestContext({
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fakeAi.baseUrlFor('openai'), AI_MAX_RETRIES: '0' },
    });
  });
  afterAll(async () => {
    await online.close();
    await fakeAi.close();
  });

  it('when the AI answers JSON inside a code fence with prose around it, then its steps are used in order with its due days', async () => {
    // Arrange: the fake provider replies with whatever the [[reply:...]] marker in the request holds.
    const org = await seedOrg(online.deps);
    const plan = [
      { title: 'Audit pricing', detail: 'Compare our plans with three competitors.', dueInDays: 3 },
      { title: 'Launch annual plan', detail: 'Offer two months free on annual billing.', dueInDays: 10 },
      { title: 'Email existing customers', detail: 'Announce the annual plan.', dueInDays: 20, extra: 'ignored' },
    ];
    const reply = `Here is the plan:\n\`\`\`json\n${JSON.stringify(plan)}\n\`\`\`\nGood luck!`;
    const now = online.clock.now();

    // Act
    const res = await request(online.app)
      .post(`/api/orgs/${org.id}/goals`)
      .set(bearer(org.owner.token))
      .send({ title: 'Raise average deal size', description: `[[reply:${reply}]]` });

    // Assert
    expect(res.status).toBe(201);
    const goal = res.body as GoalBody;
    expect(goal.plannedBy).toBe('openai');
    expect(goal.steps.map((s) => [s.input['step'], s.input['detail']])).toEqual(plan.map((p) => [p.title, p.detail]));
    // The last step is due on the target date (30 days), whatever the AI said.
    expect(goal.steps.map((s) => s.dueAt)).toEqual(
      [3, 10, 30].map((d) => new Date(now.getTime() + d * DAY_MS).toISOString()),
    );
    const sent = fakeAi.requests('openai').at(-1);
    expect(sent?.messages[0]?.content).toContain('Reply with only a JSON array');
  });

  it('when the AI answer is not a usable plan, then the goal still gets the template plan, marked offline', async () => {
    const org = await seedOrg(online.deps);
    const res = await request(online.app)
      .post(`/api/orgs/${org.id}/goals`)
      .set(bearer(org.owner.token))
      .send({ title: 'Move to a bigger office', description: '[[reply:Sure! Step one: think about it. [not json]]]' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ plannedBy: 'offline', progress: { total: 5 } });
    expect((res.body as GoalBody).steps[0]?.input['step']).toBe('Define what done looks like');
  });
});

describe('parsePlan', () => {
  it('when the answer is bare JSON, wrapped, short, or broken, then it returns steps, steps, null and null', () => {
    const three = [{ title: 'A', dueInDays: 9 }, { title: 'B', dueInDays: 2 }, { title: 'C' }];
    // Out-of-order days are made non-decreasing; a missing one takes the even spread; the last lands on the target.
    expect(parsePlan(JSON.stringify(three), { totalDays: 30 })).toEqual([
      { title: 'A', detail: '', dueInDays: 9 },
      { title: 'B', detail: '', dueInDays: 9 },
      { title: 'C', detail: '', dueInDays: 30 },
    ]);
    expect(parsePlan(`{"steps": ${JSON.stringify(three)}}`, { totalDays: 30 })).toHaveLength(3);
    expect(parsePlan(JSON.stringify(three.slice(0, 2)), { totalDays: 30 })).toBeNull();
    expect(parsePlan('[{"title": "A",', { totalDays: 30 })).toBeNull();
    expect(
      parsePlan(JSON.stringify(Array.from({ length: 12 }, (_, i) => ({ title: `S${i}`, dueInDays: i + 1 }))), {
        totalDays: 30,
      }),
    ).toHaveLength(8);
  });
});

describe('GET /api/orgs/:orgId/goals', () => {
  it('when steps are marked done, prepared or cancelled, then progress counts those the owner marked done out of those not cancelled (a prepared step is ready, not done) and the next step is the first not done', async () => {
    // Arrange: steps 1 and 3 prepared by the AI; only step 1 (and the not yet worked step 4) marked done by the owner.
    const org = await seedOrg(t.deps);
    const goal = await create(org);
    const [first, second, third, fourth] = goal.steps;
    await t.deps.db.task.updateMany({ where: { id: { in: [first!.id, third!.id] } }, data: { status: 'COMPLETED' } });
    await t.deps.db.task.update({ where: { id: second!.id }, data: { status: 'CANCELLED' } });
    await t.deps.db.task.updateMany({
      where: { id: { in: [first!.id, fourth!.id] } },
      data: { stepDoneAt: t.clock.now() },
    });

    // Act
    const list = await request(t.app)
      .get(`${base(org)}?status=active`)
      .set(bearer(org.owner.token));
    const one = await request(t.app)
      .get(`${base(org)}/${goal.id}`)
      .set(bearer(org.owner.token));

    // Assert
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: goal.id,
        progress: { completed: 2, prepared: 1, total: 4, percent: 50 },
        nextStep: expect.objectContaining({ taskId: third!.id }),
      }),
    ]);
    expect(one.status).toBe(200);
    expect(one.body.steps.map((s: Step) => s.status)).toEqual([
      'COMPLETED',
      'CANCELLED',
      'COMPLETED',
      'PENDING',
      'PENDING',
    ]);
  });

  it('when another org asks for the goal or the query is bad, then it answers 404 or 400', async () => {
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const goal = await create(org);
    expect(
      (
        await request(t.app)
          .get(`${base(other)}/${goal.id}`)
          .set(bearer(other.owner.token))
      ).status,
    ).toBe(404);
    expect((await request(t.app).get(base(other)).set(bearer(other.owner.token))).body.items).toEqual([]);
    expect(
      (
        await request(t.app)
          .get(`${base(org)}?status=paused`)
          .set(bearer(org.owner.token))
      ).status,
    ).toBe(400);
    expect(
      (
        await request(t.app)
          .get(`${base(org)}?limit=0`)
          .set(bearer(org.owner.token))
      ).status,
    ).toBe(400);
    expect(
      (
        await request(t.app)
          .get(`${base(org)}?cursor=nope`)
          .set(bearer(org.owner.token))
      ).status,
    ).toBe(400);
    expect(
      (
        await request(t.app)
          .get(`${base(org)}/not-a-uuid`)
          .set(bearer(org.owner.token))
      ).status,
    ).toBe(400);
  });
});

describe('PATCH /api/orgs/:orgId/goals/:goalId', () => {
  it('when the owner cancels a goal, then its pending steps are cancelled and a running one is left to finish; reopening queues them again', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await create(org);
    await t.deps.db.task.update({ where: { id: goal.steps[0]!.id }, data: { status: 'IN_PROGRESS' } });

    // Act
    const cancelled = await request(t.app)
      .patch(`${base(org)}/${goal.id}`)
      .set(bearer(org.owner.token))
      .send({ status: 'cancelled' });
    const reopened = await request(t.app)
      .patch(`${base(org)}/${goal.id}`)
      .set(bearer(org.owner.token))
      .send({ status: 'active' });

    // Assert
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.steps.map((s: Step) => s.status)).toEqual([
      'IN_PROGRESS',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(reopened.body.status).toBe('active');
    expect(reopened.body.steps.map((s: Step) => s.status)).toEqual([
      'IN_PROGRESS',
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
  });

  it('when the target date moves, then the title changes and the open steps are rescheduled in proportion, the last on the new date', async () => {
    const org = await seedOrg(t.deps);
    const goal = await create(org);
    const newTarget = new Date(t.clock.now().getTime() + 60 * DAY_MS).toISOString();
    const res = await request(t.app)
      .patch(`${base(org)}/${goal.id}`)
      .set(bearer(org.owner.token))
      .send({ title: 'Grow revenue to $25k MRR', targetDate: newTarget });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Grow revenue to $25k MRR', targetDate: newTarget });
    expect(res.body.steps.at(-1).dueAt).toBe(newTarget);
    const firstDue = new Date(res.body.steps[0].dueAt).getTime() - t.clock.now().getTime();
    expect(firstDue).toBe(2 * spreadDueDays(5, 30)[0]! * DAY_MS);
  });

  it('when the body is empty, the date past, the goal completed or another org’s, then 400, 400, 409 and 404', async () => {
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const goal = await create(org);
    const patch = (o: SeededOrg, body: object) =>
      request(t.app)
        .patch(`${base(o)}/${goal.id}`)
        .set(bearer(o.owner.token))
        .send(body);
    expect((await patch(org, {})).status).toBe(400);
    expect((await patch(org, { targetDate: new Date(t.clock.now().getTime() - DAY_MS).toISOString() })).status).toBe(
      400,
    );
    expect((await patch(other, { title: 'Mine now' })).status).toBe(404);
    await t.deps.db.goal.update({ where: { id: goal.id }, data: { status: 'completed' } });
    const conflict = await patch(org, { status: 'cancelled' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('CONFLICT');
  });
});

describe('DELETE /api/orgs/:orgId/goals/:goalId', () => {
  it('when the owner deletes a goal, then it and its steps are gone; another org gets 404', async () => {
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const goal = await create(org);
    expect(
      (
        await request(t.app)
          .delete(`${base(other)}/${goal.id}`)
          .set(bearer(other.owner.token))
      ).status,
    ).toBe(404);
    const res = await request(t.app)
      .delete(`${base(org)}/${goal.id}`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(204);
    expect(await t.deps.db.goal.count({ where: { id: goal.id } })).toBe(0);
    expect(await t.deps.db.task.count({ where: { goalId: goal.id } })).toBe(0);
    expect(
      (
        await request(t.app)
          .delete(`${base(org)}/${goal.id}`)
          .set(bearer(org.owner.token))
      ).status,
    ).toBe(404);
  });
});

describe('settleGoal', () => {
  it('when every step that counts is marked done by the owner, then the goal is completed with its time; every step merely prepared by the AI is not enough', async () => {
    // Arrange: every step prepared by the AI, none marked done.
    const org = await seedOrg(t.deps);
    const goal = await create(org);
    const ids = goal.steps.map((s) => s.id);
    await t.deps.db.task.updateMany({ where: { id: { in: ids } }, data: { status: 'COMPLETED' } });
    expect(await settleGoal(t.deps, { orgId: org.id, goalId: goal.id })).toBe(false);
    await t.deps.db.task.updateMany({ where: { id: { in: ids.slice(0, 3) } }, data: { stepDoneAt: t.clock.now() } });

    // Act + Assert: two steps still not done.
    expect(await settleGoal(t.deps, { orgId: org.id, goalId: goal.id })).toBe(false);
    await t.deps.db.task.update({ where: { id: ids[3]! }, data: { status: 'CANCELLED' } });
    await t.deps.db.task.update({ where: { id: ids[4]! }, data: { stepDoneAt: t.clock.now() } });
    // Another org's id never settles this goal.
    expect(await settleGoal(t.deps, { orgId: (await seedOrg(t.deps)).id, goalId: goal.id })).toBe(false);
    expect(await settleGoal(t.deps, { orgId: org.id, goalId: goal.id })).toBe(true);

    const res = await request(t.app)
      .get(`${base(org)}/${goal.id}`)
      .set(bearer(org.owner.token));
    expect(res.body).toMatchObject({
      status: 'completed',
      completedAt: t.clock.now().toISOString(),
      progress: { completed: 4, prepared: 0, total: 4, percent: 100 },
      nextStep: null,
    });
  });
});
