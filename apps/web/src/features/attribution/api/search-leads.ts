import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

/** Leads whose name, email or company contains `q`, for picking the lead a payment came from. */
export const searchLeadsQueryOptions = (orgId: string, q: string) =>
  queryOptions({
    queryKey: [...leadsKey(orgId), 'pick', q],
    queryFn: () => request(leadEndpoints.list, { params: { orgId }, query: { q, limit: 8 } }),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });

export const useSearchLeads = (orgId: string, q: string) => useQuery(searchLeadsQueryOptions(orgId, q));
