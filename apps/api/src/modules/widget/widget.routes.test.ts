import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Endpoint } from '@aiceo/shared/contract';
import { widgetInboxEndpoints } from '@aiceo/shared/widget-inbox';
import { emptyCapturedFields, type CapturedFields } from '@aiceo/shared/widget';
import { AppError } from '../../http/app-error';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, seedUser, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { originAllowed, resolveWidgetKey } from './widget-keys.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const settingsPath = (org: SeededOrg) => `/api/orgs/${org.id}/widget`;
const inbox = (org: SeededOrg, rest = '') => `/api/orgs/${org.id}/widget/conversations${rest}`;

const offer = {
  services: 'Garden design and planting',
  prices: 'Design from 450 EUR; planting by quote',
  hours: 'Mon-Fri 9-17',
  faq: [{ question: 'Do you work on weekends?', answer: 'Only for emergencies.' }],
};

const apiKeyFor = async (org: SeededOrg, scopes: ('read' | 'write')[]) => {
  const secret = `aiceo_${randomUUID().slice(0, 8)}_secret-${org.id}`;
  await t.deps.db.apiKey.create({
    data: { orgId: org.id, name: 'widget key', prefix: secret.slice(0, 14), keyHash: sha256(secret), scopes },
  });
  return secret;
};

type SeedMessage = { role: 'visitor' | 'ai' | 'human' | 'system'; text: string; authorId?: string };
type SeedConversation = {
  mode?: 'ai' | 'human';
  fields?: Partial<CapturedFields>;
  qualified?: boolean;
  closed?: boolean;
  takenOverById?: string;
  leadId?: string;
  /** Minutes before now of its latest activity (1 by default, so what a test does now comes after it). */
  ago?: number;
  messages?: SeedMessage[];
};

/** A visitor's conversation as the public side leaves it, messages a second apart. */
const seedConversation = async (org: SeededOrg, options: SeedConversation = {}) => {
  const messages = options.messages ?? [{ role: 'visitor', text: 'Hello there' }];
  const last = new Date(t.clock.now().getTime() - (options.ago ?? 1) * 60_000);
  return t.deps.db.widgetConversation.create({
    data: {
      orgId: org.id,
      visitorTokenHash: sha256(randomUUID()),
      mode: options.mode ?? 'ai',
      fields: { ...emptyCapturedFields, ...options.fields },
      qualifiedAt: options.qualified ? last : null,
      closedAt: options.closed ? last : null,
      takenOverById: options.takenOverById ?? null,
      leadId: options.leadId ?? null,
      pageUrl: 'https://shop.example.com/pricing',
      messageCount: messages.length,
      lastMessageAt: last,
      messages: {
        create: messages.map((m, i) => ({
          orgId: org.id,
          role: m.role,
          text: m.text,
          authorId: m.authorId ?? null,
          createdAt: new Date(last.getTime() - (messages.length - 1 - i) * 1000),
        })),
      },
    },
    select: { id: true },
  });
};

