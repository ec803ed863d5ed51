import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { telegramEndpoints } from '@aiceo/shared/telegram';
import { request } from '@/lib/api-client';
import { telegramKey } from './keys';

const PAGE_SIZE = 20;
/** The log is asked again this often while it is on screen, so what the bot just sent shows up. */
export const MESSAGES_POLL_MS = 15_000;

export const listTelegramMessages = ({ orgId, cursor }: { orgId: string; cursor?: string }) =>
  request(telegramEndpoints.messages, { params: { orgId }, query: { limit: PAGE_SIZE, cursor } });

export const telegramMessagesQueryOptions = (orgId: string) =>
  infiniteQueryOptions({
    queryKey: [...telegramKey(orgId), 'messages'],
    queryFn: ({ pageParam }) => listTelegramMessages({ orgId, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Everything the bot sent to this org's chats, newest first, a page at a time (owners and admins). */
export const useTelegramMessages = (orgId: string) =>
  useInfiniteQuery({ ...telegramMessagesQueryOptions(orgId), refetchInterval: MESSAGES_POLL_MS });
