import { Bot, BotError, type Composer, type NextFunction } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { orgRoleSchema } from '@aiceo/shared/roles';
import { DEFAULT_TELEGRAM_NOTIFICATIONS } from '@aiceo/shared/telegram';
import type { Deps } from '../../deps';
import type { TelegramConfig } from '../../lib/telegram';
import { loggingTransformer, sendToChat, telegramApi, withMessageKind } from './telegram-api';
import type { BotContext, LinkedChat } from './telegram-context';
import { hashLinkToken, notificationPrefsOf } from './telegram-links';

/**
 * The bot itself: one grammY Bot per configuration, fed by the inbox (webhook or polling). Its own
 * middleware admits private chats only, rate-limits each chat, resolves the linked member, links a
 * chat with `/start <token>` and unlinks it with `/unlink`; a chat linked to nobody is told how to
 * link and gets nothing else. What a linked member can do is botFeatures (modules/telegram-bot).
 */

/** Per chat: this many updates a minute, then one "slow down" and silence until the window ends. */
export const TELEGRAM_CHAT_RATE_LIMIT = { limit: 20, windowSeconds: 60 };

export const NOT_LINKED_TEXT =
  'This chat is not linked to AI CEO, so I cannot answer here. To link it, open the AI CEO web app, go to Settings → Telegram, press "Connect Telegram" and open the link it shows (it works once, for 10 minutes).';
const PRIVATE_ONLY_TEXT = 'I only work in a private chat with the owner of an AI CEO organisation.';
const SLOW_DOWN_TEXT = 'That is a lot of messages at once. Please wait a minute, then try again.';
const FAILED_TEXT = 'Sorry, something went wrong on our side. Please try again in a minute.';
const TOKEN_REFUSED: Record<'used' | 'expired' | 'unknown', string> = {
  used: 'This link was already used. To link a chat, open Settings → Telegram in the AI CEO web app and make a new link.',
  expired:
    'This link has expired (links work for 10 minutes). Open Settings → Telegram in the AI CEO web app and make a new one.',
  unknown:
    'I do not know this link. Open Settings → Telegram in the AI CEO web app and make a new link (it works once, for 10 minutes).',
};

export const helpText = (linked: LinkedChat): string =>
  [
    `This chat is linked to ${linked.userName} in ${linked.orgName}. What I can do:`,
    '/report — profit and loss, cash, pipeline and what the AI did (today, week or month)',
    '/ask <question> — ask the AI CEO',
    '/tasks — what the AI is working on',
    '/insights — what the AI noticed',
    '/approvals — actions waiting for your approval',
    '/unlink — stop using this chat',
  ].join('\n');

/** What a linked chat can do: modules/telegram-bot's botFeatures. */
export type BotFeatures = (deps: Deps) => Composer<BotContext>;
// Plugged in by the composition root (app.ts): telegram-bot imports this module, so this one must not import it.
let features: BotFeatures | null = null;
/** Sets what linked chats can do, for every bot built after this call (app.ts calls it once). */
export const useBotFeatures = (factory: BotFeatures): void => {
  features = factory;
};

const botInfos = new WeakMap<TelegramConfig, Promise<UserFromGetMe>>();

/** The bot's own account (getMe), asked once per configuration; a failure is not remembered. */
const botInfoFor = (deps: Pick<Deps, 'db' | 'log' | 'telegram'>): Promise<UserFromGetMe> | null => {
  const config = deps.telegram.config;
  const api = telegramApi(deps);
  if (!config || !api) return null;
  let info = botInfos.get(config);
  if (!info) {
    const asked = api.getMe();
    botInfos.set(config, asked);
    asked.catch(() => {
      if (botInfos.get(config) === asked) botInfos.delete(config);
    });
    info = asked;
  }
  return info;
};

/** The bot's @username without the @, or null when there is no bot or Telegram cannot be reached. */
export const botUsernameFor = async (deps: Pick<Deps, 'db' | 'log' | 'telegram'>): Promise<string | null> => {
  try {
    return (await botInfoFor(deps))?.username ?? null;
  } catch (error) {
    deps.log.warn({ err: error }, 'Telegram getMe failed');
    return null;
  }
};

// The org of the linked chat an update came from, for the inbox row (keyed by the update object itself).
const orgOfUpdate = new WeakMap<Update, string>();
export const orgIdOfUpdate = (update: Update): string | null => orgOfUpdate.get(update) ?? null;

const findLinked = async (deps: Pick<Deps, 'db' | 'log'>, chatId: number): Promise<LinkedChat | null> => {
  const link = await deps.db.telegramLink.findUnique({
    where: { chatId: BigInt(chatId) },
    select: {
      id: true,
      orgId: true,
      userId: true,
      notifications: true,
      chatConversationId: true,
      org: { select: { name: true, timezone: true, currency: true } },
      user: { select: { name: true } },
    },
  });
  if (!link) return null;
  const membership = await deps.db.membership.findUnique({
    where: { orgId_userId: { orgId: link.orgId, userId: link.userId } },
    select: { role: true },
  });
  if (!membership) {
    // They left the org (or were removed): the chat no longer speaks for anyone there.
    await deps.db.telegramLink.deleteMany({ where: { orgId: link.orgId, id: link.id } });
    deps.log.info({ orgId: link.orgId }, 'Telegram link dropped: the member left the org');
    return null;
  }
  return {
    linkId: link.id,
    orgId: link.orgId,
    orgName: link.org.name,
    userId: link.userId,
    userName: link.user.name,
    role: orgRoleSchema.parse(membership.role),
    chatId,
    timezone: link.org.timezone,
    currency: link.org.currency,
    notifications: notificationPrefsOf(link.notifications),
    chatConversationId: link.chatConversationId,
  };
};

