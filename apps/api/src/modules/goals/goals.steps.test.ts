import request from 'supertest';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

type Progress = { completed: number; prepared: number; total: number; percent: number };
type Step = { id: string; status: string; stepDoneAt: string | null };
type GoalBody = {
  id: string;
  status: string;
  completedAt: string | null;
  progress: Progress;
  live: { value: number; percent: number } | null;
  nextStep: { taskId: string } | null;
  steps: Step[];
};

// No executor runs here: a step "runs" the way the executor leaves it (COMPLETED with its deliverable).
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const goalsUrl = (org: SeededOrg) => `/api/orgs/${org.id}/goals`;
const stepUrl = (org: SeededOrg, goalId: string, taskId: string) => `${goalsUrl(org)}/${goalId}/steps/${taskId}`;
const createGoal = async (org: SeededOrg, body: object = { title: 'Write the hiring handbook' }) => {
  const res = await request(t.app).post(goalsUrl(org)).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body as GoalBody;
};
const getGoal = async (org: SeededOrg, goalId: string) => {
  const res = await request(t.app)
    .get(`${goalsUrl(org)}/${goalId}`)
    .set(bearer(org.owner.token));
  expect(res.status).toBe(200);
  return res.body as GoalBody;
};
const mark = (org: SeededOrg, goalId: string, taskId: string, body: object, token = org.owner.token) =>
  request(t.app)
    .patch(stepUrl(org, goalId, taskId))
    .set(bearer(token))
    .send(body);
/** What the executor leaves when the AI has worked a step: the task COMPLETED with the deliverable. */
const runStep = (taskId: string) =>
  t.deps.db.task.update({
    where: { id: taskId },
    data: {
      status: 'COMPLETED',
      output: { deliverable: '## Draft\n- [ ] Review it' },
      finishedAt: t.clock.now(),
      attempts: 1,
    },
  });
const doneAtOf = async (taskId: string) =>
  (await t.deps.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { stepDoneAt: true } })).stepDoneAt;

