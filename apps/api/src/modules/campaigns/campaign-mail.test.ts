import request from 'supertest';
import type { Branding } from '@aiceo/shared/branding';
import type { Campaign, CampaignRecipient, TestSendResult } from '@aiceo/shared/campaigns';
import { randomToken, sha256 } from '../../lib/crypto';
import { mailPart, parseMail } from '../../testing/mail-parts';
import { addMember, bearer, seedOrg, seedUser, uniqueEmail, type SeededOrg } from '../../testing/seed';
import { startTestSmtpServer } from '../../testing/smtp-server';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { buildCampaignMail, loadCampaignBrand } from './campaign-mail';

const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const trackedLinkPattern = /http:\/\/localhost:5173\/api\/r\/[A-Za-z0-9_-]+/g;
const base = (orgId: string) => `/api/orgs/${orgId}/campaigns`;

const seedLead = (
  t: TestContext,
  orgId: string,
  data: { name: string; email?: string; company?: string; tags?: string[] },
) =>
  t.deps.db.lead.create({
    data: {
      orgId,
      name: data.name,
      email: data.email ?? uniqueEmail('lead'),
      company: data.company ?? '',
      tags: data.tags ?? [],
    },
    select: { id: true, email: true, name: true, company: true, title: true },
  });

const createCampaign = async (t: TestContext, org: SeededOrg, body: object = {}) => {
  const res = await request(t.app)
    .post(base(org.id))
    .set(bearer(org.owner.token))
    .send({
      name: 'Spring Offer!',
      subject: 'Hi {{firstName}} from {{org}}',
      body: 'Hello {{name}} at {{company|your company}},\n\nSee https://shop.example.test/offer?ref=mail.\nSecond line\n\nBye',
      audience: {},
      ...body,
    });
  expect(res.status).toBe(201);
  return res.body as Campaign;
};

const setBranding = (t: TestContext, org: SeededOrg, body: object) =>
  request(t.app)
    .put(`/api/orgs/${org.id}/branding`)
    .set(bearer(org.owner.token))
    .send({ brandColor: '', logoUrl: '', emailFromName: '', emailReplyTo: '', ...body });

const linksIn = (text: string) => [...text.matchAll(trackedLinkPattern)].map((m) => m[0]);
const pathOf = (url: string) => new URL(url).pathname;

