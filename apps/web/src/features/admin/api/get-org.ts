import { queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export const getAdminOrg = (orgId: string) => request(platformEndpoints.getOrg, { params: { orgId } });

export const adminOrgQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['admin', 'orgs', 'detail', orgId], queryFn: () => getAdminOrg(orgId) });

export const useAdminOrg = (orgId: string) => useQuery(adminOrgQueryOptions(orgId));
