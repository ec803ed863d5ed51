import { unknownTemplateVariables } from '@aiceo/shared/campaigns';
import { taskInputSchemas, type TaskType } from '@aiceo/shared/tasks';
import request from 'supertest';
import type { z } from 'zod';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import type { Deps } from '../../../deps';
import { createAiGatewayFromEnv } from '../../../lib/ai/config';
import { startLocalLinkedIn } from '@aiceo/stand-ins/linkedin/embedded';
import type { LinkedInStandIn } from '@aiceo/stand-ins/linkedin/stand-in';
import { bearer, seedOrg, uniqueEmail, type SeededOrg } from '../../../testing/seed';
import { startTestSmtpServer } from '../../../testing/smtp-server';
import { createTestContext, testEnv, type TestContext } from '../../../testing/test-app';
import { OFFLINE_DRAFT_NOTE } from '../../content/content.service';
import { PermanentTaskError, type TaskRun } from '../task-handler';
import { enqueueTasks } from '../tasks.service';
import { OFFLINE_EMAIL_NOTE } from './email-campaign';
import { taskHandlers } from './index';
import { OFFLINE_FOLLOWUP_NOTE } from './lead-followup';
import { TEMPLATE_REASON } from './social-media-post';

// Real adapters throughout: offline AI by default, the fake OpenAI server for the online cases,
// the LinkedIn stand-in over HTTP and a real SMTP server.
const FRONTEND = 'http://localhost:5173';
let t: TestContext;
let online: Deps;
let standIn: LinkedInStandIn;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let fakeAi: FakeAi;

beforeAll(async () => {
  const holder: { t?: TestContext } = {};
  standIn = await startLocalLinkedIn({
    now: () => (holder.t?.clock.now() ?? new Date()).getTime(),
    member: { sub: 'abc123', name: 'Ada Lovelace' },
  });
  smtp = await startTestSmtpServer();
  fakeAi = await startFakeAi({ apiKey: 'test-key' });
  t = await createTestContext({
    env: {
      LINKEDIN_CLIENT_ID: standIn.clientId,
      LINKEDIN_CLIENT_SECRET: standIn.clientSecret,
      LINKEDIN_AUTH_BASE_URL: standIn.url,
      LINKEDIN_API_BASE_URL: standIn.url,
      TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
      FRONTEND_URL: FRONTEND,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'AI CEO <no-reply@aiceo.test>',
    },
  });
  holder.t = t;
  // The same app and database, with an AI provider (the fake OpenAI) configured.
  online = {
    ...t.deps,
    ai: createAiGatewayFromEnv(
      testEnv({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fakeAi.baseUrlFor('openai'), AI_MAX_RETRIES: '0' }),
    ),
  };
});
afterAll(async () => {
  await t.close();
  await standIn.close();
  await smtp.close();
  await fakeAi.close();
});

/** A real queued task (enqueueTasks gives it its id) as the executor would hand it to the handler. */
const queue = async <T extends TaskType>(
  org: SeededOrg,
  type: T,
  input: z.input<(typeof taskInputSchemas)[T]>,
  attempt = 1,
): Promise<TaskRun<T>> => {
  const parsed = taskInputSchemas[type].parse(input) as TaskRun<T>['input'];
  const [task] = await enqueueTasks(t.deps, {
    orgId: org.id,
    origin: 'user',
    createdById: org.owner.id,
    tasks: [{ type, input: parsed, title: `A ${type} task` }],
  });
  if (!task) throw new Error('no task queued');
  return {
    id: task.id,
    orgId: org.id,
    type,
    title: task.title,
    input: parsed,
    origin: 'user',
    createdById: org.owner.id,
    goalId: null,
    attempt,
    signal: new AbortController().signal,
  };
};
const retryOf = <T extends TaskType>(run: TaskRun<T>): TaskRun<T> => ({ ...run, attempt: run.attempt + 1 });

const used = async (orgId: string, resource: 'posts' | 'emails' | 'aiMessages' | 'tasks') =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource }, select: { used: true } }))?.used ?? 0;

