import { useMutation, useQueryClient } from '@tanstack/react-query';
import { aiBudgetEndpoints, type RaiseAiBudgetInput } from '@aiceo/shared/ai-budget';
import { request } from '@/lib/api-client';
import { adminAiBudgetsQueryOptions } from './get-admin-ai-budgets';
import { platformAlertsQueryOptions } from './list-platform-alerts';

export const raiseAiBudget = ({ orgId, ...body }: RaiseAiBudgetInput & { orgId: string }) =>
  request(aiBudgetEndpoints.adminRaise, { params: { orgId }, body });

export const useRaiseAiBudget = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: raiseAiBudget,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: adminAiBudgetsQueryOptions().queryKey }),
        queryClient.invalidateQueries({ queryKey: platformAlertsQueryOptions().queryKey }),
      ]),
  });
};
