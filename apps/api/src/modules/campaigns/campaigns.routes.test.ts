import request from 'supertest';
import type { Campaign, CampaignRecipient } from '@aiceo/shared/campaigns';
import { addMember, bearer, seedOrg, uniqueEmail, type SeededOrg } from '../../testing/seed';
import { parseMail as parseMailParts } from '../../testing/mail-parts';
import { startTestSmtpServer } from '../../testing/smtp-server';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { campaignSendersIdle, runCampaignSender } from './campaign-sending.service';

type Received = { to: string[]; headers: Map<string, string>; text: string };

/** Header lines unfolded and keyed lower-case; `text` is the plain-text part, decoded. */
const parseMail = (raw: string, to: string[]): Received => {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  // The plain-text part (campaign mails are multipart: plain text and HTML).
  const plain = parseMailParts(raw).parts.find((part) => part.contentType.startsWith('text/plain'));
  return { to, headers, text: (plain?.text ?? '').replace(/\r\n/g, '\n') };
};

/** A real SMTP server on 127.0.0.1 that keeps what it receives and rejects recipients named reject-*. */
const startSmtpServer = async () => {
  const server = await startTestSmtpServer();
  const mailTo = (email: string) =>
    server.received.filter((m) => m.to.includes(email)).map((m) => parseMail(m.raw, m.to));
  return { port: server.port, close: server.close, mailTo };
};

const unsubscribeLinkPattern = /http:\/\/localhost:5173\/api\/unsubscribe\/[A-Za-z0-9_-]+/;

const base = (orgId: string) => `/api/orgs/${orgId}/campaigns`;

const seedLead = (
  t: TestContext,
  orgId: string,
  data: {
    name: string;
    email?: string | null;
    company?: string;
    title?: string;
    tags?: string[];
    unsubscribedAt?: Date;
  },
) =>
  t.deps.db.lead.create({
    data: {
      orgId,
      name: data.name,
      email: data.email === undefined ? uniqueEmail('lead') : data.email,
      company: data.company ?? '',
      title: data.title ?? '',
      tags: data.tags ?? [],
      unsubscribedAt: data.unsubscribedAt ?? null,
    },
    select: { id: true, email: true },
  });

const emailsUsed = async (t: TestContext, orgId: string) =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'emails' } }))?.used ?? 0;

const createCampaign = async (t: TestContext, org: SeededOrg, body: object) => {
  const res = await request(t.app)
    .post(base(org.id))
    .set(bearer(org.owner.token))
    .send({
      name: 'Launch',
      subject: 'Hi {{firstName}} from {{org}}',
      body: 'Hello {{name}} at {{company|your company}}.',
      audience: {},
      ...body,
    });
  expect(res.status).toBe(201);
  return res.body as Campaign;
};

const recipientsOf = async (t: TestContext, org: SeededOrg, campaignId: string) => {
  const res = await request(t.app)
    .get(`${base(org.id)}/${campaignId}/recipients`)
    .set(bearer(org.owner.token));
  expect(res.status).toBe(200);
  return res.body.items as CampaignRecipient[];
};

