import { queryOptions, useQuery } from '@tanstack/react-query';
import { orgEndpoints } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';

export const getOrg = (orgId: string) => request(orgEndpoints.get, { params: { orgId } });

export const orgQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId], queryFn: () => getOrg(orgId) });

export const useOrg = (orgId: string) => useQuery(orgQueryOptions(orgId));
