import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { Api, GrammyError, type Transformer } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { TELEGRAM_CALLBACK_DATA_MAX, TELEGRAM_MESSAGE_MAX } from '@aiceo/shared/telegram';
import type { Deps } from '../../deps';
import type { TelegramConfig } from '../../lib/telegram';
import type { BotButton, BotReply, MessageKind } from './telegram-context';

/**
 * The bot's outgoing side, shared by replies, notifications and approvals: one grammY `Api` per
 * configuration, and a transformer that writes every sendMessage and editMessageText to the
 * org's TelegramMessage log (sent or failed, with Telegram's reason).
 */

type TelegramDeps = Pick<Deps, 'db' | 'log' | 'telegram'>;

type SendMeta = { kind: MessageKind; orgId?: string | null };
const sendMeta = new AsyncLocalStorage<SendMeta>();

/** Runs `fn` with the kind (and org) the log records for messages sent inside it. */
export const withMessageKind = <T>(meta: SendMeta, fn: () => Promise<T>): Promise<T> => sendMeta.run(meta, fn);

const LOGGED = new Set(['sendMessage', 'editMessageText']);

const describeFailure = (error: unknown): string =>
  error instanceof GrammyError
    ? `${error.error_code}: ${error.description}`
    : error instanceof Error
      ? error.message
      : String(error);

/** Logs each sendMessage and editMessageText (never failing the call for the log's sake). */
export const loggingTransformer =
  (deps: Pick<Deps, 'db' | 'log'>): Transformer =>
  async (prev, method, payload, signal) => {
    if (!LOGGED.has(method)) return prev(method, payload, signal);
    const body = payload as { chat_id?: number | string; text?: string };
    const write = async (result: { ok: boolean; messageId: number | null; error: string | null }) => {
      try {
        const chatId = BigInt(body.chat_id ?? 0);
        const meta = sendMeta.getStore();
        const orgId =
          meta?.orgId !== undefined
            ? meta.orgId
            : ((await deps.db.telegramLink.findUnique({ where: { chatId }, select: { orgId: true } }))?.orgId ?? null);
        await deps.db.telegramMessage.create({
          data: {
            orgId,
            chatId,
            method,
            kind: meta?.kind ?? 'reply',
            text: String(body.text ?? '').slice(0, TELEGRAM_MESSAGE_MAX),
            status: result.ok ? 'sent' : 'failed',
            error: result.error,
            telegramMessageId: result.messageId,
          },
        });
      } catch (error) {
        deps.log.warn({ err: error, method }, 'could not log a Telegram message');
      }
    };
    try {
      const response = await prev(method, payload, signal);
      const result = response.ok ? (response.result as { message_id?: number } | true) : null;
      await write({
        ok: response.ok,
        messageId:
          result && typeof result === 'object' && typeof result.message_id === 'number' ? result.message_id : null,
        error: response.ok ? null : `${response.error_code}: ${response.description}`,
      });
      return response;
    } catch (error) {
      await write({ ok: false, messageId: null, error: describeFailure(error) });
      throw error;
    }
  };

const apis = new WeakMap<TelegramConfig, Api>();

/** The Bot API client of this server (with the logging transformer), or null when it has no bot. */
export const telegramApi = (deps: Pick<Deps, 'db' | 'log' | 'telegram'>): Api | null => {
  const config = deps.telegram.config;
  if (!config) return null;
  let api = apis.get(config);
  if (!api) {
    api = new Api(config.token, { apiRoot: config.apiRoot });
    api.config.use(loggingTransformer(deps));
    apis.set(config, api);
  }
  return api;
};

/** Escapes text for Telegram's HTML parse mode. */
export const escapeTelegramHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const BUTTON_PREFIX = 'b:';

