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
import { PermanentTaskError, SkippedTaskError, type TaskRun } from '../task-handler';
import { enqueueTasks } from '../tasks.service';
import { campaignSendersIdle } from '../../campaigns/campaign-sending.service';
import { OFFLINE_EMAIL_NOTE, SENDING_REASON } from './email-campaign';
import { taskHandlers } from './index';
import { OFFLINE_FOLLOWUP_NOTE, OFFLINE_REASON } from './lead-followup';
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
    expect(await used(org.id, 'aiMessages')).toBe(0); // offline template answers use no AI message
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
    expect(await used(org.id, 'aiMessages')).toBe(0); // offline template answers use no AI message
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

  /** The same task as the engine's: no member behind it, and the insight it came from. */
  const asEngine = async <T extends TaskType>(
    run: TaskRun<T>,
    insightId: string | null = null,
  ): Promise<TaskRun<T>> => {
    await t.deps.db.task.update({ where: { id: run.id }, data: { origin: 'agentic', createdById: null, insightId } });
    return { ...run, origin: 'agentic', createdById: null };
  };

  it('when the engine proposed the post, then it stays a draft and waits in the approval inbox with the insight as why; nothing is published', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await connectLinkedIn(org);
    const engineRun = await t.deps.db.agenticRun.create({
      data: { orgId: org.id, trigger: 'manual', startedAt: t.clock.now() },
    });
    const insight = await t.deps.db.insight.create({
      data: {
        orgId: org.id,
        runId: engineRun.id,
        kind: 'low_content_output',
        confidence: 0.8,
        title: 'No post in 30 days',
        reason: 'The last post went out on 2 Nov 2026',
        data: { drafts: 0 },
        actions: [],
      },
    });
    const run = await asEngine(
      await queue(org, 'social_media_post', { brief: '[[reply:We shipped v2\n\nFaster, simpler, kinder.]]' }),
      insight.id,
    );
    const before = standIn.posts.length;
    // Act
    const output = await taskHandlers.social_media_post(online, run);
    const again = await taskHandlers.social_media_post(online, retryOf(run));
    // Assert
    const post = await t.deps.db.contentPost.findFirstOrThrow({ where: { orgId: org.id } });
    const item = await t.deps.db.approvalItem.findFirstOrThrow({ where: { orgId: org.id } });
    expect(output).toEqual({
      postId: post.id,
      status: 'draft',
      published: false,
      reason: 'Waiting in the approval inbox: nothing is published until it is approved',
      approvalId: item.id,
      approvalStatus: 'pending',
    });
    expect(again).toEqual(output);
    expect(item).toMatchObject({
      kind: 'post_publish',
      status: 'pending',
      title: 'Publish on LinkedIn: We shipped v2',
      targetType: 'post',
      targetId: post.id,
      taskId: run.id,
      content: { subject: null, body: 'Faster, simpler, kinder.' },
      insightId: insight.id,
      reason: 'No post in 30 days: The last post went out on 2 Nov 2026',
      risk: 'medium',
    });
    expect(await t.deps.db.approvalItem.count({ where: { orgId: org.id } })).toBe(1);
    expect(standIn.posts.length).toBe(before);
    expect(await used(org.id, 'posts')).toBe(0);
  });

  it('when the engine proposed an offline template, then its inbox item must be edited before it can be approved', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await connectLinkedIn(org);
    const run = await asEngine(await queue(org, 'social_media_post', { brief: 'our autumn catalogue' }));
    // Act
    const output = await taskHandlers.social_media_post(t.deps, run);
    const approve = await request(t.app)
      .post(`/api/orgs/${org.id}/approvals/${String(output['approvalId'])}/approve`)
      .set(bearer(org.owner.token));
    // Assert
    expect(output).toMatchObject({ status: 'draft', published: false, approvalStatus: 'pending' });
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toBe('This is a template written offline: edit it before approving');
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
    const whileSending = await taskHandlers.email_campaign(online, retryOf(run));
    await campaignSendersIdle(t.deps);
    const again = await taskHandlers.email_campaign(online, retryOf(run));
    // Assert
    const campaign = await t.deps.db.emailCampaign.findFirstOrThrow({ where: { orgId: org.id } });
    // Queued: the sender mails in the background, and "sent" is said only once it has (the race decides which the first answers see).
    for (const early of [output, whileSending]) {
      expect(early.campaignId).toBe(campaign.id);
      expect(['sending', 'sent']).toContain(early.status);
      expect(early.sent).toBe(early.status === 'sent');
      expect('reason' in early && early.reason).toBe(early.status === 'sending' ? SENDING_REASON : false);
    }
    expect(again).toEqual({
      campaignId: campaign.id,
      status: 'sent',
      sent: true,
      counts: { pending: 0, sent: 2, failed: 0, skipped: 1, clicked: 0, unsubscribed: 0 },
    });
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
    // A campaign counts once against the plan's emails, whatever its audience.
    expect(await used(org.id, 'emails')).toBe(1);
    expect(await used(org.id, 'aiMessages')).toBe(1);
  });

  it('when the engine proposed the campaign, then it stays a draft and waits in the approval inbox for its audience; nobody is mailed', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Quietside' });
    const ada = await seedLead(org.id, { name: 'Ada Lovelace' });
    const bob = await seedLead(org.id, { name: 'Bob Stone' });
    await seedLead(org.id, { name: 'Gone Person', unsubscribedAt: new Date() });
    const reply = 'Subject: Winter offer\n\nHi {{firstName}}, our workshop is on January 3rd.\n\nQuietside';
    const queued = await queue(org, 'email_campaign', { brief: `[[reply:${reply}]]`, name: 'Winter' });
    await t.deps.db.task.update({ where: { id: queued.id }, data: { origin: 'goal', createdById: null } });
    const run: typeof queued = { ...queued, origin: 'goal', createdById: null };
    // Act
    const output = await taskHandlers.email_campaign(online, run);
    // Assert
    const campaign = await t.deps.db.emailCampaign.findFirstOrThrow({ where: { orgId: org.id } });
    const item = await t.deps.db.approvalItem.findFirstOrThrow({ where: { orgId: org.id } });
    expect(output).toEqual({
      campaignId: campaign.id,
      status: 'draft',
      sent: false,
      counts: { pending: 0, sent: 0, failed: 0, skipped: 0, clicked: 0, unsubscribed: 0 },
      reason: 'Waiting in the approval inbox: nothing is sent until it is approved',
      approvalId: item.id,
      approvalStatus: 'pending',
    });
    expect(item).toMatchObject({
      kind: 'campaign_send',
      status: 'pending',
      title: 'Send the campaign "Winter" to 2 leads',
      audienceSize: 2,
      risk: 'medium',
      riskReasons: ['A campaign email to a list of leads', 'It reaches 2 people'],
      content: { subject: 'Winter offer', body: 'Hi {{firstName}}, our workshop is on January 3rd.\n\nQuietside' },
    });
    expect(campaign.status).toBe('draft');
    expect(mailsTo(ada.email ?? '')).toHaveLength(0);
    expect(mailsTo(bob.email ?? '')).toHaveLength(0);
    expect(await used(org.id, 'emails')).toBe(0);
  });
});

