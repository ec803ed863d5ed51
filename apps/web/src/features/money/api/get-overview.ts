import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeReportEndpoints } from '@aiceo/shared/finance-reports';
import { request } from '@/lib/api-client';
import { moneyKey } from './money-key';

export const getMoneyOverview = (orgId: string) => request(financeReportEndpoints.overview, { params: { orgId } });

export const moneyOverviewQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...moneyKey(orgId), 'reports', 'overview'], queryFn: () => getMoneyOverview(orgId) });

export const useMoneyOverview = (orgId: string) => useQuery(moneyOverviewQueryOptions(orgId));
