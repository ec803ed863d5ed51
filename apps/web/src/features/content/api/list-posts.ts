import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import { contentEndpoints } from '@aiceo/shared/content';
import { request } from '@/lib/api-client';

const DRAFTS_PAGE_SIZE = 20;

/** Every cached post list of the org (calendar ranges and the drafts list); mutations invalidate this. */
export const postsKey = (orgId: string) => ['orgs', orgId, 'posts'] as const;

export const listPostsInRange = ({ orgId, from, to }: { orgId: string; from: string; to: string }) =>
  request(contentEndpoints.list, { params: { orgId }, query: { from, to } });

/** The posts of one calendar view, unpaged (the API caps a range at 62 days). */
export const postsInRangeQueryOptions = (orgId: string, range: { from: string; to: string }) =>
  queryOptions({
    queryKey: [...postsKey(orgId), 'range', range.from, range.to],
    queryFn: () => listPostsInRange({ orgId, ...range }),
  });

export const usePostsInRange = (orgId: string, range: { from: string; to: string }) =>
  useQuery({ ...postsInRangeQueryOptions(orgId, range), placeholderData: keepPreviousData });

export const listDrafts = ({ orgId, cursor }: { orgId: string; cursor?: string }) =>
  request(contentEndpoints.list, { params: { orgId }, query: { status: 'draft', limit: DRAFTS_PAGE_SIZE, cursor } });

/** Drafts newest first, a page at a time ("Load more"); the calendar shows those without a date on the side. */
export const draftsQueryOptions = (orgId: string) =>
  infiniteQueryOptions({
    queryKey: [...postsKey(orgId), 'drafts'],
    queryFn: ({ pageParam }) => listDrafts({ orgId, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useDrafts = (orgId: string) => useInfiniteQuery(draftsQueryOptions(orgId));
