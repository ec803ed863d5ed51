import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeReportEndpoints } from '@aiceo/shared/finance-reports';
import { request } from '@/lib/api-client';
import { moneyKey } from './money-key';

export const getForecast = (orgId: string) =>
  request(financeReportEndpoints.forecast, { params: { orgId }, query: { weeks: 13 } });

export const forecastQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...moneyKey(orgId), 'reports', 'forecast'], queryFn: () => getForecast(orgId) });

export const useForecast = (orgId: string) => useQuery(forecastQueryOptions(orgId));
