import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { widgetStreamEventSchema, type WidgetOffer, type WidgetStreamEvent } from '@aiceo/shared/widget';
import { monthKey } from '@aiceo/shared/plans';
import { addMember, seedOrg, seedUser, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { widgetLimits } from './widget-limits';

const OFFER: WidgetOffer = {
  services: 'Websites and online shops for small businesses.',
  prices: 'Websites start at $2,000; shops at $5,000.',
  hours: 'Monday to Friday, 9:00 to 17:00.',
  faq: [{ question: 'Do you host the website too?', answer: 'Yes, hosting is included for the first year.' }],
};

type Site = { org: SeededOrg; key: string; origin: string };

const seedSite = async (t: TestContext, options: { offer?: WidgetOffer } = {}): Promise<Site> => {
  const org = await seedOrg(t.deps, { owner: await seedUser(t.deps, { name: 'Dana Owner' }) });
  const host = `shop-${randomBytes(3).toString('hex')}.example.test`;
  const key = `wk_${randomBytes(24).toString('base64url')}`;
  await t.deps.db.widgetSettings.create({
    data: { orgId: org.id, enabled: true, publicKey: key, domains: [host], offer: options.offer ?? OFFER },
  });
  return { org, key, origin: `https://${host}` };
};

const BASE = '/api/widget';

const start = (t: TestContext, site: Site, body: Record<string, unknown> = {}) =>
  request(t.app)
    .post(`${BASE}/conversations`)
    .set('origin', site.origin)
    .send({ key: site.key, ...body });

const send = (
  t: TestContext,
  site: Site,
  chat: { conversationId: string; visitorToken: string },
  text: string,
  extra: Record<string, unknown> = {},
) =>
  request(t.app)
    .post(`${BASE}/conversations/${chat.conversationId}/messages`)
    .set('origin', site.origin)
    .send({ key: site.key, visitorToken: chat.visitorToken, text, ...extra });

const sync = (t: TestContext, site: Site, chat: { conversationId: string; visitorToken: string }) =>
  request(t.app)
    .post(`${BASE}/conversations/${chat.conversationId}/sync`)
    .set('origin', site.origin)
    .send({ key: site.key, visitorToken: chat.visitorToken });

const newChat = async (t: TestContext, site: Site, body: Record<string, unknown> = {}) => {
  const res = await start(t, site, body);
  expect(res.status).toBe(200);
  return res.body as { conversationId: string; visitorToken: string };
};

const parseStream = (body: string): WidgetStreamEvent[] =>
  body
    .split('\n\n')
    .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => widgetStreamEventSchema.parse(JSON.parse(line.slice('data: '.length))));

const fieldsOf = async (t: TestContext, conversationId: string) =>
  (await t.deps.db.widgetConversation.findUniqueOrThrow({ where: { id: conversationId }, select: { fields: true } }))
    .fields as Record<string, string | null>;

