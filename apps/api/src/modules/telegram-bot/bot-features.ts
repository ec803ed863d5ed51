import { Composer } from 'grammy';
import type { Deps } from '../../deps';
import type { BotContext } from '../telegram/telegram-context';

/**
 * What a linked chat can do: /report, /ask, /tasks, /insights, /approvals, /help, the approval and
 * report buttons, and polite answers to anything else. Runs after modules/telegram has resolved
 * `ctx.linked` (never null here), handled /start and /unlink, and applied the per-chat rate limit.
 */
export const botFeatures = (_deps: Deps): Composer<BotContext> => new Composer<BotContext>();
