import { useMutation } from '@tanstack/react-query';
import { financeEndpoints, type FinanceRuleInput } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';

export const previewRule = ({ orgId, input }: { orgId: string; input: FinanceRuleInput }) =>
  request(financeEndpoints.previewRule, { params: { orgId }, body: input });

/** What a rule, saved or not, would change in past transactions. */
export const usePreviewRule = (orgId: string) =>
  useMutation({ mutationFn: (input: FinanceRuleInput) => previewRule({ orgId, input }) });
