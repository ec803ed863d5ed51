import request from 'supertest';
import { monthKey } from '@aiceo/shared/plans';
import { taskTypes } from '@aiceo/shared/tasks';
// The real executor shows that cancelled work never runs; nothing else of the tasks module is used.
// eslint-disable-next-line import-x/no-restricted-paths
import { createExecutor } from '../tasks/executor';
// eslint-disable-next-line import-x/no-restricted-paths
import type { TaskHandlers } from '../tasks/task-handler';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { runScheduledAnalysis } from './agentic.service';

// No executor runs here: tasks stay where the engine puts them.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(t.clock.now().getTime() - days * DAY);
const analyze = (org: SeededOrg, token = org.owner.token) =>
  request(t.app).post(`/api/orgs/${org.id}/agentic/analyze`).set(bearer(token));
const insightUrl = (org: SeededOrg, insightId: string, action: 'accept' | 'dismiss' | 'undo') =>
  `/api/orgs/${org.id}/insights/${insightId}/${action}`;
const decide = (org: SeededOrg, insightId: string, action: 'accept' | 'dismiss' | 'undo') =>
  request(t.app)
    .post(insightUrl(org, insightId, action))
    .set(bearer(org.owner.token));
/** Handlers that only note which task ran. */
const recordingHandlers = (ran: string[]): TaskHandlers =>
  Object.fromEntries(
    taskTypes.map((type) => [
      type,
      async (_deps: unknown, task: { id: string }) => {
        ran.push(task.id);
        return {};
      },
    ]),
  ) as unknown as TaskHandlers;
type InsightBody = {
  id: string;
  kind: string;
  status: string;
  reason: string;
  confidence: number;
  data: Record<string, unknown>;
  actions: { kind: string; taskId: string | null; reason: string; taskType: string | null }[];
};
const ofKind = (body: { insights: InsightBody[] }, kind: string) =>
  body.insights.find((insight) => insight.kind === kind);

/** An org with a post scheduled far ahead, so low content output stays quiet unless a test wants it. */
const seedQuietOrg = async (options: { withContent?: boolean } = { withContent: true }) => {
  const org = await seedOrg(t.deps);
  if (options.withContent !== false) {
    await t.deps.db.contentPost.create({
      data: {
        orgId: org.id,
        body: 'Winter menu',
        status: 'scheduled',
        scheduledFor: new Date(t.clock.now().getTime() + 90 * DAY),
      },
    });
  }
  return org;
};
const seedLead = (
  org: SeededOrg,
  data: {
    name: string;
    stage?: 'new' | 'contacted' | 'qualified' | 'proposal' | 'won' | 'lost';
    valueCents?: number;
    lastActivityAt: Date | null;
    createdAt?: Date;
  },
) =>
  t.deps.db.lead.create({
    data: { orgId: org.id, tags: [], stage: 'contacted', createdAt: daysAgo(90), ...data },
    select: { id: true },
  });
const followupsOf = (org: SeededOrg) =>
  t.deps.db.task.findMany({
    where: { orgId: org.id, type: 'lead_followup' },
    orderBy: { createdAt: 'asc' },
    select: { id: true, input: true, origin: true, createdById: true, insightId: true, status: true, runAfter: true },
  });

