import { queryOptions, useQuery } from '@tanstack/react-query';
import { serviceTemplateEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';

/** The org's service templates, for ticking in a new proposal and adding to a draft (the first 100 by name). */
export const serviceTemplatesPickQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: ['orgs', orgId, 'service-templates', 'pick'],
    queryFn: () => request(serviceTemplateEndpoints.list, { params: { orgId }, query: { limit: 100 } }),
  });

export const useServiceTemplatesPick = (orgId: string) => useQuery(serviceTemplatesPickQueryOptions(orgId));
