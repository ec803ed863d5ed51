import { hasRole, type OrgRole } from '@aiceo/shared/roles';
import { DEFAULT_TELEGRAM_NOTIFICATIONS, type TelegramNotificationKind } from '@aiceo/shared/telegram';
import { qualifiedLeadFacts, type CapturedFields } from '@aiceo/shared/widget';
import type { Deps } from '../../deps';
import { clip } from '../../lib/text';
import { sendToChat } from '../telegram/telegram-api';
import type { BotReply } from '../telegram/telegram-context';

/**
 * What the bot tells a linked chat without being asked. Each notification is claimed first
 * (a TelegramNotification row per link, kind and key, inserted ON CONFLICT DO NOTHING) and only
 * the caller that inserted it sends, so it goes once per chat however many instances, retries or
 * job runs try. Nothing here ever throws at its caller: a failure to notify is only logged.
 */

/**
 * The callers (widget chat, task executor, approvals) hold narrower deps types than Deps; the
 * processes pass the full deps, so the bot's configuration is there at run time. Without it
 * (or without a bot) nothing is sent.
 */
export type NotifyDeps = Pick<Deps, 'db' | 'log'> & { telegram?: Deps['telegram'] };

/** The linked chat a notification is about to go to. */
export type NotifiedLink = { linkId: string; chatId: number; userId: string; role: OrgRole };

/** Who may see money: the finance endpoints are for admins and owners (packages/shared/src/finance*.ts). */
export const FINANCE_ROLE: OrgRole = 'admin';

export type NotifyOptions = {
  orgId: string;
  kind: TelegramNotificationKind;
  /** What it is about (a task id, a local day, an ISO week...): one message per chat and key. */
  key: string;
  /** The message, or a message per chat (null: nothing for that chat). */
  reply: BotReply | ((link: NotifiedLink) => BotReply | null | Promise<BotReply | null>);
  /** The lowest role that gets it (read now, so a demotion counts at once); default member. */
  minRole?: OrgRole;
  /** How the support log names it (default notification). */
  messageKind?: 'notification' | 'approval';
};

export type NotifyResult = { sent: number; alreadySent: number; failed: number };

/** The member's choice for that kind, or the default when the stored prefs lack it. */
export const wantsNotification = (prefs: unknown, kind: TelegramNotificationKind): boolean => {
  const value = prefs && typeof prefs === 'object' ? (prefs as Record<string, unknown>)[kind] : undefined;
  return typeof value === 'boolean' ? value : DEFAULT_TELEGRAM_NOTIFICATIONS[kind];
};

/** The org's linked chats that want `kind`, with their member's current role (at least `minRole`). */
export const linksWanting = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, kind, minRole = 'member' }: { orgId: string; kind: TelegramNotificationKind; minRole?: OrgRole },
): Promise<NotifiedLink[]> => {
  const links = await db.telegramLink.findMany({
    where: { orgId },
    orderBy: { linkedAt: 'asc' },
    select: { id: true, chatId: true, userId: true, notifications: true },
  });
  const wanting = links.filter((link) => wantsNotification(link.notifications, kind));
  if (wanting.length === 0) return [];
  const memberships = await db.membership.findMany({
    where: { orgId, userId: { in: wanting.map((link) => link.userId) } },
    select: { userId: true, role: true },
  });
  const roles = new Map(memberships.map((membership) => [membership.userId, membership.role as OrgRole]));
  return wanting.flatMap((link) => {
    const role = roles.get(link.userId);
    return role && hasRole(role, minRole)
      ? [{ linkId: link.id, chatId: Number(link.chatId), userId: link.userId, role }]
      : [];
  });
};

/** Claims (link, kind, key); true only for the one caller that inserted it. */
export const claimNotification = async (
  { db }: { db: Pick<Deps['db'], 'telegramNotification'> },
  { orgId, linkId, kind, key }: { orgId: string; linkId: string; kind: TelegramNotificationKind; key: string },
): Promise<boolean> => {
  const { count } = await db.telegramNotification.createMany({
    data: [{ orgId, linkId, kind, key }],
    skipDuplicates: true,
  });
  return count === 1;
};

/**
 * Sends a claimed notification; when Telegram did not take it the claim is dropped again, so a
 * later run (the job's next tick) may retry.
 */
export const sendClaimed = async (
  deps: NotifyDeps & { telegram: Deps['telegram'] },
  {
    orgId,
    link,
    kind,
    key,
    reply,
    messageKind,
  }: {
    orgId: string;
    link: Pick<NotifiedLink, 'linkId' | 'chatId'>;
    kind: TelegramNotificationKind;
    key: string;
    reply: BotReply;
    messageKind: 'notification' | 'approval';
  },
): Promise<boolean> => {
  const result = await sendToChat(deps, { orgId, chatId: link.chatId, reply, kind: messageKind });
  if (result.ok) return true;
  deps.log.warn({ orgId, linkId: link.linkId, kind, error: result.error }, 'Telegram notification not sent');
  await deps.db.telegramNotification
    .deleteMany({ where: { linkId: link.linkId, kind, key } })
    .catch((err: unknown) =>
      deps.log.error({ err, orgId, kind }, 'could not free a Telegram notification for a retry'),
    );
  return false;
};

/**
 * Sends one notification to every linked chat of the org that wants this kind and whose member
 * has the role; each chat gets it once per key. Never throws.
 */
