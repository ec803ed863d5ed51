import { queryOptions, useQuery } from '@tanstack/react-query';
import { dashboardEndpoints } from '@aiceo/shared/dashboard';
import { request } from '@/lib/api-client';

export const getDashboard = ({ orgId }: { orgId: string }) => request(dashboardEndpoints.get, { params: { orgId } });

export const dashboardQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'dashboard'], queryFn: () => getDashboard({ orgId }) });

export const useDashboard = (orgId: string) => useQuery(dashboardQueryOptions(orgId));
