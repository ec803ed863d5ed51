import type { Deps } from '../../deps';
import { telegramApi } from './telegram-api';
import { receiveTelegramUpdate, settleTelegramUpdates } from './telegram-inbox';

/**
 * How updates reach this process. Webhook mode registers the webhook (with its secret) and the
 * command menu at start; polling mode (development only: one process) asks getUpdates in a loop
 * and feeds the same inbox. A failure is logged and never stops the API.
 */

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const POLL_TIMEOUT_SECONDS = 25;
const POLL_RETRY_MS = 5_000;

export const TELEGRAM_COMMANDS = [
  { command: 'report', description: 'Profit and loss, cash, pipeline: today, week or month' },
  { command: 'ask', description: 'Ask the AI CEO a question' },
  { command: 'tasks', description: 'What the AI is working on' },
  { command: 'insights', description: 'What the AI noticed' },
  { command: 'approvals', description: 'Actions waiting for your approval' },
  { command: 'help', description: 'What this bot can do' },
  { command: 'unlink', description: 'Unlink this chat from AI CEO' },
];

export type TelegramUpdates = { stop(): Promise<void> };

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export const startTelegramUpdates = async (deps: Deps): Promise<TelegramUpdates> => {
  const config = deps.telegram.config;
  const api = telegramApi(deps);
  if (!config || !api) return { stop: async () => undefined };
  try {
    await api.setMyCommands(TELEGRAM_COMMANDS);
  } catch (error) {
    deps.log.warn({ err: error }, 'Telegram setMyCommands failed: the command menu may be out of date');
  }

  if (config.updates === 'webhook') {
    try {
      await api.setWebhook(config.webhookUrl, {
        secret_token: config.webhookSecret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      deps.log.info({ mode: config.mode, webhookUrl: config.webhookUrl }, 'Telegram webhook registered');
    } catch (error) {
      deps.log.error(
        { err: error, webhookUrl: config.webhookUrl },
        'Telegram setWebhook failed: the bot gets no updates',
      );
    }
    return { stop: () => settleTelegramUpdates(deps) };
  }

  const controller = new AbortController();
  const poll = async () => {
    let offset = 0;
    try {
      await api.deleteWebhook();
    } catch (error) {
      deps.log.warn({ err: error }, 'Telegram deleteWebhook failed; polling anyway');
    }
    deps.log.info({ mode: config.mode }, 'Telegram: polling for updates (development only)');
    while (!controller.signal.aborted) {
      try {
        const updates = await api.getUpdates(
          { offset, timeout: POLL_TIMEOUT_SECONDS, allowed_updates: [...ALLOWED_UPDATES] },
          // grammY types its signal with the abort-controller package's AbortSignal; Node's is the same at runtime.
          controller.signal as Parameters<typeof api.getUpdates>[1],
        );
        for (const update of updates) {
          await receiveTelegramUpdate(deps, update);
          offset = update.update_id + 1;
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        deps.log.warn({ err: error }, 'Telegram getUpdates failed; trying again shortly');
        await pause(POLL_RETRY_MS, controller.signal);
      }
    }
  };
  const loop = poll();
  return {
    stop: async () => {
      controller.abort();
      await loop;
      await settleTelegramUpdates(deps);
    },
  };
};
