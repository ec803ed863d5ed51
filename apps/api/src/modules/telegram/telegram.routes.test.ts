import request from 'supertest';
import { DEFAULT_TELEGRAM_NOTIFICATIONS } from '@aiceo/shared/telegram';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { hashLinkToken } from './telegram-links';
import { startTelegramTestApp, WEBHOOK_SECRET, type TelegramTestApp } from '../../testing/telegram-test-app';

let h: TelegramTestApp;
let noBot: TestContext;
beforeAll(async () => {
  [h, noBot] = await Promise.all([startTelegramTestApp(), createTestContext()]);
  // Two apps and a stand-in: slow on a busy machine.
}, 120_000);
afterAll(() => Promise.all([h.close(), noBot.close()]));

let nextUserId = 8_000_000;
const linked = async (org: SeededOrg) => {
  const user = { id: ++nextUserId, first_name: 'Olga', username: `olga${nextUserId}` };
  const res = await request(h.t.app).post(`/api/orgs/${org.id}/telegram/link`).set(bearer(org.owner.token));
  await h.standIn.sendText(user, `/start ${res.body.token}`);
  await h.settle();
  return user;
};

describe('GET /api/orgs/:orgId/telegram', () => {
  it('when an owner asks, then it names the bot, lets them link, and lists the linked members', async () => {
    const org = await seedOrg(h.t.deps);
    await linked(org);
    const res = await request(h.t.app).get(`/api/orgs/${org.id}/telegram`).set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: 'local-stand-in',
      botUsername: h.standIn.botUsername,
      canLink: true,
      link: { notifications: DEFAULT_TELEGRAM_NOTIFICATIONS },
      localChatUrl: `${h.standIn.url}/chat`,
    });
    expect(res.body.linkedMembers).toEqual([
      { userId: org.owner.id, name: org.owner.name, linkedAt: expect.any(String) },
    ]);
  });

  it('when a plain member asks, then they cannot link and see nobody else', async () => {
    const org = await seedOrg(h.t.deps);
    await linked(org);
    const member = await addMember(h.t.deps, { orgId: org.id, role: 'member' });
    const res = await request(h.t.app).get(`/api/orgs/${org.id}/telegram`).set(bearer(member.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ canLink: false, link: null, linkedMembers: [] });
  });

  it('when the server has no bot, then the mode says so and there is no bot name', async () => {
    const org = await seedOrg(noBot.deps);
    const res = await request(noBot.app).get(`/api/orgs/${org.id}/telegram`).set(bearer(org.owner.token));
    expect(res.body).toMatchObject({ mode: 'not-configured', botUsername: null, localChatUrl: null });
  });
});

describe('POST /api/orgs/:orgId/telegram/link', () => {
  it('when an admin asks, then the link carries a 43-character token that expires in 10 minutes and only its hash is kept', async () => {
    const org = await seedOrg(h.t.deps);
    const admin = await addMember(h.t.deps, { orgId: org.id, role: 'admin' });
    const res = await request(h.t.app).post(`/api/orgs/${org.id}/telegram/link`).set(bearer(admin.token));
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.url).toBe(`https://t.me/${h.standIn.botUsername}?start=${res.body.token}`);
    expect(res.body.localChatUrl).toBe(`${h.standIn.url}/chat?start=${res.body.token}`);
    expect(new Date(res.body.expiresAt).getTime() - h.t.clock.now().getTime()).toBe(10 * 60_000);
    const rows = await h.t.deps.db.telegramLinkToken.findMany({ where: { orgId: org.id } });
    expect(rows.map((row) => row.tokenHash)).toEqual([hashLinkToken(res.body.token)]);
  });

  it('when a plain member asks, then 403 and no token is made', async () => {
    const org = await seedOrg(h.t.deps);
    const member = await addMember(h.t.deps, { orgId: org.id, role: 'member' });
    const res = await request(h.t.app).post(`/api/orgs/${org.id}/telegram/link`).set(bearer(member.token));
    expect(res.status).toBe(403);
    expect(await h.t.deps.db.telegramLinkToken.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the server has no bot, then 503 in plain words', async () => {
    const org = await seedOrg(noBot.deps);
    const res = await request(noBot.app).post(`/api/orgs/${org.id}/telegram/link`).set(bearer(org.owner.token));
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('not set up') });
  });
});

describe('PUT /api/orgs/:orgId/telegram/notifications', () => {
  const prefs = { ...DEFAULT_TELEGRAM_NOTIFICATIONS, dailySummary: false, paymentReceived: false };

  it('when the caller has a linked chat, then the choices are saved', async () => {
    const org = await seedOrg(h.t.deps);
    await linked(org);
    const res = await request(h.t.app)
      .put(`/api/orgs/${org.id}/telegram/notifications`)
      .set(bearer(org.owner.token))
      .send(prefs);
    expect(res.status).toBe(200);
    expect(res.body.notifications).toEqual(prefs);
    const again = await request(h.t.app).get(`/api/orgs/${org.id}/telegram`).set(bearer(org.owner.token));
    expect(again.body.link.notifications).toEqual(prefs);
  });

  it('when the caller has no linked chat, then 404 in plain words', async () => {
    const org = await seedOrg(h.t.deps);
    const res = await request(h.t.app)
      .put(`/api/orgs/${org.id}/telegram/notifications`)
      .set(bearer(org.owner.token))
      .send(prefs);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('no Telegram chat linked');
  });

  it('when a choice is not a boolean, then 400', async () => {
    const org = await seedOrg(h.t.deps);
    const res = await request(h.t.app)
      .put(`/api/orgs/${org.id}/telegram/notifications`)
      .set(bearer(org.owner.token))
      .send({ ...prefs, approvals: 'yes' });
    expect(res.status).toBe(400);
  });
});

