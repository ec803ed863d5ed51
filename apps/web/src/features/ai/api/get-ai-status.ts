import { queryOptions, useQuery } from '@tanstack/react-query';
import { aiEndpoints } from '@aiceo/shared/ai';
import { request } from '@/lib/api-client';

export const getAiStatus = (orgId: string) => request(aiEndpoints.status, { params: { orgId } });

export const aiStatusQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'ai', 'status'], queryFn: () => getAiStatus(orgId), staleTime: 5 * 60_000 });

export const useAiStatus = (orgId: string) => useQuery(aiStatusQueryOptions(orgId));