describe('POST /api/orgs/:orgId/agentic/analyze', () => {
  it('when open leads are stale, then one follow-up each is queued by the engine, won and lost leads are left, and the run and insight are recorded', async () => {
    // Arrange
    const org = await seedQuietOrg();
    const dana = await seedLead(org, { name: 'Dana Whitfield', valueCents: 30_000_00, lastActivityAt: daysAgo(21) });
    const sam = await seedLead(org, {
      name: 'Sam Ortiz',
      stage: 'new',
      valueCents: 21_000_00,
      lastActivityAt: null,
      createdAt: daysAgo(15),
    });
    await seedLead(org, { name: 'Won Co', stage: 'won', lastActivityAt: daysAgo(40) });
    await seedLead(org, { name: 'Lost Co', stage: 'lost', lastActivityAt: daysAgo(40) });
    await seedLead(org, { name: 'Fresh Co', lastActivityAt: daysAgo(2) });
    // Act
    const res = await analyze(org);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({
      trigger: 'manual',
      triggeredById: org.owner.id,
      insightCount: 1,
      actionCount: 2,
      error: null,
      finishedAt: expect.any(String),
    });
    const stale = ofKind(res.body, 'stale_leads');
    expect(stale).toMatchObject({ confidence: 0.9, status: 'open' });
    expect(stale?.reason).toBe(
      '2 open leads worth $51,000 have had no contact for 14+ days: Dana Whitfield (21 days), Sam Ortiz (15 days).',
    );
    expect(stale?.actions.map((a) => a.kind)).toEqual(['task_created', 'task_created']);
    // Most valuable first: the actions' tasks follow Dana, then Sam.
    const tasks = await followupsOf(org);
    const byId = new Map(tasks.map((task) => [task.id, task]));
    const acted = stale?.actions.map((a) => byId.get(a.taskId ?? '')) ?? [];
    expect(tasks).toHaveLength(2);
    expect(acted.map((task) => (task?.input as { leadId: string } | undefined)?.leadId)).toEqual([dana.id, sam.id]);
    expect(acted[0]).toMatchObject({
      origin: 'agentic',
      createdById: null,
      insightId: stale?.id,
      status: 'PENDING',
      input: { sendEmail: true, brief: expect.stringContaining('21 days') },
    });
    // They wait out the undo window (AGENTIC_UNDO_MINUTES, 10 by default) before the executor may run them.
    expect(acted.map((task) => task?.runAfter)).toEqual([
      new Date(t.clock.now().getTime() + 10 * 60_000),
      new Date(t.clock.now().getTime() + 10 * 60_000),
    ]);
    expect(await t.deps.db.agenticRun.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when analyze runs again, then no follow-up is queued twice and the same insight is not recorded again', async () => {
    const org = await seedQuietOrg();
    await seedLead(org, { name: 'Dana Whitfield', lastActivityAt: daysAgo(21) });
    expect((await analyze(org)).status).toBe(200);

    const again = await analyze(org);

    expect(again.status).toBe(200);
    expect(again.body.run).toMatchObject({ insightCount: 0, actionCount: 0 });
    expect(await followupsOf(org)).toHaveLength(1);
    expect(await t.deps.db.insight.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when a followed-up lead gets new activity and later goes stale again, then it gets a new follow-up', async () => {
    const org = await seedQuietOrg();
    const dana = await seedLead(org, { name: 'Dana Whitfield', lastActivityAt: daysAgo(21) });
    await analyze(org);
    // The follow-up ran and reached Dana.
    await t.deps.db.task.updateMany({
      where: { orgId: org.id, type: 'lead_followup' },
      data: { status: 'COMPLETED', finishedAt: t.clock.now() },
    });
    await t.deps.db.lead.update({ where: { id: dana.id }, data: { lastActivityAt: t.clock.now() } });
    expect((await analyze(org)).body.insights).toEqual([]);

    t.clock.advance(15 * DAY);
    const later = await analyze(org);

    expect(ofKind(later.body, 'stale_leads')?.actions.map((a) => a.kind)).toEqual(['task_created']);
    expect(await followupsOf(org)).toHaveLength(2);
  });

  it('when few posts went out and nothing is scheduled, then exactly one post task is queued for the week', async () => {
    const org = await seedQuietOrg({ withContent: false });
    await t.deps.db.aiSettings.create({
      data: {
        orgId: org.id,
        name: 'Atlas',
        personality: 'coachty',
        industry: 'Bakery',
        companyDescription: 'Sourdough for offices',
        goals: ['Win 5 office clients'],
      },
    });
    await t.deps.db.contentPost.create({
      data: { orgId: org.id, body: 'Old post', status: 'published', publishedAt: daysAgo(3) },
    });

    const res = await analyze(org);
    const again = await analyze(org);

    const content = ofKind(res.body, 'low_content_output');
    expect(content).toMatchObject({
      confidence: 0.8,
      actions: [{ kind: 'task_created', taskType: 'social_media_post' }],
    });
    expect(content?.reason).toContain('1 post published or scheduled in the last 14 days');
    const posts = await t.deps.db.task.findMany({
      where: { orgId: org.id, type: 'social_media_post' },
      select: { input: true },
    });
    expect(posts).toEqual([{ input: { brief: expect.stringContaining('Bakery'), publish: true } }]);
    expect(again.body.insights).toEqual([]);
  });

  it('when the queue is behind, then a backlog warning is recorded and no task is added', async () => {
    const org = await seedQuietOrg();
    await t.deps.db.task.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({
        orgId: org.id,
        type: 'report' as const,
        title: `Report ${i}`,
        input: {},
        origin: 'user' as const,
        runAfter: new Date(t.clock.now().getTime() - 2 * 3_600_000),
      })),
    });

    const res = await analyze(org);
    t.clock.advance(3_600_000);
    const hourLater = await analyze(org);

    expect(hourLater.body.insights).toEqual([]);
    expect(res.body.insights).toHaveLength(1);
    expect(ofKind(res.body, 'task_backlog')).toMatchObject({
      confidence: 0.85,
      actions: [{ kind: 'warning', taskId: null }],
    });
    expect(ofKind(res.body, 'task_backlog')?.reason).toContain('10 pending tasks are more than an hour overdue');
    expect(res.body.run.actionCount).toBe(0);
    expect(await t.deps.db.task.count({ where: { orgId: org.id } })).toBe(10);
  });

  it('when a big proposal has been quiet a week, then it is a deal at risk with a follow-up about the proposal', async () => {
    const org = await seedQuietOrg();
    const acme = await seedLead(org, {
      name: 'Acme Ltd',
      stage: 'proposal',
      valueCents: 12_000_00,
      lastActivityAt: daysAgo(8),
    });
    await seedLead(org, { name: 'Small Deal', stage: 'proposal', valueCents: 500_00, lastActivityAt: daysAgo(8) });

    const res = await analyze(org);

    expect(res.body.insights).toHaveLength(1);
    const deals = ofKind(res.body, 'deals_at_risk');
    expect(deals).toMatchObject({ confidence: 0.85, actions: [{ kind: 'task_created', taskType: 'lead_followup' }] });
    expect(deals?.reason).toContain('Acme Ltd (8 days)');
    expect(await followupsOf(org)).toEqual([
      expect.objectContaining({
        input: { leadId: acme.id, sendEmail: true, brief: expect.stringContaining('proposal') },
      }),
    ]);
  });

  it('when 3 tasks failed this week, then a warning names the most common error and adds no task', async () => {
    const org = await seedQuietOrg();
    const failed = (error: string, daysBack: number) => ({
      orgId: org.id,
      type: 'social_media_post' as const,
      title: 'Post',
      input: {},
      origin: 'user' as const,
      status: 'FAILED' as const,
      error,
      runAfter: daysAgo(daysBack),
      finishedAt: daysAgo(daysBack),
    });
    await t.deps.db.task.createMany({
      data: [
        failed('LinkedIn is not connected', 1),
        failed('LinkedIn is not connected', 2),
        failed('Timeout', 3),
        failed('Old', 20),
      ],
    });

    const res = await analyze(org);

    const failing = ofKind(res.body, 'failing_tasks');
    expect(failing).toMatchObject({ confidence: 0.8, actions: [{ kind: 'warning' }] });
    expect(failing?.reason).toBe(
      '3 tasks failed in the last 7 days. The most common error (2 of them): "LinkedIn is not connected". Fix the cause before queuing more of the same work.',
    );
    expect(await t.deps.db.task.count({ where: { orgId: org.id } })).toBe(4);
  });

  it('when the tasks quota runs out midway, then what fits is created and the rest is recorded as skipped with the reason', async () => {
    const org = await seedQuietOrg();
    await seedLead(org, { name: 'First', valueCents: 2_000_00, lastActivityAt: daysAgo(20) });
    await seedLead(org, { name: 'Second', valueCents: 1_000_00, lastActivityAt: daysAgo(20) });
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: monthKey(t.clock.now()), resource: 'tasks', used: 9 },
    });

    const res = await analyze(org);

    expect(res.status).toBe(200);
    const actions = ofKind(res.body, 'stale_leads')?.actions ?? [];
    expect(actions.map((a) => a.kind)).toEqual(['task_created', 'task_skipped']);
    expect(actions[1]?.reason).toContain('The Free plan allows 10 tasks a month');
    expect(res.body.run).toMatchObject({ actionCount: 1, error: null });
    expect(await followupsOf(org)).toHaveLength(1);
    // The skipped one waits for the owner to accept the insight: the next run does not raise it again.
    expect((await analyze(org)).body.run).toMatchObject({ insightCount: 0, actionCount: 0 });
  });

  it('when a run of the org started under 2 minutes ago and is unfinished, then it is 409; an older one does not block', async () => {
    const org = await seedQuietOrg();
    const stuck = await t.deps.db.agenticRun.create({
      data: { orgId: org.id, trigger: 'schedule', startedAt: new Date(t.clock.now().getTime() - 60_000) },
    });

    const blocked = await analyze(org);
    await t.deps.db.agenticRun.update({
      where: { id: stuck.id },
      data: { startedAt: new Date(t.clock.now().getTime() - 3 * 60_000) },
    });
    const allowed = await analyze(org);

    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('CONFLICT');
    expect(allowed.status).toBe(200);
  });

  it('when a member asks for an analysis, then it is 403 and no run is written', async () => {
    const org = await seedQuietOrg();
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await analyze(org, member.token);
    expect(res.status).toBe(403);
    expect(await t.deps.db.agenticRun.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the org id is not a uuid, then it is 400', async () => {
    const org = await seedQuietOrg();
    const res = await request(t.app).post('/api/orgs/not-an-id/agentic/analyze').set(bearer(org.owner.token));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('who the engine leaves alone', () => {
  it('when quiet leads are unsubscribed, won, lost, have a meeting booked, a draft this week or a follow-up the owner queued, then only the free lead is followed up and the unsubscribed one is named', async () => {
    // Arrange
    const org = await seedQuietOrg();
    const dana = await seedLead(org, { name: 'Dana Whitfield', valueCents: 3_000_00, lastActivityAt: daysAgo(20) });
    const jane = await seedLead(org, { name: 'Jane Doe', valueCents: 9_000_00, lastActivityAt: daysAgo(30) });
    await t.deps.db.lead.update({ where: { id: jane.id }, data: { unsubscribedAt: daysAgo(5) } });
    await seedLead(org, { name: 'Won Co', stage: 'won', valueCents: 40_000_00, lastActivityAt: daysAgo(40) });
    await seedLead(org, { name: 'Lost Co', stage: 'lost', valueCents: 40_000_00, lastActivityAt: daysAgo(40) });
    const priya = await seedLead(org, { name: 'Priya Patel', lastActivityAt: daysAgo(25) });
    const omar = await seedLead(org, { name: 'Omar Haddad', lastActivityAt: daysAgo(25) });
    await t.deps.db.lead.update({ where: { id: omar.id }, data: { followupDraftedAt: daysAgo(2) } });
    const queuedByOwner = await request(t.app)
      .post(`/api/orgs/${org.id}/tasks`)
      .set(bearer(org.owner.token))
      .send({ type: 'lead_followup', input: { leadId: priya.id }, runAfter: daysAgo(-1).toISOString() });
    expect(queuedByOwner.status).toBe(201);
    // Act
    const res = await analyze(org);
    // Assert
    expect(res.body.insights.map((i: InsightBody) => i.kind)).toEqual(['stale_leads']);
    const stale = ofKind(res.body, 'stale_leads');
    expect(stale?.reason).toBe(
      '1 open lead worth $3,000 has had no contact for 14+ days: Dana Whitfield (20 days). Left alone: Jane Doe (unsubscribed).',
    );
    expect(stale?.actions).toEqual([
      expect.objectContaining({
        kind: 'task_created',
        reason:
          'Dana Whitfield (contacted, $3,000) has had no contact for 20 days. The proposed email waits for your approval.',
      }),
    ]);
    const engineFollowups = (await followupsOf(org)).filter((task) => task.origin === 'agentic');
    expect(engineFollowups.map((task) => (task.input as { leadId: string }).leadId)).toEqual([dana.id]);
  });

  it('when a $22,000 proposal has been quiet 10 days but its contract meeting is in two days, then it is not at risk and gets no follow-up', async () => {
    // Arrange
    const org = await seedQuietOrg();
    const northwind = await seedLead(org, {
      name: 'Northwind',
      stage: 'proposal',
      valueCents: 22_000_00,
      lastActivityAt: daysAgo(10),
    });
    const startsAt = new Date(t.clock.now().getTime() + 2 * DAY);
    await t.deps.db.meeting.create({
      data: {
        orgId: org.id,
        leadId: northwind.id,
        title: 'Contract signing',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
      },
    });
    // Act
    const res = await analyze(org);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.insights).toEqual([]);
    expect(await followupsOf(org)).toEqual([]);
  });

  it('when 12 leads are quiet, then the first run follows up 10, a second run right after adds nothing, and the run an hour later takes the other 2', async () => {
    // Arrange: on Pro, so the Free plan's 10 tasks a month are not what stops the run.
    const org = await seedQuietOrg();
    await t.deps.db.organization.update({ where: { id: org.id }, data: { plan: 'pro' } });
    for (let i = 0; i < 12; i += 1)
      await seedLead(org, { name: `Lead ${i}`, valueCents: (20 - i) * 100_00, lastActivityAt: daysAgo(20) });
    // Act
    const first = await analyze(org);
    const second = await analyze(org);
    t.clock.advance(3_600_000);
    const hourly = await analyze(org);
    // Assert
    expect(first.body.run).toMatchObject({ insightCount: 1, actionCount: 10 });
    expect(ofKind(first.body, 'stale_leads')?.reason).toContain(
      'The 10 most valuable get a follow-up now, the rest in the next hourly run.',
    );
    expect(second.body.run).toMatchObject({ insightCount: 0, actionCount: 0 });
    expect(hourly.body.run).toMatchObject({ insightCount: 1, actionCount: 2 });
    expect(ofKind(hourly.body, 'stale_leads')?.reason).toContain('Lead 10 (20 days), Lead 11 (20 days)');
    expect(await followupsOf(org)).toHaveLength(12);
    // Nothing new after that either.
    expect((await analyze(org)).body.run).toMatchObject({ insightCount: 0, actionCount: 0 });
  });
});

describe('a calm start', () => {
  it('when the org was created a minute ago and never posted, then there is no low-content insight and no post task', async () => {
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({
      where: { id: org.id },
      data: { createdAt: new Date(t.clock.now().getTime() - 60_000) },
    });

    const res = await analyze(org);

    expect(res.status).toBe(200);
    expect(ofKind(res.body, 'low_content_output')).toBeUndefined();
    expect(await t.deps.db.task.count({ where: { orgId: org.id, type: 'social_media_post' } })).toBe(0);
  });

  it('when a 20-day-old org has gone quiet, then the reason names the last post date and the drafts waiting, and the post waits for approval', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { createdAt: daysAgo(20) } });
    await t.deps.db.contentPost.createMany({
      data: [
        { orgId: org.id, body: 'Launch', status: 'published', publishedAt: daysAgo(18) },
        { orgId: org.id, body: 'Idea 1', status: 'draft' },
        { orgId: org.id, body: 'Idea 2', status: 'draft' },
      ],
    });
    // Act
    const res = await analyze(org);
    // Assert
    const content = ofKind(res.body, 'low_content_output');
    expect(content?.reason).toBe(
      '0 posts published or scheduled in the last 14 days (fewer than 2) and nothing is scheduled ahead. ' +
        `The last post went out on ${daysAgo(18).toISOString().slice(0, 10)}, and 2 drafts wait to be published. ` +
        'Regular posts keep the business in front of buyers.',
    );
    expect(content?.actions).toEqual([
      expect.objectContaining({ kind: 'task_created', reason: expect.stringContaining('waits for your approval') }),
    ]);
    const posts = await t.deps.db.task.findMany({
      where: { orgId: org.id, type: 'social_media_post' },
      select: { input: true },
    });
    expect(posts).toEqual([{ input: expect.objectContaining({ publish: true }) }]);
  });
});

