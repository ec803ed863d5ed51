import { queryOptions, useQuery } from '@tanstack/react-query';
import { aiBudgetEndpoints } from '@aiceo/shared/ai-budget';
import { request } from '@/lib/api-client';

export const listPlatformAlerts = () => request(aiBudgetEndpoints.adminListAlerts, { query: {} });

export const platformAlertsQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'alerts'], queryFn: listPlatformAlerts });

export const usePlatformAlerts = () => useQuery(platformAlertsQueryOptions());
