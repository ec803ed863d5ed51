import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export type ListUsersQuery = { search?: string; cursor?: string; limit?: number };

export const listUsers = (query: ListUsersQuery) => request(platformEndpoints.listUsers, { query });

export const usersQueryOptions = (query: ListUsersQuery = {}) =>
  queryOptions({
    queryKey: ['admin', 'users', query],
    queryFn: () => listUsers(query),
    placeholderData: keepPreviousData,
  });

export const useUsers = (query?: ListUsersQuery) => useQuery(usersQueryOptions(query));