/** An org whose active goal is 25% done with 60% of its time gone. */
const seedGoalOffTrack = async () => {
  const org = await seedQuietOrg();
  const goal = await t.deps.db.goal.create({
    data: {
      orgId: org.id,
      title: 'Win 5 office clients',
      createdAt: daysAgo(60),
      targetDate: new Date(t.clock.now().getTime() + 40 * DAY),
    },
  });
  await t.deps.db.task.createMany({
    data: (['COMPLETED', 'PENDING', 'PENDING', 'PENDING'] as const).map((status, i) => ({
      orgId: org.id,
      type: 'goal_step' as const,
      title: `Step ${i + 1}`,
      input: {},
      origin: 'goal' as const,
      goalId: goal.id,
      goalOrder: i + 1,
      status,
      // The owner marked the finished step done: that is what moves a plan goal.
      stepDoneAt: status === 'COMPLETED' ? daysAgo(30) : null,
      runAfter: new Date(t.clock.now().getTime() + 30 * DAY),
    })),
  });
  return { org, goal };
};

describe('goals tied to live numbers', () => {
  it('when a posts goal is 20 days into 30 with none published, then it is off track with value, target, projection and deadline; a goal set seconds ago is not judged', async () => {
    // Arrange
    const org = await seedQuietOrg();
    const targetDate = new Date(t.clock.now().getTime() + 10 * DAY);
    const goal = await t.deps.db.goal.create({
      data: {
        orgId: org.id,
        title: 'Publish 8 posts',
        metric: 'posts_published',
        metricTarget: 8,
        createdAt: daysAgo(20),
        targetDate,
      },
      select: { id: true },
    });
    await t.deps.db.goal.create({
      data: {
        orgId: org.id,
        title: 'Win 5 deals',
        metric: 'deals_won',
        metricTarget: 5,
        createdAt: new Date(t.clock.now().getTime() - 3_000),
        targetDate: new Date(t.clock.now().getTime() + 30 * DAY),
      },
    });
    // Act
    const res = await analyze(org);
    const again = await analyze(org);
    // Assert
    expect(res.body.insights.map((i: InsightBody) => i.kind)).toEqual(['goal_off_track']);
    const insight = ofKind(res.body, 'goal_off_track');
    expect(insight?.reason).toBe(
      `posts published: 0 of the 8 target so far, with 66% of the time gone. At this pace it reaches 0 by the deadline on ${targetDate
        .toISOString()
        .slice(0, 10)}, short of 8.`,
    );
    expect(insight?.actions).toEqual([expect.objectContaining({ kind: 'task_proposed', taskType: 'goal_step' })]);
    expect(insight?.data).toMatchObject({ goalId: goal.id, value: 0, target: 8, projected: 0 });
    expect(again.body.insights).toEqual([]);
  });
});

