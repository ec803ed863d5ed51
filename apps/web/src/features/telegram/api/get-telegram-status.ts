import { queryOptions, useQuery } from '@tanstack/react-query';
import { telegramEndpoints } from '@aiceo/shared/telegram';
import { request } from '@/lib/api-client';
import { telegramKey } from './keys';

/** While a /start link waits to be opened, the status is asked again this often, so the page sees the link land. */
export const LINK_POLL_MS = 3_000;

export const getTelegramStatus = (orgId: string) => request(telegramEndpoints.status, { params: { orgId } });

export const telegramStatusQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...telegramKey(orgId), 'status'], queryFn: () => getTelegramStatus(orgId) });

/**
 * The bot, the caller's linked chat and who else has one. `waitingForLink` polls, also while the
 * tab is hidden: the person is in the Telegram app then, and the page should be linked when they return.
 */
export const useTelegramStatus = (orgId: string, { waitingForLink = false }: { waitingForLink?: boolean } = {}) =>
  useQuery({
    ...telegramStatusQueryOptions(orgId),
    refetchInterval: waitingForLink ? LINK_POLL_MS : false,
    refetchIntervalInBackground: waitingForLink,
  });
