import request from 'supertest';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import type { GoalLive } from '@aiceo/shared/goals';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { goalStandings, settleGoal } from './goals.service';

const DAY_MS = 86_400_000;
type GoalBody = {
  id: string;
  status: string;
  progress: { completed: number; prepared: number; total: number; percent: number };
  live: GoalLive | null;
  steps: { id: string; status: string; input: Record<string, unknown> }[];
};

// No executor runs here: steps stay where the API (or the test) puts them.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

// Lead rows take their created/updated times from the real clock: each test starts the fake one at the real time.
beforeEach(() => t.clock.set(new Date()));

const as = (org: SeededOrg) => bearer(org.owner.token);
const goalsUrl = (org: SeededOrg) => `/api/orgs/${org.id}/goals`;
const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString();
const today = () => t.clock.now().toISOString().slice(0, 10);

const createGoal = async (org: SeededOrg, body: object) => {
  const res = await request(t.app).post(goalsUrl(org)).set(as(org)).send(body);
  expect(res.status).toBe(201);
  return res.body as GoalBody;
};
const getGoal = async (org: SeededOrg, goalId: string) => {
  const res = await request(t.app)
    .get(`${goalsUrl(org)}/${goalId}`)
    .set(as(org));
  expect(res.status).toBe(200);
  return res.body as GoalBody;
};
const listGoals = async (org: SeededOrg) => {
  const res = await request(t.app).get(goalsUrl(org)).set(as(org));
  expect(res.status).toBe(200);
  return res.body.items as GoalBody[];
};
const createLead = async (org: SeededOrg, body: object) => {
  const res = await request(t.app)
    .post(`/api/orgs/${org.id}/leads`)
    .set(as(org))
    .send({ name: `Lead ${Math.random().toString(36).slice(2, 8)}`, ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string };
};
const moveLead = async (org: SeededOrg, leadId: string, stage: string) => {
  const res = await request(t.app).patch(`/api/orgs/${org.id}/leads/${leadId}`).set(as(org)).send({ stage });
  expect(res.status).toBe(200);
};
const finance = (org: SeededOrg, path: string, body: object) =>
  request(t.app).post(`/api/orgs/${org.id}/finance${path}`).set(as(org)).send(body);
const account = async (org: SeededOrg, body: object = {}) => {
  const res = await finance(org, '/accounts', {
    name: `Bank ${Math.random().toString(36).slice(2, 8)}`,
    kind: 'bank',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
};
const transaction = async (org: SeededOrg, body: object) => {
  const res = await finance(org, '/transactions', body);
  expect(res.status).toBe(201);
};

describe('metric goals: revenue from the books', () => {
  it('when income is added through the finance API, then the goal follows it: expenses, transfers, other currencies, days before the goal and other orgs do not count', async () => {
    // Arrange: income before the goal was set, and another org's income on the same day.
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const bank = await account(org);
    const savings = await account(org);
    const euros = await account(org, { currency: 'EUR' });
    const yesterday = new Date(t.clock.now().getTime() - DAY_MS).toISOString().slice(0, 10);
    await transaction(org, { date: yesterday, amountMinor: 900_000, accountId: bank.id, counterparty: 'Old client' });
    await transaction(other, { date: today(), amountMinor: 700_000, accountId: (await account(other)).id });

    // Act 1: a revenue goal of $5,000 in 30 days.
    const goal = await createGoal(org, {
      title: 'Bring in $5k this month',
      metric: 'revenue',
      target: 500_000,
      targetDate: inDays(30),
    });

    // Assert 1: a brand-new goal stands at 0, too early to project.
    expect(goal.live).toMatchObject({
      metric: 'revenue',
      unit: 'money',
      currency: 'USD',
      value: 0,
      target: 500_000,
      percent: 0,
      onTrack: true,
      elapsedPercent: 0,
    });
    expect(goal.live?.summary).toContain('$0.00 of $5,000.00 revenue in the books; too early to project');

    // Act 2: income, an expense, a transfer between own accounts and income in euros.
    await transaction(org, { date: today(), amountMinor: 200_000, accountId: bank.id, counterparty: 'Acme' });
    await transaction(org, { date: today(), amountMinor: -50_000, accountId: bank.id, counterparty: 'Rent' });
    await transaction(org, {
      date: today(),
      amountMinor: 100_000,
      accountId: bank.id,
      transferToAccountId: savings.id,
    });
    await transaction(org, { date: today(), amountMinor: 30_000, accountId: euros.id, counterparty: 'Berlin GmbH' });

    // Assert 2: only the $2,000 of income counts.
    expect((await getGoal(org, goal.id)).live).toMatchObject({ value: 200_000, percent: 40 });

    // Act 3: ten days later, another $500 comes in.
    t.clock.advance(10 * DAY_MS);
    await transaction(org, { date: today(), amountMinor: 50_000, accountId: bank.id, counterparty: 'Acme' });

    // Assert 3: $2,500 in a third of the time projects to $7,500: on track; the list says the same.
    const live = (await listGoals(org)).find((g) => g.id === goal.id)?.live;
    expect(live).toMatchObject({ value: 250_000, percent: 50, projected: 750_000, onTrack: true, elapsedPercent: 33 });
    expect(live?.summary).toMatch(
      /^\$2,500\.00 of \$5,000\.00 revenue in the books; at this pace \$7,500\.00 by .+: on track$/,
    );
  });
});

describe('metric goals: counts and pace', () => {
  it('when leads move to won after the goal is set, then deals_won counts them (not the one won before, nor another org’s)', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const early = await createLead(org, { stage: 'proposal' });
    await moveLead(org, early.id, 'won');
    const leads = await Promise.all([1, 2, 3].map(() => createLead(org, { stage: 'proposal' })));
    const theirs = await createLead(other, { stage: 'proposal' });
    // The goal is set after the early win (its row's time comes from the real clock).
    await new Promise((resolve) => setTimeout(resolve, 5));
    t.clock.set(new Date());
    const goal = await createGoal(org, {
      title: 'Close four deals',
      metric: 'deals_won',
      target: 4,
      targetDate: inDays(30),
    });
    expect(goal.live).toMatchObject({ value: 0, percent: 0 });

    // Act
    await moveLead(org, leads[0]!.id, 'won');
    await moveLead(org, leads[1]!.id, 'won');
    await moveLead(org, leads[2]!.id, 'lost');
    await moveLead(other, theirs.id, 'won');
    t.clock.advance(10 * DAY_MS);

    // Assert: 2 of 4 in a third of the time projects to 6.
    const live = (await getGoal(org, goal.id)).live;
    expect(live).toMatchObject({ unit: 'count', currency: null, value: 2, percent: 50, projected: 6, onTrack: true });
    expect(live?.summary).toMatch(/^2 of 4 deals won; at this pace 6 by .+: on track$/);
  });

  it('when the pace falls short, then the goal is off track, and the engine reads the same standing', async () => {
    // Arrange: 20 new leads wanted in 30 days.
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org, {
      title: 'Twenty new leads',
      metric: 'new_leads',
      target: 20,
      targetDate: inDays(30),
    });

    // Act: two leads arrive, then half the time goes by.
    await createLead(org, {});
    await createLead(org, {});
    t.clock.advance(15 * DAY_MS);

    // Assert
    const live = (await getGoal(org, goal.id)).live;
    expect(live).toMatchObject({ value: 2, target: 20, percent: 10, projected: 4, onTrack: false, elapsedPercent: 50 });
    expect(live?.summary).toMatch(/^2 of 20 new leads; at this pace 4 by .+: off track$/);
    const standings = await goalStandings(t.deps, { orgId: org.id, now: t.clock.now() });
    expect(standings.find((s) => s.id === goal.id)?.live).toEqual(live);

    // Past the deadline: the goal is missed, and what came after it does not count.
    t.clock.advance(16 * DAY_MS);
    await t.deps.db.lead.create({ data: { orgId: org.id, name: 'Too late', createdAt: t.clock.now() } });
    const missed = (await getGoal(org, goal.id)).live;
    expect(missed).toMatchObject({ value: 2, projected: 2, onTrack: false, elapsedPercent: 100 });
    expect(missed?.summary).toMatch(/^2 of 20 new leads; the deadline \(.+\) has passed: missed$/);
  });

  it('when posts are published and the pipeline holds open deals, then posts_published counts them and pipeline_value is the open value now', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const posts = await createGoal(org, {
      title: 'Publish ten posts',
      metric: 'posts_published',
      target: 10,
      targetDate: inDays(20),
    });
    const pipeline = await createGoal(org, {
      title: 'A $10k pipeline',
      metric: 'pipeline_value',
      target: 1_000_000,
      targetDate: inDays(20),
    });
    await createLead(org, { stage: 'qualified', valueCents: 400_000 });
    await createLead(org, { stage: 'proposal', valueCents: 300_000 });
    await createLead(org, { stage: 'lost', valueCents: 900_000 });
    const now = t.clock.now();
    await t.deps.db.contentPost.createMany({
      data: [
        {
          orgId: org.id,
          body: 'Published after the goal',
          status: 'published',
          publishedAt: new Date(now.getTime() + 60_000),
        },
        {
          orgId: org.id,
          body: 'Published before the goal',
          status: 'published',
          publishedAt: new Date(now.getTime() - DAY_MS),
        },
        { orgId: org.id, body: 'Still a draft', status: 'draft' },
      ],
    });
    t.clock.advance(2 * 60_000);

    // Act
    const items = await listGoals(org);

    // Assert
    expect(items.find((g) => g.id === posts.id)?.live).toMatchObject({ value: 1, percent: 10 });
    const open = items.find((g) => g.id === pipeline.id)?.live;
    expect(open).toMatchObject({ unit: 'money', value: 700_000, percent: 70, projected: 700_000, onTrack: false });
    expect(open?.summary).toContain('$7,000.00 open pipeline of a $10,000.00 target; $3,000.00 short');
  });
});