/** Connects LinkedIn the way the owner does: connect, consent on the stand-in, callback. */
const connectLinkedIn = async (org: SeededOrg) => {
  const start = await request(t.app)
    .post(`/api/orgs/${org.id}/integrations/linkedin/connect`)
    .set(bearer(org.owner.token));
  expect(start.status).toBe(200);
  const consent = await fetch(`${start.body.url as string}&auto=approve`, { redirect: 'manual' });
  const location = new URL(consent.headers.get('location') ?? '');
  const back = await request(t.app).get(`${location.pathname}${location.search}`);
  expect(back.headers.location).toBe(`${FRONTEND}/orgs/${org.id}/settings/integrations?linkedin=connected`);
};

const seedLead = (
  orgId: string,
  data: {
    name: string;
    email?: string | null;
    company?: string;
    stage?: 'new' | 'proposal';
    unsubscribedAt?: Date;
    createdAt?: Date;
  },
) =>
  t.deps.db.lead.create({
    data: {
      orgId,
      name: data.name,
      email: data.email === undefined ? uniqueEmail('lead') : data.email,
      company: data.company ?? '',
      stage: data.stage ?? 'new',
      unsubscribedAt: data.unsubscribedAt ?? null,
      createdAt: data.createdAt ?? t.clock.now(),
    },
    select: { id: true, email: true, score: true },
  });

const mailsTo = (email: string) =>
  smtp.received.filter((m) => m.to.includes(email)).map((m) => m.raw.replace(/=\r\n/g, '').replace(/\r\n/g, '\n'));

describe('social_media_post', () => {
  it('when LinkedIn is not connected, then the AI draft is kept as a draft post of the task and the output says why', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Acme Growth' });
    const run = await queue(org, 'social_media_post', { brief: 'our new onboarding flow cuts setup to five minutes' });
    // Act
    const output = await taskHandlers.social_media_post(t.deps, run);
    // Assert
    const post = await t.deps.db.contentPost.findFirstOrThrow({ where: { orgId: org.id } });
    expect(output).toEqual({ postId: post.id, status: 'draft', published: false, reason: 'LinkedIn is not connected' });
    expect(post).toMatchObject({ taskId: run.id, status: 'draft', createdBy: org.owner.id });
    expect(post.body.startsWith(OFFLINE_DRAFT_NOTE)).toBe(true);
    expect(post.body).toContain('Our new onboarding flow cuts setup to five minutes.');
    expect(await used(org.id, 'aiMessages')).toBe(1);
    expect(await used(org.id, 'posts')).toBe(0);
  });

  it('when LinkedIn is connected and the AI is online, then the post is published on LinkedIn and counted once', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await connectLinkedIn(org);
    const run = await queue(org, 'social_media_post', {
      brief: '[[reply:We shipped v2\n\nFaster, simpler, kinder. What would you build with it?]]',
    });
    // Act
    const output = await taskHandlers.social_media_post(online, run);
    // Assert
    const post = await t.deps.db.contentPost.findFirstOrThrow({ where: { orgId: org.id } });
    const sent = standIn.posts.find((p) => p.id === post.externalId);
    expect(output).toEqual({ postId: post.id, status: 'published', published: true, externalId: post.externalId });
    expect(post).toMatchObject({
      taskId: run.id,
      status: 'published',
      title: 'We shipped v2',
      body: 'Faster, simpler, kinder. What would you build with it?',
    });
    expect(sent?.commentary).toBe(post.body);
    expect(await used(org.id, 'posts')).toBe(1);
  });

  it('when connected but the draft is an offline template, then it is not published and the output asks for an edit', async () => {
    const org = await seedOrg(t.deps);
    await connectLinkedIn(org);
    const before = standIn.posts.length;
    const output = await taskHandlers.social_media_post(
      t.deps,
      await queue(org, 'social_media_post', { brief: 'hiring our first engineer' }),
    );
    expect(output).toMatchObject({ status: 'draft', published: false, reason: TEMPLATE_REASON });
    expect(standIn.posts).toHaveLength(before);
  });

  it('when publish is false, then the post stays a draft even with LinkedIn connected', async () => {
    const org = await seedOrg(t.deps);
    await connectLinkedIn(org);
    const output = await taskHandlers.social_media_post(
      online,
      await queue(org, 'social_media_post', { brief: '[[reply:Title\n\nBody]]', publish: false }),
    );
    expect(output).toMatchObject({ status: 'draft', published: false });
    expect(await t.deps.db.contentPost.count({ where: { orgId: org.id, status: 'draft' } })).toBe(1);
  });

  it('when the task runs twice, then there is one post and one AI message', async () => {
    const org = await seedOrg(t.deps);
    const run = await queue(org, 'social_media_post', { brief: 'a retrospective of our first year' });
    const first = await taskHandlers.social_media_post(t.deps, run);
    const second = await taskHandlers.social_media_post(t.deps, retryOf(run));
    expect(second).toEqual(first);
    expect(await t.deps.db.contentPost.count({ where: { orgId: org.id } })).toBe(1);
    expect(await used(org.id, 'aiMessages')).toBe(1);
  });

  it('when LinkedIn answers 429, then the attempt throws a retryable error and the retry publishes the same post', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await connectLinkedIn(org);
    const run = await queue(org, 'social_media_post', { brief: '[[reply:Launch\n\nWe launch today.]]' });
    standIn.failNextPosts(429);
    // Act
    const failure = await taskHandlers.social_media_post(online, run).catch((error: unknown) => error);
    const output = await taskHandlers.social_media_post(online, retryOf(run));
    // Assert
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentTaskError);
    expect((failure as Error).message).toBe('LinkedIn rate limit, try again later');
    expect(output).toMatchObject({ status: 'published', published: true });
    expect(await t.deps.db.contentPost.count({ where: { orgId: org.id } })).toBe(1);
    expect(await used(org.id, 'posts')).toBe(1);
    expect(await used(org.id, 'aiMessages')).toBe(1);
  });

  it('when LinkedIn refuses the post (422), then the task fails permanently with the reason', async () => {
    const org = await seedOrg(t.deps);
    await connectLinkedIn(org);
    standIn.failNextPosts(422);
    const failure = await taskHandlers
      .social_media_post(online, await queue(org, 'social_media_post', { brief: '[[reply:T\n\nB]]' }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentTaskError);
    expect((failure as Error).message).toMatch(/^LinkedIn refused the post/);
    expect(await t.deps.db.contentPost.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({
      status: 'failed',
    });
  });
});

