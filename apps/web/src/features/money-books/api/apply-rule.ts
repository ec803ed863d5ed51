import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const applyRule = ({ orgId, ruleId }: { orgId: string; ruleId: string }) =>
  request(financeEndpoints.applyRule, { params: { orgId, ruleId } });

export const useApplyRule = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => applyRule({ orgId, ruleId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
  });
};
