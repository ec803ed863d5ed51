import { useMutation, useQueryClient } from '@tanstack/react-query';
import { orgEndpoints, type UpdateOrgInput } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';
import { orgQueryOptions } from '@/hooks/use-current-org';

export type MoneySettingsInput = Pick<UpdateOrgInput, 'currency' | 'timezone' | 'fiscalYearStartMonth'>;

export const updateMoneySettings = ({ orgId, body }: { orgId: string; body: MoneySettingsInput }) =>
  request(orgEndpoints.update, { params: { orgId }, body });

/** Currency, timezone and fiscal year live on the org (PATCH /api/orgs/:orgId). */
export const useUpdateMoneySettings = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MoneySettingsInput) => updateMoneySettings({ orgId, body }),
    onSuccess: async (org) => {
      queryClient.setQueryData(orgQueryOptions(orgId).queryKey, org);
      // Every figure of the org (lead values, reports, the org list) is shown in its currency.
      await queryClient.invalidateQueries({ queryKey: ['orgs'] });
    },
  });
};
