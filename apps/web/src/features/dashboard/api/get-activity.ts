import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ACTIVITY_DEFAULT_DAYS, dashboardEndpoints } from '@aiceo/shared/dashboard';
import { request } from '@/lib/api-client';

export const getActivity = ({ orgId, days }: { orgId: string; days: number }) =>
  request(dashboardEndpoints.activity, { params: { orgId }, query: { days } });

export const activityQueryOptions = (orgId: string, days: number = ACTIVITY_DEFAULT_DAYS) =>
  queryOptions({
    queryKey: ['orgs', orgId, 'activity', { days }],
    queryFn: () => getActivity({ orgId, days }),
    placeholderData: keepPreviousData,
  });

export const useActivity = (orgId: string, days?: number) => useQuery(activityQueryOptions(orgId, days));
