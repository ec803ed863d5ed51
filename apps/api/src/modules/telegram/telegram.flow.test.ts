import request from 'supertest';
import type { TgUser } from '@aiceo/stand-ins/telegram/stand-in';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { NOT_LINKED_TEXT } from './telegram-bot';
import { runTelegramInbox } from './telegram-inbox';
import { startTelegramTestApp, type TelegramTestApp } from '../../testing/telegram-test-app';
import { UNLINKED_FROM_APP } from './telegram.service';

let h: TelegramTestApp;
beforeAll(async () => {
  h = await startTelegramTestApp();
}, 120_000);
afterAll(() => h.close());

let nextUserId = 7_000_000;
const newUser = (first_name = 'Olga'): TgUser => ({ id: ++nextUserId, first_name, username: `user${nextUserId}` });

const makeLink = async (org: SeededOrg) => {
  const res = await request(h.t.app).post(`/api/orgs/${org.id}/telegram/link`).set(bearer(org.owner.token));
  expect(res.status).toBe(201);
  return res.body as { token: string; url: string };
};

/** The user sends a message and the app finishes handling it. */
const send = async (user: TgUser, text: string) => {
  const sent = await h.standIn.sendText(user, text);
  expect(sent.status).toBe(200);
  await h.settle();
  return sent;
};

const linkedOrg = async () => {
  const org = await seedOrg(h.t.deps, { name: `Acme ${nextUserId}` });
  const user = newUser();
  const { token } = await makeLink(org);
  await send(user, `/start ${token}`);
  return { org, user };
};

const statusOf = async (org: SeededOrg) =>
  (await request(h.t.app).get(`/api/orgs/${org.id}/telegram`).set(bearer(org.owner.token))).body as {
    link: { username: string; firstName: string } | null;
    linkedMembers: { userId: string }[];
  };

describe('linking a chat', () => {
  it('when the owner opens the link and the chat sends /start <token>, then the chat is linked and welcomed', async () => {
    // Arrange
    const org = await seedOrg(h.t.deps, { name: 'Acme Bakery' });
    const user = newUser('Olga');
    const { token } = await makeLink(org);
    // Act
    await send(user, `/start ${token}`);
    // Assert
    const replies = h.standIn.messages(user.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('Welcome');
    expect(replies[0]?.text).toContain('Acme Bakery');
    expect(replies[0]?.text).toContain('/report');
    const status = await statusOf(org);
    expect(status.link).toMatchObject({ username: user.username, firstName: 'Olga' });
    expect(status.linkedMembers.map((m) => m.userId)).toEqual([org.owner.id]);
  });

  it('when a used link is opened again from another chat, then it is refused and that chat stays unlinked', async () => {
    // Arrange
    const org = await seedOrg(h.t.deps);
    const { token } = await makeLink(org);
    await send(newUser(), `/start ${token}`);
    const stranger = newUser('Eve');
    // Act
    await send(stranger, `/start ${token}`);
    // Assert
    const replies = h.standIn.messages(stranger.id);
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('already used')]);
    expect(await h.t.deps.db.telegramLink.count({ where: { chatId: BigInt(stranger.id) } })).toBe(0);
  });

  it('when the link is opened after 11 minutes, then it is refused as expired', async () => {
    // Arrange
    const org = await seedOrg(h.t.deps);
    const { token } = await makeLink(org);
    const user = newUser();
    h.t.clock.advance(11 * 60_000);
    // Act
    await send(user, `/start ${token}`);
    // Assert
    expect(h.standIn.messages(user.id).map((m) => m.text)).toEqual([expect.stringContaining('expired')]);
    expect((await statusOf(org)).link).toBeNull();
  });

  it('when a token nobody made is sent, then it is refused with how to get a link', async () => {
    const user = newUser();
    await send(user, `/start ${'x'.repeat(43)}`);
    expect(h.standIn.messages(user.id).map((m) => m.text)).toEqual([expect.stringContaining('Settings → Telegram')]);
  });

  it('when the owner makes a second link, then the first one no longer works', async () => {
    const org = await seedOrg(h.t.deps);
    const first = await makeLink(org);
    await makeLink(org);
    const user = newUser();
    await send(user, `/start ${first.token}`);
    expect((await statusOf(org)).link).toBeNull();
  });

  it('when the member links a second chat, then the first chat is told and replaced', async () => {
    // Arrange
    const { org, user } = await linkedOrg();
    const phone2 = newUser('Olga2');
    const { token } = await makeLink(org);
    // Act
    await send(phone2, `/start ${token}`);
    // Assert
    expect(h.standIn.messages(user.id).at(-1)?.text).toContain('linked another Telegram chat');
    expect((await statusOf(org)).link).toMatchObject({ firstName: 'Olga2' });
    expect(await h.t.deps.db.telegramLink.count({ where: { orgId: org.id } })).toBe(1);
  });
});

