import type { ApprovalItem, ApprovalKind, ApprovalStatus } from '@aiceo/shared/approvals';
import { dateTimeInWords } from '@aiceo/shared/dates-in-words';
import { formatMoney } from '@aiceo/shared/money';
import { hasRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { clip } from '../../lib/text';
import { approveApproval, getApproval, rejectApproval } from '../approvals/approvals.service';
import { editChatMessage, escapeTelegramHtml, sendToChat } from '../telegram/telegram-api';
import type { BotReply, LinkedChat } from '../telegram/telegram-context';
import { timeOfDay } from './bot-format';

const KIND_WORDS: Record<ApprovalKind, string> = {
  lead_email: 'Email to a lead',
  post_publish: 'Post to publish',
  campaign_send: 'Email campaign',
};
const BODY_SHOWN = 1_500;

/** Who may approve or reject (the web app's approve/reject endpoints are admin and above). */
export const mayDecide = (linked: Pick<LinkedChat, 'role'>): boolean => hasRole(linked.role, 'admin');

const findItem = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  ref: { orgId: string; approvalId: string },
): Promise<ApprovalItem | null> => {
  try {
    return await getApproval(deps, ref);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
};

const timezoneOf = async ({ db }: Pick<Deps, 'db'>, orgId: string) =>
  (await db.organization.findUnique({ where: { id: orgId }, select: { timezone: true } }))?.timezone ?? 'UTC';

/** The item as a message body (HTML): what goes out, to whom, why, and until when it waits. */
const itemText = (item: ApprovalItem, timezone: string): string => {
  const e = escapeTelegramHtml;
  return [
    `<b>${e(KIND_WORDS[item.kind])}: ${e(item.title)}</b>`,
    `To: ${e(item.audience)}${item.audienceSize > 1 ? ` (${item.audienceSize} people)` : ''}`,
    ...(item.moneyMinor > 0 ? [`Deal value: ${e(formatMoney(item.moneyMinor, item.currency))}`] : []),
    '',
    ...(item.content.subject ? [`Subject: ${e(item.content.subject)}`] : []),
    e(clip(item.content.body, BODY_SHOWN)),
    '',
    `Why: ${e(item.reason)}`,
    `Risk: ${item.risk}${item.riskReasons.length ? ` (${e(item.riskReasons.join('; '))})` : ''}`,
    ...(item.status === 'pending' ? [`Waits until ${e(dateTimeInWords(item.expiresAt, timezone))}`] : []),
  ].join('\n');
};

const pendingReply = (item: ApprovalItem, timezone: string): BotReply => ({
  html: true,
  text: [
    'Waiting for your approval',
    '',
    itemText(item, timezone),
    ...(item.needsEdit ? ['', 'This is a template written offline: edit it in the app before approving.'] : []),
  ].join('\n'),
  buttons: [
    [
      ...(item.needsEdit
        ? []
        : [{ text: 'Approve', action: 'approve', targetId: item.id, targetVersion: item.updatedAt }]),
      { text: 'Reject', action: 'reject', targetId: item.id, targetVersion: item.updatedAt },
    ],
  ],
});

/** An approval item as a Telegram message with Approve and Reject buttons; null when it is not pending. */
export const approvalReply = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, approvalId }: { orgId: string; approvalId: string },
): Promise<BotReply | null> => {
  const item = await findItem(deps, { orgId, approvalId });
  if (!item || item.status !== 'pending') return null;
  return pendingReply(item, await timezoneOf(deps, orgId));
};

const nameOf = async ({ db }: Pick<Deps, 'db'>, userId: string | null, linked: LinkedChat) => {
  if (!userId) return 'an automatic rule';
  if (userId === linked.userId) return 'you';
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true } });
  return user?.name || 'someone';
};

