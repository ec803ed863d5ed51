import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body';
import { chatPage } from './chat-page';
import { EntityParseError, parseTelegramHtml, type HtmlNode, type MessageEntity } from './html-text';

/**
 * A small offline Telegram: the Bot API (https://core.telegram.org/bots/api) in its wire format,
 * `POST|GET <url>/bot<token>/<method>` answering `{ ok, result }` or `{ ok: false, error_code,
 * description }`, so grammY works against it unchanged. Users are played by tests (controls below),
 * by HTTP controls under /__stand-in/ and by a chat page at /chat. Updates go to the webhook when one
 * is set (with Telegram's secret-token header and redelivery), else wait for getUpdates.
 */

export type TgUser = { id: number; first_name: string; username?: string; language_code?: string };
export type TgChat = { id: number; type: 'private'; first_name: string; username?: string };
export type InlineKeyboardButton = { text: string; callback_data?: string; url?: string };
export type InlineKeyboardMarkup = { inline_keyboard: InlineKeyboardButton[][] };
export type TgSticker = {
  file_id: string;
  file_unique_id: string;
  type: 'regular';
  width: number;
  height: number;
  is_animated: boolean;
  is_video: boolean;
  emoji?: string;
  set_name?: string;
};
export type TgMessage = {
  message_id: number;
  from: TgUser & { is_bot: boolean };
  chat: TgChat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  sticker?: TgSticker;
  reply_markup?: InlineKeyboardMarkup;
};
export type TgCallbackQuery = {
  id: string;
  from: TgUser & { is_bot: false };
  message: TgMessage;
  chat_instance: string;
  data: string;
};
export type Update = { update_id: number; message?: TgMessage; callback_query?: TgCallbackQuery };

/** A message the bot sent, as it is now (edits applied). `text` is what the user sees (HTML stripped). */
export type BotMessage = {
  chatId: number;
  messageId: number;
  text: string;
  parseMode?: string;
  /** The text as the bot sent it when it used parse_mode. */
  html?: string;
  replyMarkup?: InlineKeyboardMarkup;
  edits: number;
  sentAt: number;
  editedAt?: number;
};
/** One line of a private chat, either side, for the chat page. */
export type TranscriptEntry = {
  messageId: number;
  from: 'user' | 'bot';
  text: string;
  /** Bot messages: the parsed HTML (only Telegram's tags), rendered by the page as DOM nodes. */
  nodes?: HtmlNode[];
  sticker?: boolean;
  replyMarkup?: InlineKeyboardMarkup;
  date: number;
  edits: number;
};
export type CallbackAnswer = { callbackQueryId: string; text?: string; showAlert?: boolean; answeredAfterMs: number };
export type WebhookDelivery = { updateId: number; url: string; attempt: number; status: number | null; error?: string };
export type FailureSpec = { errorCode: number; description: string; retryAfter?: number; times?: number };

export type TelegramStandInOptions = {
  /** `<bot id>:<secret>`, like Telegram's; the bot's id is the part before the colon. */
  token: string;
  host?: string;
  port?: number;
  botUsername?: string;
  botFirstName?: string;
  /** Wait before redelivering an update the webhook refused (Telegram retries); default 1000. */
  retryDelayMs?: number;
  /** Redeliveries after the first attempt; default 3. */
  maxRetries?: number;
  /** How long a callback query can be answered; default 15 s, like Telegram. */
  callbackQueryTtlMs?: number;
  /** Milliseconds since the epoch, for message dates and BotMessage times; tests may pass a fake clock. */
  now?: () => number;
};

export type TelegramStandIn = {
  url: string;
  port: number;
  token: string;
  botId: number;
  botUsername: string;
  /** The page that plays the Telegram app for one local user. */
  chatUrl: string;
  readonly webhook: { url: string; secretToken: string | null } | null;
  sendText(from: TgUser, text: string): Promise<{ update: Update; status: number | null }>;
  sendSticker(from: TgUser): Promise<{ update: Update; status: number | null }>;
  pressButton(
    from: TgUser,
    messageId: number,
    callbackData: string,
  ): Promise<{ update: Update; status: number | null }>;
  redeliver(update: Update, options?: { url?: string }): Promise<number>;
  messages(chatId: number): BotMessage[];
  transcript(chatId: number): TranscriptEntry[];
  waitForMessage(
    chatId: number,
    options?: { predicate?: (m: BotMessage) => boolean; since?: number; timeoutMs?: number },
  ): Promise<BotMessage>;
  callbackAnswers: CallbackAnswer[];
  /** Every webhook POST, in order (first attempts, retries and redeliveries). */
  deliveries: WebhookDelivery[];
  /** The next `times` (default 1) calls of a Bot API method fail with this error. */
  failNext(method: string, failure: FailureSpec): void;
  /** The user blocks the bot: sending to their chat answers 403 until they write again. */
  blockBot(userId: number): void;
  close(): Promise<void>;
};

