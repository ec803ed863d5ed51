import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints, type AdminAiUsageQuery } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export const getAdminAiUsage = (query: AdminAiUsageQuery) => request(platformEndpoints.aiUsage, { query });

export const adminAiUsageQueryOptions = (query: AdminAiUsageQuery = {}) =>
  queryOptions({
    queryKey: ['admin', 'ai-usage', query],
    queryFn: () => getAdminAiUsage(query),
    placeholderData: keepPreviousData,
  });

export const useAdminAiUsage = (query?: AdminAiUsageQuery) => useQuery(adminAiUsageQueryOptions(query));
