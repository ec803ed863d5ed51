import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, publicAuth } from './contract';

/**
 * The owner's Telegram bot: a second door to the same AI CEO (reports, questions, the approval
 * inbox, notifications). The SPA links a member's chat with a one-time `/start` link; Telegram
 * calls the webhook, which stores each update once and handles it once.
 */

/** Telegram's limit on the payload of `/start` (deep links). */
export const TELEGRAM_START_PAYLOAD_MAX = 64;
/** Telegram's limit on an inline button's callback data, in bytes. */
export const TELEGRAM_CALLBACK_DATA_MAX = 64;
/** How long a /start link works. */
export const TELEGRAM_LINK_TTL_MINUTES = 10;
/** The longest text message the bot reads (longer ones are answered politely, not read). */
export const TELEGRAM_TEXT_MAX = 2_000;
/** Telegram's own limit on one message's text. */
export const TELEGRAM_MESSAGE_MAX = 4_096;

export const telegramModes = ['telegram', 'local-stand-in', 'not-configured'] as const;
export type TelegramMode = (typeof telegramModes)[number];

/** What the bot may tell a linked chat without being asked; each one the member switches on or off. */
export const telegramNotificationKinds = [
  'approvals',
  'dailySummary',
  'qualifiedLead',
  'failedTask',
  'lowRunway',
  'paymentReceived',
] as const;
export type TelegramNotificationKind = (typeof telegramNotificationKinds)[number];

export const telegramNotificationLabels: Record<TelegramNotificationKind, string> = {
  approvals: 'Actions waiting for my approval, with Approve and Reject buttons',
  dailySummary: 'A daily summary each morning',
  qualifiedLead: 'A website visitor qualified as a lead',
  failedTask: 'A task of the AI failed',
  lowRunway: 'Cash runway fell below three months',
  paymentReceived: 'A payment arrived in the books',
};

export const telegramNotificationPrefsSchema = z.strictObject({
  approvals: z.boolean({ message: 'Use true or false' }),
  dailySummary: z.boolean({ message: 'Use true or false' }),
  qualifiedLead: z.boolean({ message: 'Use true or false' }),
  failedTask: z.boolean({ message: 'Use true or false' }),
  lowRunway: z.boolean({ message: 'Use true or false' }),
  paymentReceived: z.boolean({ message: 'Use true or false' }),
});
export type TelegramNotificationPrefs = z.infer<typeof telegramNotificationPrefsSchema>;

/** A new link gets every notification; the member switches off what they do not want. */
export const DEFAULT_TELEGRAM_NOTIFICATIONS: TelegramNotificationPrefs = {
  approvals: true,
  dailySummary: true,
  qualifiedLead: true,
  failedTask: true,
  lowRunway: true,
  paymentReceived: true,
};

/** The caller's own linked chat. */
export const telegramLinkSchema = z.object({
  /** Telegram's @username without the @ ("" when the person has none). */
  username: z.string(),
  firstName: z.string(),
  linkedAt: isoDateSchema,
  notifications: telegramNotificationPrefsSchema,
});
export type TelegramLink = z.infer<typeof telegramLinkSchema>;

export const telegramStatusSchema = z.object({
  mode: z.enum(telegramModes),
  /** The bot's @username without the @; null when Telegram is not set up or could not be reached. */
  botUsername: z.string().nullable(),
  /** Owners and admins may link a chat. */
  canLink: z.boolean(),
  /** The caller's linked chat in this org, or null. */
  link: telegramLinkSchema.nullable(),
  /** Everyone in the org with a linked chat (names only), for owners and admins; [] for others. */
  linkedMembers: z.array(z.object({ userId: z.string(), name: z.string(), linkedAt: isoDateSchema })),
  /** Development only: the local stand-in's page that plays the Telegram app for this bot; null otherwise. */
  localChatUrl: z.string().nullable(),
});
export type TelegramStatus = z.infer<typeof telegramStatusSchema>;