/** Stores the buttons (TelegramButton) and answers Telegram's inline keyboard with `b:<id>` callback data. */
export const replyMarkupFor = async (
  deps: Pick<Deps, 'db'>,
  { orgId, chatId, buttons }: { orgId: string; chatId: number; buttons: BotButton[][] },
): Promise<InlineKeyboardMarkup> => {
  const rows = buttons.map((row) => row.map((button) => ({ button, id: randomBytes(9).toString('base64url') })));
  const all = rows.flat();
  if (all.length > 0)
    await deps.db.telegramButton.createMany({
      data: all.map(({ button, id }) => ({
        id,
        orgId,
        chatId: BigInt(chatId),
        action: button.action,
        targetId: button.targetId ?? null,
        targetVersion: button.targetVersion ?? '',
        argument: button.argument ?? '',
      })),
    });
  return {
    inline_keyboard: rows.map((row) =>
      row.map(({ button, id }) => {
        const data = `${BUTTON_PREFIX}${id}`;
        if (Buffer.byteLength(data) > TELEGRAM_CALLBACK_DATA_MAX) throw new Error('callback data over 64 bytes');
        return { text: button.text, callback_data: data };
      }),
    ),
  };
};

/** The stored button behind a callback's data, if it is one of ours and belongs to that chat. */
export const findButton = async (deps: Pick<Deps, 'db'>, { data, chatId }: { data: string; chatId: number }) => {
  if (!data.startsWith(BUTTON_PREFIX) || data.length > TELEGRAM_CALLBACK_DATA_MAX) return null;
  const button = await deps.db.telegramButton.findUnique({ where: { id: data.slice(BUTTON_PREFIX.length) } });
  return button && button.chatId === BigInt(chatId) ? button : null;
};

export type SendResult = { ok: true; messageId: number } | { ok: false; error: string };

/** Sends a message to a linked chat, logged with its kind; says whether Telegram took it (never throws). */
export const sendToChat = async (
  deps: TelegramDeps,
  { orgId, chatId, reply, kind }: { orgId: string; chatId: number; reply: BotReply; kind: MessageKind },
): Promise<SendResult> => {
  const api = telegramApi(deps);
  if (!api) return { ok: false, error: 'Telegram is not set up on this server' };
  try {
    const markup = reply.buttons?.length
      ? await replyMarkupFor(deps, { orgId, chatId, buttons: reply.buttons })
      : undefined;
    const message = await withMessageKind({ kind, orgId }, () =>
      api.sendMessage(chatId, reply.text, {
        ...(reply.html ? { parse_mode: 'HTML' as const } : {}),
        ...(markup ? { reply_markup: markup } : {}),
        link_preview_options: { is_disabled: true },
      }),
    );
    if (markup)
      await deps.db.telegramButton.updateMany({
        where: {
          id: {
            in: markup.inline_keyboard
              .flat()
              .map((b) => ('callback_data' in b ? String(b.callback_data).slice(2) : '')),
          },
        },
        data: { messageId: message.message_id },
      });
    return { ok: true, messageId: message.message_id };
  } catch (error) {
    deps.log.warn({ err: error, orgId, kind }, 'Telegram message not sent');
    return { ok: false, error: describeFailure(error) };
  }
};

/** Replaces a message's text (and buttons: none when `reply.buttons` is absent), logged; never throws. */
export const editChatMessage = async (
  deps: TelegramDeps,
  {
    orgId,
    chatId,
    messageId,
    reply,
    kind,
  }: { orgId: string; chatId: number; messageId: number; reply: BotReply; kind: MessageKind },
): Promise<SendResult> => {
  const api = telegramApi(deps);
  if (!api) return { ok: false, error: 'Telegram is not set up on this server' };
  try {
    const markup = reply.buttons?.length
      ? await replyMarkupFor(deps, { orgId, chatId, buttons: reply.buttons })
      : undefined;
    await withMessageKind({ kind, orgId }, () =>
      api.editMessageText(chatId, messageId, reply.text, {
        ...(reply.html ? { parse_mode: 'HTML' as const } : {}),
        reply_markup: markup ?? { inline_keyboard: [] },
        link_preview_options: { is_disabled: true },
      }),
    );
    return { ok: true, messageId };
  } catch (error) {
    // Editing to the same text is not a failure of ours.
    if (error instanceof GrammyError && /message is not modified/i.test(error.description))
      return { ok: true, messageId };
    deps.log.warn({ err: error, orgId, kind }, 'Telegram message not edited');
    return { ok: false, error: describeFailure(error) };
  }
};
