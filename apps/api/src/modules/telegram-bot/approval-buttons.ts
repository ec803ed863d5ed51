import type { Deps } from '../../deps';
import type { BotReply } from '../telegram/telegram-context';

/** An approval item as a Telegram message with Approve and Reject buttons; null when it is not pending. */
export const approvalReply = async (
  _deps: Pick<Deps, 'db' | 'clock'>,
  _ref: { orgId: string; approvalId: string },
): Promise<BotReply | null> => null;