type LinkOutcome =
  | { ok: false; reason: 'used' | 'expired' | 'unknown' | 'left' }
  | { ok: true; orgId: string; orgName: string; userName: string; replacedChatId: bigint | null };

/** Spends a /start token (one conditional UPDATE, so two chats cannot both use it) and links the chat. */
const linkChat = async (deps: Pick<Deps, 'db' | 'clock'>, ctx: BotContext, token: string): Promise<LinkOutcome> => {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!chat || !from) return { ok: false, reason: 'unknown' };
  const tokenHash = hashLinkToken(token);
  const now = deps.clock.now();
  const { count } = await deps.db.telegramLinkToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const row = await deps.db.telegramLinkToken.findUnique({
    where: { tokenHash },
    select: { orgId: true, userId: true, usedAt: true },
  });
  if (!row) return { ok: false, reason: 'unknown' };
  if (count === 0) return { ok: false, reason: row.usedAt ? 'used' : 'expired' };
  const { orgId, userId } = row;
  const member = await deps.db.membership.findUnique({
    where: { orgId_userId: { orgId, userId } },
    select: { org: { select: { name: true } }, user: { select: { name: true } } },
  });
  if (!member) return { ok: false, reason: 'left' };
  const chatId = BigInt(chat.id);
  const profile = {
    chatId,
    telegramUserId: BigInt(from.id),
    username: from.username ?? '',
    firstName: from.first_name,
    languageCode: from.language_code ?? '',
    linkedAt: now,
  };
  const replacedChatId = await deps.db.$transaction(async (tx) => {
    const ofChat = await tx.telegramLink.findUnique({
      where: { chatId },
      select: { id: true, orgId: true, userId: true },
    });
    const ofMember = await tx.telegramLink.findUnique({
      where: { orgId_userId: { orgId, userId } },
      select: { id: true, chatId: true },
    });
    // The chat moves: whatever it was linked to before ends.
    if (ofChat && ofChat.id !== ofMember?.id) await tx.telegramLink.delete({ where: { id: ofChat.id } });
    if (ofMember) {
      // The member's earlier chat in this org is replaced; their choices and conversation stay.
      await tx.telegramLink.update({ where: { id: ofMember.id }, data: profile });
      return ofMember.chatId === chatId ? null : ofMember.chatId;
    }
    await tx.telegramLink.create({
      data: { ...profile, orgId, userId, notifications: { ...DEFAULT_TELEGRAM_NOTIFICATIONS }, paymentsSeenUntil: now },
    });
    return null;
  });
  return { ok: true, orgId, orgName: member.org.name, userName: member.user.name, replacedChatId };
};

const onStart = (deps: Deps) => async (ctx: BotContext & { match: string }) => {
  const token = ctx.match.trim();
  if (!token) {
    if (ctx.linked) await ctx.reply(helpText(ctx.linked));
    else await withMessageKind({ kind: 'refusal', orgId: null }, () => ctx.reply(NOT_LINKED_TEXT));
    return;
  }
  const outcome = await linkChat(deps, ctx, token);
  if (!outcome.ok) {
    const text =
      outcome.reason === 'left'
        ? 'The person who made this link is no longer a member of that organisation, so the chat was not linked.'
        : TOKEN_REFUSED[outcome.reason];
    deps.log.info({ reason: outcome.reason }, 'Telegram /start link refused');
    await withMessageKind({ kind: 'refusal', orgId: ctx.linked?.orgId ?? null }, () => ctx.reply(text));
    return;
  }
  deps.log.info({ orgId: outcome.orgId }, 'Telegram chat linked');
  const linked = await findLinked(deps, ctx.chat?.id ?? 0);
  ctx.linked = linked;
  if (outcome.replacedChatId !== null)
    await sendToChat(deps, {
      orgId: outcome.orgId,
      chatId: Number(outcome.replacedChatId),
      reply: {
        text: `This chat was unlinked from ${outcome.orgName}: ${outcome.userName} linked another Telegram chat instead.`,
      },
      kind: 'link',
    });
  const welcome = linked ? `Welcome, ${linked.userName}! ${helpText(linked)}` : `Linked to ${outcome.orgName}.`;
  await withMessageKind({ kind: 'link', orgId: outcome.orgId }, () => ctx.reply(welcome));
};

