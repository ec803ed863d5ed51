import { queryOptions, useQuery } from '@tanstack/react-query';
import { attributionEndpoints } from '@aiceo/shared/attribution';
import { request } from '@/lib/api-client';
import { attributionKey } from './keys';

export const getLeadAttribution = ({ orgId, leadId }: { orgId: string; leadId: string }) =>
  request(attributionEndpoints.lead, { params: { orgId, leadId } });

export const leadAttributionQueryOptions = (orgId: string, leadId: string) =>
  queryOptions({
    queryKey: [...attributionKey(orgId), 'lead', leadId],
    queryFn: () => getLeadAttribution({ orgId, leadId }),
  });

export const useLeadAttribution = (orgId: string, leadId: string) =>
  useQuery(leadAttributionQueryOptions(orgId, leadId));