describe('metric goals: progress is the number, not the steps', () => {
  it('when the first step of a new metric goal is worked at once, then its live progress is still 0%, and a plan goal too reads 0% with the step ready for the owner (drafting a step is not doing it)', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const metricGoal = await createGoal(org, { title: 'Close four deals', metric: 'deals_won', target: 4 });
    const plan = await createGoal(org, { title: 'Write the hiring handbook' });

    // Act: the executor finishes each goal's first step seconds after it was made.
    for (const goal of [metricGoal, plan])
      await t.deps.db.task.updateMany({
        where: { orgId: org.id, id: goal.steps[0]!.id },
        data: { status: 'COMPLETED', finishedAt: t.clock.now() },
      });

    // Assert
    const measured = await getGoal(org, metricGoal.id);
    expect(measured.live).toMatchObject({ value: 0, percent: 0, onTrack: true });
    const planned = await getGoal(org, plan.id);
    expect(planned.live).toBeNull();
    expect(planned.progress).toEqual({ completed: 0, prepared: 1, total: 5, percent: 0 });
  });

  it('when every step of a metric goal is done, then it stays active until the number is reached, and completes once it is', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org, { title: 'Two new leads', metric: 'new_leads', target: 2 });
    await t.deps.db.task.updateMany({ where: { orgId: org.id, goalId: goal.id }, data: { status: 'COMPLETED' } });

    // Act + Assert
    expect(await settleGoal(t.deps, { orgId: org.id, goalId: goal.id })).toBe(false);
    await createLead(org, {});
    await createLead(org, {});
    t.clock.advance(60_000);
    expect(await settleGoal(t.deps, { orgId: org.id, goalId: goal.id })).toBe(true);
    expect(await getGoal(org, goal.id)).toMatchObject({
      status: 'completed',
      live: { value: 2, percent: 100, onTrack: true },
    });
  });

  it('when a metric goal is created offline, then its plan aims at the number', async () => {
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org, { title: 'More income', metric: 'revenue', target: 500_000 });
    expect(goal.steps[0]?.input['detail']).toContain('Aim: $5,000.00 revenue');
    expect(goal.steps.at(-1)?.input['detail']).toContain('against the target of $5,000.00');
  });
});

