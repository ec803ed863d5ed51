import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints, type AdminMetricsQuery } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export const getSaasMetrics = (query: AdminMetricsQuery) => request(platformEndpoints.metrics, { query });

export const saasMetricsQueryOptions = (query: AdminMetricsQuery = {}) =>
  queryOptions({
    queryKey: ['admin', 'metrics', query],
    queryFn: () => getSaasMetrics(query),
    placeholderData: keepPreviousData,
  });

export const useSaasMetrics = (query?: AdminMetricsQuery) => useQuery(saasMetricsQueryOptions(query));
