import { useMutation, useQueryClient } from '@tanstack/react-query';
import { aiBudgetEndpoints, type AiBudgetPlans } from '@aiceo/shared/ai-budget';
import { request } from '@/lib/api-client';
import { adminAiBudgetsQueryOptions } from './get-admin-ai-budgets';

export const updateAiBudgetPlans = (body: AiBudgetPlans) => request(aiBudgetEndpoints.adminUpdate, { body });

export const useUpdateAiBudgetPlans = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAiBudgetPlans,
    onSuccess: (data) => queryClient.setQueryData(adminAiBudgetsQueryOptions().queryKey, data),
  });
};
