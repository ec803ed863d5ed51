import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints, type AdminDispute } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export type ListAdminDisputesQuery = { status?: AdminDispute['status']; cursor?: string; limit?: number };

export const listAdminDisputes = (query: ListAdminDisputesQuery) => request(platformEndpoints.listDisputes, { query });

export const adminDisputesQueryOptions = (query: ListAdminDisputesQuery = {}) =>
  queryOptions({
    queryKey: ['admin', 'disputes', query],
    queryFn: () => listAdminDisputes(query),
    placeholderData: keepPreviousData,
  });

export const useAdminDisputes = (query?: ListAdminDisputesQuery) => useQuery(adminDisputesQueryOptions(query));
