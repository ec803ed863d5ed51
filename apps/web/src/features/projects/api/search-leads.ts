import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

const RESULTS = 8;

/** Leads whose name, email or company contains `q`, for linking a new project to the lead it is for. */
export const leadSearchQueryOptions = (orgId: string, q: string) =>
  queryOptions({
    queryKey: [...leadsKey(orgId), 'project-lead-search', q],
    queryFn: ({ signal }) =>
      request(leadEndpoints.list, {
        params: { orgId },
        query: { q: q || undefined, sort: 'updatedAt', order: 'desc', limit: RESULTS },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export const useLeadSearch = (orgId: string, q: string, isEnabled: boolean) =>
  useQuery({ ...leadSearchQueryOptions(orgId, q), enabled: isEnabled });
