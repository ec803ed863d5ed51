import { queryOptions, useQuery } from '@tanstack/react-query';
import { agenticEndpoints } from '@aiceo/shared/agentic';
import { request } from '@/lib/api-client';

export const getWhatWorked = (orgId: string) => request(agenticEndpoints.whatWorked, { params: { orgId }, query: {} });

// Under the agentic key, so that whatever refreshes the engine's data refreshes this too.
export const whatWorkedQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'agentic', 'what-worked'], queryFn: () => getWhatWorked(orgId) });

export const useWhatWorked = (orgId: string) => useQuery(whatWorkedQueryOptions(orgId));
