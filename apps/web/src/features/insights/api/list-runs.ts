import { queryOptions, useQuery } from '@tanstack/react-query';
import { agenticEndpoints } from '@aiceo/shared/agentic';
import { request } from '@/lib/api-client';
import { agenticKey } from './list-insights';

export const listRuns = (orgId: string) => request(agenticEndpoints.runs, { params: { orgId }, query: { limit: 5 } });

export const runsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...agenticKey(orgId), 'runs'], queryFn: () => listRuns(orgId) });

export const useRuns = (orgId: string) => useQuery(runsQueryOptions(orgId));