describe('email_campaign', () => {
  it('when the AI is offline, then a marked template campaign with valid variables is kept as a draft, not sent', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await seedLead(org.id, { name: 'Grace Hopper' });
    // Act
    const output = await taskHandlers.email_campaign(
      t.deps,
      await queue(org, 'email_campaign', { brief: 'our spring workshop on May 3rd' }),
    );
    // Assert
    const campaign = await t.deps.db.emailCampaign.findFirstOrThrow({ where: { orgId: org.id } });
    expect(output).toMatchObject({
      campaignId: campaign.id,
      status: 'draft',
      sent: false,
      counts: { pending: 0, sent: 0, failed: 0, skipped: 0 },
    });
    expect(campaign.body.startsWith(OFFLINE_EMAIL_NOTE)).toBe(true);
    expect(campaign.body).toContain('Our spring workshop on May 3rd.');
    expect(unknownTemplateVariables(campaign.subject + campaign.body)).toEqual([]);
    expect(mailsTo(lead.email ?? '')).toHaveLength(0);
  });

  it('when online and asked to send, then the AI email goes to the audience, unsubscribed leads are skipped, and a second run sends nothing more', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const ada = await seedLead(org.id, { name: 'Ada Lovelace', company: 'Engines Ltd' });
    const bob = await seedLead(org.id, { name: 'Bob Stone' });
    const gone = await seedLead(org.id, { name: 'Gone Person', unsubscribedAt: new Date() });
    const reply =
      'Subject: Spring offer for {{company|you}}\n\nHi {{firstName}}, {{nickname|friend}}, our workshop is on May 3rd.\n\nBrightside';
    const run = await queue(org, 'email_campaign', { brief: `[[reply:${reply}]]`, name: 'Spring' });
    // Act
    const output = await taskHandlers.email_campaign(online, run);
    const again = await taskHandlers.email_campaign(online, retryOf(run));
    // Assert
    const campaign = await t.deps.db.emailCampaign.findFirstOrThrow({ where: { orgId: org.id } });
    expect(output).toEqual({
      campaignId: campaign.id,
      status: 'sent',
      sent: true,
      counts: { pending: 0, sent: 2, failed: 0, skipped: 1 },
    });
    expect(again).toEqual(output);
    expect(campaign).toMatchObject({
      taskId: run.id,
      name: 'Spring',
      subject: 'Spring offer for {{company|you}}',
      body: 'Hi {{firstName}}, friend, our workshop is on May 3rd.\n\nBrightside',
    });
    expect(await t.deps.db.emailCampaign.count({ where: { orgId: org.id } })).toBe(1);
    const adaMails = mailsTo(ada.email ?? '');
    expect(adaMails).toHaveLength(1);
    expect(adaMails[0]).toContain('Subject: Spring offer for Engines Ltd');
    expect(adaMails[0]).toContain('Hi Ada, friend, our workshop');
    expect(mailsTo(bob.email ?? '')).toHaveLength(1);
    expect(mailsTo(gone.email ?? '')).toHaveLength(0);
    expect(await used(org.id, 'emails')).toBe(2);
    expect(await used(org.id, 'aiMessages')).toBe(1);
  });
});

