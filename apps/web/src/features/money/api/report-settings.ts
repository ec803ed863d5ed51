import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { financeOwnerReportEndpoints, type FinanceReportSettingsInput } from '@aiceo/shared/finance-owner-reports';
import { request } from '@/lib/api-client';
import { moneyKey } from './money-key';

export const getReportSettings = (orgId: string) =>
  request(financeOwnerReportEndpoints.getSettings, { params: { orgId } });

export const reportSettingsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...moneyKey(orgId), 'report-settings'], queryFn: () => getReportSettings(orgId) });

export const useReportSettings = (orgId: string) => useQuery(reportSettingsQueryOptions(orgId));

export const updateReportSettings = ({ orgId, body }: { orgId: string; body: FinanceReportSettingsInput }) =>
  request(financeOwnerReportEndpoints.updateSettings, { params: { orgId }, body });

export const useUpdateReportSettings = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FinanceReportSettingsInput) => updateReportSettings({ orgId, body }),
    onSuccess: (settings) => queryClient.setQueryData(reportSettingsQueryOptions(orgId).queryKey, settings),
  });
};
