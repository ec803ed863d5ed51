import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints, type FinanceRuleInput } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { rulesKey } from './list-rules';

export const createRule = ({ orgId, input }: { orgId: string; input: FinanceRuleInput }) =>
  request(financeEndpoints.createRule, { params: { orgId }, body: input });

export const updateRule = ({ orgId, ruleId, input }: { orgId: string; ruleId: string; input: FinanceRuleInput }) =>
  request(financeEndpoints.updateRule, { params: { orgId, ruleId }, body: input });

/** Creates the rule, or changes it when `ruleId` is given. */
export const useSaveRule = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, input }: { ruleId?: string; input: FinanceRuleInput }) =>
      ruleId ? updateRule({ orgId, ruleId, input }) : createRule({ orgId, input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey(orgId) }),
  });
};
