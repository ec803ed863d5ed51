import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError } from 'grammy';
import { startLocalTelegram } from './embedded';
import type { TelegramStandIn, TgUser, Update } from './stand-in';

const owner: TgUser = { id: 424_242, first_name: 'Ada', username: 'ada' };

type Received = { headers: IncomingHttpHeaders; update: Update };
/** A tiny webhook: records each POST and answers the next status in `statuses` (then 200). */
const startReceiver = async (statuses: number[] = []) => {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, update: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update });
      res.writeHead(statuses.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Waits until `done()` holds (checked every 10 ms), failing after 3 s. */
const until = async (done: () => boolean) => {
  const deadline = Date.now() + 3000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const rejection = async (promise: Promise<unknown>): Promise<GrammyError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  }
  throw new Error('expected the Bot API call to fail');
};

describe('Telegram stand-in (through grammY)', () => {
  let standIn: TelegramStandIn;
  let bot: Bot;
  const cleanups: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    standIn = await startLocalTelegram({ retryDelayMs: 50 });
    bot = new Bot(standIn.token, { client: { apiRoot: standIn.url } });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await standIn.close();
  });

  it('when grammY initialises the bot, then getMe answers the local bot user', async () => {
    await bot.init();

    expect(bot.botInfo).toMatchObject({
      id: Number(standIn.token.split(':')[0]),
      is_bot: true,
      first_name: 'AI CEO (local)',
      username: 'aiceo_local_bot',
      can_join_groups: true,
    });
  });

  it('when the token is wrong or the method unknown, then it answers 401 Unauthorized and 404 Not Found', async () => {
    const wrong = new Bot(`${standIn.token}x`, { client: { apiRoot: standIn.url } });

    const unauthorized = await rejection(wrong.api.getMe());
    const notFound = await fetch(`${standIn.url}/bot${standIn.token}/sendTelepathy`, { method: 'POST' });

    expect(unauthorized).toMatchObject({ error_code: 401, description: 'Unauthorized' });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('when a polling bot handles /start with a payload, then the reply reaches the chat and update ids grow by one', async () => {
    // Arrange: a bot answering /start and /help through getUpdates long polling.
    const seen: { payload: string; updateId: number }[] = [];
    bot.command('start', async (ctx) => {
      seen.push({ payload: ctx.match, updateId: ctx.update.update_id });
      await ctx.reply(`Linked with <b>${ctx.match}</b> &amp; ready`, { parse_mode: 'HTML' });
    });
    bot.command('help', (ctx) => ctx.reply('Help here'));
    await bot.init();
    void bot.start({ timeout: 1 });
    cleanups.push(() => bot.stop());

    // Act: the user sends /start <payload>, then /help@<bot> (while the poll waits).
    const first = await standIn.sendText(owner, '/start tok_123');
    const reply = await standIn.waitForMessage(owner.id, { since: 0 });
    const second = await standIn.sendText(owner, `/help@${standIn.botUsername}`);
    const help = await standIn.waitForMessage(owner.id, { since: 0, predicate: (m) => m.text === 'Help here' });

    // Assert
    expect(first.status).toBeNull();
    expect(first.update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(String(first.update.update_id)).toMatch(/^\d{6,9}$/);
    expect(second.update.update_id).toBe(first.update.update_id + 1);
    expect(seen).toEqual([{ payload: 'tok_123', updateId: first.update.update_id }]);
    expect(reply).toMatchObject({
      chatId: owner.id,
      text: 'Linked with tok_123 & ready',
      html: 'Linked with <b>tok_123</b> &amp; ready',
      parseMode: 'HTML',
      edits: 0,
    });
    expect(reply.messageId).toBeGreaterThan(first.update.message?.message_id ?? Infinity);
    expect(help.messageId).toBeGreaterThan(reply.messageId);
  });

  it('when the bot sends HTML with a keyboard, then the Message is Telegram-shaped and an edit without markup drops the keyboard', async () => {
    await standIn.sendText(owner, 'hello');

    const sent = await bot.api.sendMessage(owner.id, '<b>Approve</b> <a href="https://example.com">item</a>?', {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Approve', callback_data: 'b:1' },
            { text: 'Reject', callback_data: 'b:2' },
          ],
        ],
      },
      link_preview_options: { is_disabled: true },
    });
    const edited = await bot.api.editMessageText(owner.id, sent.message_id, 'Approved');

    expect(sent).toMatchObject({
      from: { is_bot: true, username: 'aiceo_local_bot' },
      chat: { id: owner.id, type: 'private', first_name: 'Ada', username: 'ada' },
      text: 'Approve item?',
      entities: [
        { type: 'bold', offset: 0, length: 7 },
        { type: 'text_link', offset: 8, length: 4, url: 'https://example.com' },
      ],
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Approve', callback_data: 'b:1' },
            { text: 'Reject', callback_data: 'b:2' },
          ],
        ],
      },
    });
    expect(Math.abs(sent.date - Date.now() / 1000)).toBeLessThan(5);
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Approved' });
    expect(edited).not.toHaveProperty('reply_markup');
    expect(standIn.messages(owner.id)).toEqual([
      expect.objectContaining({ messageId: sent.message_id, text: 'Approved', edits: 1 }),
    ]);
  });

  it('when a bot call breaks the rules, then it gets the Bot API error Telegram would answer', async () => {
    await standIn.sendText(owner, 'hi');
    const sent = await bot.api.sendMessage(owner.id, 'Same');
    const plain = await bot.api.sendMessage(owner.id, '<b>not HTML</b> & fine'); // no parse_mode: tags are text

    const errors = await Promise.all([
      rejection(bot.api.sendMessage(999, 'Hello')),
      rejection(bot.api.sendMessage(owner.id, 'x'.repeat(4097))),
      rejection(bot.api.sendMessage(owner.id, '<b>bold</i>', { parse_mode: 'HTML' })),
      rejection(bot.api.sendMessage(owner.id, '<script>x</script>', { parse_mode: 'HTML' })),
      rejection(bot.api.sendMessage(owner.id, '<b></b>', { parse_mode: 'HTML' })),
      rejection(
        bot.api.sendMessage(owner.id, 'Pick', {
          reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] },
        }),
      ),
      rejection(bot.api.editMessageText(owner.id, sent.message_id, 'Same')),
      rejection(bot.api.editMessageText(owner.id, 9_999, 'New')),
    ]);

    expect(plain.text).toBe('<b>not HTML</b> & fine');
    expect(errors.map((e) => `${e.error_code} ${e.description}`)).toEqual([
      '400 Bad Request: chat not found',
      '400 Bad Request: message is too long',
      '400 Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</b>", found "</i>"',
      '400 Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 0',
      '400 Bad Request: message text is empty',
      '400 Bad Request: BUTTON_DATA_INVALID',
      '400 Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      '400 Bad Request: message to edit not found',
    ]);
  });

  it('when a test makes a method fail, then grammY sees the error with retry_after, once', async () => {
    await standIn.sendText(owner, 'hi');
    standIn.failNext('sendMessage', { errorCode: 429, description: 'Too Many Requests: retry after 3', retryAfter: 3 });

    const limited = await rejection(bot.api.sendMessage(owner.id, 'One'));
    const next = await bot.api.sendMessage(owner.id, 'Two');

    expect(limited).toMatchObject({ error_code: 429, parameters: { retry_after: 3 } });
    expect(next.text).toBe('Two');
  });

  it('when a webhook with a secret is set, then updates are POSTed with the secret header and getUpdates is refused', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);

    const set = await fetch(`${standIn.url}/bot${standIn.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, secret_token: 'local_Secret-1', drop_pending_updates: true }),
    }).then((res) => res.json() as Promise<unknown>);
    const delivered = await standIn.sendText(owner, 'Hello bot');
    const conflict = await rejection(bot.api.getUpdates());
    const info = await bot.api.getWebhookInfo();
    const badSecret = await rejection(bot.api.setWebhook(receiver.url, { secret_token: 'no spaces!' }));

    expect(set).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    expect(standIn.webhook).toEqual({ url: receiver.url, secretToken: 'local_Secret-1' });
    expect(delivered.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers['x-telegram-bot-api-secret-token']).toBe('local_Secret-1');
    expect(receiver.received[0]?.headers['content-type']).toBe('application/json');
    expect(receiver.received[0]?.update).toEqual(delivered.update);
    expect(conflict).toMatchObject({
      error_code: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    expect(info).toMatchObject({ url: receiver.url, pending_update_count: 0 });
    expect(badSecret.error_code).toBe(400);
  });

  it('when the webhook answers 500, then Telegram redelivers the same update after the retry delay', async () => {
    const receiver = await startReceiver([500]);
    cleanups.push(receiver.close);
    await bot.api.setWebhook(receiver.url);

    const { update, status } = await standIn.sendText(owner, 'again?');
    await until(() => standIn.deliveries.length === 2);
    const again = await standIn.redeliver(update);

    expect(status).toBe(500);
    expect(receiver.received.map((r) => r.update.update_id)).toEqual([
      update.update_id,
      update.update_id,
      update.update_id,
    ]);
    expect(standIn.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
      [0, 200],
    ]);
    expect(again).toBe(200);
    expect((await bot.api.getWebhookInfo()).last_error_message).toContain('500');
  });

  it('when updates wait without a webhook, then getUpdates returns them and an offset confirms them', async () => {
    const a = await standIn.sendText(owner, 'one');
    const b = await standIn.sendSticker(owner);

    const all = await bot.api.getUpdates({ timeout: 0 });
    const after = await bot.api.getUpdates({ offset: b.update.update_id + 1, timeout: 0 });
    const polled = bot.api.getUpdates({ offset: b.update.update_id + 1, timeout: 5 });
    const c = await standIn.sendText(owner, 'three');
    const started = Date.now();

    expect(all.map((u) => u.update_id)).toEqual([a.update.update_id, b.update.update_id]);
    expect(all[1]?.message?.sticker).toMatchObject({ emoji: expect.any(String), type: 'regular' });
    expect(after).toEqual([]);
    expect((await polled).map((u) => u.update_id)).toEqual([c.update.update_id]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('when the user presses a button, then the callback query carries the message and can be answered once, in time', async () => {
    await standIn.sendText(owner, 'hi');
    const sent = await bot.api.sendMessage(owner.id, 'Approve?', {
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'b:yes' }]] },
    });

    const refused = await standIn.pressButton(owner, sent.message_id, 'b:no').catch((error: Error) => error.message);
    const { update } = await standIn.pressButton(owner, sent.message_id, 'b:yes');
    const query = update.callback_query;
    const answered = await bot.api.answerCallbackQuery(query?.id ?? '', { text: 'Approved' });
    const twice = await rejection(bot.api.answerCallbackQuery(query?.id ?? ''));
    const unknown = await rejection(bot.api.answerCallbackQuery('12345'));

    expect(refused).toContain('no button with callback data "b:no"');
    expect(query).toMatchObject({
      from: { id: owner.id, is_bot: false },
      data: 'b:yes',
      chat_instance: expect.any(String),
      message: { message_id: sent.message_id, text: 'Approve?', reply_markup: sent.reply_markup },
    });
    expect(answered).toBe(true);
    expect(standIn.callbackAnswers).toEqual([
      { callbackQueryId: query?.id, text: 'Approved', answeredAfterMs: expect.any(Number) },
    ]);
    expect(standIn.callbackAnswers[0]?.answeredAfterMs).toBeLessThan(1000);
    for (const stale of [twice, unknown])
      expect(stale.description).toBe(
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      );
  });

  it('when a callback query is older than its lifetime, then answering it fails', async () => {
    const shortLived = await startLocalTelegram({ callbackQueryTtlMs: 30 });
    cleanups.push(() => shortLived.close());
    const api = new Bot(shortLived.token, { client: { apiRoot: shortLived.url } }).api;
    await shortLived.sendText(owner, 'hi');
    const sent = await api.sendMessage(owner.id, 'Go?', {
      reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
    });
    const { update } = await shortLived.pressButton(owner, sent.message_id, 'go');

    await new Promise((resolve) => setTimeout(resolve, 60));
    const late = await rejection(api.answerCallbackQuery(update.callback_query?.id ?? ''));

    expect(late.error_code).toBe(400);
    expect(shortLived.callbackAnswers).toEqual([]);
  });

  it('when parameters come as a query string or a form, then they count like JSON ones', async () => {
    await standIn.sendText(owner, 'hi');
    const base = `${standIn.url}/bot${standIn.token}`;

    const byQuery = await fetch(
      `${base}/sendMessage?chat_id=${owner.id}&text=${encodeURIComponent('From a query')}`,
    ).then((res) => res.json() as Promise<{ ok: boolean; result: { message_id: number; text: string } }>);
    const byForm = await fetch(`${base}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: String(owner.id),
        text: 'From a form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Ok', callback_data: 'ok' }]] }),
      }).toString(),
    }).then((res) => res.json() as Promise<{ ok: boolean; result: { message_id: number; reply_markup: unknown } }>);
    const typing = await bot.api.sendChatAction(owner.id, 'typing');
    const deleted = await bot.api.deleteMessage(owner.id, byQuery.result.message_id);
    const deletedAgain = await rejection(bot.api.deleteMessage(owner.id, byQuery.result.message_id));

    expect(byQuery).toMatchObject({ ok: true, result: { text: 'From a query' } });
    expect(byForm).toMatchObject({
      ok: true,
      result: { reply_markup: { inline_keyboard: [[{ text: 'Ok', callback_data: 'ok' }]] } },
    });
    expect([typing, deleted]).toEqual([true, true]);
    expect(deletedAgain.description).toBe('Bad Request: message to delete not found');
    expect(standIn.messages(owner.id).map((m) => m.text)).toEqual(['From a form']);
  });

  it('when the webhook cannot be reached, then the update is tried three more times and getWebhookInfo says why', async () => {
    const receiver = await startReceiver();
    await receiver.close(); // nothing listens on that port any more
    await bot.api.setWebhook(receiver.url);

    const { status } = await standIn.sendText(owner, 'anyone?');
    await until(() => standIn.deliveries.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 150)); // and no fifth attempt
    const info = await bot.api.getWebhookInfo();

    expect(status).toBeNull();
    expect(standIn.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, null],
    ]);
    expect(info.last_error_message).toBe('Connection refused');
  });

  it('when updates waited for getUpdates and a webhook is then set, then they go to the webhook', async () => {
    const waiting = await standIn.sendText(owner, 'queued');
    const receiver = await startReceiver();
    cleanups.push(receiver.close);

    await bot.api.setWebhook(receiver.url);
    await until(() => receiver.received.length > 0);

    expect(receiver.received.map((r) => r.update.update_id)).toEqual([waiting.update.update_id]);
    expect(receiver.received[0]?.headers).not.toHaveProperty('x-telegram-bot-api-secret-token');
  });

  it('when a second getUpdates comes while one waits, then the first ends with 409 Conflict', async () => {
    const first = rejection(bot.api.getUpdates({ timeout: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const second = bot.api.getUpdates({ timeout: 0 });

    expect((await first).error_code).toBe(409);
    expect(await second).toEqual([]);
  });

  it('when commands are set, then getMyCommands answers them per scope', async () => {
    await bot.api.setMyCommands([{ command: 'report', description: 'Today, week or month' }]);
    const commands = await bot.api.getMyCommands();
    const other = await bot.api.getMyCommands({ scope: { type: 'all_private_chats' } });
    const bad = await rejection(bot.api.setMyCommands([{ command: 'Bad Command', description: 'x' }]));

    expect(commands).toEqual([{ command: 'report', description: 'Today, week or month' }]);
    expect(other).toEqual([]);
    expect(bad.description).toBe('Bad Request: BOT_COMMAND_INVALID');
  });
});

describe('Telegram stand-in HTTP controls and chat page', () => {
  let standIn: TelegramStandIn;
  beforeEach(async () => {
    standIn = await startLocalTelegram();
  });
  afterEach(() => standIn.close());
  const control = (path: string, body: unknown) =>
    fetch(`${standIn.url}/__stand-in/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('when a browser user sends a message and presses a button, then the transcript holds both sides', async () => {
    const api = new Bot(standIn.token, { client: { apiRoot: standIn.url } }).api;
    const sent = await control('send', { from: owner, text: '/report week' }).then(
      (res) => res.json() as Promise<{ update: Update }>,
    );
    const reply = await api.sendMessage(owner.id, '<i>Week</i>: <tg-spoiler>up</tg-spoiler>', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] },
    });
    const pressed = await control('press', {
      from: owner,
      messageId: reply.message_id,
      data: 'more',
      waitForAnswerMs: 0,
    });
    const wrongPress = await control('press', { from: owner, messageId: reply.message_id, data: 'other' });
    const transcript = await fetch(`${standIn.url}/__stand-in/transcript?chatId=${owner.id}`).then(
      (res) => res.json() as Promise<unknown>,
    );
    const messages = await fetch(`${standIn.url}/__stand-in/messages?chatId=${owner.id}`).then(
      (res) => res.json() as Promise<unknown>,
    );
    const webhook = await fetch(`${standIn.url}/__stand-in/webhook`).then((res) => res.json() as Promise<unknown>);

    expect(sent.update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 7 }]);
    expect(pressed.status).toBe(200);
    expect(wrongPress.status).toBe(400);
    expect(transcript).toEqual([
      expect.objectContaining({ from: 'user', text: '/report week' }),
      expect.objectContaining({
        from: 'bot',
        text: 'Week: up',
        nodes: [{ tag: 'i', children: ['Week'] }, ': ', { tag: 'spoiler', children: ['up'] }],
        replyMarkup: { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] },
      }),
    ]);
    expect(messages).toEqual([
      expect.objectContaining({ chatId: owner.id, messageId: reply.message_id, text: 'Week: up' }),
    ]);
    expect(webhook).toBeNull();
  });

  it('when a webhook bot answers a press, then the press control returns the answer and redeliver posts the update again', async () => {
    // Arrange: a webhook that answers callback queries through the Bot API, like the app does.
    const api = new Bot(standIn.token, { client: { apiRoot: standIn.url } }).api;
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
        const answered = update.callback_query
          ? api.answerCallbackQuery(update.callback_query.id, { text: 'Saved', show_alert: true })
          : Promise.resolve(true);
        void answered.then(() => {
          res.writeHead(200);
          res.end();
        });
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      await control('send', { from: owner, text: 'hi' });
      await api.setWebhook(hook, { secret_token: 'abc' });
      const sent = await api.sendMessage(owner.id, 'Keep?', {
        reply_markup: { inline_keyboard: [[{ text: 'Keep', callback_data: 'k' }]] },
      });

      // Act
      const sticker = await control('sticker', { from: owner }).then(
        (res) => res.json() as Promise<{ update: Update; status: number }>,
      );
      const pressed = await control('press', { from: owner, messageId: sent.message_id, data: 'k' }).then(
        (res) => res.json() as Promise<{ status: number; answer?: unknown }>,
      );
      const redelivered = await control('redeliver', { updateId: sticker.update.update_id }).then(
        (res) => res.json() as Promise<unknown>,
      );
      const webhook = await fetch(`${standIn.url}/__stand-in/webhook`).then((res) => res.json() as Promise<unknown>);

      // Assert
      expect(sticker).toMatchObject({ status: 200, update: { message: { sticker: { type: 'regular' } } } });
      expect(pressed).toMatchObject({ status: 200, answer: { text: 'Saved', showAlert: true } });
      expect(redelivered).toEqual({ status: 200 });
      expect(standIn.deliveries.filter((d) => d.updateId === sticker.update.update_id)).toHaveLength(2);
      expect(webhook).toEqual({ url: hook, secretToken: 'abc' });
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('when the chat page opens with a start token, then it answers HTML with the payload escaped and a link hint', async () => {
    const res = await fetch(`${standIn.url}/chat?start=${encodeURIComponent('tok"><script>alert(1)</script>')}`);
    const page = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(page).toContain('value="/start tok&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('Press Send to link this chat');
    expect(page).toContain('nothing reaches Telegram');
    expect(page).not.toMatch(/(src|href)="https?:/);
  });
});