describe('GET /api/orgs/:orgId/telegram/messages', () => {
  it('when the bot sent several messages, then they come newest first, page by page', async () => {
    const org = await seedOrg(h.t.deps);
    const user = await linked(org);
    for (const text of ['/start', '/start']) await h.standIn.sendText(user, text);
    await h.settle();
    const first = await request(h.t.app)
      .get(`/api/orgs/${org.id}/telegram/messages?limit=2`)
      .set(bearer(org.owner.token));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({ chatId: String(user.id), method: 'sendMessage', status: 'sent' });
    const second = await request(h.t.app)
      .get(`/api/orgs/${org.id}/telegram/messages?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(org.owner.token));
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].kind).toBe('link');
    expect(second.body.nextCursor).toBeNull();
  });

  it('when a plain member asks, then 403', async () => {
    const org = await seedOrg(h.t.deps);
    const member = await addMember(h.t.deps, { orgId: org.id, role: 'member' });
    const res = await request(h.t.app).get(`/api/orgs/${org.id}/telegram/messages`).set(bearer(member.token));
    expect(res.status).toBe(403);
  });
});

describe('tenancy', () => {
  it("when another org's admin tries, then they can neither read, change nor detect this org's chat", async () => {
    // Arrange
    const victim = await seedOrg(h.t.deps);
    const user = await linked(victim);
    const attacker = await seedOrg(h.t.deps);
    const asAttacker = bearer(attacker.owner.token);
    // Act: the victim's org by id, then the attacker's own org.
    const reads = await Promise.all([
      request(h.t.app).get(`/api/orgs/${victim.id}/telegram`).set(asAttacker),
      request(h.t.app).get(`/api/orgs/${victim.id}/telegram/messages`).set(asAttacker),
      request(h.t.app).post(`/api/orgs/${victim.id}/telegram/link`).set(asAttacker),
      request(h.t.app).delete(`/api/orgs/${victim.id}/telegram/link`).set(asAttacker),
      request(h.t.app)
        .put(`/api/orgs/${victim.id}/telegram/notifications`)
        .set(asAttacker)
        .send(DEFAULT_TELEGRAM_NOTIFICATIONS),
    ]);
    const own = await request(h.t.app).get(`/api/orgs/${attacker.id}/telegram`).set(asAttacker);
    const ownMessages = await request(h.t.app).get(`/api/orgs/${attacker.id}/telegram/messages`).set(asAttacker);
    await request(h.t.app).delete(`/api/orgs/${attacker.id}/telegram/link`).set(asAttacker);
    // Assert
    for (const res of reads) expect([403, 404]).toContain(res.status);
    expect(new Set(reads.map((res) => res.status)).size).toBe(1);
    expect(own.body).toMatchObject({ link: null, linkedMembers: [] });
    expect(ownMessages.body.items).toEqual([]);
    expect(await h.t.deps.db.telegramLink.count({ where: { orgId: victim.id, chatId: BigInt(user.id) } })).toBe(1);
    expect(await h.t.deps.db.telegramLinkToken.count({ where: { orgId: victim.id, usedAt: null } })).toBe(0);
  });
});

describe('POST /api/telegram/webhook', () => {
  const update = {
    update_id: 123_456,
    message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'hi' },
  };

  it('when the secret header is wrong or missing, then 401 and nothing is stored', async () => {
    const wrong = await request(h.t.app)
      .post('/api/telegram/webhook')
      .set('x-telegram-bot-api-secret-token', 'nope')
      .send(update);
    const missing = await request(h.t.app).post('/api/telegram/webhook').send(update);
    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(await h.t.deps.db.telegramUpdate.count({ where: { updateId: BigInt(update.update_id) } })).toBe(0);
  });

  it('when the body has no update_id, then 400 with the envelope', async () => {
    const res = await request(h.t.app)
      .post('/api/telegram/webhook')
      .set('x-telegram-bot-api-secret-token', WEBHOOK_SECRET)
      .send({ update_id: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('when the same update comes twice, then the second is answered as a duplicate', async () => {
    const post = () =>
      request(h.t.app)
        .post('/api/telegram/webhook')
        .set('x-telegram-bot-api-secret-token', WEBHOOK_SECRET)
        .send(update);
    const first = await post();
    const second = await post();
    await h.settle();
    expect(first.body).toEqual({ ok: true, duplicate: false });
    expect(second.body).toEqual({ ok: true, duplicate: true });
  });

  it('when the server has no bot, then 503', async () => {
    const res = await request(noBot.app)
      .post('/api/telegram/webhook')
      .set('x-telegram-bot-api-secret-token', 'x')
      .send(update);
    expect(res.status).toBe(503);
  });
});