export const notifyTelegram = async (deps: NotifyDeps, options: NotifyOptions): Promise<NotifyResult> => {
  const result: NotifyResult = { sent: 0, alreadySent: 0, failed: 0 };
  const { telegram } = deps;
  if (!telegram?.config) return result;
  const { orgId, kind, key } = options;
  try {
    const links = await linksWanting(deps, { orgId, kind, minRole: options.minRole });
    for (const link of links) {
      const reply = typeof options.reply === 'function' ? await options.reply(link) : options.reply;
      if (!reply) continue;
      if (!(await claimNotification(deps, { orgId, linkId: link.linkId, kind, key }))) {
        result.alreadySent += 1;
        continue;
      }
      const sent = await sendClaimed(
        { ...deps, telegram },
        { orgId, link, kind, key, reply, messageKind: options.messageKind ?? 'notification' },
      );
      if (sent) result.sent += 1;
      else result.failed += 1;
    }
  } catch (error) {
    deps.log.error({ err: error, orgId, kind }, 'Telegram notifications failed');
  }
  return result;
};

const frontendUrl = ({ env }: Pick<Deps, 'env'>, path: string) => `${env.FRONTEND_URL.replace(/\/+$/, '')}${path}`;

// --- events -----------------------------------------------------------------------------

/** A website visitor qualified: what they told the chat and a link to the conversation (once per conversation). */
export const notifyQualifiedLead = async (
  deps: NotifyDeps & Pick<Deps, 'env'>,
  { orgId, conversationId, fields }: { orgId: string; conversationId: string; fields: CapturedFields },
): Promise<NotifyResult> => {
  const who = clip((fields.name ?? fields.email ?? fields.phone ?? 'A visitor').replace(/\s+/g, ' '), 80);
  const facts = qualifiedLeadFacts(fields, (value) => clip(value, 300));
  const text = [
    `New qualified lead from your website chat: ${who}`,
    '',
    ...facts,
    '',
    `Read the conversation and reply: ${frontendUrl(deps, `/orgs/${orgId}/conversations/${conversationId}`)}`,
  ].join('\n');
  return notifyTelegram(deps, { orgId, kind: 'qualifiedLead', key: conversationId, reply: { text } });
};

/** The stored error of a task, as a sentence a person reads (no stack, no newlines, not too long). */
export const plainError = (error: string | null): string => {
  const line = (error ?? '').replace(/\s+/g, ' ').trim();
  if (!line) return 'It stopped without saying why.';
  return clip(/[.!?]$/.test(line) ? line : `${line}.`, 300);
};

/** A task failed for good (no retry left): its title, why, and a link to it (once per task). */
export const notifyFailedTask = async (
  deps: NotifyDeps & Pick<Deps, 'env'>,
  { orgId, taskId }: { orgId: string; taskId: string },
): Promise<NotifyResult> => {
  if (!deps.telegram?.config) return { sent: 0, alreadySent: 0, failed: 0 };
  try {
    const task = await deps.db.task.findFirst({
      where: { orgId, id: taskId, status: 'FAILED' },
      select: { title: true, error: true },
    });
    if (!task) return { sent: 0, alreadySent: 0, failed: 0 };
    const text = [
      `A task failed: ${clip(task.title, 200)}`,
      '',
      `Why: ${plainError(task.error)}`,
      '',
      `Open the task: ${frontendUrl(deps, `/orgs/${orgId}/tasks?task=${taskId}`)}`,
    ].join('\n');
    return await notifyTelegram(deps, { orgId, kind: 'failedTask', key: taskId, reply: { text } });
  } catch (error) {
    deps.log.error({ err: error, orgId, taskId }, 'failed-task Telegram notification failed');
    return { sent: 0, alreadySent: 0, failed: 0 };
  }
};

/** Builds an approval item's message with its Approve and Reject buttons (null: not pending any more). */
export type ApprovalReplyBuilder = (
  deps: Pick<Deps, 'db' | 'clock'>,
  ref: { orgId: string; approvalId: string },
) => Promise<BotReply | null>;

// The bot (modules/telegram-bot) renders approval items and depends on approvals to decide them, and
// approvals calls this module when an item is created: so the renderer is handed in by the process
// (runtime.ts), not imported, which would close a loop between the modules.
let approvalReplyBuilder: ApprovalReplyBuilder | null = null;

/** Sets how approval items are rendered for Telegram (the bot's approvalReply). */
export const provideApprovalReplies = (builder: ApprovalReplyBuilder): void => {
  approvalReplyBuilder = builder;
};

/** An item now waits for a decision: its message with Approve / Reject to the admins' chats (once per item). */
export const notifyApprovalRequested = async (
  deps: NotifyDeps & Pick<Deps, 'clock'>,
  { orgId, approvalId }: { orgId: string; approvalId: string },
): Promise<NotifyResult> => {
  const none = { sent: 0, alreadySent: 0, failed: 0 };
  const build = approvalReplyBuilder;
  if (!deps.telegram?.config || !build) return none;
  try {
    const reply = await build(deps, { orgId, approvalId });
    if (!reply) return none;
    return await notifyTelegram(deps, {
      orgId,
      kind: 'approvals',
      key: approvalId,
      // Deciding an approval is for admins and owners (packages/shared/src/approvals.ts).
      minRole: 'admin',
      reply,
      messageKind: 'approval',
    });
  } catch (error) {
    deps.log.error({ err: error, orgId, approvalId }, 'approval Telegram notification failed');
    return none;
  }
};