describe('GET and PUT /api/orgs/:orgId/widget', () => {
  it('when the owner opens the settings for the first time, then a row is made with a fresh key and a snippet to paste, and stays the same', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const first = await request(t.app).get(settingsPath(org)).set(bearer(org.owner.token));
    const second = await request(t.app).get(settingsPath(org)).set(bearer(org.owner.token));
    // Assert
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      enabled: false,
      domains: [],
      greeting: '',
      offer: { services: '', prices: '', hours: '', faq: [] },
      keyRotatedAt: null,
    });
    expect(first.body.publicKey).toMatch(/^wk_[A-Za-z0-9_-]{32}$/);
    expect(first.body.embedSnippet).toBe(
      `<script src="http://localhost:5173/widget.js" data-key="${first.body.publicKey}" async></script>`,
    );
    expect(second.body.publicKey).toBe(first.body.publicKey);
    expect(await t.deps.db.widgetSettings.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when an admin saves domains, greeting and offer, then they are stored cleaned up and a member reads them', async () => {
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await request(t.app)
      .put(settingsPath(org))
      .set(bearer(admin.token))
      .send({
        enabled: true,
        domains: [' Shop.Example.com ', 'localhost:4100', '*.example.org'],
        greeting: '  Hi! Ask me about our gardens.  ',
        offer,
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enabled: true,
      domains: ['shop.example.com', 'localhost:4100', '*.example.org'],
      greeting: 'Hi! Ask me about our gardens.',
      offer,
    });
    const stored = await t.deps.db.widgetSettings.findUniqueOrThrow({ where: { orgId: org.id } });
    expect(stored.updatedById).toBe(admin.id);
    const read = await request(t.app).get(settingsPath(org)).set(bearer(member.token));
    expect(read.status).toBe(200);
    expect(read.body.domains).toEqual(['shop.example.com', 'localhost:4100', '*.example.org']);
    // Any subset: switching off leaves the rest as it was.
    const off = await request(t.app).put(settingsPath(org)).set(bearer(org.owner.token)).send({ enabled: false });
    expect(off.body).toMatchObject({ enabled: false, greeting: 'Hi! Ask me about our gardens.', offer });
  });

  it('when a member or a read-only API key tries to change the settings or the key, then it answers 403 and nothing changes', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const readKey = await apiKeyFor(org, ['read']);
    const before = (await request(t.app).get(settingsPath(org)).set(bearer(readKey))).body;
    for (const token of [member.token, readKey]) {
      const put = await request(t.app).put(settingsPath(org)).set(bearer(token)).send({ enabled: true });
      const rotate = await request(t.app)
        .post(`${settingsPath(org)}/rotate-key`)
        .set(bearer(token));
      expect([put.status, rotate.status]).toEqual([403, 403]);
    }
    const after = await request(t.app).get(settingsPath(org)).set(bearer(org.owner.token));
    expect(after.body).toEqual(before);
  });

  it('when the domains are not domains, then each is refused in plain words naming the entry', async () => {
    const org = await seedOrg(t.deps);
    const domains = [
      'https://example.com',
      'example.com/contact',
      'exa mple.com',
      '*.com',
      'localhost:99999',
      '*.example.com:8080',
      'under_score.example.com',
      'shop.*.example.com',
      '',
    ];
    const res = await request(t.app).put(settingsPath(org)).set(bearer(org.owner.token)).send({ domains });
    expect(res.status).toBe(400);
    const byPath = Object.fromEntries(
      (res.body.error.details.issues as { path: string; message: string }[]).map((i) => [i.path, i.message]),
    );
    expect(byPath).toEqual({
      'domains.0': 'Enter just the domain, without "https://" (e.g. example.com)',
      'domains.1': 'Enter just the domain, without a path (e.g. example.com)',
      'domains.2': 'A domain has no spaces',
      'domains.3': 'A wildcard needs a domain under it, as in *.example.com',
      'domains.4': 'The port must be a number from 1 to 65535, as in localhost:4100',
      'domains.5': 'A wildcard domain takes no port: enter *.example.com',
      'domains.6': '"under_score.example.com" is not a domain name (e.g. example.com or shop.example.com)',
      'domains.7': 'A wildcard must come first, as in *.example.com',
      'domains.8': 'Enter a domain, such as example.com',
    });
    const many = Array.from({ length: 21 }, (_, i) => `site${i}.example.com`);
    const tooMany = await request(t.app).put(settingsPath(org)).set(bearer(org.owner.token)).send({ domains: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('List at most 20 domains');
    const twice = await request(t.app)
      .put(settingsPath(org))
      .set(bearer(org.owner.token))
      .send({ domains: ['example.com', 'EXAMPLE.com'] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('List each domain only once');
    const badFaq = await request(t.app)
      .put(settingsPath(org))
      .set(bearer(org.owner.token))
      .send({ offer: { ...offer, faq: [{ question: ' ', answer: 'x' }] } });
    expect(badFaq.status).toBe(400);
    expect(badFaq.body.error.details.issues[0].path).toBe('offer.faq.0.question');
    expect((await request(t.app).get(settingsPath(org)).set(bearer(org.owner.token))).body.domains).toEqual([]);
  });
});

describe('POST /api/orgs/:orgId/widget/rotate-key', () => {
  it('when the owner rotates the key, then the old key is refused at once and the new one works', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const set = await request(t.app)
      .put(settingsPath(org))
      .set(auth)
      .send({ enabled: true, domains: ['shop.example.com'] });
    const oldKey = set.body.publicKey as string;
    const origin = 'https://shop.example.com';
    await expect(resolveWidgetKey(t.deps, { key: oldKey, origin })).resolves.toEqual({
      orgId: org.id,
      domains: ['shop.example.com'],
    });
    t.clock.advance(60_000);
    // Act
    const res = await request(t.app)
      .post(`${settingsPath(org)}/rotate-key`)
      .set(auth);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.publicKey).not.toBe(oldKey);
    expect(res.body.keyRotatedAt).toBe(t.clock.now().toISOString());
    expect(res.body.embedSnippet).toContain(`data-key="${res.body.publicKey}"`);
    await expect(resolveWidgetKey(t.deps, { key: oldKey, origin })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resolveWidgetKey(t.deps, { key: res.body.publicKey, origin })).resolves.toMatchObject({
      orgId: org.id,
    });
  });

  it('when the widget is switched off or the page is on another site, then the key is refused', async () => {
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const { body } = await request(t.app)
      .put(settingsPath(org))
      .set(auth)
      .send({ enabled: true, domains: ['shop.example.com'] });
    const elsewhere = resolveWidgetKey(t.deps, { key: body.publicKey, origin: 'https://evil.example.net' });
    await expect(elsewhere).rejects.toBeInstanceOf(AppError);
    await expect(elsewhere).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await request(t.app).put(settingsPath(org)).set(auth).send({ enabled: false });
    await expect(
      resolveWidgetKey(t.deps, { key: body.publicKey, origin: 'https://shop.example.com' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('originAllowed', () => {
  const domains = ['example.com', 'localhost:4100', '*.shop.example.org'];
  const cases: [string | undefined, boolean, string][] = [
    ['https://example.com', true, 'the exact host'],
    ['http://example.com:8080', true, 'a listed name on any port'],
    ['https://EXAMPLE.com', true, 'any case'],
    ['http://localhost:4100', true, 'a host with its listed port'],
    ['http://localhost:4200', false, 'a listed host on another port'],
    ['https://eu.shop.example.org', true, 'a subdomain under a wildcard'],
    ['https://shop.example.org', false, 'the wildcard’s own name'],
    ['https://evilshop.example.org', false, 'a name that only ends the same'],
    ['https://www.example.com', false, 'a subdomain of an exact entry'],
    ['https://example.com.evil.net', false, 'another host that starts the same'],
    ['https://other.net', false, 'another host'],
    [undefined, false, 'no Origin'],
    ['null', false, 'an opaque origin'],
    ['file:///index.html', false, 'a file'],
    ['chrome-extension://abc', false, 'an extension'],
  ];
  it.each(cases)('when the Origin is %s, then it answers %s (%s)', (origin, expected, _why) => {
    expect(originAllowed(origin, domains)).toBe(expected);
  });
});

describe('GET /api/orgs/:orgId/widget/conversations', () => {
  it('when there are conversations, then they come newest activity first with the lead, fields, preview and flags', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Ada Lovelace', email: 'ada@example.com', source: 'website chat' },
    });
    const older = await seedConversation(org, { ago: 30, messages: [{ role: 'visitor', text: 'Just looking' }] });
    const qualified = await seedConversation(org, {
      ago: 5,
      qualified: true,
      leadId: lead.id,
      fields: { name: 'Ada Lovelace', email: 'ada@example.com', budget: '5k', need: 'A new garden' },
      messages: [
        { role: 'visitor', text: 'I need a new garden, budget 5k, ada@example.com' },
        { role: 'ai', text: `Thanks Ada! ${'We can help. '.repeat(20)}` },
      ],
    });
    // Opened and never written in: not a conversation for the inbox.
    await seedConversation(org, { ago: 1, messages: [] });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await request(t.app).get(inbox(org)).set(bearer(member.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([qualified.id, older.id]);
    const [first, second] = res.body.items;
    expect(first).toMatchObject({
      mode: 'ai',
      isOpen: true,
      lead: { id: lead.id, name: 'Ada Lovelace', email: 'ada@example.com' },
      fieldsSummary: 'Ada Lovelace · ada@example.com · need: A new garden · budget: 5k',
      messageCount: 2,
      isQualified: true,
      needsHuman: true,
      takenOverBy: null,
      pageUrl: 'https://shop.example.com/pricing',
    });
    expect(first.lastMessage.role).toBe('ai');
    expect(first.lastMessage.text).toHaveLength(140);
    expect(first.lastMessage.text.endsWith('…')).toBe(true);
    expect(second).toMatchObject({ lead: null, fieldsSummary: '', isQualified: false, needsHuman: false });
    expect(second.lastMessage).toMatchObject({ role: 'visitor', text: 'Just looking' });
  });

  it('when filtered by mode or open, and paged, then only matching conversations come, each once', async () => {
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const human = await seedConversation(org, { mode: 'human', takenOverById: org.owner.id, ago: 1 });
    const closed = await seedConversation(org, { closed: true, ago: 2 });
    const ai = [];
    for (let i = 3; i < 8; i += 1) ai.push((await seedConversation(org, { ago: i })).id);
    const byMode = await request(t.app).get(inbox(org, '?mode=human')).set(auth);
    expect(byMode.body.items.map((c: { id: string }) => c.id)).toEqual([human.id]);
    expect(byMode.body.items[0].takenOverBy).toEqual({ id: org.owner.id, name: 'Owner' });
    const closedOnly = await request(t.app).get(inbox(org, '?open=false')).set(auth);
    expect(closedOnly.body.items.map((c: { id: string }) => c.id)).toEqual([closed.id]);
    const openAi = await request(t.app).get(inbox(org, '?open=true&mode=ai')).set(auth);
    expect(openAi.body.items.map((c: { id: string }) => c.id)).toEqual(ai);
    // Pages of two walk the whole list once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.app)
        .get(inbox(org, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`))
        .set(auth);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([human.id, closed.id, ...ai]);
  });

  it('when the query is bad, then it answers 400 in plain words', async () => {
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const mode = await request(t.app).get(inbox(org, '?mode=robot')).set(auth);
    expect(mode.status).toBe(400);
    expect(mode.body.error.details.issues[0]).toMatchObject({ path: 'mode', message: 'Mode is ai or human' });
    const cursor = await request(t.app).get(inbox(org, '?cursor=not-a-cursor')).set(auth);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toBe('This page link is out of date; open the list again');
  });
});

describe('GET /api/orgs/:orgId/widget/conversations/count', () => {
  it('when conversations wait for a person, then they are counted apart from the other open ones', async () => {
    const org = await seedOrg(t.deps);
    await seedConversation(org, { qualified: true }); // a qualified lead nobody picked up
    await seedConversation(org, { mode: 'human' }); // handed to the team, nobody has it
    await seedConversation(org, {
      mode: 'human',
      takenOverById: org.owner.id,
      messages: [
        { role: 'human', text: 'How can I help?', authorId: org.owner.id },
        { role: 'visitor', text: 'Can you come on Monday?' },
      ],
    }); // the visitor waits for the teammate
    await seedConversation(org, {
      mode: 'human',
      takenOverById: org.owner.id,
      messages: [
        { role: 'visitor', text: 'Thanks' },
        { role: 'human', text: 'You are welcome', authorId: org.owner.id },
      ],
    }); // answered
    await seedConversation(org, { qualified: true, takenOverById: org.owner.id }); // handled, handed back
    await seedConversation(org); // the AI is on it
    await seedConversation(org, { qualified: true, closed: true }); // closed
    await seedConversation(org, { mode: 'human', messages: [] }); // never written in
    const res = await request(t.app).get(inbox(org, '/count')).set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ open: 6, needsHuman: 3 });
  });
});

describe('one conversation: get, reply, take over, hand back, close', () => {
  it('when a member opens a conversation, then the transcript says who said what', async () => {
    const org = await seedOrg(t.deps);
    const teammate = await addMember(t.deps, {
      orgId: org.id,
      role: 'member',
      user: await seedUser(t.deps, { name: 'Kim Lee' }),
    });
    const { id } = await seedConversation(org, {
      mode: 'human',
      takenOverById: teammate.id,
      messages: [
        { role: 'visitor', text: 'Hi' },
        { role: 'ai', text: 'Hello! How can I help?' },
        { role: 'system', text: 'Kim joined the conversation', authorId: teammate.id },
        { role: 'human', text: 'Kim here', authorId: teammate.id },
      ],
    });
    const res = await request(t.app)
      .get(inbox(org, `/${id}`))
      .set(bearer(teammate.token));
    expect(res.status).toBe(200);
    expect(res.body.takenOverBy).toEqual({ id: teammate.id, name: 'Kim Lee' });
    expect(
      res.body.messages.map((m: { role: string; text: string; author: unknown }) => [m.role, m.text, m.author]),
    ).toEqual([
      ['visitor', 'Hi', null],
      ['ai', 'Hello! How can I help?', null],
      ['system', 'Kim joined the conversation', { id: teammate.id, name: 'Kim Lee' }],
      ['human', 'Kim here', { id: teammate.id, name: 'Kim Lee' }],
    ]);
  });

  it('when a member replies, then the reply is stored as theirs, the conversation is theirs and the AI pauses', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, {
      orgId: org.id,
      role: 'member',
      user: await seedUser(t.deps, { name: 'Sam  Rivera' }),
    });
    const { id } = await seedConversation(org, { qualified: true, ago: 3 });
    // Act
    const res = await request(t.app)
      .post(inbox(org, `/${id}/reply`))
      .set(bearer(member.token))
      .send({ text: '  Hi, Sam from the team here. Monday works!  ' });
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      mode: 'human',
      takenOverBy: { id: member.id, name: 'Sam  Rivera' },
      messageCount: 3,
      lastMessageAt: new Date(t.clock.now().getTime() + 1).toISOString(),
      needsHuman: false,
    });
    expect(res.body.messages.slice(-2).map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ['system', 'Sam joined the conversation'],
      ['human', 'Hi, Sam from the team here. Monday works!'],
    ]);
    const stored = await t.deps.db.widgetMessage.findMany({
      where: { conversationId: id, role: 'human' },
      select: { authorId: true, orgId: true },
    });
    expect(stored).toEqual([{ authorId: member.id, orgId: org.id }]);
    // A second reply needs no second "joined" line.
    t.clock.advance(1000);
    const again = await request(t.app)
      .post(inbox(org, `/${id}/reply`))
      .set(bearer(member.token))
      .send({ text: 'See you then' });
    expect(again.body.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'system', 'human', 'human']);
  });

  it('when the reply is empty or too long, then it answers 400 in plain words and stores nothing', async () => {
    const org = await seedOrg(t.deps);
    const { id } = await seedConversation(org);
    const auth = bearer(org.owner.token);
    const empty = await request(t.app)
      .post(inbox(org, `/${id}/reply`))
      .set(auth)
      .send({ text: '   ' });
    const long = await request(t.app)
      .post(inbox(org, `/${id}/reply`))
      .set(auth)
      .send({ text: 'x'.repeat(4001) });
    expect([empty.status, long.status]).toEqual([400, 400]);
    expect(empty.body.error.details.issues[0].message).toBe('Write a reply first');
    expect(long.body.error.details.issues[0].message).toBe('A reply can be at most 4,000 characters');
    expect(await t.deps.db.widgetMessage.count({ where: { conversationId: id } })).toBe(1);
  });

  it('when a teammate takes over and hands back, then the visitor is told each time and repeating changes nothing', async () => {
    const org = await seedOrg(t.deps);
    const { id } = await seedConversation(org);
    const auth = bearer(org.owner.token);
    const taken = await request(t.app)
      .post(inbox(org, `/${id}/take-over`))
      .set(auth);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ mode: 'human', takenOverBy: { id: org.owner.id } });
    const takenAgain = await request(t.app)
      .post(inbox(org, `/${id}/take-over`))
      .set(auth);
    expect(takenAgain.body.messages).toHaveLength(2);
    t.clock.advance(1000);
    const back = await request(t.app)
      .post(inbox(org, `/${id}/hand-back`))
      .set(auth);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ mode: 'ai', takenOverBy: null });
    expect(back.body.messages.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ['visitor', 'Hello there'],
      ['system', 'Owner joined the conversation'],
      ['system', 'The assistant is back and will answer from here'],
    ]);
    const backAgain = await request(t.app)
      .post(inbox(org, `/${id}/hand-back`))
      .set(auth);
    expect(backAgain.body.messages).toHaveLength(3);
    const row = await t.deps.db.widgetConversation.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ mode: 'ai', messageCount: 3 });
  });

  it('when two clicks take over at once, or another teammate takes it, then each new holder is one "joined" line', async () => {
    const org = await seedOrg(t.deps);
    const kim = await addMember(t.deps, {
      orgId: org.id,
      role: 'member',
      user: await seedUser(t.deps, { name: 'Kim Lee' }),
    });
    const { id } = await seedConversation(org);
    const path = inbox(org, `/${id}/take-over`);
    const both = await Promise.all([1, 2].map(() => request(t.app).post(path).set(bearer(org.owner.token))));
    expect(both.map((res) => res.status)).toEqual([200, 200]);
    t.clock.advance(1000);
    const moved = await request(t.app).post(path).set(bearer(kim.token));
    expect(moved.body.takenOverBy).toEqual({ id: kim.id, name: 'Kim Lee' });
    expect(moved.body.messages.map((m: { text: string }) => m.text)).toEqual([
      'Hello there',
      'Owner joined the conversation',
      'Kim joined the conversation',
    ]);
  });

  it('when a teammate closes a conversation, then it leaves the open list, and a reply opens it again', async () => {
    const org = await seedOrg(t.deps);
    const { id } = await seedConversation(org);
    const auth = bearer(org.owner.token);
    const closed = await request(t.app)
      .post(inbox(org, `/${id}/close`))
      .set(auth);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ isOpen: false, closedAt: t.clock.now().toISOString() });
    expect((await request(t.app).get(inbox(org, '?open=true')).set(auth)).body.items).toEqual([]);
    const replied = await request(t.app)
      .post(inbox(org, `/${id}/reply`))
      .set(auth)
      .send({ text: 'Still there?' });
    expect(replied.body).toMatchObject({ isOpen: true, closedAt: null, mode: 'human' });
  });

  it('when API keys call the inbox, then read keys read, write keys act (a reply has no author) and read keys may not', async () => {
    const org = await seedOrg(t.deps);
    const { id } = await seedConversation(org);
    const readKey = await apiKeyFor(org, ['read']);
    const writeKey = await apiKeyFor(org, ['read', 'write']);
    expect(
      (
        await request(t.app)
          .get(inbox(org, `/${id}`))
          .set(bearer(readKey))
      ).status,
    ).toBe(200);
    for (const action of ['reply', 'take-over', 'hand-back', 'close']) {
      const res = await request(t.app)
        .post(inbox(org, `/${id}/${action}`))
        .set(bearer(readKey))
        .send({ text: 'Hi' });
      expect(res.status).toBe(403);
    }
    const res = await request(t.app)
      .post(inbox(org, `/${id}/reply`))
      .set(bearer(writeKey))
      .send({ text: 'Hi' });
    expect(res.status).toBe(201);
    expect(res.body.messages.slice(-2)).toMatchObject([
      { role: 'system', text: 'A person from the team joined the conversation', author: null },
      { role: 'human', text: 'Hi', author: null },
    ]);
  });
});

describe('the inbox across organisations', () => {
  const routes = Object.values(widgetInboxEndpoints) as Endpoint[];
  it.each(routes.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "when the owner of another org calls %s on this org's records, then it answers 404 and nothing changes",
    async (_name, endpoint) => {
      // Arrange
      const org = await seedOrg(t.deps);
      const stranger = await seedOrg(t.deps);
      const { id } = await seedConversation(org);
      await request(t.app).get(settingsPath(org)).set(bearer(org.owner.token));
      const before = await t.deps.db.widgetConversation.findUniqueOrThrow({ where: { id } });
      const settingsBefore = await t.deps.db.widgetSettings.findUniqueOrThrow({ where: { orgId: org.id } });
      const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put';
      const body = endpoint.body ? (endpoint.method === 'PUT' ? { enabled: true } : { text: 'Hello' }) : undefined;
      const send = (path: string) => {
        const req = request(t.app)[method](path).set(bearer(stranger.owner.token));
        return body ? req.send(body) : req;
      };
      // Act: the other org's path, and the stranger's own org with this org's conversation id.
      const theirs = await send(endpoint.path.replace(':orgId', org.id).replace(':conversationId', id));
      const mixed = await send(endpoint.path.replace(':orgId', stranger.id).replace(':conversationId', id));
      // Assert
      expect(theirs.status).toBe(404);
      if (endpoint.path.includes(':conversationId')) expect(mixed.status).toBe(404);
      expect(await t.deps.db.widgetConversation.findUniqueOrThrow({ where: { id } })).toEqual(before);
      expect(await t.deps.db.widgetSettings.findUniqueOrThrow({ where: { orgId: org.id } })).toEqual(settingsBefore);
      expect(await t.deps.db.widgetMessage.count({ where: { conversationId: id } })).toBe(1);
    },
  );

  it('when an unknown conversation id is asked for, then it answers 404 Conversation not found', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app)
      .get(inbox(org, `/${randomUUID()}`))
      .set(bearer(org.owner.token));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Conversation not found' });
  });
});