describe('website chat, offline (the scripted qualifier)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { AI_OFFLINE_WORD_DELAY_MS: '0' } });
  });
  afterAll(() => t.close());

  describe('GET /api/widget/config', () => {
    it('when the page is on a listed domain, then it answers the look and greeting and lets that origin read it', async () => {
      // Arrange
      const site = await seedSite(t);
      // Act
      const res = await request(t.app).get(`${BASE}/config`).query({ key: site.key }).set('origin', site.origin);
      // Assert
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(site.origin);
      expect(res.body).toMatchObject({ orgName: site.org.name, assistantName: 'Atlas' });
      expect(res.body.greeting).toContain(site.org.name);
    });

    it.each([
      ['a page on another site', 'https://evil.example.test'],
      ['no Origin at all', undefined],
    ])('when the call comes from %s, then it answers 403 without CORS headers', async (_label, origin) => {
      // Arrange
      const site = await seedSite(t);
      // Act
      const req = request(t.app).get(`${BASE}/config`).query({ key: site.key });
      const res = await (origin ? req.set('origin', origin) : req);
      // Assert
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('when the key was rotated, then the old key answers 404 and the new one works', async () => {
      // Arrange
      const site = await seedSite(t);
      const newKey = `wk_${randomBytes(24).toString('base64url')}`;
      await t.deps.db.widgetSettings.update({ where: { orgId: site.org.id }, data: { publicKey: newKey } });
      // Act
      const old = await request(t.app).get(`${BASE}/config`).query({ key: site.key }).set('origin', site.origin);
      const fresh = await request(t.app).get(`${BASE}/config`).query({ key: newKey }).set('origin', site.origin);
      // Assert
      expect(old.status).toBe(404);
      expect(fresh.status).toBe(200);
    });
  });

  it('when a browser sends a preflight from any page, then it is allowed with the headers the widget needs', async () => {
    // Act
    const res = await request(t.app)
      .options(`${BASE}/conversations`)
      .set('origin', 'https://anywhere.example.test')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type');
    // Assert
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://anywhere.example.test');
    expect(res.headers['access-control-allow-headers']).toContain('content-type');
  });

  describe('POST /api/widget/conversations', () => {
    it('when a visitor starts and comes back with their token, then the same conversation continues, and restart begins a new one', async () => {
      // Arrange
      const site = await seedSite(t);
      const chat = await newChat(t, site, { pageUrl: 'https://x.test/?utm_source=linkedin' });
      await send(t, site, chat, 'Hello there, we need a new website for our bakery');
      // Act
      const again = await start(t, site, { visitorToken: chat.visitorToken });
      const restarted = await start(t, site, { visitorToken: chat.visitorToken, restart: true });
      // Assert
      expect(chat.visitorToken.length).toBeGreaterThanOrEqual(43);
      expect(again.body.conversationId).toBe(chat.conversationId);
      expect(again.body.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'ai']);
      expect(restarted.body.conversationId).not.toBe(chat.conversationId);
      expect(restarted.body.messages).toEqual([]);
      const stored = await t.deps.db.widgetConversation.findUniqueOrThrow({
        where: { id: chat.conversationId },
        select: { visitorTokenHash: true, firstTouch: true },
      });
      expect(stored.visitorTokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.firstTouch).toMatchObject({ source: 'linkedin', at: expect.any(String) });
    });

    it('when the hidden field is filled (a bot), then it answers 400 and stores nothing', async () => {
      // Arrange
      const site = await seedSite(t);
      // Act
      const res = await start(t, site, { website: 'http://spam.test' });
      // Assert
      expect(res.status).toBe(400);
      expect(await t.deps.db.widgetConversation.count({ where: { orgId: site.org.id } })).toBe(0);
    });
  });

  describe('POST /api/widget/conversations/:conversationId/messages', () => {
    it('when the visitor talks, then the scripted rep answers at once, asks one thing at a time and saves each field as it comes', async () => {
      // Arrange
      const site = await seedSite(t);
      const chat = await newChat(t, site);
      // Act
      const first = await send(t, site, chat, 'Hi! We need a new online shop for our bakery, how much does it cost?');
      const afterFirst = await fieldsOf(t, chat.conversationId);
      const second = await send(t, site, chat, "I'm Dana from Crumb Bakery");
      const third = await send(t, site, chat, 'dana@crumb.test');
      // Assert
      expect(first.status).toBe(200);
      expect(first.headers['access-control-allow-origin']).toBe(site.origin);
      expect(first.body.reply.text).toContain('$5,000');
      expect(first.body.reply.text).toContain('May I have your name?');
      expect(afterFirst.need).toContain('online shop');
      expect(second.body.reply.text).toContain('Nice to meet you, Dana');
      expect(second.body.reply.text).toContain('email');
      expect(third.body.notice).toBeNull();
      expect(await fieldsOf(t, chat.conversationId)).toMatchObject({
        name: 'Dana',
        company: 'Crumb Bakery',
        email: 'dana@crumb.test',
        need: expect.stringContaining('online shop'),
      });
    });

    it('when the visitor becomes reachable, then one lead is created with its fields, source, transcript and touches, and later messages update it', async () => {
      // Arrange
      const site = await seedSite(t);
      const chat = await newChat(t, site, {
        touch: {
          source: 'linkedin',
          medium: 'social',
          campaign: 'spring',
          content: 'post-x',
          landingPage: 'https://a',
        },
      });
      await send(t, site, chat, 'We need a website for our studio');
      // Act
      await send(t, site, chat, 'Sure, I am Lee Park, lee@studio.test, +1 555 123 4567');
      await start(t, site, { visitorToken: chat.visitorToken, touch: { source: 'google', medium: 'cpc' } });
      await send(t, site, chat, 'We are Studio Nine');
      // Assert
      const leads = await t.deps.db.lead.findMany({ where: { orgId: site.org.id } });
      expect(leads).toHaveLength(1);
      const lead = leads[0]!;
      expect(lead).toMatchObject({
        name: 'Lee Park',
        email: 'lee@studio.test',
        phone: '+1 555 123 4567',
        source: 'website chat',
      });
      expect(lead.notes).toContain('Need: ');
      expect(lead.firstTouch).toMatchObject({ source: 'linkedin', campaign: 'spring' });
      expect(lead.lastTouch).toMatchObject({ source: 'google', medium: 'cpc' });
      const activities = await t.deps.db.leadActivity.findMany({ where: { leadId: lead.id } });
      expect(activities).toHaveLength(1);
      expect(activities[0]!.kind).toBe('note');
      expect(activities[0]!.summary).toContain('We are Studio Nine');
      expect(lead.score).toBeGreaterThan(50);
    });

    it('when a second conversation gives the same email, then the same lead is updated and what the owner wrote stays', async () => {
      // Arrange
      const site = await seedSite(t);
      const existing = await t.deps.db.lead.create({
        data: { orgId: site.org.id, name: 'Sam (from the fair)', email: 'sam@shop.test', notes: 'Met at the fair.' },
      });
      const one = await newChat(t, site);
      const two = await newChat(t, site);
      // Act
      await send(t, site, one, "Hello, I'm Sam Lowe, sam@shop.test. We need a logo");
      await send(t, site, two, 'It is SAM@shop.test again, my company is Lowe Goods');
      // Assert
      const leads = await t.deps.db.lead.findMany({ where: { orgId: site.org.id } });
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({ id: existing.id, name: 'Sam (from the fair)', company: 'Lowe Goods' });
      expect(leads[0]!.notes).toContain('Met at the fair.');
      expect(leads[0]!.notes).toContain('Need: a logo');
      expect(await t.deps.db.leadActivity.count({ where: { leadId: existing.id } })).toBe(2);
    });

    it('when the chat qualifies, then the owners and admins are mailed once with a link to it', async () => {
      // Arrange
      const site = await seedSite(t);
      const admin = await addMember(t.deps, { orgId: site.org.id, role: 'admin' });
      const member = await addMember(t.deps, { orgId: site.org.id, role: 'member' });
      const chat = await newChat(t, site);
      // Act
      await send(t, site, chat, 'We need a booking system for our salon');
      await send(t, site, chat, 'Kim here, kim@salon.test, budget is about $3,000');
      await send(t, site, chat, 'And we want it within 2 months');
      // Assert
      const mails = await t.deps.db.mailOutbox.findMany({
        where: { to: { in: [site.org.owner.email, admin.email, member.email] } },
      });
      expect(mails.map((m) => m.to).sort()).toEqual([site.org.owner.email, admin.email].sort());
      expect(mails[0]!.text).toContain(`/orgs/${site.org.id}/conversations/${chat.conversationId}`);
      expect(mails[0]!.text).toContain('Budget: $3,000');
      const lead = await t.deps.db.lead.findFirstOrThrow({ where: { orgId: site.org.id } });
      expect(lead.priority).toBe('high');
    });

    it('when the answer is asked as a stream, then the message, the words and the reply arrive as events', async () => {
      // Arrange
      const site = await seedSite(t);
      const chat = await newChat(t, site);
      // Act
      const res = await send(t, site, chat, 'Do you host the website too?').set('accept', 'text/event-stream');
      // Assert
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      const events = parseStream(res.text);
      expect(events[0]).toMatchObject({ type: 'message', message: { role: 'visitor' } });
      const deltas = events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : ''));
      const done = events.at(-1);
      expect(done?.type).toBe('done');
      if (done?.type !== 'done') throw new Error('no done event');
      expect(deltas.join('')).toBe(done.reply.reply?.text);
      expect(done.reply.reply?.text).toContain('hosting is included');
    });

    it('when a teammate has taken over, then the AI stays quiet, the visitor is told who answers and sync returns their reply', async () => {
      // Arrange
      const site = await seedSite(t);
      const chat = await newChat(t, site);
      await t.deps.db.widgetConversation.update({
        where: { id: chat.conversationId },
        data: { mode: 'human', takenOverById: site.org.owner.id },
      });
      // Act
      const res = await send(t, site, chat, 'Are you there? My email is pat@x.test');
      await t.deps.db.widgetMessage.create({
        data: {
          orgId: site.org.id,
          conversationId: chat.conversationId,
          role: 'human',
          text: 'Hi Pat, Dana here.',
          authorId: site.org.owner.id,
          createdAt: new Date(Date.now() + 1_000),
        },
      });
      const synced = await sync(t, site, chat);
      // Assert
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        reply: null,
        mode: 'human',
        notice: `Dana from ${site.org.name} will answer here.`,
      });
      expect(await t.deps.db.widgetMessage.count({ where: { conversationId: chat.conversationId, role: 'ai' } })).toBe(
        0,
      );
      expect(synced.body.mode).toBe('human');
      expect(synced.body.messages.at(-1)).toMatchObject({
        role: 'human',
        authorName: 'Dana',
        text: 'Hi Pat, Dana here.',
      });
      expect(await t.deps.db.lead.count({ where: { orgId: site.org.id, email: 'pat@x.test' } })).toBe(1);
    });

    it('when the visitor sends too fast, then it answers 429 with words the widget can show and stores nothing', async () => {
      // Arrange
      const site = await seedSite(t);
      const chat = await newChat(t, site);
      const { createHash } = await import('node:crypto');
      const bucket = widgetLimits.visitorMessages(createHash('sha256').update(chat.visitorToken).digest('hex'));
      for (let i = 0; i < bucket.limit; i++) await t.deps.rateLimiter.hit(bucket.key, bucket);
      // Act
      const res = await send(t, site, chat, 'hello?');
      // Assert
      expect(res.status).toBe(429);
      expect(res.body.error).toMatchObject({ code: 'RATE_LIMITED' });
      expect(res.body.error.message).toMatch(/too quickly\. Please wait \d+ seconds/);
      expect(res.headers['access-control-allow-origin']).toBe(site.origin);
      expect(await t.deps.db.widgetMessage.count({ where: { conversationId: chat.conversationId } })).toBe(0);
    });

    it('when a message is longer than the cap or the hidden field is filled, then it answers 400 and stores nothing', async () => {
      // Arrange
      const site = await seedSite(t);
      const chat = await newChat(t, site);
      // Act
      const long = await send(t, site, chat, 'x'.repeat(2_001));
      const bot = await send(t, site, chat, 'buy now', { website: 'spam' });
      // Assert
      expect([long.status, bot.status]).toEqual([400, 400]);
      expect(long.body.error.message).toContain('at most 2000 characters');
      expect(await t.deps.db.widgetMessage.count({ where: { conversationId: chat.conversationId } })).toBe(0);
    });

    it("when a visitor token of one org's conversation is used with another org's key, then it answers 404", async () => {
      // Arrange
      const siteA = await seedSite(t);
      const siteB = await seedSite(t);
      const chatA = await newChat(t, siteA);
      // Act
      const sent = await send(t, siteB, chatA, 'hello');
      const synced = await sync(t, siteB, chatA);
      const wrongToken = await send(t, siteA, { ...chatA, visitorToken: 'x'.repeat(43) }, 'hello');
      // Assert
      expect([sent.status, synced.status, wrongToken.status]).toEqual([404, 404, 404]);
      expect(await t.deps.db.widgetMessage.count({ where: { conversationId: chatA.conversationId } })).toBe(0);
    });
  });
});