const onUnlink = (deps: Deps) => async (ctx: BotContext) => {
  const linked = ctx.linked;
  if (!linked) return;
  await deps.db.telegramLink.deleteMany({ where: { orgId: linked.orgId, id: linked.linkId } });
  deps.log.info({ orgId: linked.orgId }, 'Telegram chat unlinked from Telegram');
  ctx.linked = null;
  await withMessageKind({ kind: 'link', orgId: linked.orgId }, () =>
    ctx.reply(
      `This chat is no longer linked to ${linked.orgName}. To link it again, open Settings → Telegram in the AI CEO web app.`,
    ),
  );
};

/** Private chats only; anything else gets one line (a button press an answer) and nothing more. */
const privateOnly = async (ctx: BotContext, next: NextFunction) => {
  if (ctx.chat?.type === 'private') return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: PRIVATE_ONLY_TEXT });
  else if (ctx.message && ctx.chat)
    await withMessageKind({ kind: 'refusal', orgId: null }, () => ctx.reply(PRIVATE_ONLY_TEXT));
};

const rateLimited = (deps: Deps) => async (ctx: BotContext, next: NextFunction) => {
  const chatId = ctx.chat?.id ?? 0;
  const hit = await deps.rateLimiter.hit(`telegram:chat:${chatId}`, TELEGRAM_CHAT_RATE_LIMIT);
  if (hit.allowed) return next();
  // One "slow down" per window; the rest of the flood is read and dropped.
  const told = await deps.rateLimiter.hit(`telegram:slow:${chatId}`, {
    limit: 1,
    windowSeconds: TELEGRAM_CHAT_RATE_LIMIT.windowSeconds,
  });
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: SLOW_DOWN_TEXT });
  else if (told.allowed) await withMessageKind({ kind: 'refusal', orgId: null }, () => ctx.reply(SLOW_DOWN_TEXT));
};

const resolveLinked = (deps: Deps) => async (ctx: BotContext, next: NextFunction) => {
  ctx.linked = await findLinked(deps, ctx.chat?.id ?? 0);
  if (ctx.linked) orgOfUpdate.set(ctx.update, ctx.linked.orgId);
  // Replies inside carry the org into the message log without another lookup.
  return withMessageKind({ kind: 'reply', orgId: ctx.linked?.orgId ?? null }, () => next());
};

/** A chat linked to nobody: how to link, and nothing else (no AI, no data). */
const refuseUnlinked = async (ctx: BotContext, next: NextFunction) => {
  if (ctx.linked) return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: 'This chat is not linked to AI CEO.' });
  if (ctx.chat) await withMessageKind({ kind: 'refusal', orgId: null }, () => ctx.reply(NOT_LINKED_TEXT));
};

const buildBot = (deps: Deps, botInfo: UserFromGetMe, config: TelegramConfig): Bot<BotContext> => {
  const bot = new Bot<BotContext>(config.token, { botInfo, client: { apiRoot: config.apiRoot } });
  bot.api.config.use(loggingTransformer(deps));
  bot.use(privateOnly);
  bot.use(rateLimited(deps));
  bot.use(resolveLinked(deps));
  bot.command('start', onStart(deps));
  bot.use(refuseUnlinked);
  bot.command('unlink', onUnlink(deps));
  if (features) bot.use(features(deps));
  else deps.log.warn('the Telegram bot has no features plugged in (useBotFeatures): linked chats get no answers');
  // Only bot.start() (grammY's own polling) calls this; the inbox reports through handleTelegramUpdate.
  bot.catch((error) => tellFailure(deps, error));
  return bot;
};

const bots = new WeakMap<TelegramConfig, Promise<Bot<BotContext>>>();

/**
 * This server's bot (built once per configuration: a test's second app instance has its own), or
 * null when it has none. Throws when Telegram cannot be reached for getMe (tried again next time).
 */
export const botFor = async (deps: Deps): Promise<Bot<BotContext> | null> => {
  const config = deps.telegram.config;
  const info = botInfoFor(deps);
  if (!config || !info) return null;
  let bot = bots.get(config);
  if (!bot) {
    const built = info.then((botInfo) => buildBot(deps, botInfo, config));
    bots.set(config, built);
    built.catch(() => {
      if (bots.get(config) === built) bots.delete(config);
    });
    bot = built;
  }
  return bot;
};

const tellFailure = async (deps: Pick<Deps, 'log'>, error: BotError<BotContext>) => {
  const ctx = error.ctx;
  deps.log.error({ err: error.error, updateId: ctx.update.update_id }, 'the Telegram bot failed on an update');
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: FAILED_TEXT });
    else if (ctx.chat) await ctx.reply(FAILED_TEXT);
  } catch (replyError) {
    deps.log.warn({ err: replyError }, 'could not tell the chat about the failure');
  }
};

/**
 * Runs one update through the bot. A failure is logged, the user is told (never the details) and
 * it is rethrown for the inbox to record.
 */
export const handleTelegramUpdate = async (deps: Deps, update: Update): Promise<{ orgId: string | null }> => {
  const bot = await botFor(deps);
  if (!bot) throw new Error('Telegram is not set up on this server');
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    if (error instanceof BotError) await tellFailure(deps, error as BotError<BotContext>);
    throw error instanceof BotError ? error.error : error;
  }
  return { orgId: orgIdOfUpdate(update) };
};