type ChatState = {
  chat: TgChat;
  chatInstance: string;
  nextMessageId: number;
  /** Every message of the chat by id (both sides), as on the wire. */
  wire: Map<number, TgMessage>;
  bot: Map<number, BotMessage>;
  transcript: TranscriptEntry[];
  blocked: boolean;
};
type PendingQuery = { updateId: number; messageId: number; chatId: number; createdAt: number; answered: boolean };
type Params = Record<string, unknown>;

class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}
const badRequest = (detail: string) => new BotApiError(400, `Bad Request: ${detail}`);

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const monotonicMs = () => performance.now();
const digits = (length: number) => Array.from({ length }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');

/** Form and query values arrive as strings; objects and arrays in them are JSON, as with Telegram. */
const normalize = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return value;
    }
  }
  return value;
};
const integerParam = (params: Params, name: string): number | undefined => {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number)) throw badRequest(`invalid ${name} specified`);
  return number;
};
const stringParam = (params: Params, name: string): string | undefined => {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`field "${name}" must be of type String`);
};
const booleanParam = (params: Params, name: string): boolean => {
  const value = params[name];
  return value === true || value === 'true' || value === 1 || value === '1';
};

const commandEntities = (text: string): MessageEntity[] =>
  [...text.matchAll(/(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?=\s|$)/g)].map((match) => ({
    type: 'bot_command',
    offset: (match.index ?? 0) + (match[1] ?? '').length,
    length: (match[2] ?? '').length,
  }));

const userOf = (from: TgUser): TgUser => ({
  id: from.id,
  first_name: from.first_name,
  ...(from.username ? { username: from.username } : {}),
  ...(from.language_code ? { language_code: from.language_code } : {}),
});

const validUser = (from: unknown): TgUser => {
  const user = from as Partial<TgUser> | null;
  if (
    !user ||
    typeof user !== 'object' ||
    !Number.isSafeInteger(user.id) ||
    (user.id ?? 0) <= 0 ||
    typeof user.first_name !== 'string' ||
    user.first_name.length < 1 ||
    user.first_name.length > 64
  )
    throw new Error('from must be a user: { id: positive integer, first_name: 1-64 characters }');
  return userOf(user as TgUser);
};

/** Telegram checks inline keyboards when a message is sent or edited. */
const inlineKeyboardOf = (markup: unknown): InlineKeyboardMarkup | undefined => {
  if (markup === undefined || markup === null || markup === '') return undefined;
  if (typeof markup !== 'object') throw badRequest("can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  // Reply keyboards (keyboard, remove_keyboard, force_reply) do not stay on the message.
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row)))
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  const keyboard: InlineKeyboardButton[][] = rows.map((row: unknown[]) =>
    row.map((raw) => {
      const button = raw as Partial<InlineKeyboardButton> | null;
      if (!button || typeof button !== 'object' || typeof button.text !== 'string' || button.text.trim() === '')
        throw badRequest('BUTTON_TEXT_INVALID');
      if (button.callback_data !== undefined) {
        const bytes = typeof button.callback_data === 'string' ? Buffer.byteLength(button.callback_data, 'utf8') : 0;
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
        return { text: button.text, callback_data: button.callback_data };
      }
      if (typeof button.url === 'string') {
        if (!/^(https?|tg):\/\//i.test(button.url)) throw badRequest('BUTTON_URL_INVALID');
        return { text: button.text, url: button.url };
      }
      throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    }),
  );
  return keyboard.some((row) => row.length > 0)
    ? { inline_keyboard: keyboard.filter((row) => row.length > 0) }
    : undefined;
};

