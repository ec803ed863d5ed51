import request from 'supertest';
import type { Campaign, CampaignAudience } from '@aiceo/shared/campaigns';
import type { Plan } from '@aiceo/shared/plans';
import { bearer, seedOrg, uniqueEmail, type SeededOrg } from '../../testing/seed';
import { startTestSmtpServer } from '../../testing/smtp-server';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { audienceSql } from './campaign-audience.queries';
import {
  campaignSendersIdle,
  CLAIM_SIZE,
  claimRecipients,
  CUT_OFF_REASON,
  drainCampaign,
  MAILS_IN_FLIGHT,
  queueCampaign,
  runCampaignSender,
  SEND_BATCH_SIZE,
  STALE_SENDING_MS,
} from './campaign-sending.service';
import { audienceLeadsWhere } from './campaigns.service';

const base = (orgId: string) => `/api/orgs/${orgId}/campaigns`;

describe('campaign sending at scale (over a real SMTP server)', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let t: TestContext;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestContext({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'AI CEO <no-reply@aiceo.test>' },
    });
  });
  afterAll(async () => {
    await campaignSendersIdle(t.deps);
    await t.close();
    await smtp.close();
  });

  /** How many mails the SMTP server accepted for each address. */
  const mailsTo = (email: string) => smtp.received.filter((mail) => mail.to.includes(email)).length;

  const seedPlanOrg = async (plan: Plan) => {
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { plan } });
    return org;
  };

  const seedLeads = async (
    org: SeededOrg,
    count: number,
    data: { tags?: string[]; unsubscribedAt?: Date; label?: string } = {},
  ) => {
    const emails = Array.from({ length: count }, () => uniqueEmail(data.label ?? 'lead'));
    await t.deps.db.lead.createMany({
      data: emails.map((email, i) => ({
        orgId: org.id,
        name: `Lead ${i}`,
        email,
        tags: data.tags ?? [],
        unsubscribedAt: data.unsubscribedAt ?? null,
      })),
    });
    return emails;
  };

  const createCampaign = async (org: SeededOrg, audience: CampaignAudience = {}) => {
    const res = await request(t.app)
      .post(base(org.id))
      .set(bearer(org.owner.token))
      .send({ name: 'Launch', subject: 'Hi {{firstName}}', body: 'Hello {{name}}.', audience });
    expect(res.status).toBe(201);
    return res.body as Campaign;
  };

  const getCampaign = async (org: SeededOrg, campaignId: string) => {
    const res = await request(t.app)
      .get(`${base(org.id)}/${campaignId}`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    return res.body as Campaign;
  };

  const emailsUsed = async (orgId: string) =>
    (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'emails' } }))?.used ?? 0;

  it('when a newcomer on the free plan sends a campaign to 10 leads, then it answers at once in `sending`, mails each lead once in the background, and counts one email', async () => {
    // Arrange: the free plan allows 3 emails a month; the campaign is one of them.
    const org = await seedPlanOrg('free');
    const emails = await seedLeads(org, 10);
    const campaign = await createCampaign(org);
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    await campaignSendersIdle(t.deps);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('sending');
    const { pending, sent, failed, skipped } = res.body.counts as Campaign['counts'];
    expect(pending + sent + failed + skipped).toBe(10);
    const done = await getCampaign(org, campaign.id);
    expect(done).toMatchObject({ status: 'sent', counts: { pending: 0, sent: 10, failed: 0, skipped: 0 } });
    expect(emails.map(mailsTo)).toEqual(emails.map(() => 1));
    expect(await emailsUsed(org.id)).toBe(1);
    const usage = await request(t.app).get(`/api/orgs/${org.id}/usage`).set(bearer(org.owner.token));
    expect(usage.body.resources).toContainEqual({ resource: 'emails', limit: 3, used: 1, remaining: 2 });
    const lead = await t.deps.db.lead.findFirstOrThrow({
      where: { orgId: org.id, email: emails[0] ?? '' },
      select: {
        activityCount: true,
        score: true,
        activities: { select: { kind: true, summary: true, actorId: true } },
      },
    });
    expect(lead).toEqual({
      activityCount: 1,
      score: 75,
      activities: [{ kind: 'email', summary: 'Campaign "Launch": Hi Lead', actorId: org.owner.id }],
    });
  });

  it('when the audience is over the plan cap on recipients per campaign, then it answers 402 with the plain message and writes nothing', async () => {
    // Arrange: the free plan sends to at most 100 per campaign.
    const org = await seedPlanOrg('free');
    const emails = await seedLeads(org, 101);
    await seedLeads(org, 3, { unsubscribedAt: new Date() });
    const campaign = await createCampaign(org);
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message:
        'This campaign has 101 recipients; the Free plan sends to at most 100 per campaign. Narrow the audience or upgrade.',
      details: {
        resource: 'emails',
        plan: 'free',
        limit: 3,
        used: 0,
        campaignRecipients: { recipients: 101, cap: 100, upgradeCap: 2500 },
      },
    });
    expect(await t.deps.db.campaignRecipient.count({ where: { orgId: org.id } })).toBe(0);
    expect((await getCampaign(org, campaign.id)).status).toBe('draft');
    expect(await emailsUsed(org.id)).toBe(0);
    expect(emails.map(mailsTo).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('when the monthly emails are used up, then it answers 402 with used = limit and sends nothing', async () => {
    // Arrange
    const org = await seedPlanOrg('free');
    await seedLeads(org, 2);
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: t.clock.now().toISOString().slice(0, 7), resource: 'emails', used: 3 },
    });
    const campaign = await createCampaign(org);
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(402);
    expect(res.body.error.details).toMatchObject({ resource: 'emails', limit: 3, used: 3, requested: 1 });
    expect(res.body.error.details.campaignRecipients).toBeUndefined();
    expect(await t.deps.db.campaignRecipient.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the sender dies mid-batch, then the job resumes: the rest are mailed, the claimed ones are failed and nobody gets two mails', async () => {
    // Arrange: a send whose process died right after claiming its first mails.
    const org = await seedPlanOrg('pro');
    const emails = await seedLeads(org, MAILS_IN_FLIGHT + 10);
    const campaign = await createCampaign(org);
    await queueCampaign(t.deps, { orgId: org.id, campaignId: campaign.id, audience: {} });
    const cutOff = await claimRecipients(t.deps, { orgId: org.id, campaignId: campaign.id, limit: MAILS_IN_FLIGHT });
    // Act: a restarted process runs the job at boot, then again once the cut-off claims are stale.
    await runCampaignSender(t.deps);
    await campaignSendersIdle(t.deps);
    const beforeStale = await getCampaign(org, campaign.id);
    t.clock.advance(STALE_SENDING_MS + 1_000);
    const second = await runCampaignSender(t.deps);
    await campaignSendersIdle(t.deps);
    // Assert
    expect(cutOff).toHaveLength(MAILS_IN_FLIGHT);
    expect(beforeStale).toMatchObject({ status: 'sending', counts: { pending: MAILS_IN_FLIGHT, sent: 10 } });
    expect(second.started).toBe(1);
    const done = await getCampaign(org, campaign.id);
    expect(done).toMatchObject({ status: 'sent', counts: { pending: 0, sent: 10, failed: MAILS_IN_FLIGHT } });
    const failed = await t.deps.db.campaignRecipient.findMany({
      where: { orgId: org.id, campaignId: campaign.id, status: 'failed' },
      select: { id: true, error: true, sentAt: true },
    });
    expect(failed.map((row) => row.id).sort()).toEqual(cutOff.map((row) => row.id).sort());
    expect(failed.every((row) => row.error === CUT_OFF_REASON && row.sentAt === null)).toBe(true);
    const cutOffEmails = new Set(cutOff.map((row) => row.email));
    expect(emails.map(mailsTo)).toEqual(emails.map((email) => (cutOffEmails.has(email) ? 0 : 1)));
    expect(await emailsUsed(org.id)).toBe(1);
    // A later run finds nothing to do.
    expect(await runCampaignSender(t.deps)).toEqual({ campaigns: 0, started: 0 });
  });

  it('when two senders work on one campaign at once, then each recipient is claimed and mailed exactly once, with one heartbeat per batch', async () => {
    // Arrange
    const org = await seedPlanOrg('pro');
    const emails = await seedLeads(org, SEND_BATCH_SIZE + 50);
    const campaign = await createCampaign(org);
    await queueCampaign(t.deps, { orgId: org.id, campaignId: campaign.id, audience: {} });
    // Act: two senders, as two API instances would run them.
    const ref = { orgId: org.id, campaignId: campaign.id, actorId: null };
    const [a, b] = await Promise.all([drainCampaign(t.deps, ref), drainCampaign(t.deps, ref)]);
    // Assert
    expect(a.sent + b.sent).toBe(emails.length);
    expect(emails.map(mailsTo)).toEqual(emails.map(() => 1));
    expect(a.heartbeats).toBe(a.batches);
    expect(b.heartbeats).toBe(b.batches);
    expect(a.batches + b.batches).toBeLessThanOrEqual(2 * Math.ceil(emails.length / SEND_BATCH_SIZE));
    expect(await getCampaign(org, campaign.id)).toMatchObject({
      status: 'sent',
      counts: { pending: 0, sent: emails.length, failed: 0 },
    });
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id, kind: 'email' } })).toBe(emails.length);
  }, 120_000);

  it('when one sender sends a campaign of 250, then it takes 2 batches and beats the heartbeat twice', async () => {
    // Arrange
    const org = await seedPlanOrg('pro');
    await seedLeads(org, SEND_BATCH_SIZE + 50);
    const campaign = await createCampaign(org);
    await queueCampaign(t.deps, { orgId: org.id, campaignId: campaign.id, audience: {} });
    // Act
    const stats = await drainCampaign(t.deps, { orgId: org.id, campaignId: campaign.id, actorId: null });
    // Assert
    expect(stats).toMatchObject({ batches: 2, heartbeats: 2, sent: 250, failed: 0, skipped: 0 });
    expect(stats.claims).toBe(250 / CLAIM_SIZE);
  }, 120_000);

  it('when leads unsubscribed before or during the send, then they are skipped and not mailed', async () => {
    // Arrange
    const org = await seedPlanOrg('pro');
    const before = await seedLeads(org, 2, { unsubscribedAt: new Date() });
    const emails = await seedLeads(org, 3);
    const campaign = await createCampaign(org);
    await queueCampaign(t.deps, { orgId: org.id, campaignId: campaign.id, audience: {} });
    await t.deps.db.lead.updateMany({
      where: { orgId: org.id, email: emails[0] },
      data: { unsubscribedAt: new Date() },
    });
    // Act
    await runCampaignSender(t.deps);
    await campaignSendersIdle(t.deps);
    // Assert
    expect(await getCampaign(org, campaign.id)).toMatchObject({
      status: 'sent',
      counts: { pending: 0, sent: 2, failed: 0, skipped: 3 },
    });
    expect([...before, ...emails].map(mailsTo)).toEqual([0, 0, 0, 1, 1]);
  });

  it('when every mail of a campaign fails, then its email is given back', async () => {
    // Arrange: the SMTP server refuses reject-* mailboxes.
    const org = await seedPlanOrg('pro');
    await seedLeads(org, 3, { label: 'reject-x' });
    const campaign = await createCampaign(org);
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    const usedWhileSending = await emailsUsed(org.id);
    await campaignSendersIdle(t.deps);
    // Assert
    expect(res.status).toBe(200);
    expect(usedWhileSending).toBe(1);
    expect(await getCampaign(org, campaign.id)).toMatchObject({ status: 'sent', counts: { sent: 0, failed: 3 } });
    expect(await emailsUsed(org.id)).toBe(0);
    const [row] = await t.deps.db.campaignRecipient.findMany({ where: { orgId: org.id }, select: { error: true } });
    expect(row?.error).toMatch(/550/);
  });

  it('when sent while already sending, then it answers 409 and starts nothing new', async () => {
    // Arrange
    const org = await seedPlanOrg('pro');
    await seedLeads(org, 2);
    const campaign = await createCampaign(org);
    await queueCampaign(t.deps, { orgId: org.id, campaignId: campaign.id, audience: {} });
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/being sent right now/);
    expect(await emailsUsed(org.id)).toBe(1);
    await runCampaignSender(t.deps);
    await campaignSendersIdle(t.deps);
  });
});