describe('a chat linked to nobody', () => {
  it('when it sends commands, questions or /start, then it gets only the explanation', async () => {
    // Arrange
    const user = newUser('Mallory');
    // Act
    for (const text of ['/report', '/ask what is our cash?', 'hello', '/start', '/unlink']) await send(user, text);
    // Assert
    expect(h.standIn.messages(user.id).map((m) => m.text)).toEqual(Array(5).fill(NOT_LINKED_TEXT));
    const logged = await h.t.deps.db.telegramMessage.findMany({ where: { chatId: BigInt(user.id) } });
    expect(logged.map((m) => [m.kind, m.orgId])).toEqual(Array(5).fill(['refusal', null]));
  });
});

describe('unlinking', () => {
  it('when the member unlinks in the web app, then the chat is told and its next message is refused', async () => {
    // Arrange
    const { org, user } = await linkedOrg();
    // Act
    const res = await request(h.t.app).delete(`/api/orgs/${org.id}/telegram/link`).set(bearer(org.owner.token));
    await send(user, '/report');
    // Assert
    expect(res.status).toBe(204);
    expect(
      h.standIn
        .messages(user.id)
        .slice(-2)
        .map((m) => m.text),
    ).toEqual([UNLINKED_FROM_APP, NOT_LINKED_TEXT]);
    expect((await statusOf(org)).link).toBeNull();
  });

  it('when the chat sends /unlink, then the link is gone and the web app shows no chat', async () => {
    const { org, user } = await linkedOrg();
    await send(user, '/unlink');
    expect(h.standIn.messages(user.id).at(-1)?.text).toContain('no longer linked');
    expect((await statusOf(org)).link).toBeNull();
  });

  it('when the member left the org, then their chat is unlinked at its next message', async () => {
    const { org, user } = await linkedOrg();
    await h.t.deps.db.membership.deleteMany({ where: { orgId: org.id, userId: org.owner.id } });
    await send(user, '/start');
    expect(h.standIn.messages(user.id).at(-1)?.text).toBe(NOT_LINKED_TEXT);
    expect(await h.t.deps.db.telegramLink.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe('the inbox', () => {
  it('when Telegram redelivers an update, then it is answered as a duplicate and handled once', async () => {
    // Arrange
    const { user } = await linkedOrg();
    const before = h.standIn.messages(user.id).length;
    const { update } = await send(user, '/start');
    // Act
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push(await h.standIn.redeliver(update));
    await h.settle();
    // Assert
    expect(statuses).toEqual([200, 200, 200]);
    expect(h.standIn.messages(user.id)).toHaveLength(before + 1);
    const row = await h.t.deps.db.telegramUpdate.findUnique({ where: { updateId: BigInt(update.update_id) } });
    expect(row).toMatchObject({ status: 'handled' });
  });

  it('when two instances on one database get the same update 100 times, then it is handled once with one reply', async () => {
    // Arrange
    const { org, user } = await linkedOrg();
    const second = await h.addInstance();
    const before = h.standIn.messages(user.id).length;
    const { update } = await h.standIn.sendText(user, '/start');
    // The first delivery raced with nothing yet: use a fresh id for the same message, delivered only by redelivery.
    await h.settle();
    const fresh = { ...update, update_id: update.update_id + 1_000_000 };
    // Act
    const statuses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        h.standIn.redeliver(fresh, { url: i % 2 === 0 ? h.webhookUrl : second.webhookUrl }),
      ),
    );
    await h.settle();
    // Assert
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(h.standIn.messages(user.id)).toHaveLength(before + 2);
    const row = await h.t.deps.db.telegramUpdate.findUnique({ where: { updateId: BigInt(fresh.update_id) } });
    expect(row).toMatchObject({ status: 'handled', orgId: org.id });
  });

  it('when an update was stored but never handled, then the inbox job handles it once', async () => {
    // Arrange: as if the instance stopped right after storing it.
    const { user } = await linkedOrg();
    const before = h.standIn.messages(user.id).length;
    const { update } = await send(user, '/start');
    const orphan = { ...update, update_id: update.update_id + 2_000_000 };
    await h.t.deps.db.telegramUpdate.create({
      data: {
        updateId: BigInt(orphan.update_id),
        payload: orphan,
        chatId: BigInt(user.id),
        receivedAt: new Date(h.t.clock.now().getTime() - 20_000),
      },
    });
    // Act
    const first = await runTelegramInbox(h.t.deps);
    const again = await runTelegramInbox(h.t.deps);
    // Assert
    expect(first.redone).toBe(1);
    expect(again.redone).toBe(0);
    expect(h.standIn.messages(user.id)).toHaveLength(before + 2);
  });

  it('when an update is stuck in handling for over 5 minutes, then the job marks it failed and never reruns it', async () => {
    const updateId = BigInt(990_000_000 + Math.floor(Math.random() * 1000));
    await h.t.deps.db.telegramUpdate.create({
      data: {
        updateId,
        payload: { update_id: Number(updateId) },
        status: 'handling',
        claimedBy: 'gone',
        claimedAt: new Date(h.t.clock.now().getTime() - 6 * 60_000),
      },
    });
    await runTelegramInbox(h.t.deps);
    expect(await h.t.deps.db.telegramUpdate.findUnique({ where: { updateId } })).toMatchObject({ status: 'failed' });
  });
});

describe('a failure on our side', () => {
  it('when the reply cannot be sent, then the chat is told plainly, the update is recorded as failed, and the log has both', async () => {
    // Arrange
    const { user } = await linkedOrg();
    h.standIn.failNext('sendMessage', { errorCode: 500, description: 'Internal Server Error' });
    // Act
    const { update } = await send(user, '/start');
    // Assert
    const last = h.standIn.messages(user.id).at(-1)?.text ?? '';
    expect(last).toContain('something went wrong on our side');
    expect(last).not.toMatch(/error|stack|500/i);
    const row = await h.t.deps.db.telegramUpdate.findUnique({ where: { updateId: BigInt(update.update_id) } });
    expect(row).toMatchObject({ status: 'failed', error: expect.stringContaining('Internal Server Error') });
    const logged = await h.t.deps.db.telegramMessage.findMany({
      where: { chatId: BigInt(user.id) },
      orderBy: { createdAt: 'desc' },
      take: 2,
    });
    expect(logged.map((m) => m.status).sort()).toEqual(['failed', 'sent']);
  });
});

describe('per-chat rate limit', () => {
  it('when a linked chat floods 25 messages, then 20 are answered and one "slow down" follows', async () => {
    const { user } = await linkedOrg();
    const before = h.standIn.messages(user.id).length;
    // The /start that linked counts too: 19 more within the limit.
    for (let i = 0; i < 25; i += 1) await send(user, '/start');
    const replies = h.standIn
      .messages(user.id)
      .slice(before)
      .map((m) => m.text);
    expect(replies).toHaveLength(20);
    expect(replies.at(-1)).toContain('Please wait a minute');
  });
});
