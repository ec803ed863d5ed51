import { queryOptions, useQuery } from '@tanstack/react-query';
import { aiEndpoints } from '@aiceo/shared/ai';
import { request } from '@/lib/api-client';

export const getAiContext = (orgId: string) => request(aiEndpoints.context, { params: { orgId } });

export const aiContextQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'ai', 'context'], queryFn: () => getAiContext(orgId) });

export const useAiContext = (orgId: string) => useQuery(aiContextQueryOptions(orgId));