describe('campaign mail over a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let t: TestContext;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestContext({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'AI CEO <no-reply@aiceo.test>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  const rawTo = (email: string) => smtp.received.filter((m) => m.to.includes(email)).map((m) => m.raw);

  it('when a test mail is sent, then the caller gets a branded multipart/alternative mail: From name, Reply-To, escaped values, tracked links, nothing counted', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Acme & Sons' });
    await setBranding(t, org, {
      brandColor: '#0A7B45',
      logoUrl: 'https://cdn.example.test/logo.png',
      emailFromName: 'Ann at Acme',
      emailReplyTo: 'Sales@Acme.example.test',
    }).expect(200);
    const lead = await seedLead(t, org.id, { name: '<script>alert(1)</script> Eve', company: 'Tom & "Jerry"' });
    const campaign = await createCampaign(t, org);
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/test-send`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual<TestSendResult>({
      to: org.owner.email,
      subject: '[Test] Hi <script>alert(1)</script> from Acme & Sons',
      sampleLeadId: lead.id,
      sampleName: lead.name,
      status: 'sent',
      error: null,
    });
    const [raw] = rawTo(org.owner.email);
    expect(raw).toBeDefined();
    const mail = parseMail(raw ?? '');
    expect(mail.headers).toMatch(/^Content-Type: multipart\/alternative;/im);
    expect(mail.parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html']);
    expect(mail.headers).toMatch(/^From: "?Ann at Acme"? <no-reply@aiceo\.test>$/m);
    expect(mail.headers).toMatch(/^Reply-To: sales@acme\.example\.test$/m);
    expect(mail.subject).toBe('[Test] Hi <script>alert(1)</script> from Acme & Sons');
    expect(mail.headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:5173\/api\/unsubscribe\/test-mail>$/m);
    expect(mail.headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

    const text = mailPart(raw ?? '', 'text/plain') ?? '';
    expect(text).toMatch(
      /^Hello <script>alert\(1\)<\/script> Eve at Tom & "Jerry",\n\nSee http:\/\/localhost:5173\/api\/r\/[\w-]+\.\nSecond line\n\nBye\n\n--\nYou received this email from Acme & Sons\. Unsubscribe: http:\/\/localhost:5173\/api\/unsubscribe\/test-mail\n?$/,
    );

    const html = mailPart(raw ?? '', 'text/html') ?? '';
    expect(html).not.toContain('<script>');
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt; Eve at Tom &amp; &quot;Jerry&quot;,</p>');
    expect(html).toMatch(
      /<p [^>]*>See <a href="http:\/\/localhost:5173\/api\/r\/[\w-]+" [^>]*>https:\/\/shop\.example\.test\/offer\?ref=mail<\/a>\.<br>\nSecond line<\/p>/,
    );
    expect(html).toMatch(/<p [^>]*>Bye<\/p>/);
    expect(html).toContain('<img src="https://cdn.example.test/logo.png" alt="Acme &amp; Sons"');
    expect(html).toContain('border-top:4px solid #0a7b45');
    expect(html).toContain('max-width:600px');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toMatch(
      /You received this email from Acme &amp; Sons\. <a href="http:\/\/localhost:5173\/api\/unsubscribe\/test-mail"/,
    );
    // The same tracked link in both parts; it leads to the target with the campaign's UTM, counting nothing.
    const [link] = linksIn(text);
    expect(linksIn(html)).toEqual([link]);
    const click = await request(t.app)
      .get(pathOf(link ?? ''))
      .set('user-agent', BROWSER);
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe(
      `https://shop.example.test/offer?ref=mail&utm_source=email&utm_medium=email&utm_campaign=spring-offer&utm_content=campaign-${campaign.id}`,
    );
    expect(await t.deps.db.campaignRecipient.count({ where: { campaignId: campaign.id } })).toBe(0);
    expect((await t.deps.db.usageCounter.findFirst({ where: { orgId: org.id, resource: 'emails' } }))?.used ?? 0).toBe(
      0,
    );
    const stored = await t.deps.db.emailCampaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(stored.status).toBe('draft');
    const touched = await t.deps.db.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(touched.lastTouch).toBeNull();
  });

  it('when the test mail is refused by the SMTP server, then the answer says failed with the reason', async () => {
    // Arrange
    const owner = await seedUser(t.deps, { email: uniqueEmail('reject-owner'), name: 'Rita Reject' });
    const org = await seedOrg(t.deps, { owner });
    const campaign = await createCampaign(t, org, { audience: { tag: 'nobody-has-this' } });
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/test-send`)
      .set(bearer(owner.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      to: owner.email,
      status: 'failed',
      sampleLeadId: null,
      sampleName: 'Rita Reject',
    });
    expect(res.body.error).toMatch(/Mailbox unavailable/);
  });

  it('when a campaign is sent, then each recipient gets the HTML and text parts with its own tracked links and unsubscribe link', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Sender Org' });
    await t.deps.db.organization.update({ where: { id: org.id }, data: { plan: 'pro' } });
    await setBranding(t, org, { emailFromName: 'Sender Team', emailReplyTo: 'team@sender.example.test' }).expect(200);
    const ann = await seedLead(t, org.id, { name: 'Ann', tags: ['go'] });
    const bob = await seedLead(t, org.id, { name: 'Bob', tags: ['go'] });
    const campaign = await createCampaign(t, org, { audience: { tag: 'go' } });
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/send`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    const sent = async () =>
      (
        await request(t.app)
          .get(`${base(org.id)}/${campaign.id}`)
          .set(bearer(org.owner.token))
      ).body as Campaign;
    for (let i = 0; i < 100 && (await sent()).counts.sent < 2; i += 1) await new Promise((r) => setTimeout(r, 100));
    const mails = [ann, bob].map((lead) => rawTo(lead.email ?? '')[0] ?? '');
    const links = mails.map((raw) => linksIn(mailPart(raw, 'text/html') ?? ''));
    for (const raw of mails) {
      const mail = parseMail(raw);
      expect(mail.parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html']);
      expect(mail.headers).toMatch(/^From: "?Sender Team"? <no-reply@aiceo\.test>$/m);
      expect(mail.headers).toMatch(/^Reply-To: team@sender\.example\.test$/m);
      expect(mail.headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:5173\/api\/unsubscribe\/[\w-]+>$/m);
    }
    expect(links.map((l) => l.length)).toEqual([1, 1]);
    expect(links[0]?.[0]).not.toBe(links[1]?.[0]);
    const click = await request(t.app)
      .get(pathOf(links[0]?.[0] ?? ''))
      .set('user-agent', BROWSER);
    expect(click.status).toBe(302);
    const recipients = await t.deps.db.campaignRecipient.findMany({ where: { campaignId: campaign.id } });
    expect(recipients.find((r) => r.leadId === ann.id)?.clickCount).toBe(1);
    expect(recipients.find((r) => r.leadId === bob.id)?.clickCount).toBe(0);
  });
});

