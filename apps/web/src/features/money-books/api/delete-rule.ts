import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { rulesKey } from './list-rules';

export const deleteRule = ({ orgId, ruleId }: { orgId: string; ruleId: string }) =>
  request(financeEndpoints.removeRule, { params: { orgId, ruleId } });

export const useDeleteRule = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => deleteRule({ orgId, ruleId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey(orgId) }),
  });
};