describe('POST /api/orgs/:orgId/campaigns/:campaignId/send (over a real SMTP server)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestContext({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'AI CEO <no-reply@aiceo.test>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const seedProOrg = async () => {
    const org = await seedOrg(t.deps, { name: 'Acme Growth' });
    await t.deps.db.organization.update({ where: { id: org.id }, data: { plan: 'pro' } });
    return org;
  };

  it('when an admin sends a campaign, then each lead of the audience gets its own mail, a rejected one is logged failed and only sent mails count', async () => {
    // Arrange
    const org = await seedProOrg();
    const ann = await seedLead(t, org.id, { name: 'Ann Lee', company: 'Initech', title: 'CTO', tags: ['vip'] });
    const bob = await seedLead(t, org.id, { name: 'Bob', tags: ['vip'] });
    const rejected = await seedLead(t, org.id, { name: 'Carl', email: uniqueEmail('reject-carl'), tags: ['vip'] });
    const outsider = await seedLead(t, org.id, { name: 'Dora', tags: ['other'] });
    await seedLead(t, org.id, { name: 'No Mail', email: null, tags: ['vip'] });
    const campaign = await createCampaign(t, org, {
      audience: { tag: 'vip' },
      body: 'Hello {{name}} at {{company|your company}} ({{title}}).',
    });
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    await campaignSendersIdle(t.deps);
    // Assert: the send answers at once; the mails go out in the background.
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('sending');
    const final = await request(t.app)
      .get(`${base(org.id)}/${campaign.id}`)
      .set(bearer(org.owner.token));
    expect(final.body).toMatchObject({ status: 'sent', counts: { pending: 0, sent: 2, failed: 1, skipped: 0 } });
    expect(final.body.sentAt).toEqual(expect.any(String));
    const [annMail] = smtp.mailTo(ann.email ?? '');
    expect(annMail?.headers.get('subject')).toBe('Hi Ann from Acme Growth');
    expect(annMail?.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    expect(annMail?.text).toContain('Hello Ann Lee at Initech (CTO).');
    const headerLink = annMail?.headers.get('list-unsubscribe') ?? '';
    expect(headerLink).toMatch(new RegExp(`^<${unsubscribeLinkPattern.source}>$`));
    expect(annMail?.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(annMail?.text).toContain(`Unsubscribe: ${headerLink.slice(1, -1)}`);
    expect(smtp.mailTo(bob.email ?? '')[0]?.text).toContain('Hello Bob at your company ().');
    expect(smtp.mailTo(rejected.email ?? '')).toEqual([]);
    expect(smtp.mailTo(outsider.email ?? '')).toEqual([]);
    const log = await recipientsOf(t, org, campaign.id);
    expect(log).toHaveLength(3);
    expect(log.find((r) => r.email === ann.email)).toMatchObject({
      leadId: ann.id,
      status: 'sent',
      error: null,
      sentAt: t.clock.now().toISOString(),
    });
    expect(log.find((r) => r.email === rejected.email)).toMatchObject({
      status: 'failed',
      sentAt: null,
      error: expect.stringMatching(/550.*Mailbox unavailable/),
    });
    // A campaign counts as one email, whatever its audience.
    expect(await emailsUsed(t, org.id)).toBe(1);
    const annLead = await t.deps.db.lead.findUniqueOrThrow({
      where: { id: ann.id },
      select: { activityCount: true, lastActivityAt: true, score: true },
    });
    // Base 50 + medium priority 10 + company 10 + activity 15.
    expect(annLead).toEqual({ activityCount: 1, lastActivityAt: t.clock.now(), score: 85 });
    const activities = await t.deps.db.leadActivity.findMany({ where: { orgId: org.id, leadId: ann.id } });
    expect(activities).toEqual([
      expect.objectContaining({
        kind: 'email',
        actorId: org.owner.id,
        summary: 'Campaign "Launch": Hi Ann from Acme Growth',
      }),
    ]);
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id, leadId: rejected.id } })).toBe(0);
  });

  it('when a lead unsubscribes through the link (GET shows a form, POST unsubscribes), then the next campaign skips it', async () => {
    // Arrange
    const org = await seedProOrg();
    const leaving = await seedLead(t, org.id, { name: 'Lea Ving' });
    const staying = await seedLead(t, org.id, { name: 'Stay Ing' });
    const first = await createCampaign(t, org, {});
    await request(t.app)
      .post(`${base(org.id)}/${first.id}/send`)
      .set(bearer(org.owner.token))
      .expect(200);
    await campaignSendersIdle(t.deps);
    const link = smtp.mailTo(leaving.email ?? '')[0]?.text.match(unsubscribeLinkPattern)?.[0] ?? '';
    const path = new URL(link).pathname;
    // Act
    const page = await request(t.app).get(path);
    const leadAfterGet = await t.deps.db.lead.findUniqueOrThrow({
      where: { id: leaving.id },
      select: { unsubscribedAt: true },
    });
    const done = await request(t.app).post(path);
    const second = await createCampaign(t, org, { name: 'Follow-up' });
    await request(t.app)
      .post(`${base(org.id)}/${second.id}/send`)
      .set(bearer(org.owner.token))
      .expect(200);
    await campaignSendersIdle(t.deps);
    const sent = await request(t.app)
      .get(`${base(org.id)}/${second.id}`)
      .set(bearer(org.owner.token));
    // Assert
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<form method="post">');
    expect(page.text).toContain(leaving.email);
    expect(leadAfterGet.unsubscribedAt).toBeNull();
    expect(done.status).toBe(200);
    expect(done.text).toContain('You are unsubscribed');
    expect((await t.deps.db.lead.findUniqueOrThrow({ where: { id: leaving.id } })).unsubscribedAt).toEqual(
      t.clock.now(),
    );
    expect(sent.body.counts).toMatchObject({ pending: 0, sent: 1, failed: 0, skipped: 1 });
    expect(smtp.mailTo(leaving.email ?? '')).toHaveLength(1);
    expect(smtp.mailTo(staying.email ?? '')).toHaveLength(2);
    expect((await recipientsOf(t, org, second.id)).find((r) => r.leadId === leaving.id)).toMatchObject({
      status: 'skipped',
      sentAt: null,
    });
    expect(await emailsUsed(t, org.id)).toBe(2);
  });

  it('when the month’s emails are used up, then it answers 402 and sends nothing', async () => {
    // Arrange: the free plan allows 3 emails a month (a campaign counts as one), all used.
    const org = await seedOrg(t.deps);
    const leads = await Promise.all([1, 2, 3, 4].map((n) => seedLead(t, org.id, { name: `Lead ${n}` })));
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: t.clock.now().toISOString().slice(0, 7), resource: 'emails', used: 3 },
    });
    const campaign = await createCampaign(t, org, {});
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { resource: 'emails', limit: 3, used: 3 },
    });
    expect(leads.flatMap((lead) => smtp.mailTo(lead.email ?? ''))).toEqual([]);
    expect(await t.deps.db.campaignRecipient.count({ where: { orgId: org.id } })).toBe(0);
    expect((await t.deps.db.emailCampaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe('draft');
    expect(await emailsUsed(t, org.id)).toBe(3);
  });

  it('when a sent campaign is sent, changed or deleted again, then it answers 409 and mails nobody twice', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await seedLead(t, org.id, { name: 'Once' });
    const campaign = await createCampaign(t, org, {});
    await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token))
      .expect(200);
    await campaignSendersIdle(t.deps);
    // Act
    const again = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    const patch = await request(t.app)
      .patch(`${base(org.id)}/${campaign.id}`)
      .set(bearer(org.owner.token))
      .send({ name: 'Changed' });
    const remove = await request(t.app)
      .delete(`${base(org.id)}/${campaign.id}`)
      .set(bearer(org.owner.token));
    // Assert
    expect([again.status, patch.status, remove.status]).toEqual([409, 409, 409]);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(smtp.mailTo(lead.email ?? '')).toHaveLength(1);
    expect(await emailsUsed(t, org.id)).toBe(1);
  });

  it('when a send was cut off mid-way, then a second send answers 409 and the campaign-sender job mails only the pending recipients', async () => {
    // Arrange: a send whose process died after the first mail.
    const org = await seedOrg(t.deps);
    const done = await seedLead(t, org.id, { name: 'Done' });
    const left = await seedLead(t, org.id, { name: 'Left' });
    const campaign = await createCampaign(t, org, {});
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: t.clock.now().toISOString().slice(0, 7), resource: 'emails', used: 1 },
    });
    await t.deps.db.emailCampaign.update({
      where: { id: campaign.id },
      data: { status: 'sending', updatedAt: t.clock.now() },
    });
    await t.deps.db.campaignRecipient.createMany({
      data: [
        {
          orgId: org.id,
          campaignId: campaign.id,
          leadId: done.id,
          email: done.email ?? '',
          status: 'sent',
          sentAt: t.clock.now(),
        },
        { orgId: org.id, campaignId: campaign.id, leadId: left.id, email: left.email ?? '', status: 'pending' },
      ],
    });
    // Act
    const whileRunning = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    await runCampaignSender(t.deps);
    await campaignSendersIdle(t.deps);
    const resumed = await request(t.app)
      .get(`${base(org.id)}/${campaign.id}`)
      .set(bearer(org.owner.token));
    // Assert
    expect(whileRunning.status).toBe(409);
    expect(resumed.body).toMatchObject({ status: 'sent', counts: { pending: 0, sent: 2, failed: 0, skipped: 0 } });
    expect(smtp.mailTo(done.email ?? '')).toEqual([]);
    expect(smtp.mailTo(left.email ?? '')).toHaveLength(1);
    expect(await emailsUsed(t, org.id)).toBe(1);
  });

  it('when a member sends, then it answers 403 and mails nobody', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const lead = await seedLead(t, org.id, { name: 'Nobody' });
    const campaign = await createCampaign(t, org, {});
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(member.token));
    // Assert
    expect(res.status).toBe(403);
    expect(smtp.mailTo(lead.email ?? '')).toEqual([]);
  });
});