/** Where the item stands now, in words ("approved by Kim", "expired", ...). */
const stateInWords = async (deps: Pick<Deps, 'db'>, item: ApprovalItem, linked: LinkedChat): Promise<string> => {
  const by = async () => (item.autoRuleId ? 'an auto-approve rule' : await nameOf(deps, item.decidedById, linked));
  const words: Record<ApprovalStatus, () => Promise<string>> = {
    pending: async () => 'it was edited and still waits for a decision',
    approved: async () => `it is now approved by ${await by()}`,
    rejected: async () => `it is now rejected by ${await by()}`,
    expired: async () => `it expired${item.error ? `: ${item.error}` : ''}`,
    executed: async () => `it was approved by ${await by()} and has run`,
    failed: async () => `it was approved but failed${item.error ? `: ${item.error}` : ''}`,
    cancelled: async () => `it was cancelled${item.error ? `: ${item.error}` : ''}`,
  };
  return words[item.status]();
};

/** The message as the item stands now: pending with fresh buttons, otherwise its state and no buttons. */
const currentReply = async (deps: Pick<Deps, 'db'>, item: ApprovalItem, linked: LinkedChat): Promise<BotReply> =>
  item.status === 'pending'
    ? pendingReply(item, linked.timezone)
    : {
        html: true,
        text: `${itemText(item, linked.timezone)}\n\n<i>${escapeTelegramHtml(capitalise(await stateInWords(deps, item, linked)))}</i>`,
      };

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type DecisionDeps = Parameters<typeof approveApproval>[0] & Pick<Deps, 'telegram' | 'log'>;

/**
 * An Approve or Reject button pressed (the callback query is already answered): decides the item
 * through the approvals service as the linked member, unless the member may not decide, the item
 * is gone, or it changed since the message was sent; then edits the message to say what happened.
 */
export const decideFromButton = async (
  deps: DecisionDeps,
  {
    linked,
    decision,
    approvalId,
    shownVersion,
    messageId,
  }: {
    linked: LinkedChat;
    decision: 'approve' | 'reject';
    approvalId: string;
    shownVersion: string;
    messageId: number | null;
  },
): Promise<void> => {
  const { orgId, chatId } = linked;
  const say = (text: string) => sendToChat(deps, { orgId, chatId, reply: { text }, kind: 'reply' });
  const showCurrent = async (item: ApprovalItem) => {
    if (messageId !== null)
      await editChatMessage(deps, {
        orgId,
        chatId,
        messageId,
        reply: await currentReply(deps, item, linked),
        kind: 'approval',
      });
  };
  if (!mayDecide(linked)) {
    await say('Only owners and admins can approve or reject. Ask one of them, or open the approval inbox in the app.');
    return;
  }
  const item = await findItem(deps, { orgId, approvalId });
  if (!item) {
    await say('This item no longer exists.');
    if (messageId !== null)
      await editChatMessage(deps, {
        orgId,
        chatId,
        messageId,
        reply: { text: 'This item no longer exists.' },
        kind: 'approval',
      });
    return;
  }
  if (item.status !== 'pending' || item.updatedAt !== shownVersion) {
    await say(
      `This item changed since this message: ${await stateInWords(deps, item, linked)}. Nothing was ${decision === 'approve' ? 'approved' : 'rejected'}.`,
    );
    await showCurrent(item);
    return;
  }
  let decided: ApprovalItem;
  try {
    decided =
      decision === 'approve'
        ? await approveApproval(deps, { orgId, approvalId, actorId: linked.userId })
        : await rejectApproval(deps, { orgId, approvalId, actorId: linked.userId, note: '' });
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    // The service refused (decided elsewhere a moment ago, expired, its target changed ...): say so.
    await say(`Not ${decision === 'approve' ? 'approved' : 'rejected'}: ${error.message}`);
    const now = await findItem(deps, { orgId, approvalId });
    if (now) await showCurrent(now);
    return;
  }
  const at = `${timeOfDay(new Date(decided.decidedAt ?? deps.clock.now()), linked.timezone)} (${linked.timezone} time)`;
  const outcome =
    decision === 'approve'
      ? `Approved by you at ${at}: it runs in a moment.`
      : `Rejected by you at ${at}: nothing is sent.`;
  if (messageId !== null)
    await editChatMessage(deps, {
      orgId,
      chatId,
      messageId,
      reply: { html: true, text: `${itemText(decided, linked.timezone)}\n\n<b>${escapeTelegramHtml(outcome)}</b>` },
      kind: 'approval',
    });
  else await say(outcome);
};