/** A sent campaign with one recipient per lead, straight in the database, and each recipient's mail. */
const seedSentCampaign = async (t: TestContext, org: SeededOrg, names: string[]) => {
  const campaign = await t.deps.db.emailCampaign.create({
    data: {
      orgId: org.id,
      name: 'Autumn Sale',
      subject: 'Hi {{name}}',
      body: 'Look: https://shop.example.test/sale?utm_source=newsletter and https://shop.example.test/b',
      audience: {},
      status: 'sent',
      sentAt: t.clock.now(),
    },
  });
  const brand = await loadCampaignBrand(t.deps, { orgId: org.id });
  const rows = [];
  for (const name of names) {
    const lead = await seedLead(t, org.id, { name });
    const recipient = await t.deps.db.campaignRecipient.create({
      data: {
        orgId: org.id,
        campaignId: campaign.id,
        leadId: lead.id,
        email: lead.email ?? '',
        status: 'sent',
        sentAt: t.clock.now(),
      },
    });
    const mail = buildCampaignMail(t.deps, {
      orgId: org.id,
      brand,
      campaign,
      lead,
      email: lead.email ?? '',
      recipientId: recipient.id,
    });
    rows.push({
      lead,
      recipient,
      mail,
      links: linksIn(mail.html),
      unsubscribe: mail.headers['List-Unsubscribe']?.slice(1, -1) ?? '',
    });
  }
  return { campaign, rows };
};