describe('/api/unsubscribe/:token', () => {
  let t: TestContext;
  let org: SeededOrg;
  beforeAll(async () => {
    t = await createTestContext();
    org = await seedOrg(t.deps);
  });
  afterAll(() => t.close());

  const linkFor = async (leadId: string) => {
    const campaign = await createCampaign(t, org, { audience: { q: 'Link' } });
    const preview = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/preview`)
      .set(bearer(org.owner.token));
    const sample = (preview.body.sample as { leadId: string; body: string }[]).find((s) => s.leadId === leadId);
    return new URL(sample?.body.match(unsubscribeLinkPattern)?.[0] ?? 'http://x').pathname;
  };

  it('when the token is not one we signed (garbage or altered), then GET and POST answer a 404 page and change nothing', async () => {
    // Arrange
    const lead = await seedLead(t, org.id, { name: 'Link Tamper' });
    const path = await linkFor(lead.id);
    const altered = `${path.slice(0, -2)}${path.endsWith('AA') ? 'BB' : 'AA'}`;
    // Act
    const answers = await Promise.all([
      request(t.app).get('/api/unsubscribe/nonsense'),
      request(t.app).post('/api/unsubscribe/nonsense'),
      request(t.app).post(altered),
    ]);
    // Assert
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('not valid');
    }
    expect((await t.deps.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).unsubscribedAt).toBeNull();
  });

  it('when a mail client posts the RFC 8058 one-click body, then the lead is unsubscribed', async () => {
    // Arrange
    const lead = await seedLead(t, org.id, { name: 'Link Oneclick' });
    const path = await linkFor(lead.id);
    // Act: a form body, which app.ts lets through to this route only.
    const res = await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click');
    // Assert
    expect(res.status).toBe(200);
    expect((await t.deps.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).unsubscribedAt).toEqual(t.clock.now());
  });

  it('when the lead already unsubscribed, then GET says so without a form and POST keeps the first time', async () => {
    // Arrange
    const lead = await seedLead(t, org.id, { name: 'Link Twice' });
    const path = await linkFor(lead.id);
    await request(t.app).post(path).expect(200);
    const first = t.clock.now();
    t.clock.advance(60_000);
    // Act
    const page = await request(t.app).get(path);
    await request(t.app).post(path).expect(200);
    // Assert
    expect(page.text).toContain('You are unsubscribed');
    expect(page.text).not.toContain('<form');
    expect((await t.deps.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).unsubscribedAt).toEqual(first);
  });
});

describe('campaigns API', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when an admin creates, reads, lists, changes and deletes a draft, then each answers the campaign', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    // Act
    const created = await request(t.app)
      .post(base(org.id))
      .set(bearer(admin.token))
      .send({
        name: ' Spring ',
        subject: 'Hello {{ firstName }}',
        body: 'Body {{unsubscribeUrl}}',
        audience: { stage: 'new,contacted', minScore: 10 },
      });
    const id = (created.body as Campaign).id;
    const got = await request(t.app)
      .get(`${base(org.id)}/${id}`)
      .set(bearer(admin.token));
    const patched = await request(t.app)
      .patch(`${base(org.id)}/${id}`)
      .set(bearer(admin.token))
      .send({ name: 'Summer', audience: { tag: 'vip' } });
    const listed = await request(t.app).get(base(org.id)).set(bearer(admin.token));
    const removed = await request(t.app)
      .delete(`${base(org.id)}/${id}`)
      .set(bearer(admin.token));
    const gone = await request(t.app)
      .get(`${base(org.id)}/${id}`)
      .set(bearer(admin.token));
    // Assert
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Spring',
      status: 'draft',
      audience: { stage: ['new', 'contacted'], minScore: 10 },
      counts: { pending: 0, sent: 0, failed: 0, skipped: 0 },
      sentAt: null,
    });
    expect(got.body).toEqual(created.body);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Summer', subject: 'Hello {{ firstName }}', audience: { tag: 'vip' } });
    expect(listed.body).toEqual({ items: [patched.body], nextCursor: null });
    expect(removed.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('when a template uses unknown variables, then create and update answer 400 naming them', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const campaign = await createCampaign(t, org, {});
    // Act
    const created = await request(t.app)
      .post(base(org.id))
      .set(bearer(org.owner.token))
      .send({ name: 'x', subject: 'Hi {{nmae}}', body: '{{fisrtName}} {{company}}', audience: {} });
    const patched = await request(t.app)
      .patch(`${base(org.id)}/${campaign.id}`)
      .set(bearer(org.owner.token))
      .send({ body: 'Dear {{ceo}}' });
    // Assert
    expect(created.status).toBe(400);
    const issues = created.body.error.details.issues as { path: string; message: string }[];
    expect(issues.find((i) => i.path === 'subject')?.message).toContain('{{nmae}}');
    expect(issues.find((i) => i.path === 'body')?.message).toMatch(/^Unknown variables: \{\{fisrtName\}\} \(/);
    expect(patched.status).toBe(400);
    expect(patched.body.error.details.issues[0].message).toContain('{{ceo}}');
  });

  it('when a campaign is previewed, then it answers the audience size and the first mails rendered per lead, without the unsubscribed', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Preview Org' });
    const first = await seedLead(t, org.id, { name: 'Pat <b>Bold</b>', company: 'Pat & Co', tags: ['p'] });
    await seedLead(t, org.id, { name: 'Gone', tags: ['p'], unsubscribedAt: new Date() });
    await Promise.all([1, 2, 3, 4, 5].map((n) => seedLead(t, org.id, { name: `Other ${n}`, tags: ['p'] })));
    await seedLead(t, org.id, { name: 'No Mail', email: null, tags: ['p'] });
    const campaign = await createCampaign(t, org, {
      audience: { tag: 'p' },
      subject: '{{company|you}} news',
      body: 'Hi {{name}}',
    });
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/preview`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ audienceCount: 6, unsubscribedCount: 1 });
    expect(res.body.sample).toHaveLength(5);
    expect(res.body.sample[0]).toMatchObject({ leadId: first.id, email: first.email, subject: 'Pat & Co news' });
    expect(res.body.sample[0].body).toMatch(
      new RegExp(
        `^Hi Pat <b>Bold</b>\\n\\n--\\nYou received this email from Preview Org\\. Unsubscribe: ${unsubscribeLinkPattern.source}$`,
      ),
    );
    expect(res.body.sample[1].subject).toBe('you news');
    expect(await t.deps.db.campaignRecipient.count({ where: { campaignId: campaign.id } })).toBe(0);
  });

  it('when SMTP is not configured, then a send leaves each mail in the outbox and logs the recipients sent', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await seedLead(t, org.id, { name: 'Outbox Olga' });
    const campaign = await createCampaign(t, org, {});
    // Act
    await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token))
      .expect(200);
    await campaignSendersIdle(t.deps);
    const res = await request(t.app)
      .get(`${base(org.id)}/${campaign.id}`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.body).toMatchObject({ status: 'sent', counts: { sent: 1 } });
    const mail = await t.deps.db.mailOutbox.findFirstOrThrow({ where: { to: lead.email ?? '' } });
    expect(mail).toMatchObject({ transport: 'outbox', subject: `Hi Outbox from ${org.name}`, sentAt: null });
    expect(mail.text).toMatch(unsubscribeLinkPattern);
  });

  it('when a member reads, then lists, campaigns and the log answer 200; creating, changing, previewing, sending and deleting answer 403', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const campaign = await createCampaign(t, org, {});
    const path = `${base(org.id)}/${campaign.id}`;
    // Act
    const reads = await Promise.all(
      [request(t.app).get(base(org.id)), request(t.app).get(path), request(t.app).get(`${path}/recipients`)].map((r) =>
        r.set(bearer(member.token)),
      ),
    );
    const writes = await Promise.all(
      [
        request(t.app).post(base(org.id)).send({ name: 'x', subject: 'x', body: 'x', audience: {} }),
        request(t.app).patch(path).send({ name: 'y' }),
        request(t.app).post(`${path}/preview`),
        request(t.app).post(`${path}/send`),
        request(t.app).delete(path),
      ].map((r) => r.set(bearer(member.token))),
    );
    // Assert
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(writes.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await t.deps.db.emailCampaign.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when inputs are invalid, then every route answers 400 VALIDATION_FAILED', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const campaign = await createCampaign(t, org, {});
    const path = `${base(org.id)}/${campaign.id}`;
    const badId = `${base(org.id)}/not-a-uuid`;
    // Act
    const answers = await Promise.all(
      [
        request(t.app).get(`${base(org.id)}?limit=0`),
        request(t.app)
          .post(base(org.id))
          .send({ name: '', subject: 'a\nb', body: '', audience: { stage: 'nope' } }),
        request(t.app).post(base(org.id)).send({ name: 'No audience', subject: 's', body: 'b' }),
        request(t.app).get(badId),
        request(t.app)
          .patch(path)
          .send({ audience: { minScore: 500 } }),
        request(t.app).delete(badId),
        request(t.app).post(`${badId}/preview`),
        request(t.app).post(`${badId}/send`),
        request(t.app).get(`${path}/recipients?status=lost`),
        request(t.app).get(`${base(org.id)}?cursor=not-a-uuid`),
        request(t.app).get(`${path}/recipients?limit=101`),
        request(t.app).get(`${path}/recipients?cursor=not-a-uuid`),
      ].map((r) => r.set(bearer(org.owner.token))),
    );
    // Assert
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('when the log has more recipients than a page, then the cursor walks it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await Promise.all([1, 2, 3].map((n) => seedLead(t, org.id, { name: `Paged ${n}` })));
    const campaign = await createCampaign(t, org, {});
    await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token))
      .expect(200);
    await campaignSendersIdle(t.deps);
    const path = `${base(org.id)}/${campaign.id}/recipients`;
    // Act
    const first = await request(t.app).get(`${path}?limit=2`).set(bearer(org.owner.token));
    const second = await request(t.app)
      .get(`${path}?limit=2&cursor=${first.body.nextCursor as string}`)
      .set(bearer(org.owner.token));
    const failedOnly = await request(t.app).get(`${path}?status=failed`).set(bearer(org.owner.token));
    // Assert
    expect(first.body.items).toHaveLength(2);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(second.body.items).toHaveLength(1);
    expect(new Set([...first.body.items, ...second.body.items].map((r: CampaignRecipient) => r.email)).size).toBe(3);
    expect(failedOnly.body.items).toEqual([]);
  });
});
