import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { chatEndpoints } from '@aiceo/shared/chat';
import { request } from '@/lib/api-client';

const PAGE_SIZE = 30;

export const listConversations = ({ orgId, cursor }: { orgId: string; cursor?: string }) =>
  request(chatEndpoints.list, { params: { orgId }, query: { limit: PAGE_SIZE, cursor } });

/** Your conversations, most recent first; "Load more" appends the next page. */
export const conversationsQueryOptions = (orgId: string) =>
  infiniteQueryOptions({
    queryKey: ['orgs', orgId, 'chat', 'conversations'],
    queryFn: ({ pageParam }) => listConversations({ orgId, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useConversations = (orgId: string) => useInfiniteQuery(conversationsQueryOptions(orgId));