describe('insight decisions', () => {
  it('when a goal is off track, then a catch-up step is only proposed; accepting creates it and a second accept is 409', async () => {
    // Arrange
    const { org, goal } = await seedGoalOffTrack();
    const res = await analyze(org);
    const insight = ofKind(res.body, 'goal_off_track');
    expect(insight).toMatchObject({
      confidence: 0.7,
      actions: [{ kind: 'task_proposed', taskId: null, taskType: 'goal_step' }],
    });
    expect(insight?.reason).toContain('25% done (1 of 4 steps): 35 points behind');
    expect(await t.deps.db.task.count({ where: { orgId: org.id, insightId: insight?.id } })).toBe(0);
    // Act
    const accepted = await request(t.app)
      .post(insightUrl(org, insight?.id ?? '', 'accept'))
      .set(bearer(org.owner.token));
    const twice = await request(t.app)
      .post(insightUrl(org, insight?.id ?? '', 'accept'))
      .set(bearer(org.owner.token));
    // Assert
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      decidedById: org.owner.id,
      actions: [{ kind: 'task_created', taskId: expect.any(String) }],
    });
    const task = await t.deps.db.task.findFirst({
      where: { orgId: org.id, insightId: insight?.id },
      select: { id: true, type: true, origin: true, input: true },
    });
    expect(task).toMatchObject({
      id: accepted.body.actions[0].taskId,
      type: 'goal_step',
      origin: 'agentic',
      input: { goalId: goal.id },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('This insight is accepted; only open insights can be accepted');
    // Same evidence next hour: not recorded again.
    t.clock.advance(3_600_000);
    expect((await analyze(org)).body.insights).toEqual([]);
  });

  it('when accepting would pass the tasks quota, then it is 402 and the insight stays open', async () => {
    const { org } = await seedGoalOffTrack();
    const insight = ofKind((await analyze(org)).body, 'goal_off_track');
    await t.deps.db.usageCounter.upsert({
      where: { orgId_month_resource: { orgId: org.id, month: monthKey(t.clock.now()), resource: 'tasks' } },
      create: { orgId: org.id, month: monthKey(t.clock.now()), resource: 'tasks', used: 10 },
      update: { used: 10 },
    });

    const res = await request(t.app)
      .post(insightUrl(org, insight?.id ?? '', 'accept'))
      .set(bearer(org.owner.token));

    expect(res.status).toBe(402);
    expect(await t.deps.db.insight.findFirst({ where: { id: insight?.id }, select: { status: true } })).toEqual({
      status: 'open',
    });
  });

  it('when an insight is undone in time, then its pending task is cancelled, the running one is named, and the summary says exactly that', async () => {
    // Arrange
    const org = await seedQuietOrg();
    await seedLead(org, { name: 'Dana', valueCents: 2_000_00, lastActivityAt: daysAgo(20) });
    await seedLead(org, { name: 'Sam', valueCents: 1_000_00, lastActivityAt: daysAgo(20) });
    const insight = ofKind((await analyze(org)).body, 'stale_leads');
    const [running, pending] = insight?.actions.map((a) => a.taskId ?? '') ?? [];
    await t.deps.db.task.update({ where: { id: running }, data: { status: 'IN_PROGRESS' } });
    // Act
    const res = await decide(org, insight?.id ?? '', 'undo');
    const again = await decide(org, insight?.id ?? '', 'undo');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'undone', undoable: false, work: { running: 1, cancelled: 1 } });
    expect(res.body.actions.map((a: { kind: string }) => a.kind)).toEqual(['task_created', 'task_cancelled']);
    expect(res.body.decisionSummary).toBe(
      'Undone. Cancelled 1 follow-up (Follow up with Sam) that had not started. ' +
        'Not undone: 1 follow-up (Follow up with Dana) was already running.',
    );
    const statuses = await t.deps.db.task.findMany({
      where: { orgId: org.id, id: { in: [running ?? '', pending ?? ''] } },
      select: { id: true, status: true },
    });
    expect(new Map(statuses.map((s) => [s.id, s.status]))).toEqual(
      new Map([
        [running, 'IN_PROGRESS'],
        [pending, 'CANCELLED'],
      ]),
    );
    expect(again.status).toBe(409);
  });

  it('when every task of the insight already ran, then undo is 409 naming what ran, and the insight stays open and reads done', async () => {
    // Arrange
    const org = await seedQuietOrg();
    await seedLead(org, { name: 'Dana', lastActivityAt: daysAgo(20) });
    const insight = ofKind((await analyze(org)).body, 'stale_leads');
    expect(insight).toMatchObject({ undoable: true, work: { state: 'queued', queued: 1 } });
    await t.deps.db.task.updateMany({
      where: { orgId: org.id, insightId: insight?.id },
      data: { status: 'COMPLETED', finishedAt: t.clock.now() },
    });
    // Act
    const res = await decide(org, insight?.id ?? '', 'undo');
    const feed = await request(t.app).get(`/api/orgs/${org.id}/insights`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('Nothing left to undo: 1 follow-up (Follow up with Dana) had already run');
    expect(feed.body.items).toEqual([
      expect.objectContaining({
        id: insight?.id,
        status: 'open',
        undoable: false,
        decisionSummary: null,
        work: { state: 'done', queued: 0, running: 0, done: 1, failed: 0, cancelled: 0, awaitingApproval: 0 },
      }),
    ]);
  });

  it('when an insight is dismissed, then its queued follow-ups are cancelled and never run after the undo window, and it cannot be accepted', async () => {
    // Arrange
    const org = await seedQuietOrg();
    await seedLead(org, { name: 'Dana', valueCents: 2_000_00, lastActivityAt: daysAgo(20) });
    await seedLead(org, { name: 'Sam', valueCents: 1_000_00, lastActivityAt: daysAgo(20) });
    const insight = ofKind((await analyze(org)).body, 'stale_leads');
    // Act
    const res = await decide(org, insight?.id ?? '', 'dismiss');
    const accept = await decide(org, insight?.id ?? '', 'accept');
    t.clock.advance(11 * 60_000);
    const ran: string[] = [];
    const executor = createExecutor(t.deps, { subscribe: false, handlers: recordingHandlers(ran) });
    // Other tests' tasks share the database: the tick may run those, never these.
    await executor.tick();
    await executor.stop();
    const queued = insight?.actions.map((a) => a.taskId) ?? [];
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'dismissed',
      decidedById: org.owner.id,
      undoable: false,
      actions: [{ kind: 'task_cancelled' }, { kind: 'task_cancelled' }],
      work: { state: 'stopped', queued: 0, cancelled: 2 },
      decisionSummary:
        'Dismissed. Cancelled 2 follow-ups (Follow up with Dana, Follow up with Sam) that had not started.',
    });
    expect(await followupsOf(org)).toEqual([
      expect.objectContaining({ status: 'CANCELLED' }),
      expect.objectContaining({ status: 'CANCELLED' }),
    ]);
    expect(queued).toHaveLength(2);
    expect(ran.filter((id) => queued.includes(id))).toEqual([]);
    expect(accept.status).toBe(409);
  });

  it('when a dismissed insight had a follow-up waiting in the approval inbox, then that item is cancelled too and named', async () => {
    // Arrange
    const org = await seedQuietOrg();
    const dana = await seedLead(org, { name: 'Dana', lastActivityAt: daysAgo(20) });
    const insight = ofKind((await analyze(org)).body, 'stale_leads');
    const [taskId] = insight?.actions.map((a) => a.taskId ?? '') ?? [];
    await t.deps.db.task.update({ where: { id: taskId }, data: { status: 'COMPLETED', finishedAt: t.clock.now() } });
    const item = await t.deps.db.approvalItem.create({
      data: {
        orgId: org.id,
        kind: 'lead_email',
        title: 'Email Dana',
        targetType: 'lead',
        targetId: dana.id,
        audience: 'Dana',
        audienceSize: 1,
        content: { subject: 'Hello', body: 'Hi Dana' },
        targetVersion: 'v1',
        risk: 'low',
        reason: 'Quiet for 20 days',
        evidence: {},
        insightId: insight?.id ?? null,
        taskId: taskId ?? null,
        expiresAt: new Date(t.clock.now().getTime() + 3 * DAY),
      },
      select: { id: true },
    });
    const before = await request(t.app).get(`/api/orgs/${org.id}/insights`).set(bearer(org.owner.token));
    // Act
    const res = await decide(org, insight?.id ?? '', 'dismiss');
    // Assert
    expect(before.body.items[0]).toMatchObject({
      undoable: true,
      work: { state: 'waiting_approval', awaitingApproval: 1 },
    });
    expect(res.body.decisionSummary).toBe(
      'Dismissed. Cancelled 1 item of the approval inbox (Email Dana). Not stopped: 1 follow-up (Follow up with Dana) had already run.',
    );
    expect(res.body.work).toMatchObject({ state: 'done', awaitingApproval: 0 });
    expect(
      await t.deps.db.approvalItem.findFirst({ where: { id: item.id }, select: { status: true, error: true } }),
    ).toEqual({ status: 'cancelled', error: 'Dismissed with the insight' });
  });

  it('when a member accepts or the insight belongs to another org, then it is 403 or 404', async () => {
    const { org } = await seedGoalOffTrack();
    const other = await seedQuietOrg();
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const insight = ofKind((await analyze(org)).body, 'goal_off_track');

    const byMember = await request(t.app)
      .post(insightUrl(org, insight?.id ?? '', 'accept'))
      .set(bearer(member.token));
    const crossOrg = await request(t.app)
      .post(insightUrl(other, insight?.id ?? '', 'accept'))
      .set(bearer(other.owner.token));

    expect(byMember.status).toBe(403);
    expect(crossOrg.status).toBe(404);
    expect(await t.deps.db.insight.findFirst({ where: { id: insight?.id }, select: { status: true } })).toEqual({
      status: 'open',
    });
  });

  it('when the insight id is not a uuid, then it is 400', async () => {
    const org = await seedQuietOrg();
    const res = await request(t.app).post(`/api/orgs/${org.id}/insights/nope/undo`).set(bearer(org.owner.token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({ location: 'params', path: 'insightId' });
  });
});

