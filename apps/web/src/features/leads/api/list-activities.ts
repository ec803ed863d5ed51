import { queryOptions, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export const listActivities = ({ orgId, leadId }: { orgId: string; leadId: string }) =>
  request(leadEndpoints.listActivities, { params: { orgId, leadId } });

export const activitiesQueryOptions = (orgId: string, leadId: string) =>
  queryOptions({
    queryKey: [...leadsKey(orgId), 'detail', leadId, 'activities'],
    queryFn: () => listActivities({ orgId, leadId }),
  });

export const useActivities = (orgId: string, leadId: string) => useQuery(activitiesQueryOptions(orgId, leadId));
