import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { creditEndpoints } from '@aiceo/shared/credits';
import { request } from '@/lib/api-client';

const PAGE_SIZE = 20;

export const getCredits = ({ orgId, cursor }: { orgId: string; cursor?: string }) =>
  request(creditEndpoints.get, { params: { orgId }, query: { limit: PAGE_SIZE, cursor } });

/** Balance and ledger, newest first; "Load more" appends the next page (the balance is read from the first). */
export const creditsQueryOptions = (orgId: string) =>
  infiniteQueryOptions({
    queryKey: ['orgs', orgId, 'credits'],
    queryFn: ({ pageParam }) => getCredits({ orgId, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.entries.nextCursor ?? undefined,
  });

export const useCredits = (orgId: string) => useInfiniteQuery(creditsQueryOptions(orgId));
