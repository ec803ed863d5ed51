import type { Context } from 'grammy';
import type { OrgRole } from '@aiceo/shared/roles';
import type { TelegramNotificationPrefs } from '@aiceo/shared/telegram';

/** The org member a private chat is linked to, resolved for every update (null: not linked). */
export type LinkedChat = {
  linkId: string;
  orgId: string;
  orgName: string;
  userId: string;
  /** The member's name in the product. */
  userName: string;
  /** Their role now (read on each update, so a demotion counts at once). */
  role: OrgRole;
  chatId: number;
  /** The org's money settings: IANA timezone and ISO 4217 currency. */
  timezone: string;
  currency: string;
  notifications: TelegramNotificationPrefs;
  /** The AI CEO conversation /ask writes to; null before the first question. */
  chatConversationId: string | null;
};

/** grammY's context with the linked member. */
export type BotContext = Context & { linked: LinkedChat | null };

/**
 * An inline button. Telegram carries only `b:<id>` back (at most 64 bytes); what it does is
 * stored on the server (TelegramButton) when the message is sent.
 */
export type BotButton = {
  text: string;
  /** approve, reject, report ... (the handler that reads it decides) */
  action: string;
  /** The record it acts on and that record's version when shown (a changed version means a stale button). */
  targetId?: string;
  targetVersion?: string;
  /** A small argument (a report's period). */
  argument?: string;
};

/** A message the bot sends or edits to. */
export type BotReply = {
  text: string;
  /** Telegram's HTML parse mode: the text escapes <, > and & (see escapeTelegramHtml). */
  html?: boolean;
  /** Rows of inline buttons. */
  buttons?: BotButton[][];
};

/** What a sent message is, in the support log (TelegramMessage.kind). */
export type MessageKind = 'reply' | 'notification' | 'approval' | 'link' | 'refusal' | 'report' | 'answer';
