import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { widgetInboxEndpoints } from '@aiceo/shared/widget-inbox';
import { request } from '@/lib/api-client';
import { websiteChatKey } from './keys';

const PAGE_SIZE = 30;
/** The inbox is live: it asks again this often while the page is open (React Query keeps the old list meanwhile). */
export const INBOX_POLL_MS = 4_000;

export type InboxFilter = { open?: boolean; mode?: 'ai' | 'human' };

const asFlag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'true' : 'false');

export const listInboxConversations = ({
  orgId,
  filter,
  cursor,
}: {
  orgId: string;
  filter: InboxFilter;
  cursor?: string;
}) =>
  request(widgetInboxEndpoints.list, {
    params: { orgId },
    query: { limit: PAGE_SIZE, cursor, mode: filter.mode, open: asFlag(filter.open) },
  });

export const inboxConversationsQueryOptions = (orgId: string, filter: InboxFilter = {}) =>
  infiniteQueryOptions({
    queryKey: [...websiteChatKey(orgId), 'conversations', filter],
    queryFn: ({ pageParam }) => listInboxConversations({ orgId, filter, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useInboxConversations = (orgId: string, filter: InboxFilter = {}) =>
  useInfiniteQuery({
    ...inboxConversationsQueryOptions(orgId, filter),
    placeholderData: keepPreviousData,
    refetchInterval: INBOX_POLL_MS,
  });