describe('audienceSql', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when recipients are chosen in SQL, then they are the leads the preview counts, for every filter field', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const old = new Date('2026-01-01T00:00:00.000Z');
    const rows = [
      {
        name: 'Ann 50%',
        company: 'Initech',
        stage: 'new',
        priority: 'high',
        tags: ['vip'],
        source: 'LinkedIn',
        score: 80,
      },
      {
        name: 'Bob_x',
        company: 'Acme',
        stage: 'contacted',
        priority: 'low',
        tags: ['vip', 'b'],
        source: 'linkedin',
        score: 40,
      },
      {
        name: 'Cy',
        company: 'ACME Ltd',
        stage: 'won',
        priority: 'medium',
        tags: [],
        source: 'web',
        score: 100,
        lastActivityAt: old,
      },
      { name: 'Dee', company: '', stage: 'new', priority: 'medium', tags: ['b'], source: '', score: 55, email: null },
      {
        name: 'Eve',
        company: 'Bxb',
        stage: 'lost',
        priority: 'high',
        tags: [],
        source: 'Web',
        score: 0,
        ownerId: org.owner.id,
      },
    ] as const;
    for (const row of rows)
      await t.deps.db.lead.create({
        data: { orgId: org.id, email: uniqueEmail('aud'), ...row, tags: [...row.tags] },
      });
    await t.deps.db.lead.create({ data: { orgId: other.id, name: 'Ann other org', email: uniqueEmail('x') } });
    const audiences: CampaignAudience[] = [
      {},
      { q: 'acme' },
      { q: '%' },
      { q: 'b_x' },
      { stage: ['new', 'won'] },
      { priority: ['high'] },
      { ownerId: org.owner.id },
      { tag: 'vip' },
      { source: 'LINKEDIN' },
      { source: 'w%' },
      { minScore: 55 },
      { inactiveSince: '2026-06-01T00:00:00.000Z' },
      { tag: 'b', stage: ['contacted'], minScore: 10 },
    ];
    for (const audience of audiences) {
      // Act
      const viaPrisma = await t.deps.db.lead.findMany({
        where: audienceLeadsWhere(org.id, audience),
        select: { id: true },
      });
      const viaSql = await t.deps.db.$queryRaw<
        { id: string }[]
      >`SELECT l.id FROM "Lead" l WHERE ${audienceSql(org.id, audience)}`;
      // Assert
      expect({ audience, ids: viaSql.map((row) => row.id).sort() }).toEqual({
        audience,
        ids: viaPrisma.map((row) => row.id).sort(),
      });
    }
  });
});
