import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export type ListAdminOrgsQuery = { search?: string; cursor?: string; limit?: number };

export const listAdminOrgs = (query: ListAdminOrgsQuery) => request(platformEndpoints.listOrgs, { query });

export const adminOrgsQueryOptions = (query: ListAdminOrgsQuery = {}) =>
  queryOptions({
    queryKey: ['admin', 'orgs', 'list', query],
    queryFn: () => listAdminOrgs(query),
    placeholderData: keepPreviousData,
  });

export const useAdminOrgs = (query?: ListAdminOrgsQuery) => useQuery(adminOrgsQueryOptions(query));