describe('tracked links, unsubscribe and the campaign report', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when a recipient clicks a tracked link, then it is redirected with UTM, the click is counted and becomes a touch on the lead', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { campaign, rows } = await seedSentCampaign(t, org, ['Clicker']);
    const [row] = rows;
    const [first, second] = row?.links ?? [];
    const firstAt = t.clock.now();
    // Act
    const clicked = await request(t.app)
      .get(pathOf(first ?? ''))
      .set('user-agent', BROWSER);
    t.clock.advance(60_000);
    const again = await request(t.app)
      .get(pathOf(second ?? ''))
      .set('user-agent', BROWSER);
    // Assert
    expect(clicked.status).toBe(302);
    // The author's own utm_source stays; the others are added.
    expect(clicked.headers.location).toBe(
      `https://shop.example.test/sale?utm_source=newsletter&utm_medium=email&utm_campaign=autumn-sale&utm_content=campaign-${campaign.id}`,
    );
    expect(again.headers.location).toBe(
      `https://shop.example.test/b?utm_source=email&utm_medium=email&utm_campaign=autumn-sale&utm_content=campaign-${campaign.id}`,
    );
    const recipient = await t.deps.db.campaignRecipient.findUniqueOrThrow({ where: { id: row?.recipient.id ?? '' } });
    expect(recipient.clickCount).toBe(2);
    expect(recipient.clickedAt).toEqual(firstAt);
    const lead = await t.deps.db.lead.findUniqueOrThrow({ where: { id: row?.lead.id ?? '' } });
    const touch = {
      source: 'email',
      medium: 'email',
      campaign: 'autumn-sale',
      content: `campaign-${campaign.id}`,
      term: '',
      referrer: '',
    };
    expect(lead.firstTouch).toEqual({
      ...touch,
      landingPage: 'https://shop.example.test/sale?utm_source=newsletter',
      at: firstAt.toISOString(),
    });
    expect(lead.lastTouch).toEqual({
      ...touch,
      landingPage: 'https://shop.example.test/b',
      at: t.clock.now().toISOString(),
    });
  });

  it('when a link checker fetches the link (HEAD, a bot, no user agent, a prefetch), then it is redirected without counting', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { rows } = await seedSentCampaign(t, org, ['Scanned']);
    const path = pathOf(rows[0]?.links[0] ?? '');
    // Act
    const answers = await Promise.all([
      request(t.app).head(path).set('user-agent', BROWSER),
      request(t.app)
        .get(path)
        .set('user-agent', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'),
      request(t.app).get(path).set('user-agent', 'Barracuda Sentinel (EE)'),
      request(t.app).get(path),
      request(t.app).get(path).set('user-agent', BROWSER).set('sec-purpose', 'prefetch;prerender'),
    ]);
    // Assert
    expect(answers.map((r) => r.status)).toEqual([302, 302, 302, 302, 302]);
    const recipient = await t.deps.db.campaignRecipient.findUniqueOrThrow({
      where: { id: rows[0]?.recipient.id ?? '' },
    });
    expect(recipient).toMatchObject({ clickCount: 0, clickedAt: null });
    const lead = await t.deps.db.lead.findUniqueOrThrow({ where: { id: rows[0]?.lead.id ?? '' } });
    expect(lead.lastTouch).toBeNull();
  });

  it('when a tracked link is changed or made up, then it answers a 404 page and redirects nowhere', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { rows } = await seedSentCampaign(t, org, ['Tampered']);
    const token =
      pathOf(rows[0]?.links[0] ?? '')
        .split('/')
        .pop() ?? '';
    const bytes = Buffer.from(token, 'base64url');
    // The target's last byte changed: "/sale" -> "/salf" and so on.
    const changedTarget = Buffer.from(bytes);
    const targetEnd = changedTarget.length - 17;
    changedTarget[targetEnd] = (changedTarget[targetEnd] ?? 0) ^ 1;
    const otherTarget = Buffer.concat([
      bytes.subarray(0, 49),
      Buffer.from('https://evil.example.test/'),
      bytes.subarray(-16),
    ]);
    // Act
    const answers = await Promise.all(
      [
        changedTarget.toString('base64url'),
        otherTarget.toString('base64url'),
        'garbage',
        `${token}A`,
        'x'.repeat(9000),
      ].map((bad) => request(t.app).get(`/api/r/${bad}`).set('user-agent', BROWSER)),
    );
    // Assert
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Link not valid');
    }
    const recipient = await t.deps.db.campaignRecipient.findUniqueOrThrow({
      where: { id: rows[0]?.recipient.id ?? '' },
    });
    expect(recipient.clickCount).toBe(0);
  });

  it("when a recipient unsubscribes through the campaign's link, then both the recipient and the lead are marked", async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { rows } = await seedSentCampaign(t, org, ['Leaver', 'Stayer']);
    const [leaver, stayer] = rows;
    // Act
    const res = await request(t.app)
      .post(pathOf(leaver?.unsubscribe ?? ''))
      .type('form')
      .send('List-Unsubscribe=One-Click');
    // Assert
    expect(res.status).toBe(200);
    const [left, stayed] = await Promise.all(
      [leaver, stayer].map((r) =>
        t.deps.db.campaignRecipient.findUniqueOrThrow({ where: { id: r?.recipient.id ?? '' } }),
      ),
    );
    expect(left?.unsubscribedAt).toEqual(t.clock.now());
    expect(stayed?.unsubscribedAt).toBeNull();
    const lead = await t.deps.db.lead.findUniqueOrThrow({ where: { id: leaver?.lead.id ?? '' } });
    expect(lead.unsubscribedAt).toEqual(t.clock.now());
  });

  it("when a test mail's unsubscribe link is opened, then a page explains it and nobody is unsubscribed", async () => {
    // Act
    const [page, post] = await Promise.all([
      request(t.app).get('/api/unsubscribe/test-mail'),
      request(t.app).post('/api/unsubscribe/test-mail').type('form').send('List-Unsubscribe=One-Click'),
    ]);
    // Assert
    expect([page.status, post.status]).toEqual([200, 200]);
    expect(page.text).toContain('This was a test mail');
  });

  it('when the report is read, then each recipient shows status, reason, clicks and unsubscribe, with filters and totals', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { campaign, rows } = await seedSentCampaign(t, org, ['Clicks', 'Leaves', 'Quiet', 'Bounced']);
    const [clicks, leaves, , bounced] = rows;
    await t.deps.db.campaignRecipient.update({
      where: { id: bounced?.recipient.id ?? '' },
      data: { status: 'failed', sentAt: null, error: '550 5.1.1 Mailbox unavailable' },
    });
    await request(t.app)
      .get(pathOf(clicks?.links[0] ?? ''))
      .set('user-agent', BROWSER)
      .expect(302);
    await request(t.app)
      .post(pathOf(leaves?.unsubscribe ?? ''))
      .expect(200);
    const path = `${base(org.id)}/${campaign.id}/recipients`;
    const get = (query: string) => request(t.app).get(`${path}${query}`).set(bearer(org.owner.token));
    // Act
    const [all, clicked, notClicked, unsubscribed, failed, bad, summary] = await Promise.all([
      get(''),
      get('?clicked=true'),
      get('?clicked=false&status=sent'),
      get('?unsubscribed=true'),
      get('?status=failed'),
      get('?clicked=yes'),
      request(t.app)
        .get(`${base(org.id)}/${campaign.id}`)
        .set(bearer(org.owner.token)),
    ]);
    // Assert
    expect(all.status).toBe(200);
    const byLead = new Map((all.body.items as CampaignRecipient[]).map((r) => [r.leadId, r]));
    expect(byLead.get(clicks?.lead.id ?? '')).toMatchObject({
      status: 'sent',
      error: null,
      sentAt: t.clock.now().toISOString(),
      clickedAt: t.clock.now().toISOString(),
      clickCount: 1,
      unsubscribedAt: null,
    });
    expect(byLead.get(leaves?.lead.id ?? '')).toMatchObject({
      clickCount: 0,
      unsubscribedAt: t.clock.now().toISOString(),
    });
    expect(byLead.get(bounced?.lead.id ?? '')).toMatchObject({
      status: 'failed',
      error: '550 5.1.1 Mailbox unavailable',
      sentAt: null,
    });
    const ids = (res: request.Response) => (res.body.items as CampaignRecipient[]).map((r) => r.leadId).sort();
    expect(ids(clicked)).toEqual([clicks?.lead.id]);
    expect(ids(notClicked)).toEqual([leaves?.lead.id, rows[2]?.lead.id].sort());
    expect(ids(unsubscribed)).toEqual([leaves?.lead.id]);
    expect(ids(failed)).toEqual([bounced?.lead.id]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/clicked must be true or false/);
    expect(summary.body.counts).toEqual({ pending: 0, sent: 3, failed: 1, skipped: 0, clicked: 1, unsubscribed: 1 });
  });

  it('when a preview is asked for, then each sample has the HTML part too', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Preview <Org>' });
    await seedLead(t, org.id, { name: 'Pat' });
    const campaign = await createCampaign(t, org);
    // Act
    const res = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/preview`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.sample[0].html).toContain('Hello Pat at your company,</p>');
    expect(res.body.sample[0].html).toContain('Preview &lt;Org&gt;');
    expect(res.body.sample[0].body).toContain('Hello Pat at your company,');
  });
});

describe('POST /api/orgs/:orgId/campaigns/:campaignId/test-send', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when a member sends test mails, then each waits in the outbox until the hourly limit, then 429', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const campaign = await createCampaign(t, org);
    const send = () =>
      request(t.app)
        .post(`${base(org.id)}/${campaign.id}/test-send`)
        .set(bearer(member.token));
    // Act
    const answers = [];
    for (let i = 0; i < 11; i += 1) answers.push(await send());
    // Assert
    expect(answers.slice(0, 10).map((r) => r.body.status)).toEqual(Array(10).fill('queued'));
    expect(answers[0]?.body).toMatchObject({ to: member.email, sampleLeadId: null, sampleName: member.name });
    expect(answers[10]?.status).toBe(429);
    expect(answers[10]?.body.error.message).toMatch(/^You can send 10 test mails an hour; try again in \d+ minutes?$/);
    expect(answers[10]?.headers['retry-after']).toMatch(/^\d+$/);
    const outbox = await t.deps.db.mailOutbox.findMany({ where: { to: member.email } });
    expect(outbox).toHaveLength(10);
    expect(outbox[0]?.subject).toBe(`[Test] Hi ${member.name.split(' ')[0]} from ${org.name}`);
    expect(outbox[0]?.html).toContain('<!doctype html>');
    // The owner has a bucket of their own.
    const owners = await request(t.app)
      .post(`${base(org.id)}/${campaign.id}/test-send`)
      .set(bearer(org.owner.token));
    expect(owners.status).toBe(200);
  });

  it('when an API key with write scope sends a test mail, then it goes to the person who made the key', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const campaign = await createCampaign(t, org);
    const key = `aiceo_${randomToken()}`;
    await t.deps.db.apiKey.create({
      data: {
        orgId: org.id,
        name: 'k',
        prefix: key.slice(0, 16),
        keyHash: sha256(key),
        scopes: ['read', 'write'],
        createdById: org.owner.id,
      },
    });
    const orphan = `aiceo_${randomToken()}`;
    await t.deps.db.apiKey.create({
      data: {
        orgId: org.id,
        name: 'o',
        prefix: orphan.slice(0, 16),
        keyHash: sha256(orphan),
        scopes: ['read', 'write'],
      },
    });
    // Act
    const send = (k: string) =>
      request(t.app)
        .post(`${base(org.id)}/${campaign.id}/test-send`)
        .set(bearer(k));
    const [byKey, byOrphan] = await Promise.all([send(key), send(orphan)]);
    // Assert
    expect(byKey.status).toBe(200);
    expect(byKey.body).toMatchObject({ to: org.owner.email, status: 'queued' });
    expect(byOrphan.status).toBe(403);
  });

  it("when someone sends a test mail of another org's campaign, then it answers 404 and mails nobody", async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const campaign = await createCampaign(t, other);
    // Act
    const [viaOwnOrg, viaOtherOrg] = await Promise.all([
      request(t.app)
        .post(`${base(org.id)}/${campaign.id}/test-send`)
        .set(bearer(org.owner.token)),
      request(t.app)
        .post(`${base(other.id)}/${campaign.id}/test-send`)
        .set(bearer(org.owner.token)),
    ]);
    // Assert
    expect(viaOwnOrg.status).toBe(404);
    expect(viaOtherOrg.status).toBe(404);
    expect(await t.deps.db.mailOutbox.count({ where: { to: org.owner.email } })).toBe(0);
  });
});

describe('/api/orgs/:orgId/branding', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { MAIL_FROM: 'AI CEO <no-reply@aiceo.test>' } });
  });
  afterAll(() => t.close());
  const path = (orgId: string) => `/api/orgs/${orgId}/branding`;

  it('when an admin sets the branding, then it is saved (colour lower-cased, email trimmed) and members read it', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brandy' });
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const before = await request(t.app).get(path(org.id)).set(bearer(member.token));
    const put = await request(t.app).put(path(org.id)).set(bearer(admin.token)).send({
      brandColor: '#AABBCC',
      logoUrl: 'https://brandy.example.test/logo.svg',
      emailFromName: '  Brandy Sales  ',
      emailReplyTo: ' Hello@Brandy.example.test ',
    });
    const after = await request(t.app).get(path(org.id)).set(bearer(member.token));
    // Assert
    expect(before.body).toEqual<Branding>({
      orgName: 'Brandy',
      brandColor: '',
      logoUrl: '',
      emailFromName: '',
      emailReplyTo: '',
      sendingAddress: 'no-reply@aiceo.test',
    });
    expect(put.status).toBe(200);
    const expected: Branding = {
      orgName: 'Brandy',
      brandColor: '#aabbcc',
      logoUrl: 'https://brandy.example.test/logo.svg',
      emailFromName: 'Brandy Sales',
      emailReplyTo: 'hello@brandy.example.test',
      sendingAddress: 'no-reply@aiceo.test',
    };
    expect(put.body).toEqual(expected);
    expect(after.body).toEqual(expected);
  });

  it('when a member changes the branding, then 403; another org, then 404; nothing changes', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const body = { brandColor: '#000000', logoUrl: '', emailFromName: 'X', emailReplyTo: '' };
    // Act
    const [asMember, crossPut, crossGet] = await Promise.all([
      request(t.app).put(path(org.id)).set(bearer(member.token)).send(body),
      request(t.app).put(path(other.id)).set(bearer(org.owner.token)).send(body),
      request(t.app).get(path(other.id)).set(bearer(org.owner.token)),
    ]);
    // Assert
    expect(asMember.status).toBe(403);
    expect(crossPut.status).toBe(404);
    expect(crossGet.status).toBe(404);
    const rows = await t.deps.db.organization.findMany({ where: { id: { in: [org.id, other.id] } } });
    expect(rows.map((r) => r.brandColor)).toEqual(['', '']);
  });

  it('when values are invalid, then 400 with a plain-words message for each field', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const valid = { brandColor: '', logoUrl: '', emailFromName: '', emailReplyTo: '' };
    const cases: [object, string, RegExp][] = [
      [{ brandColor: 'red' }, 'brandColor', /# and six hex digits/],
      [{ brandColor: '#12345' }, 'brandColor', /# and six hex digits/],
      [{ logoUrl: 'http://example.test/logo.png' }, 'logoUrl', /https:\/\//],
      [{ logoUrl: 'javascript:alert(1)' }, 'logoUrl', /https:\/\//],
      [{ logoUrl: `https://example.test/${'a'.repeat(1000)}` }, 'logoUrl', /at most 1000/],
      [{ emailFromName: 'Evil\r\nBcc: x@y.test' }, 'emailFromName', /one line/],
      [{ emailFromName: 'Boss <boss@bank.test>' }, 'emailFromName', /< or >/],
      [{ emailFromName: 'n'.repeat(101) }, 'emailFromName', /at most 100/],
      [{ emailReplyTo: 'not an email' }, 'emailReplyTo', /valid email/],
      [{ emailReplyTo: 'a@b.test\nBcc: c@d.test' }, 'emailReplyTo', /valid email/],
    ];
    // Act
    const answers = await Promise.all(
      cases.map(([change]) =>
        request(t.app)
          .put(path(org.id))
          .set(bearer(org.owner.token))
          .send({ ...valid, ...change }),
      ),
    );
    const missing = await request(t.app).put(path(org.id)).set(bearer(org.owner.token)).send({});
    // Assert
    answers.forEach((res, i) => {
      const [, field, message] = cases[i] ?? [];
      expect(res.status).toBe(400);
      const issue = (res.body.error.details.issues as { path: string; message: string }[]).find(
        (x) => x.path === field,
      );
      expect(issue?.message).toMatch(message ?? /./);
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues).toHaveLength(4);
  });
});
