import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

const PICKER_SIZE = 20;

/** Leads to choose from for a follow-up: the newest, or those matching the search. */
export const searchLeadsQueryOptions = (orgId: string, q: string) =>
  queryOptions({
    queryKey: [...leadsKey(orgId), 'picker', q],
    queryFn: () =>
      request(leadEndpoints.list, {
        params: { orgId },
        query: { q: q || undefined, limit: PICKER_SIZE, sort: 'updatedAt', order: 'desc' },
      }),
  });

export const useLeadChoices = (orgId: string, q: string) =>
  useQuery({ ...searchLeadsQueryOptions(orgId, q), placeholderData: keepPreviousData });