describe('PATCH /api/orgs/:orgId/goals/:goalId/steps/:taskId', () => {
  it('when the first step of a new plan goal ran seconds after it was made, then the goal reads 0% with that step ready for the owner, and marking it done moves it to 20%', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org);
    const [first, second] = goal.steps;
    t.clock.advance(3_000);
    await runStep(first!.id);

    // Assert: the AI drafting a step is not the step done.
    const fresh = await getGoal(org, goal.id);
    expect(fresh).toMatchObject({
      status: 'active',
      progress: { completed: 0, prepared: 1, total: 5, percent: 0 },
      nextStep: { taskId: first!.id },
    });
    expect(fresh.steps[0]).toMatchObject({ status: 'COMPLETED', stepDoneAt: null });

    // Act
    const res = await mark(org, goal.id, first!.id, { done: true });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: goal.id,
      status: 'active',
      progress: { completed: 1, prepared: 0, total: 5, percent: 20 },
      nextStep: { taskId: second!.id },
    });
    expect((res.body as GoalBody).steps[0]).toMatchObject({ stepDoneAt: t.clock.now().toISOString() });
    const list = await request(t.app).get(goalsUrl(org)).set(bearer(org.owner.token));
    expect(list.body.items[0]).toMatchObject({ progress: { completed: 1, prepared: 0, total: 5, percent: 20 } });
  });

  it('when a step already marked done is marked done again, then it keeps the time it was first marked; a step the AI has not worked yet can be marked done too', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org);
    const [first, second] = goal.steps;
    const firstMarked = t.clock.now();
    expect((await mark(org, goal.id, first!.id, { done: true })).status).toBe(200);
    t.clock.advance(60_000);

    // Act
    const again = await mark(org, goal.id, first!.id, { done: true });
    const notWorked = await mark(org, goal.id, second!.id, { done: true });

    // Assert
    expect(again.status).toBe(200);
    expect(await doneAtOf(first!.id)).toEqual(firstMarked);
    expect(notWorked.status).toBe(200);
    expect(notWorked.body).toMatchObject({ progress: { completed: 2, prepared: 0, total: 5, percent: 40 } });
  });

  it('when the owner marks the last step of a plan done, then the goal is completed; undoing a step reopens it and its progress drops', async () => {
    // Arrange: every step prepared; all but the last marked done.
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org);
    const ids = goal.steps.map((step) => step.id);
    for (const id of ids) await runStep(id);
    for (const id of ids.slice(0, -1)) expect((await mark(org, goal.id, id, { done: true })).status).toBe(200);
    expect(await getGoal(org, goal.id)).toMatchObject({ status: 'active', completedAt: null });

    // Act
    const completed = await mark(org, goal.id, ids.at(-1)!, { done: true });

    // Assert
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      status: 'completed',
      completedAt: t.clock.now().toISOString(),
      progress: { completed: 5, prepared: 0, total: 5, percent: 100 },
      nextStep: null,
    });

    // Act: the owner takes one step back.
    t.clock.advance(60_000);
    const reopened = await mark(org, goal.id, ids[2]!, { done: false });

    // Assert
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({
      status: 'active',
      completedAt: null,
      progress: { completed: 4, prepared: 1, total: 5, percent: 80 },
      nextStep: { taskId: ids[2] },
    });
    expect(await doneAtOf(ids[2]!)).toBeNull();
  });

  it('when the steps of a metric goal are marked done, then they count as steps while its progress stays the live number, and all of them done does not complete it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org, { title: 'Two new leads', metric: 'new_leads', target: 2 });

    // Act
    let res = await mark(org, goal.id, goal.steps[0]!.id, { done: true });
    for (const step of goal.steps.slice(1)) res = await mark(org, goal.id, step.id, { done: true });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'active',
      live: { value: 0, percent: 0 },
      progress: { completed: goal.steps.length, total: goal.steps.length, percent: 100 },
    });
  });

  it('when a metric goal was completed by its number, then undoing a step leaves it completed', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org, { title: 'One new lead', metric: 'new_leads', target: 1 });
    await mark(org, goal.id, goal.steps[0]!.id, { done: true });
    // Made at the test clock's time (the API stamps leads with the database's), after the goal.
    await t.deps.db.lead.create({ data: { orgId: org.id, name: 'Dana Whitfield', createdAt: t.clock.now() } });
    t.clock.advance(60_000);
    const completed = await mark(org, goal.id, goal.steps[1]!.id, { done: true });
    expect(completed.body).toMatchObject({ status: 'completed', live: { value: 1 } });

    // Act
    const res = await mark(org, goal.id, goal.steps[0]!.id, { done: false });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', progress: { completed: 1 } });
  });

  it('when the step is cancelled, then it answers 409 and the step stays not done', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org);
    const step = goal.steps[1]!;
    await t.deps.db.task.update({ where: { id: step.id }, data: { status: 'CANCELLED' } });

    // Act
    const res = await mark(org, goal.id, step.id, { done: true });

    // Assert
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringMatching(/cancelled/) } });
    expect(await doneAtOf(step.id)).toBeNull();
  });

  it('when the task is not a step of that goal (another goal’s, a plain task, unknown), then it answers 404 and marks nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org);
    const otherGoal = await createGoal(org, { title: 'Open a second shop' });
    const report = await t.deps.db.task.create({
      data: {
        orgId: org.id,
        type: 'report',
        title: 'Weekly report',
        input: { period: 'week' },
        origin: 'user',
        runAfter: t.clock.now(),
      },
      select: { id: true },
    });

    // Act
    const responses = [
      await mark(org, goal.id, otherGoal.steps[0]!.id, { done: true }),
      await mark(org, goal.id, report.id, { done: true }),
      await mark(org, goal.id, '00000000-0000-4000-8000-000000000000', { done: true }),
    ];

    // Assert
    expect(responses.map((res) => res.status)).toEqual([404, 404, 404]);
    expect(responses[0]!.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await doneAtOf(otherGoal.steps[0]!.id)).toBeNull();
    expect(await doneAtOf(report.id)).toBeNull();
  });

  it('when another org’s owner marks a step of this org’s goal, through their org or this one, then it answers 404 and marks nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const stranger = await seedOrg(t.deps);
    const goal = await createGoal(org);
    const step = goal.steps[0]!;

    // Act
    const viaOwnOrg = await request(t.app)
      .patch(stepUrl(stranger, goal.id, step.id))
      .set(bearer(stranger.owner.token))
      .send({ done: true });
    const viaTheirOrg = await request(t.app)
      .patch(stepUrl(org, goal.id, step.id))
      .set(bearer(stranger.owner.token))
      .send({ done: true });

    // Assert
    expect(viaOwnOrg.status).toBe(404);
    expect(viaTheirOrg.status).toBe(404);
    expect(await doneAtOf(step.id)).toBeNull();
  });

  it('when the body or the ids are bad, then 400 in plain words; a member gets 403; nothing is marked', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const goal = await createGoal(org);
    const step = goal.steps[0]!;

    // Act
    const responses = await Promise.all([
      mark(org, goal.id, step.id, {}),
      mark(org, goal.id, step.id, { done: 'yes' }),
      request(t.app)
        .patch(`${goalsUrl(org)}/${goal.id}/steps/not-a-uuid`)
        .set(bearer(org.owner.token))
        .send({ done: true }),
    ]);
    const asMember = await mark(org, goal.id, step.id, { done: true }, member.token);

    // Assert
    expect(responses.map((res) => res.status)).toEqual([400, 400, 400]);
    for (const res of responses) expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(asMember.status).toBe(403);
    expect(await doneAtOf(step.id)).toBeNull();
  });
});