type Content = { text: string; entities: MessageEntity[]; nodes: HtmlNode[]; parseMode?: string; html?: string };
const contentOf = (params: Params): Content => {
  const raw = stringParam(params, 'text') ?? '';
  const parseMode = stringParam(params, 'parse_mode');
  let content: Content;
  if (parseMode && parseMode.toLowerCase() === 'html') {
    try {
      const parsed = parseTelegramHtml(raw);
      content = { ...parsed, parseMode, html: raw };
    } catch (error) {
      if (error instanceof EntityParseError) throw badRequest(`can't parse entities: ${error.message}`);
      throw error;
    }
  } else if (parseMode && !['markdown', 'markdownv2'].includes(parseMode.toLowerCase())) {
    throw badRequest(`unsupported parse_mode`);
  } else {
    // Markdown is taken as plain text here (the app sends HTML); explicit entities are kept.
    const entities = Array.isArray(params['entities']) ? (params['entities'] as MessageEntity[]) : [];
    content = { text: raw, entities, nodes: [raw], ...(parseMode ? { parseMode, html: raw } : {}) };
  }
  if (content.text.trim() === '') throw badRequest('message text is empty');
  if (content.text.length > 4096) throw badRequest('message is too long');
  return content;
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const startTelegramStandIn = async (options: TelegramStandInOptions): Promise<TelegramStandIn> => {
  const now = options.now ?? (() => Date.now());
  const host = options.host ?? '127.0.0.1';
  const token = options.token;
  const botId = Number(/^(\d+):/.exec(token)?.[1] ?? 7_000_000_001);
  const botUsername = options.botUsername ?? 'aiceo_local_bot';
  const botUser = {
    id: botId,
    is_bot: true,
    first_name: options.botFirstName ?? 'AI CEO (local)',
    username: botUsername,
  };
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxRetries = options.maxRetries ?? 3;
  const callbackTtlMs = options.callbackQueryTtlMs ?? 15_000;

  const chats = new Map<number, ChatState>();
  const updates = new Map<number, Update>();
  const deliveredAt = new Map<number, number>();
  const pendingQueries = new Map<string, PendingQuery>();
  const callbackAnswers: CallbackAnswer[] = [];
  const deliveries: WebhookDelivery[] = [];
  const failures = new Map<string, FailureSpec[]>();
  const commands = new Map<string, { command: string; description: string }[]>();
  let nextUpdateId = 100_000 + randomInt(0, 899_000_000);
  let queue: Update[] = [];
  let webhook: {
    url: string;
    secretToken: string | null;
    allowedUpdates: string[];
    maxConnections: number;
    lastErrorDate?: number;
    lastErrorMessage?: string;
  } | null = null;
  let pollAllowedUpdates: string[] = [];
  let poller: { wake: () => void; conflict: () => void } | null = null;
  const messageListeners = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  let closed = false;

  const notifyMessages = () => {
    for (const listener of [...messageListeners]) listener();
  };

  const chatOf = (from: TgUser): ChatState => {
    let state = chats.get(from.id);
    const chat: TgChat = {
      id: from.id,
      type: 'private',
      first_name: from.first_name,
      ...(from.username ? { username: from.username } : {}),
    };
    if (!state) {
      state = {
        chat,
        chatInstance: `-${digits(19)}`,
        nextMessageId: 1,
        wire: new Map(),
        bot: new Map(),
        transcript: [],
        blocked: false,
      };
      chats.set(from.id, state);
    } else {
      state.chat = chat;
    }
    return state;
  };

  const botChat = (params: Params): ChatState => {
    const raw = params['chat_id'];
    if (raw === undefined || raw === null || raw === '') throw badRequest('chat_id is empty');
    const chatId = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    const state = Number.isSafeInteger(chatId) ? chats.get(chatId) : undefined;
    if (!state) throw badRequest('chat not found');
    if (state.blocked) throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    return state;
  };

  const typeOf = (update: Update) => (update.callback_query ? 'callback_query' : 'message');
  const wanted = (update: Update, allowed: string[]) => allowed.length === 0 || allowed.includes(typeOf(update));

  const makeUpdate = (body: Omit<Update, 'update_id'>): Update => {
    const update = { update_id: nextUpdateId, ...body } as Update;
    nextUpdateId += 1;
    updates.set(update.update_id, update);
    return update;
  };

  const post = async (
    update: Update,
    url: string,
    secretToken: string | null,
    attempt: number,
  ): Promise<number | null> => {
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), 30_000);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      deliveries.push({ updateId: update.update_id, url, attempt, status: res.status });
      return res.status;
    } catch (error) {
      deliveries.push({
        updateId: update.update_id,
        url,
        attempt,
        status: null,
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
    }
  };

  const noteDelivery = (update: Update) => {
    if (!deliveredAt.has(update.update_id)) deliveredAt.set(update.update_id, monotonicMs());
  };

  /** One webhook attempt; a refusal or network error schedules the next (Telegram redelivers). */
  const deliverToWebhook = async (update: Update, attempt: number): Promise<number | null> => {
    const target = webhook;
    if (!target || closed) return null;
    noteDelivery(update);
    const status = await post(update, target.url, target.secretToken, attempt);
    const ok = status !== null && status >= 200 && status < 300;
    if (!ok) {
      target.lastErrorDate = Math.floor(now() / 1000);
      target.lastErrorMessage = status === null ? 'Connection refused' : `Wrong response from the webhook: ${status}`;
      if (attempt <= maxRetries && !closed) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (webhook === target) void deliverToWebhook(update, attempt + 1);
        }, retryDelayMs);
        timers.add(timer);
      }
    }
    return status;
  };

  const deliver = async (update: Update): Promise<number | null> => {
    if (webhook) return wanted(update, webhook.allowedUpdates) ? deliverToWebhook(update, 1) : null;
    queue.push(update);
    poller?.wake();
    return null;
  };

  const storeUserMessage = (state: ChatState, from: TgUser, body: Partial<TgMessage>): TgMessage => {
    const message: TgMessage = {
      message_id: state.nextMessageId,
      from: { ...userOf(from), is_bot: false },
      chat: state.chat,
      date: Math.floor(now() / 1000),
      ...body,
    };
    state.nextMessageId += 1;
    state.wire.set(message.message_id, message);
    state.transcript.push({
      messageId: message.message_id,
      from: 'user',
      text: message.text ?? '',
      ...(message.sticker ? { sticker: true } : {}),
      date: now(),
      edits: 0,
    });
    state.blocked = false;
    return message;
  };

  const sendText = async (rawFrom: TgUser, text: string) => {
    const from = validUser(rawFrom);
    if (typeof text !== 'string' || text.trim() === '') throw new Error('text must not be empty');
    if (text.length > 4096) throw new Error('text must be at most 4096 characters (Telegram splits longer ones)');
    const state = chatOf(from);
    const entities = commandEntities(text);
    const message = storeUserMessage(state, from, { text, ...(entities.length > 0 ? { entities } : {}) });
    const update = makeUpdate({ message });
    return { update, status: await deliver(update) };
  };

  const sendSticker = async (rawFrom: TgUser) => {
    const from = validUser(rawFrom);
    const state = chatOf(from);
    const sticker: TgSticker = {
      file_id: `CAACAgIAAxkBAAE${digits(12)}`,
      file_unique_id: `AgAD${digits(6)}`,
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: '👍',
      set_name: 'LocalStandIn',
    };
    const message = storeUserMessage(state, from, { sticker });
    const update = makeUpdate({ message });
    return { update, status: await deliver(update) };
  };

  const pressButton = async (rawFrom: TgUser, messageId: number, callbackData: string) => {
    const from = validUser(rawFrom);
    const state = chats.get(from.id);
    const stored = state?.bot.get(messageId);
    const wire = state?.wire.get(messageId);
    if (!state || !stored || !wire) throw new Error(`the bot has no message ${messageId} in chat ${from.id}`);
    const onKeyboard = stored.replyMarkup?.inline_keyboard.some((row) =>
      row.some((button) => button.callback_data === callbackData),
    );
    if (!onKeyboard) throw new Error(`message ${messageId} has no button with callback data "${callbackData}"`);
    chatOf(from);
    const query: TgCallbackQuery = {
      id: digits(19),
      from: { ...userOf(from), is_bot: false },
      message: structuredClone(wire),
      chat_instance: state.chatInstance,
      data: callbackData,
    };
    const update = makeUpdate({ callback_query: query });
    pendingQueries.set(query.id, {
      updateId: update.update_id,
      chatId: state.chat.id,
      messageId,
      createdAt: monotonicMs(),
      answered: false,
    });
    return { update, status: await deliver(update) };
  };

  const redeliver = async (update: Update, redeliverOptions: { url?: string } = {}): Promise<number> => {
    const url = redeliverOptions.url ?? webhook?.url;
    if (!url) throw new Error('no webhook is set and no url was given');
    const status = await post(update, url, webhook?.secretToken ?? null, 0);
    if (status === null) throw new Error(`the webhook at ${url} could not be reached`);
    return status;
  };

  const copyMessage = (m: BotMessage): BotMessage => structuredClone(m);
  const messages = (chatId: number) => [...(chats.get(chatId)?.bot.values() ?? [])].map(copyMessage);
  const transcript = (chatId: number) => structuredClone(chats.get(chatId)?.transcript ?? []);

  const waitForMessage: TelegramStandIn['waitForMessage'] = (chatId, waitOptions = {}) => {
    const since = waitOptions.since ?? now();
    const predicate = waitOptions.predicate ?? (() => true);
    const timeoutMs = waitOptions.timeoutMs ?? 5000;
    const find = () =>
      messages(chatId).find((m) => (m.sentAt >= since || (m.editedAt ?? -Infinity) >= since) && predicate(m));
    return new Promise((resolve, reject) => {
      const found = find();
      if (found) return resolve(found);
      const listener = () => {
        const match = find();
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = messages(chatId).map((m) => JSON.stringify(m.text.slice(0, 80)));
        reject(
          new Error(
            `no matching bot message in chat ${chatId} within ${timeoutMs} ms (messages: ${seen.join(', ') || 'none'})`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        messageListeners.delete(listener);
      };
      messageListeners.add(listener);
    });
  };

  // ---- Bot API methods -------------------------------------------------------------------------

  const wireMessage = (state: ChatState, stored: BotMessage, content: Content): TgMessage => ({
    message_id: stored.messageId,
    from: botUser,
    chat: state.chat,
    date: Math.floor(stored.sentAt / 1000),
    ...(stored.editedAt !== undefined ? { edit_date: Math.floor(stored.editedAt / 1000) } : {}),
    text: content.text,
    ...(content.entities.length > 0 ? { entities: content.entities } : {}),
    ...(stored.replyMarkup ? { reply_markup: stored.replyMarkup } : {}),
  });

  const sendMessage = (params: Params): TgMessage => {
    const state = botChat(params);
    const content = contentOf(params);
    const replyMarkup = inlineKeyboardOf(params['reply_markup']);
    const stored: BotMessage = {
      chatId: state.chat.id,
      messageId: state.nextMessageId,
      text: content.text,
      ...(content.parseMode ? { parseMode: content.parseMode } : {}),
      ...(content.html !== undefined ? { html: content.html } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
      edits: 0,
      sentAt: now(),
    };
    state.nextMessageId += 1;
    const message = wireMessage(state, stored, content);
    state.bot.set(stored.messageId, stored);
    state.wire.set(stored.messageId, message);
    state.transcript.push({
      messageId: stored.messageId,
      from: 'bot',
      text: content.text,
      nodes: content.nodes,
      ...(replyMarkup ? { replyMarkup } : {}),
      date: stored.sentAt,
      edits: 0,
    });
    notifyMessages();
    return message;
  };

  const editMessageText = (params: Params): TgMessage => {
    if (params['inline_message_id'] !== undefined) throw badRequest('MESSAGE_ID_INVALID');
    const state = botChat(params);
    const messageId = integerParam(params, 'message_id');
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const stored = state.bot.get(messageId);
    if (!stored) {
      if (state.wire.has(messageId)) throw badRequest("message can't be edited");
      throw badRequest('message to edit not found');
    }
    const content = contentOf(params);
    const replyMarkup = inlineKeyboardOf(params['reply_markup']);
    const current = state.wire.get(messageId);
    if (
      current &&
      current.text === content.text &&
      sameJson(current.entities ?? [], content.entities) &&
      sameJson(current.reply_markup, replyMarkup)
    )
      throw badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    stored.text = content.text;
    if (content.parseMode) stored.parseMode = content.parseMode;
    else delete stored.parseMode;
    if (content.html !== undefined) stored.html = content.html;
    else delete stored.html;
    // Like Telegram, an edit without reply_markup takes the inline keyboard away.
    if (replyMarkup) stored.replyMarkup = replyMarkup;
    else delete stored.replyMarkup;
    stored.edits += 1;
    stored.editedAt = now();
    const message = wireMessage(state, stored, content);
    state.wire.set(messageId, message);
    const entry = state.transcript.find((e) => e.from === 'bot' && e.messageId === messageId);
    if (entry) {
      entry.text = content.text;
      entry.nodes = content.nodes;
      entry.edits = stored.edits;
      if (replyMarkup) entry.replyMarkup = replyMarkup;
      else delete entry.replyMarkup;
    }
    notifyMessages();
    return message;
  };

  const deleteMessage = (params: Params): true => {
    const state = botChat(params);
    const messageId = integerParam(params, 'message_id');
    if (messageId === undefined || !state.wire.has(messageId)) throw badRequest('message to delete not found');
    state.wire.delete(messageId);
    state.bot.delete(messageId);
    state.transcript = state.transcript.filter((e) => e.messageId !== messageId);
    notifyMessages();
    return true;
  };

  const answerCallbackQuery = (params: Params): true => {
    const id = stringParam(params, 'callback_query_id') ?? '';
    const query = pendingQueries.get(id);
    const tooOld = 'query is too old and response timeout expired or query ID is invalid';
    if (!query || query.answered || monotonicMs() - query.createdAt > callbackTtlMs) throw badRequest(tooOld);
    const text = stringParam(params, 'text');
    if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    query.answered = true;
    const from = deliveredAt.get(query.updateId) ?? query.createdAt;
    callbackAnswers.push({
      callbackQueryId: id,
      ...(text !== undefined ? { text } : {}),
      ...(params['show_alert'] !== undefined ? { showAlert: booleanParam(params, 'show_alert') } : {}),
      answeredAfterMs: Math.round((monotonicMs() - from) * 10) / 10,
    });
    notifyMessages();
    return true;
  };

  const setWebhook = (params: Params) => {
    const url = stringParam(params, 'url') ?? '';
    if (url === '') {
      const had = webhook !== null;
      webhook = null;
      return { result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' };
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: invalid webhook URL specified');
    }
    if (!['http:', 'https:'].includes(parsed.protocol))
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    const secretToken = stringParam(params, 'secret_token');
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken))
      throw badRequest('secret token contains unallowed characters');
    const allowed = normalize(params['allowed_updates']);
    if (allowed !== undefined && !(Array.isArray(allowed) && allowed.every((a) => typeof a === 'string')))
      throw badRequest("can't parse allowed updates");
    const maxConnections = integerParam(params, 'max_connections') ?? 40;
    if (maxConnections < 1 || maxConnections > 100) throw badRequest('invalid max_connections specified');
    if (booleanParam(params, 'drop_pending_updates')) queue = [];
    const same = webhook?.url === url && webhook.secretToken === (secretToken ?? null);
    webhook = {
      url,
      secretToken: secretToken ?? null,
      allowedUpdates: (allowed as string[] | undefined) ?? webhook?.allowedUpdates ?? [],
      maxConnections,
    };
    poller?.conflict();
    // Updates that waited for getUpdates now go to the webhook, in order.
    const waiting = queue;
    queue = [];
    void (async () => {
      for (const update of waiting)
        if (wanted(update, webhook?.allowedUpdates ?? [])) await deliverToWebhook(update, 1);
    })();
    return { result: true, description: same ? 'Webhook is already set' : 'Webhook was set' };
  };

  const deleteWebhook = (params: Params) => {
    const had = webhook !== null;
    webhook = null;
    if (booleanParam(params, 'drop_pending_updates')) queue = [];
    return { result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' };
  };

  const getWebhookInfo = () => ({
    url: webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: queue.length,
    ...(webhook
      ? {
          max_connections: webhook.maxConnections,
          ...(webhook.allowedUpdates.length > 0 ? { allowed_updates: webhook.allowedUpdates } : {}),
          ...(webhook.lastErrorDate !== undefined
            ? { last_error_date: webhook.lastErrorDate, last_error_message: webhook.lastErrorMessage }
            : {}),
        }
      : {}),
  });

  const getUpdates = async (params: Params, req: IncomingMessage): Promise<Update[]> => {
    if (webhook)
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    // Another getUpdates ends the one that waits, as on Telegram.
    poller?.conflict();
    const offset = integerParam(params, 'offset');
    const limit = Math.min(Math.max(integerParam(params, 'limit') ?? 100, 1), 100);
    const timeoutSeconds = Math.max(integerParam(params, 'timeout') ?? 0, 0);
    const allowed = normalize(params['allowed_updates']);
    if (Array.isArray(allowed)) pollAllowedUpdates = allowed.filter((a): a is string => typeof a === 'string');
    if (offset !== undefined) {
      // A positive offset confirms every earlier update; a negative one keeps only the last -offset.
      queue = offset >= 0 ? queue.filter((u) => u.update_id >= offset) : queue.slice(offset);
    }
    const take = () => {
      queue = queue.filter((u) => wanted(u, pollAllowedUpdates));
      const batch = queue.slice(0, limit);
      for (const update of batch) noteDelivery(update);
      return batch;
    };
    const ready = take();
    if (ready.length > 0 || timeoutSeconds === 0) return ready;
    return new Promise<Update[]>((resolve, reject) => {
      const self = {
        wake: () => {
          const batch = take();
          if (batch.length === 0) return;
          done();
          resolve(batch);
        },
        conflict: () => {
          done();
          reject(
            new BotApiError(
              409,
              'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
            ),
          );
        },
      };
      const timer = setTimeout(
        () => {
          done();
          resolve([]);
        },
        Math.min(timeoutSeconds, 50) * 1000,
      );
      const onClose = () => done();
      const done = () => {
        clearTimeout(timer);
        timers.delete(timer);
        req.socket.off('close', onClose);
        if (poller === self) poller = null;
      };
      timers.add(timer);
      req.socket.on('close', onClose);
      poller = self;
    });
  };

  const commandsKey = (params: Params) => {
    const scope = normalize(params['scope']) ?? { type: 'default' };
    return `${JSON.stringify(scope)}|${stringParam(params, 'language_code') ?? ''}`;
  };
  const setMyCommands = (params: Params): true => {
    const list = normalize(params['commands']);
    if (!Array.isArray(list)) throw badRequest("can't parse commands JSON object");
    if (list.length > 100) throw badRequest('too many commands');
    const parsed = list.map((raw: unknown) => {
      const item = raw as { command?: unknown; description?: unknown } | null;
      const command = typeof item?.command === 'string' ? item.command.replace(/^\//, '') : '';
      if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
      const description = typeof item?.description === 'string' ? item.description : '';
      if (description.trim().length < 1 || description.length > 256)
        throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
      return { command, description };
    });
    commands.set(commandsKey(params), parsed);
    return true;
  };

  const sendChatAction = (params: Params): true => {
    botChat(params);
    const action = stringParam(params, 'action') ?? '';
    const actions = [
      'typing',
      'upload_photo',
      'record_video',
      'upload_video',
      'record_voice',
      'upload_voice',
      'upload_document',
      'choose_sticker',
      'find_location',
      'record_video_note',
      'upload_video_note',
    ];
    if (!actions.includes(action)) throw badRequest('wrong parameter action in request');
    return true;
  };

  type Answer = { result: unknown; description?: string };
  const methods: Record<string, (params: Params, req: IncomingMessage) => Answer | Promise<Answer>> = {
    getme: () => ({
      result: {
        ...botUser,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
      },
    }),
    setwebhook: setWebhook,
    deletewebhook: deleteWebhook,
    getwebhookinfo: () => ({ result: getWebhookInfo() }),
    getupdates: async (params, req) => ({ result: await getUpdates(params, req) }),
    sendmessage: (params) => ({ result: sendMessage(params) }),
    editmessagetext: (params) => ({ result: editMessageText(params) }),
    deletemessage: (params) => ({ result: deleteMessage(params) }),
    answercallbackquery: (params) => ({ result: answerCallbackQuery(params) }),
    setmycommands: (params) => ({ result: setMyCommands(params) }),
    getmycommands: (params) => ({ result: commands.get(commandsKey(params)) ?? [] }),
    deletemycommands: (params) => ({ result: commands.delete(commandsKey(params)) || true }),
    sendchataction: (params) => ({ result: sendChatAction(params) }),
    getchat: (params) => ({ result: botChat(params).chat }),
  };

  const paramsOf = async (req: IncomingMessage, url: URL): Promise<Params> => {
    const params: Params = {};
    for (const [key, value] of url.searchParams) params[key] = value;
    if (req.method !== 'POST') return params;
    const body = await readBody(req);
    if (body.trim() === '') return params;
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw badRequest("can't parse JSON object");
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest("can't parse JSON object");
      return { ...params, ...(parsed as Params) };
    }
    if (type.startsWith('application/x-www-form-urlencoded')) {
      for (const [key, value] of new URLSearchParams(body)) params[key] = value;
      return params;
    }
    throw badRequest('the local stand-in reads JSON, form or query parameters only (no multipart uploads)');
  };

  const handleBotApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!match || match[1] !== token)
      return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const name = (match[2] ?? '').toLowerCase();
    const method = methods[name];
    if (!method) return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    try {
      const params = await paramsOf(req, url);
      for (const key of ['reply_markup', 'entities', 'link_preview_options', 'reply_parameters', 'scope', 'commands'])
        if (key in params) params[key] = normalize(params[key]);
      const failing = failures.get(name);
      const failure = failing?.[0];
      if (failing && failure) {
        failure.times = (failure.times ?? 1) - 1;
        if (failure.times <= 0) failing.shift();
        throw new BotApiError(failure.errorCode, failure.description, failure.retryAfter);
      }
      const answer = await method(params, req);
      json(res, 200, {
        ok: true,
        result: answer.result,
        ...(answer.description ? { description: answer.description } : {}),
      });
    } catch (error) {
      if (!(error instanceof BotApiError)) throw error;
      json(res, error.errorCode, {
        ok: false,
        error_code: error.errorCode,
        description: error.description,
        ...(error.retryAfter !== undefined ? { parameters: { retry_after: error.retryAfter } } : {}),
      });
    }
  };

  // ---- HTTP controls and the chat page ---------------------------------------------------------

  const answerFor = (callbackQueryId: string, timeoutMs: number) =>
    new Promise<CallbackAnswer | undefined>((resolve) => {
      const find = () => callbackAnswers.find((a) => a.callbackQueryId === callbackQueryId);
      const found = find();
      if (found) return resolve(found);
      const listener = () => {
        const answer = find();
        if (!answer) return;
        cleanup();
        resolve(answer);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(undefined);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        messageListeners.delete(listener);
      };
      messageListeners.add(listener);
    });

  const handleControl = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const route = `${req.method ?? 'GET'} ${url.pathname.slice('/__stand-in/'.length)}`;
    const body = async (): Promise<Record<string, unknown>> => {
      const raw = await readBody(req);
      if (raw.trim() === '') return {};
      const parsed = JSON.parse(raw) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('the body must be a JSON object');
      return parsed as Record<string, unknown>;
    };
    const chatIdParam = () => {
      const chatId = Number(url.searchParams.get('chatId'));
      if (!Number.isSafeInteger(chatId)) throw new Error('chatId must be an integer');
      return chatId;
    };
    switch (route) {
      case 'POST send': {
        const input = await body();
        return json(res, 200, await sendText(input['from'] as TgUser, String(input['text'] ?? '')));
      }
      case 'POST sticker':
        return json(res, 200, await sendSticker((await body())['from'] as TgUser));
      case 'POST press': {
        const input = await body();
        const pressed = await pressButton(
          input['from'] as TgUser,
          Number(input['messageId']),
          String(input['data'] ?? ''),
        );
        // The page shows the bot's answer (a toast or an alert): wait a little for it, as the app does.
        const waitMs =
          typeof input['waitForAnswerMs'] === 'number' ? Math.min(Math.max(input['waitForAnswerMs'], 0), 10_000) : 2000;
        const answer = await answerFor(pressed.update.callback_query?.id ?? '', waitMs);
        return json(res, 200, { ...pressed, ...(answer ? { answer } : {}) });
      }
      case 'POST redeliver': {
        const input = await body();
        const update = updates.get(Number(input['updateId']));
        if (!update) throw new Error(`no update ${String(input['updateId'])}`);
        const status = await redeliver(update, typeof input['url'] === 'string' ? { url: input['url'] } : {});
        return json(res, 200, { status });
      }
      case 'GET messages':
        return json(res, 200, messages(chatIdParam()));
      case 'GET transcript':
        return json(res, 200, transcript(chatIdParam()));
      case 'GET webhook':
        return json(res, 200, webhook ? { url: webhook.url, secretToken: webhook.secretToken } : null);
      case 'GET callback-answers':
        return json(res, 200, callbackAnswers);
      default:
        return json(res, 404, { error: `No control ${route}` });
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const handle = async () => {
      if (url.pathname.startsWith('/bot')) return handleBotApi(req, res, url);
      if (url.pathname.startsWith('/__stand-in/')) {
        try {
          return await handleControl(req, res, url);
        } catch (error) {
          return json(res, 400, { error: error instanceof Error ? error.message : 'Bad control request' });
        }
      }
      if (req.method === 'GET' && (url.pathname === '/chat' || url.pathname === '/')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(chatPage({ botName: botUser.first_name, botUsername, start: url.searchParams.get('start') ?? '' }));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) return res.end();
      json(res, 500, {
        ok: false,
        error_code: 500,
        description: error instanceof Error ? error.message : 'Stand-in error',
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://${host}:${port}`;
  return {
    url: base,
    port,
    token,
    botId,
    botUsername,
    chatUrl: `${base}/chat`,
    get webhook() {
      return webhook ? { url: webhook.url, secretToken: webhook.secretToken } : null;
    },
    sendText,
    sendSticker,
    pressButton,
    redeliver,
    messages,
    transcript,
    waitForMessage,
    callbackAnswers,
    deliveries,
    failNext: (method, failure) => {
      const key = method.toLowerCase();
      failures.set(key, [...(failures.get(key) ?? []), { ...failure, times: failure.times ?? 1 }]);
    },
    blockBot: (userId) => {
      const state = chats.get(userId);
      if (state) state.blocked = true;
    },
    close: () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const controller of inFlight) controller.abort();
      poller?.conflict();
      messageListeners.clear();
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
};
