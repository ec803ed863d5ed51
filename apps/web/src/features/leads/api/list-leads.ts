import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { leadEndpoints, type LeadPriority, type LeadStage, leadSorts } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

const PAGE_SIZE = 25;

export type LeadSort = (typeof leadSorts)[number];

/** What the table shows: the filter, the sort and the direction (all kept in the URL). */
export type LeadView = {
  q?: string;
  stage?: LeadStage[];
  priority?: LeadPriority[];
  ownerId?: string;
  tag?: string;
  minScore?: number;
  sort: LeadSort;
  order: 'asc' | 'desc';
};

export const listLeads = ({
  orgId,
  view,
  cursor,
  limit = PAGE_SIZE,
}: {
  orgId: string;
  view: LeadView;
  cursor?: string;
  limit?: number;
}) => request(leadEndpoints.list, { params: { orgId }, query: { ...view, limit, cursor } });

export const leadsQueryOptions = (orgId: string, view: LeadView) =>
  infiniteQueryOptions({
    queryKey: [...leadsKey(orgId), 'list', view],
    queryFn: ({ pageParam, signal }) =>
      request(leadEndpoints.list, {
        params: { orgId },
        query: { ...view, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new filter loads, the old rows stay instead of a spinner on every keystroke.
    placeholderData: keepPreviousData,
  });

export const useLeads = (orgId: string, view: LeadView) => useInfiniteQuery(leadsQueryOptions(orgId, view));
