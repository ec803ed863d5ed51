import { queryOptions, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export const getLead = ({ orgId, leadId }: { orgId: string; leadId: string }) =>
  request(leadEndpoints.get, { params: { orgId, leadId } });

export const leadQueryOptions = (orgId: string, leadId: string) =>
  queryOptions({ queryKey: [...leadsKey(orgId), 'detail', leadId], queryFn: () => getLead({ orgId, leadId }) });

export const useLead = (orgId: string, leadId: string) => useQuery(leadQueryOptions(orgId, leadId));