describe('website chat, online (the AI stand-in through the openai SDK)', () => {
  let t: TestContext;
  let fake: FakeAi;
  beforeAll(async () => {
    fake = await startFakeAi({ apiKey: 'test-key' });
    t = await createTestContext({
      env: {
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: fake.baseUrlFor('openai'),
        OPENAI_MODEL: 'gpt-4o-mini',
        AI_MAX_RETRIES: '0',
        AI_TIMEOUT_MS: '2000',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  afterEach(() => fake.reset());

  it('when the visitor talks, then the fields come from structured output against the JSON schema and the rep knows only the offer', async () => {
    // Arrange
    const site = await seedSite(t);
    await t.deps.db.lead.create({ data: { orgId: site.org.id, name: 'Secret Client', email: 'secret@client.test' } });
    const chat = await newChat(t, site);
    // Act
    const res = await send(
      t,
      site,
      chat,
      "I'm Dana from Acme, dana@acme.test. We need a new website, budget about $5k, within 3 months.",
    );
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.reply.text).toContain('Fake reply to:');
    expect(await fieldsOf(t, chat.conversationId)).toMatchObject({
      name: 'Dana',
      email: 'dana@acme.test',
      company: 'Acme',
      budget: expect.stringContaining('5k'),
      timeline: 'within 3 months',
    });
    const requests = fake.requests('openai');
    const extraction = requests.find((r) => r.responseFormat !== null);
    expect(extraction?.responseFormat).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    const replyCall = requests.find((r) => r.responseFormat === null);
    const system = replyCall?.messages[0]?.content ?? '';
    expect(system).toContain('Websites start at $2,000');
    expect(system).not.toContain('Secret Client');
    expect(system).not.toContain(chat.visitorToken);
    const lead = await t.deps.db.lead.findFirstOrThrow({ where: { orgId: site.org.id, email: 'dana@acme.test' } });
    expect(lead.source).toBe('website chat');
    const used = await t.deps.db.usageCounter.findFirst({ where: { orgId: site.org.id, resource: 'aiMessages' } });
    expect(used?.used).toBe(1);
  });

  it('when the model marks the answer with [[json:...]], then that object is saved, and a field is never set back to null', async () => {
    // Arrange
    const site = await seedSite(t);
    const chat = await newChat(t, site);
    await send(t, site, chat, 'My name is Robin Hale and my email is robin@hale.test');
    // Act
    await send(
      t,
      site,
      chat,
      '[[json:{"name":null,"email":null,"company":"Hale & Co","phone":null,"need":null,"budget":null,"timeline":null}]]',
    );
    // Assert
    expect(await fieldsOf(t, chat.conversationId)).toMatchObject({
      name: 'Robin Hale',
      email: 'robin@hale.test',
      company: 'Hale & Co',
    });
  });

  it("when the rep links to the org's own site, then the link carries UTM naming the conversation, streamed and saved", async () => {
    // Arrange
    const site = await seedSite(t);
    const chat = await newChat(t, site);
    // Act
    const res = await send(
      t,
      site,
      chat,
      `[[reply:See ${site.origin}/pricing and https://other.test/page for more.]]`,
    ).set('accept', 'text/event-stream');
    // Assert
    const events = parseStream(res.text);
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    const text = done.reply.reply?.text ?? '';
    expect(text).toContain(
      `${site.origin}/pricing?utm_source=website-chat&utm_medium=chat&utm_campaign=website-chat&utm_content=widget-${chat.conversationId}`,
    );
    expect(text).toContain('https://other.test/page for more.');
    const streamed = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    expect(streamed).toBe(text);
  });

  it('when the plan has no AI messages left, then the visitor is told the team will email, and the message, fields and lead are saved', async () => {
    // Arrange
    const site = await seedSite(t);
    await t.deps.db.usageCounter.create({
      data: { orgId: site.org.id, month: monthKey(t.clock.now()), resource: 'aiMessages', used: 50 },
    });
    const chat = await newChat(t, site);
    // Act
    const res = await send(t, site, chat, "Hi, I'm Jo Baker, jo@baker.test. We need catering for 40 people");
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      reply: null,
      notice: 'Thanks! We will get back to you by email at jo@baker.test.',
    });
    expect(fake.requests('openai')).toHaveLength(0);
    expect(await t.deps.db.widgetMessage.count({ where: { conversationId: chat.conversationId } })).toBe(1);
    expect(await t.deps.db.lead.count({ where: { orgId: site.org.id, email: 'jo@baker.test' } })).toBe(1);
  });

  it('when the AI fails, then the visitor without an email is asked for one, and the plan unit is given back', async () => {
    // Arrange
    const site = await seedSite(t);
    const chat = await newChat(t, site);
    fake.setMode('openai', 'server-error', { times: 10 });
    // Act
    const res = await send(t, site, chat, 'Do you do logos?');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reply: null, notice: expect.stringContaining('Leave your email address') });
    const used = await t.deps.db.usageCounter.findFirst({ where: { orgId: site.org.id, resource: 'aiMessages' } });
    expect(used?.used ?? 0).toBe(0);
  });
});