describe('lead_followup', () => {
  const activitiesOf = (orgId: string, leadId: string) =>
    t.deps.db.leadActivity.findMany({ where: { orgId, leadId }, orderBy: { occurredAt: 'asc' } });
  const leadRow = (orgId: string, leadId: string) => t.deps.db.lead.findFirstOrThrow({ where: { id: leadId, orgId } });

  it('when run offline, then a marked template is logged once as a followup_draft, not a contact (count, last activity and score unchanged, "drafted, not sent" set), even when run twice (it used to count as an ai_followup contact)', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', company: 'Engines Ltd', stage: 'proposal' });
    await t.deps.db.leadActivity.create({
      data: {
        orgId: org.id,
        leadId: lead.id,
        kind: 'call',
        summary: 'Sent the proposal for 10 seats',
        occurredAt: new Date(t.clock.now().getTime() - 86_400_000),
      },
    });
    const before = await leadRow(org.id, lead.id);
    const run = await queue(org, 'lead_followup', { leadId: lead.id, sendEmail: true });
    // Act
    const first = await taskHandlers.lead_followup(t.deps, run);
    const second = await taskHandlers.lead_followup(t.deps, retryOf(run));
    // Assert
    const drafts = await t.deps.db.leadActivity.findMany({
      where: { orgId: org.id, leadId: lead.id, kind: 'followup_draft' },
    });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.taskId).toBe(run.id);
    expect(first).toEqual({
      activityId: drafts[0]?.id,
      leadId: lead.id,
      message: drafts[0]?.summary,
      emailed: false,
      reason: OFFLINE_REASON,
    });
    expect(second).toEqual(first);
    const message = String(first.message);
    expect(message.startsWith(OFFLINE_FOLLOWUP_NOTE)).toBe(true);
    expect(message).toContain('Hi Ada,');
    expect(message).toContain('Last contact: ');
    expect(message).toContain('Sent the proposal for 10 seats');
    expect(message).toContain('had a chance to look at our proposal');
    expect(message).toContain('Brightside');
    const after = await leadRow(org.id, lead.id);
    expect(after).toMatchObject({
      activityCount: before.activityCount,
      lastActivityAt: before.lastActivityAt,
      score: before.score,
      followupDraftedAt: t.clock.now(),
    });
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id, kind: 'ai_followup' } })).toBe(0);
    expect(mailsTo(lead.email ?? '')).toHaveLength(0);
    expect(await used(org.id, 'aiMessages')).toBe(0); // offline template answers use no AI message
  });

  it('when a "contacted" lead was never really contacted, then the offline template does not mention an earlier exchange', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Cleo Contacted', company: 'Nile Co', stage: 'contacted', tags: [] },
    });
    // A note and an earlier draft are not contacts.
    await t.deps.db.leadActivity.createMany({
      data: [
        { orgId: org.id, leadId: lead.id, kind: 'note', summary: 'Met at a fair?', occurredAt: t.clock.now() },
        { orgId: org.id, leadId: lead.id, kind: 'followup_draft', summary: 'Hi', occurredAt: t.clock.now() },
      ],
    });
    // Act
    const output = await taskHandlers.lead_followup(t.deps, await queue(org, 'lead_followup', { leadId: lead.id }));
    // Assert
    const message = String(output.message);
    expect(message).not.toMatch(/first exchange|following on|from what you shared|our proposal/i);
    expect(message).toContain('No contact logged yet: this would be the first message.');
    expect(message).toContain('I wanted to reach out to see whether this is a good time to talk about what Nile Co');
    expect(output).toMatchObject({ emailed: false, reason: 'Email was not asked for: the follow-up is a draft' });
  });

  it('when online with sendEmail, then the lead gets the letter with an unsubscribe link, one email is counted, and the draft becomes one ai_followup that moves the last contact and clears "drafted, not sent"', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', company: 'Engines Ltd' });
    await t.deps.db.lead.update({
      where: { id: lead.id },
      data: { followupDraftedAt: new Date(t.clock.now().getTime() - 60_000) },
    });
    const run = await queue(org, 'lead_followup', {
      leadId: lead.id,
      sendEmail: true,
      brief: '[[reply:Hi Ada, shall we meet on Tuesday? Brightside]]',
    });
    // Act
    const output = await taskHandlers.lead_followup(online, run);
    const again = await taskHandlers.lead_followup(online, retryOf(run));
    // Assert
    const activities = await activitiesOf(org.id, lead.id);
    expect(activities).toMatchObject([
      { kind: 'ai_followup', taskId: run.id, summary: 'Hi Ada, shall we meet on Tuesday? Brightside' },
    ]);
    expect(output).toEqual({
      activityId: activities[0]?.id,
      leadId: lead.id,
      message: 'Hi Ada, shall we meet on Tuesday? Brightside',
      emailed: true,
      emailedTo: lead.email,
    });
    expect(again).toEqual(output);
    const mails = mailsTo(lead.email ?? '');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('Subject: Following up from Brightside');
    expect(mails[0]).toContain('Hi Ada, shall we meet on Tuesday?');
    expect(mails[0]).toMatch(/Unsubscribe: http:\/\/localhost:5173\/api\/unsubscribe\/[A-Za-z0-9_-]+/);
    expect(mails[0]).toMatch(/List-Unsubscribe:\s+<http:\/\/localhost:5173\/api\/unsubscribe\//);
    expect(await used(org.id, 'emails')).toBe(1);
    expect(await leadRow(org.id, lead.id)).toMatchObject({
      activityCount: 1,
      lastActivityAt: t.clock.now(),
      followupDraftedAt: null,
    });
  });

  it('when the SMTP server refuses the mail, then the attempt throws a retryable error, the email is given back, and the retry reuses the one draft (nothing logged as sent)', async () => {
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
      expect(failure).not.toBeInstanceOf(SkippedTaskError);
      expect((failure as Error).message).toMatch(
        new RegExp(`^Could not email ${lead.email ?? ''}: .*Mailbox unavailable`),
      );
    }
    expect(await activitiesOf(org.id, lead.id)).toMatchObject([{ kind: 'followup_draft', summary: 'Hello Ada' }]);
    expect(await used(org.id, 'emails')).toBe(0);
    expect(await used(org.id, 'aiMessages')).toBe(1);
    expect((await leadRow(org.id, lead.id)).lastActivityAt).toBeNull();
  });

  it('when the lead unsubscribed after the follow-up was queued, then at run time nothing is written, counted or sent and the task is skipped saying why', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org.id, { name: 'Ada Lovelace' });
    const run = await queue(org, 'lead_followup', { leadId: lead.id, sendEmail: true, brief: '[[reply:Hello again]]' });
    await t.deps.db.lead.update({ where: { id: lead.id }, data: { unsubscribedAt: new Date('2026-11-30T09:00:00Z') } });
    // Act
    const failure = await taskHandlers.lead_followup(online, run).catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(SkippedTaskError);
    expect((failure as Error).message).toBe(
      'Skipped, nothing written or sent: Ada Lovelace unsubscribed on 30 Nov 2026 and must not be contacted.',
    );
    expect(mailsTo(lead.email ?? '')).toHaveLength(0);
    expect(await used(org.id, 'emails')).toBe(0);
    expect(await used(org.id, 'aiMessages')).toBe(0);
    expect(await activitiesOf(org.id, lead.id)).toHaveLength(0);
  });

  it('when a meeting with the lead was booked after the follow-up was queued, then it is skipped at run time naming the meeting', async () => {
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org.id, { name: 'Ada Lovelace' });
    const run = await queue(org, 'lead_followup', { leadId: lead.id });
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000);
    await t.deps.db.meeting.create({
      data: { orgId: org.id, leadId: lead.id, title: 'Contract', startsAt: tomorrow, endsAt: tomorrow },
    });
    const failure = await taskHandlers.lead_followup(t.deps, run).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SkippedTaskError);
    expect((failure as Error).message).toMatch(
      /^Skipped, nothing written or sent: Ada Lovelace has a meeting on .*"Contract"/,
    );
    expect(await activitiesOf(org.id, lead.id)).toHaveLength(0);
  });

  it('when the lead has no email address, then the follow-up stays a draft and the output says why', async () => {
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', email: null });
    const output = await taskHandlers.lead_followup(
      online,
      await queue(org, 'lead_followup', { leadId: lead.id, sendEmail: true, brief: '[[reply:Hello Ada]]' }),
    );
    expect(output).toMatchObject({
      emailed: false,
      reason: 'The lead has no email address: the follow-up is a draft to send another way',
    });
    expect(await activitiesOf(org.id, lead.id)).toMatchObject([{ kind: 'followup_draft' }]);
  });

  it('when the engine asks for the email, then nothing is sent: the letter (without the template notes) waits in the approval inbox with the insight as why, and the output says so', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await seedLead(org.id, { name: 'Ada Lovelace', company: 'Engines Ltd', stage: 'proposal' });
    await t.deps.db.lead.update({ where: { id: lead.id }, data: { valueCents: 2_200_000 } });
    const agenticRun = await t.deps.db.agenticRun.create({
      data: { orgId: org.id, trigger: 'schedule', startedAt: t.clock.now() },
    });
    const insight = await t.deps.db.insight.create({
      data: {
        orgId: org.id,
        runId: agenticRun.id,
        kind: 'stale_leads',
        confidence: 0.9,
        title: '1 lead gone quiet',
        reason: 'Ada Lovelace has had no contact for 21 days.',
        data: { leadIds: [lead.id] },
        actions: [],
      },
    });
    const queued = await queue(org, 'lead_followup', { leadId: lead.id, sendEmail: true, brief: 'Gone quiet' });
    await t.deps.db.task.update({ where: { id: queued.id }, data: { insightId: insight.id, origin: 'agentic' } });
    const run: TaskRun<'lead_followup'> = { ...queued, origin: 'agentic', createdById: null };
    // Act
    const output = await taskHandlers.lead_followup(t.deps, run);
    const again = await taskHandlers.lead_followup(t.deps, retryOf(run));
    // Assert
    const items = await t.deps.db.approvalItem.findMany({ where: { orgId: org.id } });
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item).toMatchObject({
      kind: 'lead_email',
      status: 'pending',
      targetType: 'lead',
      targetId: lead.id,
      audience: `Ada Lovelace <${lead.email ?? ''}>`,
      audienceSize: 1,
      moneyMinor: 2_200_000,
      currency: 'USD',
      insightId: insight.id,
      taskId: run.id,
    });
    const content = item?.content as { subject: string; body: string };
    expect(content.subject).toBe('Following up from Brightside');
    expect(content.body.startsWith('Hi Ada,')).toBe(true);
    expect(content.body).not.toContain(OFFLINE_FOLLOWUP_NOTE);
    expect(content.body).not.toContain('Why now');
    expect(item?.reason).toContain('1 lead gone quiet: Ada Lovelace has had no contact for 21 days.');
    expect(item?.reason).toContain('Why now: Gone quiet.');
    expect(output).toMatchObject({
      emailed: false,
      awaitingApproval: true,
      approvalId: item?.id,
      approvalStatus: 'pending',
      reason: 'Written offline from a template: waiting in the approval inbox for an edit and your approval, not sent',
    });
    expect(again).toEqual(output);
    expect(mailsTo(lead.email ?? '')).toHaveLength(0);
    expect(await activitiesOf(org.id, lead.id)).toMatchObject([{ kind: 'followup_draft', taskId: run.id }]);
    // While it waits, nobody else may queue a follow-up for Ada.
    const second = await queue(org, 'lead_followup', { leadId: lead.id }).catch((error: unknown) => error);
    expect(second).toMatchObject({ code: 'CONFLICT' });
  });

  it('when online for a lead nobody has reached yet, then the prompt says so plainly, forbids an earlier conversation and leaves drafts out', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org.id, { name: 'Nia Newcomer', email: null });
    await t.deps.db.leadActivity.create({
      data: {
        orgId: org.id,
        leadId: lead.id,
        kind: 'followup_draft',
        summary: 'DRAFT-TEXT',
        occurredAt: t.clock.now(),
      },
    });
    const before = fakeAi.requests('openai').length;
    // Act
    await taskHandlers.lead_followup(
      online,
      await queue(org, 'lead_followup', { leadId: lead.id, brief: '[[reply:Hello Nia]]' }),
    );
    // Assert
    const prompt = (fakeAi.requests('openai').slice(before)[0]?.messages ?? []).map((m) => m.content).join('\n');
    expect(prompt).toContain('Lead: Nia Newcomer');
    expect(prompt).toContain('Nobody has been in touch with this lead yet');
    expect(prompt).toContain('Do not imply any earlier conversation');
    expect(prompt).not.toContain('DRAFT-TEXT');
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

  it('when the lead belongs to another org, then queueing is refused, and a task that names it anyway is treated as deleted', async () => {
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const lead = await seedLead(other.id, { name: 'Someone Else' });
    const refused = await queue(org, 'lead_followup', { leadId: lead.id }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'CONFLICT', message: 'That lead no longer exists.' });
    const run = { ...(await queue(org, 'report', {})), type: 'lead_followup' as const };
    const failure = await taskHandlers
      .lead_followup(t.deps, { ...run, input: { leadId: lead.id, sendEmail: false } })
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
    expect(await used(org.id, 'aiMessages')).toBe(0); // offline template answers use no AI message
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
    // Online: offline template answers use no AI messages, so only a provider's answer can run out.
    const failure = await taskHandlers.goal_step(online, run).catch((error: unknown) => error);
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
