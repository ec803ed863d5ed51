import { queryOptions, useQuery } from '@tanstack/react-query';
import { aiBudgetEndpoints } from '@aiceo/shared/ai-budget';
import { request } from '@/lib/api-client';

export const getAiAllowance = (orgId: string) => request(aiBudgetEndpoints.getAllowance, { params: { orgId } });

export const aiAllowanceQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'ai-allowance'], queryFn: () => getAiAllowance(orgId) });

export const useAiAllowance = (orgId: string) => useQuery(aiAllowanceQueryOptions(orgId));