describe('GET insights and runs', () => {
  it('when a member reads the feed, then it is newest first, filtered, and paged with a cursor', async () => {
    const { org } = await seedGoalOffTrack();
    await seedLead(org, { name: 'Dana', lastActivityAt: daysAgo(20) });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await analyze(org);

    const first = await request(t.app).get(`/api/orgs/${org.id}/insights?limit=1`).set(bearer(member.token));
    const second = await request(t.app)
      .get(`/api/orgs/${org.id}/insights?limit=1&cursor=${first.body.nextCursor}`)
      .set(bearer(member.token));
    const onlyGoals = await request(t.app)
      .get(`/api/orgs/${org.id}/insights?kind=goal_off_track&status=open`)
      .set(bearer(member.token));
    const runs = await request(t.app).get(`/api/orgs/${org.id}/agentic/runs`).set(bearer(member.token));

    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([first.body.items[0].kind, second.body.items[0].kind])).toEqual(
      new Set(['stale_leads', 'goal_off_track']),
    );
    expect(onlyGoals.body.items.map((i: InsightBody) => i.kind)).toEqual(['goal_off_track']);
    expect(runs.body.items).toEqual([expect.objectContaining({ trigger: 'manual', insightCount: 2, actionCount: 1 })]);
  });

  it('when the query is bad, then it is 400 naming the field', async () => {
    const org = await seedQuietOrg();
    const insights = await request(t.app)
      .get(`/api/orgs/${org.id}/insights?status=maybe&limit=0`)
      .set(bearer(org.owner.token));
    const runs = await request(t.app).get(`/api/orgs/${org.id}/agentic/runs?limit=500`).set(bearer(org.owner.token));
    expect(insights.status).toBe(400);
    expect(insights.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'status']);
    expect(runs.status).toBe(400);
    const others = await request(t.app)
      .get(`/api/orgs/${org.id}/insights?kind=hunch&runId=x&cursor=nope`)
      .set(bearer(org.owner.token));
    expect(others.status).toBe(400);
    expect(others.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'cursor',
      'kind',
      'runId',
    ]);
  });
});

