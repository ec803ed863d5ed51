import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { DASHBOARD_DEFAULT_DAYS, dashboardEndpoints } from '@aiceo/shared/dashboard';
import { request } from '@/lib/api-client';

export const getDashboard = ({ orgId, days }: { orgId: string; days: number }) =>
  request(dashboardEndpoints.get, { params: { orgId }, query: { days } });

export const dashboardQueryOptions = (orgId: string, days: number = DASHBOARD_DEFAULT_DAYS) =>
  queryOptions({
    queryKey: ['orgs', orgId, 'dashboard', { days }],
    queryFn: () => getDashboard({ orgId, days }),
    placeholderData: keepPreviousData,
  });

export const useDashboard = (orgId: string, days?: number) => useQuery(dashboardQueryOptions(orgId, days));
