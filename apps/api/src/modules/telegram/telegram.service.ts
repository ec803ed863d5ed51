import { randomBytes } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import { hasRole, type OrgRole } from '@aiceo/shared/roles';
import {
  TELEGRAM_LINK_TTL_MINUTES,
  type TelegramLink,
  type TelegramLinkToken,
  type TelegramMessagesPage,
  type TelegramNotificationPrefs,
  type TelegramStatus,
} from '@aiceo/shared/telegram';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/pagination';
import { TELEGRAM_NOT_CONFIGURED } from '../../lib/telegram';
import { botUsernameFor } from './telegram-bot';
import { sendToChat } from './telegram-api';
import { hashLinkToken, notificationPrefsOf } from './telegram-links';

/**
 * The SPA's side of the bot: who has a chat linked, one-time /start links, unlinking, the
 * notifications a member chooses, and the log of what the bot sent. Every query names the org.
 */

type ServiceDeps = Pick<Deps, 'db' | 'log' | 'clock' | 'telegram'>;
type Caller = { orgId: string; userId: string | null; role: OrgRole | null };

const personOnly = (userId: string | null): string => {
  if (!userId) throw new AppError('FORBIDDEN', 'Only a signed-in person can link or unlink their own Telegram chat');
  return userId;
};

const linkSelect = { username: true, firstName: true, linkedAt: true, notifications: true } as const;
const toLink = (row: Prisma.TelegramLinkGetPayload<{ select: typeof linkSelect }>): TelegramLink => ({
  username: row.username,
  firstName: row.firstName,
  linkedAt: row.linkedAt.toISOString(),
  notifications: notificationPrefsOf(row.notifications),
});

const isAdmin = (role: OrgRole | null) => role !== null && hasRole(role, 'admin');

export const getTelegramStatus = async (
  deps: ServiceDeps,
  { orgId, userId, role }: Caller,
): Promise<TelegramStatus> => {
  const config = deps.telegram.config;
  const [botUsername, link, linked] = await Promise.all([
    config ? botUsernameFor(deps) : Promise.resolve(null),
    userId
      ? deps.db.telegramLink.findUnique({ where: { orgId_userId: { orgId, userId } }, select: linkSelect })
      : Promise.resolve(null),
    isAdmin(role)
      ? deps.db.telegramLink.findMany({
          where: { orgId },
          orderBy: { linkedAt: 'asc' },
          select: { userId: true, linkedAt: true, user: { select: { name: true } } },
        })
      : Promise.resolve([]),
  ]);
  return {
    mode: deps.telegram.mode,
    botUsername,
    canLink: isAdmin(role) && userId !== null,
    link: link ? toLink(link) : null,
    linkedMembers: linked.map((row) => ({
      userId: row.userId,
      name: row.user.name,
      linkedAt: row.linkedAt.toISOString(),
    })),
    localChatUrl: config?.localChatUrl ?? null,
  };
};

/**
 * A one-time link for the caller. Only the newest link of a member in an org works: making one
 * revokes the member's earlier unused ones, so a link shown on a shared screen can be killed by
 * asking for another.
 */
export const createTelegramLink = async (
  deps: ServiceDeps,
  { orgId, userId: maybeUser }: Caller,
): Promise<TelegramLinkToken> => {
  const userId = personOnly(maybeUser);
  const config = deps.telegram.config;
  if (!config) throw new AppError('UNAVAILABLE', TELEGRAM_NOT_CONFIGURED);
  const botUsername = await botUsernameFor(deps);
  if (!botUsername)
    throw new AppError(
      'UNAVAILABLE',
      'Telegram could not be reached just now, so no link was made; try again in a minute',
    );
  // 32 random bytes as base64url: 43 characters of A-Za-z0-9_-, within the 64 a /start payload allows.
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + TELEGRAM_LINK_TTL_MINUTES * 60_000);
  await deps.db.$transaction([
    deps.db.telegramLinkToken.deleteMany({ where: { orgId, userId, usedAt: null } }),
    deps.db.telegramLinkToken.create({
      data: { tokenHash: hashLinkToken(token), orgId, userId, expiresAt, createdAt: now },
    }),
  ]);
  return {
    url: `https://t.me/${botUsername}?start=${token}`,
    token,
    expiresAt: expiresAt.toISOString(),
    localChatUrl: config.localChatUrl ? `${config.localChatUrl}?start=${token}` : null,
  };
};

export const UNLINKED_FROM_APP =
  'This chat was unlinked from AI CEO in the web app, so it no longer gets reports or notifications. To link it again, open Settings → Telegram in the web app.';

/** Unlinks the caller's chat in this org (nothing to do when none is linked); the chat is told. */
export const unlinkTelegram = async (deps: ServiceDeps, { orgId, userId: maybeUser }: Caller): Promise<void> => {
  const userId = personOnly(maybeUser);
  const link = await deps.db.telegramLink.findUnique({
    where: { orgId_userId: { orgId, userId } },
    select: { id: true, chatId: true },
  });
  if (!link) return;
  const { count } = await deps.db.telegramLink.deleteMany({ where: { orgId, id: link.id } });
  if (count === 0) return;
  deps.log.info({ orgId, userId }, 'Telegram chat unlinked from the web app');
  await sendToChat(deps, { orgId, chatId: Number(link.chatId), reply: { text: UNLINKED_FROM_APP }, kind: 'link' });
};

export const updateTelegramNotifications = async (
  deps: ServiceDeps,
  { orgId, userId: maybeUser, prefs }: Caller & { prefs: TelegramNotificationPrefs },
): Promise<TelegramLink> => {
  const userId = personOnly(maybeUser);
  const { count } = await deps.db.telegramLink.updateMany({ where: { orgId, userId }, data: { notifications: prefs } });
  if (count === 0)
    throw new AppError('NOT_FOUND', 'You have no Telegram chat linked in this organisation; link one first');
  const link = await deps.db.telegramLink.findFirst({ where: { orgId, userId }, select: linkSelect });
  if (!link) throw new AppError('NOT_FOUND', 'You have no Telegram chat linked in this organisation; link one first');
  return toLink(link);
};

const afterCursor = (cursor: string | undefined): Prisma.TelegramMessageWhereInput | undefined => {
  if (!cursor) return undefined;
  const { at, id } = decodeTimeCursor(cursor);
  return { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
};

/** What the bot sent to this org's chats, newest first. */
export const listTelegramMessages = async (
  deps: Pick<Deps, 'db'>,
  { orgId, query }: { orgId: string; query: { limit: number; cursor?: string | undefined } },
): Promise<TelegramMessagesPage> => {
  const cursor = afterCursor(query.cursor);
  const rows = await deps.db.telegramMessage.findMany({
    where: cursor ? { orgId, AND: [cursor] } : { orgId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    select: {
      id: true,
      chatId: true,
      method: true,
      kind: true,
      text: true,
      status: true,
      error: true,
      createdAt: true,
    },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...row, chatId: row.chatId.toString(), createdAt: row.createdAt.toISOString() })),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.createdAt, last.id) : null,
  };
};