describe('lead_followup', () => {
  it('when run offline, then a marked follow-up is logged once as an ai_followup activity (count, last activity and score updated), even when run twice', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', company: 'Engines Ltd', stage: 'proposal' });
    await t.deps.db.leadActivity.create({
      data: {
        orgId: org.id,
        leadId: lead.id,
        kind: 'call',
        summary: 'Sent the proposal for 10 seats',
        occurredAt: new Date(Date.now() - 86_400_000),
      },
    });
    const run = await queue(org, 'lead_followup', { leadId: lead.id, sendEmail: true });
    // Act
    const first = await taskHandlers.lead_followup(t.deps, run);
    const second = await taskHandlers.lead_followup(t.deps, retryOf(run));
    // Assert
    const activities = await t.deps.db.leadActivity.findMany({
      where: { orgId: org.id, leadId: lead.id, kind: 'ai_followup' },
    });
    expect(activities).toHaveLength(1);
    expect(activities[0]?.taskId).toBe(run.id);
    expect(first).toEqual({
      activityId: activities[0]?.id,
      leadId: lead.id,
      message: activities[0]?.summary,
      emailed: false,
      reason: 'Written offline from a template: edit it, then send it yourself',
    });
    expect(second).toEqual(first);
    const message = String(first.message);
    expect(message.startsWith(OFFLINE_FOLLOWUP_NOTE)).toBe(true);
    expect(message).toContain('Hi Ada,');
    expect(message).toContain('Sent the proposal for 10 seats');
    expect(message).toContain('Brightside');
    const updated = await t.deps.db.lead.findFirstOrThrow({ where: { id: lead.id, orgId: org.id } });
    expect(updated.activityCount).toBe(1);
    expect(updated.lastActivityAt?.getTime()).toBe(t.clock.now().getTime());
    expect(updated.score).toBeGreaterThan(lead.score);
    expect(mailsTo(lead.email ?? '')).toHaveLength(0);
    expect(await used(org.id, 'aiMessages')).toBe(1);
  });

  it('when online with sendEmail, then the lead gets the message with an unsubscribe link and one email is counted', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', company: 'Engines Ltd' });
    const run = await queue(org, 'lead_followup', {
      leadId: lead.id,
      sendEmail: true,
      brief: '[[reply:Hi Ada, shall we meet on Tuesday? Brightside]]',
    });
    // Act
    const output = await taskHandlers.lead_followup(online, run);
    // Assert
    expect(output).toMatchObject({
      message: 'Hi Ada, shall we meet on Tuesday? Brightside',
      emailed: true,
      emailedTo: lead.email,
    });
    const mails = mailsTo(lead.email ?? '');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('Subject: Following up from Brightside');
    expect(mails[0]).toContain('Hi Ada, shall we meet on Tuesday?');
    expect(mails[0]).toMatch(/Unsubscribe: http:\/\/localhost:5173\/api\/unsubscribe\/[A-Za-z0-9_-]+/);
    expect(mails[0]).toMatch(/List-Unsubscribe:\s+<http:\/\/localhost:5173\/api\/unsubscribe\//);
    expect(await used(org.id, 'emails')).toBe(1);
  });

  it('when the SMTP server refuses the mail, then the attempt throws a retryable error, the email is given back and a retry does not log again', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', email: uniqueEmail('reject-lead') });
    const run = await queue(org, 'lead_followup', { leadId: lead.id, sendEmail: true, brief: '[[reply:Hello Ada]]' });
    // Act
    const first = await taskHandlers.lead_followup(online, run).catch((error: unknown) => error);
    const second = await taskHandlers.lead_followup(online, retryOf(run)).catch((error: unknown) => error);
    // Assert
    for (const failure of [first, second]) {
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(PermanentTaskError);
      expect((failure as Error).message).toMatch(
        new RegExp(`^Could not email ${lead.email ?? ''}: .*Mailbox unavailable`),
      );
    }
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id, leadId: lead.id, kind: 'ai_followup' } })).toBe(
      1,
    );
    expect(await used(org.id, 'emails')).toBe(0);
    expect(await used(org.id, 'aiMessages')).toBe(1);
  });

  it('when the lead unsubscribed, then the follow-up is logged but not emailed', async () => {
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', unsubscribedAt: new Date() });
    const output = await taskHandlers.lead_followup(
      online,
      await queue(org, 'lead_followup', { leadId: lead.id, sendEmail: true, brief: '[[reply:Hello again]]' }),
    );
    expect(output).toMatchObject({
      message: 'Hello again',
      emailed: false,
      reason: 'The lead unsubscribed from emails',
    });
    expect(mailsTo(lead.email ?? '')).toHaveLength(0);
    expect(await used(org.id, 'emails')).toBe(0);
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id, leadId: lead.id, kind: 'ai_followup' } })).toBe(
      1,
    );
  });

  it('when the lead was deleted, then the task fails permanently and nothing is counted', async () => {
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org.id, { name: 'Ada Lovelace' });
    const run = await queue(org, 'lead_followup', { leadId: lead.id });
    await t.deps.db.lead.delete({ where: { id: lead.id } });
    const failure = await taskHandlers.lead_followup(t.deps, run).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentTaskError);
    expect((failure as Error).message).toBe('The lead was deleted');
    expect(await used(org.id, 'aiMessages')).toBe(0);
  });

  it('when the lead belongs to another org, then it is treated as deleted', async () => {
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const lead = await seedLead(other.id, { name: 'Someone Else' });
    const failure = await taskHandlers
      .lead_followup(t.deps, await queue(org, 'lead_followup', { leadId: lead.id }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentTaskError);
    expect(await t.deps.db.leadActivity.count({ where: { leadId: lead.id } })).toBe(0);
  });
});