export const telegramLinkTokenSchema = z.object({
  /** `https://t.me/<bot>?start=<token>`: opens the bot in Telegram, ready to link. */
  url: z.string(),
  /** The /start payload: random, single use, at most 64 characters. */
  token: z.string(),
  expiresAt: isoDateSchema,
  /** Development only: the same link on the local stand-in's chat page; null otherwise. */
  localChatUrl: z.string().nullable(),
});
export type TelegramLinkToken = z.infer<typeof telegramLinkTokenSchema>;

export const telegramSentMessageSchema = z.object({
  id: z.string(),
  /** Telegram's chat id, as a string (it can exceed 2^53 in principle). */
  chatId: z.string(),
  /** sendMessage or editMessageText. */
  method: z.string(),
  /** reply, notification, approval, link, refusal ... */
  kind: z.string(),
  text: z.string(),
  status: z.enum(['sent', 'failed']),
  error: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type TelegramSentMessage = z.infer<typeof telegramSentMessageSchema>;

export const telegramMessagesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The previous page's nextCursor. */
  cursor: z.string().min(1).max(200).optional(),
});
export const telegramMessagesPageSchema = z.object({
  items: z.array(telegramSentMessageSchema),
  nextCursor: z.string().nullable(),
});
export type TelegramMessagesPage = z.infer<typeof telegramMessagesPageSchema>;

/**
 * An update as Telegram posts it: only update_id is required here; the rest is read by the bot.
 * (Telegram's update ids are positive 31-bit integers and grow by one.)
 */
export const telegramUpdateSchema = z.looseObject({
  update_id: z
    .number({ message: 'update_id must be a number' })
    .int('update_id must be a whole number')
    .min(0, 'update_id cannot be negative')
    .max(Number.MAX_SAFE_INTEGER, 'update_id is too large'),
});

export const telegramWebhookReceiptSchema = z.object({ ok: z.literal(true), duplicate: z.boolean() });

const tag = 'Telegram';
const orgParams = z.object({ orgId: z.uuid() });
const base = '/api/orgs/:orgId/telegram';

export const telegramEndpoints = {
  status: defineEndpoint({
    method: 'GET',
    path: base,
    summary: "The bot's name, the caller's linked chat and notifications, and who in the org has a chat linked",
    tag,
    auth: orgAuth('member', null),
    params: orgParams,
    status: 200,
    response: telegramStatusSchema,
  }),
  createLink: defineEndpoint({
    method: 'POST',
    path: `${base}/link`,
    summary:
      'A one-time t.me link (10 minutes) that links the Telegram chat which opens it to the caller in this org (owner or admin)',
    tag,
    auth: orgAuth('admin', null),
    params: orgParams,
    status: 201,
    response: telegramLinkTokenSchema,
    errors: [503],
  }),
  unlink: defineEndpoint({
    method: 'DELETE',
    path: `${base}/link`,
    summary: "Unlink the caller's Telegram chat from this org (the bot tells the chat)",
    tag,
    auth: orgAuth('member', null),
    params: orgParams,
    status: 204,
    response: null,
  }),
  updateNotifications: defineEndpoint({
    method: 'PUT',
    path: `${base}/notifications`,
    summary: "Choose which notifications the caller's linked chat gets",
    tag,
    auth: orgAuth('member', null),
    params: orgParams,
    body: telegramNotificationPrefsSchema,
    status: 200,
    response: telegramLinkSchema,
  }),
  messages: defineEndpoint({
    method: 'GET',
    path: `${base}/messages`,
    summary: 'Every message the bot sent to chats of this org, newest first (for support; owner or admin)',
    tag,
    auth: orgAuth('admin', null),
    params: orgParams,
    query: telegramMessagesQuerySchema,
    status: 200,
    response: telegramMessagesPageSchema,
  }),
  webhook: defineEndpoint({
    method: 'POST',
    path: '/api/telegram/webhook',
    summary:
      "Telegram's webhook: checked by the X-Telegram-Bot-Api-Secret-Token header (401 without it), each update stored once by update_id and handled once (503 when this server has no bot)",
    tag,
    auth: publicAuth,
    body: telegramUpdateSchema,
    status: 200,
    response: telegramWebhookReceiptSchema,
    errors: [401, 503],
  }),
};
