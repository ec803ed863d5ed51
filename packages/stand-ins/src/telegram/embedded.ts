import { newTelegramBotToken } from '../keys';
import { startTelegramStandIn, type TelegramStandIn, type TelegramStandInOptions } from './stand-in';

export type LocalTelegramOptions = Omit<TelegramStandInOptions, 'token'> & {
  /** Given by a stand-alone stand-in that shares it with the API; otherwise a fresh random one. */
  token?: string;
};

/** Starts one; its `url` (TELEGRAM_API_ROOT) and `token` (TELEGRAM_BOT_TOKEN, made for this start unless given) are what the API must use. */
export const startLocalTelegram = (options: LocalTelegramOptions = {}): Promise<TelegramStandIn> =>
  startTelegramStandIn({ ...options, token: options.token ?? newTelegramBotToken() });