describe('goal_step', () => {
  it('when run offline, then the deliverable is a marked checklist for the step with the org figures', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    await seedLead(org.id, { name: 'Ada Lovelace' });
    const goal = await t.deps.db.goal.create({
      data: { orgId: org.id, title: 'Land 10 new customers', targetDate: new Date('2027-03-01T00:00:00Z') },
      select: { id: true },
    });
    // Act
    const output = await taskHandlers.goal_step(
      t.deps,
      await queue(org, 'goal_step', {
        goalId: goal.id,
        step: 'Build a list of 50 prospects',
        detail: 'focus on fintech',
      }),
    );
    // Assert
    expect(output).toMatchObject({ goalId: goal.id, step: 'Build a list of 50 prospects', provider: 'offline' });
    const deliverable = String(output.deliverable);
    expect(deliverable).toMatch(/^_Offline mode: this checklist is a template/);
    expect(deliverable).toContain('## Build a list of 50 prospects');
    expect(deliverable).toContain('**Land 10 new customers**, due 2027-03-01');
    expect(deliverable).toContain('Focus on fintech.');
    expect(deliverable).toContain('- Leads: 1 in the CRM');
    expect(await used(org.id, 'aiMessages')).toBe(1);
  });

  it('when online, then the deliverable is the AI answer and its provider', async () => {
    const org = await seedOrg(t.deps);
    const goal = await t.deps.db.goal.create({ data: { orgId: org.id, title: 'Grow' }, select: { id: true } });
    const output = await taskHandlers.goal_step(
      online,
      await queue(org, 'goal_step', { goalId: goal.id, step: 'Plan', detail: '[[reply:## Plan\n- [ ] Call Ada]]' }),
    );
    expect(output).toMatchObject({ deliverable: '## Plan\n- [ ] Call Ada', provider: 'openai' });
  });

  it('when the goal was deleted, then the task fails permanently', async () => {
    const org = await seedOrg(t.deps);
    const goal = await t.deps.db.goal.create({ data: { orgId: org.id, title: 'Grow' }, select: { id: true } });
    const run = await queue(org, 'goal_step', { goalId: goal.id, step: 'Plan' });
    await t.deps.db.goal.delete({ where: { id: goal.id } });
    const failure = await taskHandlers.goal_step(t.deps, run).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentTaskError);
    expect((failure as Error).message).toBe('The goal was deleted');
  });

  it('when the plan has no AI messages left, then the task fails permanently with the plan message', async () => {
    const org = await seedOrg(t.deps);
    const goal = await t.deps.db.goal.create({ data: { orgId: org.id, title: 'Grow' }, select: { id: true } });
    const run = await queue(org, 'goal_step', { goalId: goal.id, step: 'Plan' });
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: t.clock.now().toISOString().slice(0, 7), resource: 'aiMessages', used: 50 },
    });
    const failure = await taskHandlers.goal_step(t.deps, run).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentTaskError);
    expect((failure as Error).message).toBe('The Free plan allows 50 AI messages a month');
  });
});

