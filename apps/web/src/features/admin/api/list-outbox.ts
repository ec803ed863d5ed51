import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export type ListOutboxQuery = { cursor?: string; limit?: number };

export const listOutbox = (query: ListOutboxQuery) => request(platformEndpoints.listOutbox, { query });

export const outboxQueryOptions = (query: ListOutboxQuery = {}) =>
  queryOptions({
    queryKey: ['admin', 'outbox', query],
    queryFn: () => listOutbox(query),
    placeholderData: keepPreviousData,
  });

export const useOutbox = (query?: ListOutboxQuery) => useQuery(outboxQueryOptions(query));
