import { randomBytes } from 'node:crypto';
import type { TelegramMode } from '@aiceo/shared/telegram';
import type { Env } from '../config/env';

/**
 * Where the owner's bot talks to Telegram. The bot itself (grammY, handlers, inbox) lives in
 * modules/telegram; this is only the configuration every part of the app shares.
 */
export type TelegramConfig = {
  mode: Exclude<TelegramMode, 'not-configured'>;
  token: string;
  /** The Bot API root grammY calls (`<apiRoot>/bot<token>/<method>`). */
  apiRoot: string;
  /** Sent by Telegram in X-Telegram-Bot-Api-Secret-Token; the webhook refuses any other. */
  webhookSecret: string;
  /** Where Telegram posts updates (registered with setWebhook at start in webhook mode). */
  webhookUrl: string;
  updates: 'webhook' | 'polling';
  /** Local stand-in only: its page that plays the Telegram app (`<apiRoot>/chat`); null for Telegram. */
  localChatUrl: string | null;
};

export type TelegramGateway = { mode: TelegramMode; config: TelegramConfig | null };

/** A local Telegram stand-in (`@aiceo/stand-ins`, started by lib/stand-ins.ts): where it is and the bot token it made. */
export type TelegramStandInTarget = { url: string; token: string };

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

export const TELEGRAM_NOT_CONFIGURED =
  'Telegram is not set up on this server (it has no TELEGRAM_BOT_TOKEN), so no chat can be linked';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Telegram with TELEGRAM_BOT_TOKEN (TELEGRAM_API_ROOT outside production names a stand-in of
 * one's own: `pnpm telegram:local` prints both). Without a token: the embedded stand-in outside
 * production when one was started, else no bot; production never talks to a stand-in.
 */
export const telegramConfigFor = (env: Env, standIn?: TelegramStandInTarget): TelegramConfig | null => {
  const common = {
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET ?? randomBytes(24).toString('base64url'),
    webhookUrl: env.TELEGRAM_WEBHOOK_URL ?? `${trimSlash(env.FRONTEND_URL)}/api/telegram/webhook`,
    updates: env.TELEGRAM_UPDATES,
  };
  if (env.TELEGRAM_BOT_TOKEN) {
    const apiRoot = trimSlash(env.TELEGRAM_API_ROOT ?? TELEGRAM_API_ROOT);
    const local = env.NODE_ENV !== 'production' && apiRoot !== TELEGRAM_API_ROOT;
    return {
      ...common,
      mode: local ? 'local-stand-in' : 'telegram',
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot,
      localChatUrl: local ? `${apiRoot}/chat` : null,
    };
  }
  if (env.NODE_ENV === 'production' || !standIn) return null;
  const apiRoot = trimSlash(standIn.url);
  return {
    ...common,
    // The embedded stand-in runs in this process: it posts straight to this server's own port
    // (127.0.0.1, so a "localhost" that resolves to ::1 first cannot miss it).
    webhookUrl: env.TELEGRAM_WEBHOOK_URL ?? `http://127.0.0.1:${env.PORT}/api/telegram/webhook`,
    mode: 'local-stand-in',
    token: standIn.token,
    apiRoot,
    localChatUrl: `${apiRoot}/chat`,
  };
};

export const telegramGatewayFor = (env: Env, standIn?: TelegramStandInTarget): TelegramGateway => {
  const config = telegramConfigFor(env, standIn);
  return { mode: config?.mode ?? 'not-configured', config };
};