describe('metric goals: bad input', () => {
  it('when the metric and target do not go together, then it answers 400 in plain words and writes nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const cases: [object, string][] = [
      [{ title: 'Grow', metric: 'revenue' }, 'Give a metric and its target together'],
      [{ title: 'Grow', target: 5 }, 'Give a metric and its target together'],
      [{ title: 'Grow', metric: 'revenue', target: 50 }, 'less than $1.00'],
      [{ title: 'Grow', metric: 'deals_won', target: 5_000_000 }, 'is more than one goal can mean'],
      [{ title: 'Grow', metric: 'deals_won', target: 0 }, 'The target must be above zero'],
    ];
    for (const [body, words] of cases) {
      // Act
      const res = await request(t.app).post(goalsUrl(org)).set(as(org)).send(body);
      // Assert
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error)).toContain(words);
    }
    const bogus = await request(t.app)
      .post(goalsUrl(org))
      .set(as(org))
      .send({ title: 'Grow', metric: 'followers', target: 5 });
    expect(bogus.status).toBe(400);
    expect(await t.deps.db.goal.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when an edit pairs them badly, then 400; a good edit sets the metric, and metric null turns the goal back into a plan', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const goal = await createGoal(org, { title: 'Write the hiring handbook' });
    const patch = (body: object) =>
      request(t.app)
        .patch(`${goalsUrl(org)}/${goal.id}`)
        .set(as(org))
        .send(body);

    // Act + Assert
    const targetAlone = await patch({ target: 5 });
    expect(targetAlone.status).toBe(400);
    expect(targetAlone.body.error.message).toBe('This goal is a plan without a metric: give a metric with the target');
    const nullWithTarget = await patch({ metric: null, target: 3 });
    expect(nullWithTarget.status).toBe(400);
    const metricAlone = await patch({ metric: 'new_leads' });
    expect(metricAlone.status).toBe(400);
    expect(metricAlone.body.error.message).toBe('Give the target for this metric');

    const set = await patch({ metric: 'new_leads', target: 3 });
    expect(set.status).toBe(200);
    expect(set.body.live).toMatchObject({ metric: 'new_leads', target: 3 });
    const retarget = await patch({ target: 6 });
    expect(retarget.body.live).toMatchObject({ metric: 'new_leads', target: 6 });
    const switched = await patch({ metric: 'revenue' });
    expect(switched.status).toBe(400);
    const back = await patch({ metric: null });
    expect(back.status).toBe(200);
    expect(back.body.live).toBeNull();
    expect(
      await t.deps.db.goal.findFirst({
        where: { id: goal.id, orgId: org.id },
        select: { metric: true, metricTarget: true },
      }),
    ).toEqual({
      metric: null,
      metricTarget: null,
    });
  });
});

describe('metric goals: the AI plan knows the number', () => {
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

  it('when a revenue goal is created, then the planning request names the metric and the target in money', async () => {
    const org = await seedOrg(online.deps);
    const res = await request(online.app)
      .post(`/api/orgs/${org.id}/goals`)
      .set(bearer(org.owner.token))
      .send({ title: 'More income', metric: 'revenue', target: 500_000 });
    expect(res.status).toBe(201);
    const sent = JSON.stringify(fakeAi.requests('openai').at(-1)?.messages ?? []);
    expect(sent).toContain(
      'The goal is measured by a live number: revenue (income recorded in the books). Target: $5,000.00',
    );
    expect(sent).toContain('Every step must move this number');
  });
});