describe('runScheduledAnalysis', () => {
  it('when the hourly job runs, then pro and enterprise orgs are analysed and free ones are not, and one blocked org does not stop the rest', async () => {
    const orgs = {
      free: await seedQuietOrg(),
      pro: await seedQuietOrg(),
      enterprise: await seedQuietOrg(),
      busy: await seedQuietOrg(),
    };
    await t.deps.db.organization.updateMany({
      where: { id: { in: [orgs.pro.id, orgs.busy.id] } },
      data: { plan: 'pro' },
    });
    await t.deps.db.organization.update({ where: { id: orgs.enterprise.id }, data: { plan: 'enterprise' } });
    for (const org of Object.values(orgs)) await seedLead(org, { name: 'Dana', lastActivityAt: daysAgo(20) });
    await t.deps.db.agenticRun.create({ data: { orgId: orgs.busy.id, trigger: 'manual', startedAt: t.clock.now() } });

    const result = await runScheduledAnalysis(t.deps);

    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(result.orgs).toBeGreaterThanOrEqual(2);
    const runsOf = (org: SeededOrg) =>
      t.deps.db.agenticRun.findMany({ where: { orgId: org.id }, select: { trigger: true, actionCount: true } });
    expect(await runsOf(orgs.pro)).toEqual([{ trigger: 'schedule', actionCount: 1 }]);
    expect(await runsOf(orgs.enterprise)).toEqual([{ trigger: 'schedule', actionCount: 1 }]);
    expect(await runsOf(orgs.free)).toEqual([]);
    expect(await followupsOf(orgs.busy)).toEqual([]);
  });
});
