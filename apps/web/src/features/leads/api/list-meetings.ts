import { queryOptions, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export const listMeetings = ({ orgId, leadId }: { orgId: string; leadId: string }) =>
  request(leadEndpoints.listMeetings, { params: { orgId, leadId } });

export const meetingsQueryOptions = (orgId: string, leadId: string) =>
  queryOptions({
    queryKey: [...leadsKey(orgId), 'detail', leadId, 'meetings'],
    queryFn: () => listMeetings({ orgId, leadId }),
  });

export const useMeetings = (orgId: string, leadId: string) => useQuery(meetingsQueryOptions(orgId, leadId));
