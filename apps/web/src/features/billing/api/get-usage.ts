import { queryOptions, useQuery } from '@tanstack/react-query';
import { usageEndpoints } from '@aiceo/shared/usage';
import { request } from '@/lib/api-client';

export const getUsage = (orgId: string) => request(usageEndpoints.get, { params: { orgId } });

export const usageQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'usage'], queryFn: () => getUsage(orgId) });

export const useUsage = (orgId: string) => useQuery(usageQueryOptions(orgId));