describe('report', () => {
  it('when run offline with emailOwner, then the report has the period figures and the template summary, and the owner gets it', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    await seedLead(org.id, { name: 'Ada Lovelace', createdAt: new Date(t.clock.now().getTime() - 3_600_000) });
    await seedLead(org.id, { name: 'Old Friend', createdAt: new Date(t.clock.now().getTime() - 8 * 86_400_000) });
    const run = await queue(org, 'report', { period: 'week', emailOwner: true });
    // Act
    const output = await taskHandlers.report(t.deps, run);
    // Assert
    const to = t.clock.now();
    expect(output).toMatchObject({
      period: 'week',
      from: new Date(to.getTime() - 7 * 86_400_000).toISOString(),
      to: to.toISOString(),
      provider: 'offline',
      emailedTo: [org.owner.email],
      figures: {
        leads: { total: 2, newInPeriod: 1 },
        tasks: { PENDING: 1, IN_PROGRESS: 0, COMPLETED: 0, FAILED: 0, CANCELLED: 0 },
      },
    });
    const markdown = String(output.markdown);
    expect(markdown).toContain('# Brightside: business report for the last week');
    expect(markdown).toContain(
      "_Offline mode: this answer is a template filled with Brightside's live data, not a model._",
    );
    expect(markdown).toContain('- Leads: 1 new, 0 activities logged; 2 in total');
    expect(markdown).toContain('- Tasks created: pending 1, in progress 0');
    const mails = mailsTo(org.owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('Subject: Brightside: business report for the last week');
  });

  it('when the owner did not ask for the mail, then nothing is emailed', async () => {
    const org = await seedOrg(t.deps);
    const output = await taskHandlers.report(t.deps, await queue(org, 'report', { period: 'day' }));
    expect(output).toMatchObject({ period: 'day', emailedTo: [] });
    expect(mailsTo(org.owner.email)).toHaveLength(0);
  });
});
