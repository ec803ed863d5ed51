import { useMutation, useQueryClient } from '@tanstack/react-query';
import { approvalEndpoints, type CreateApprovalRuleInput, type UpdateApprovalRuleInput } from '@aiceo/shared/approvals';
import { request } from '@/lib/api-client';
import { approvalsKey } from './keys';

export const createApprovalRule = ({ orgId, input }: { orgId: string; input: CreateApprovalRuleInput }) =>
  request(approvalEndpoints.createRule, { params: { orgId }, body: input });

export const updateApprovalRule = ({
  orgId,
  ruleId,
  input,
}: {
  orgId: string;
  ruleId: string;
  input: UpdateApprovalRuleInput;
}) => request(approvalEndpoints.updateRule, { params: { orgId, ruleId }, body: input });

export const deleteApprovalRule = ({ orgId, ruleId }: { orgId: string; ruleId: string }) =>
  request(approvalEndpoints.removeRule, { params: { orgId, ruleId } });

// A rule changes what is approved when made; the inbox is fetched again with the rules.
const useInvalidateApprovals = (orgId: string) => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: approvalsKey(orgId) });
};

export const useCreateApprovalRule = (orgId: string) => {
  const invalidate = useInvalidateApprovals(orgId);
  return useMutation({
    mutationFn: (input: CreateApprovalRuleInput) => createApprovalRule({ orgId, input }),
    onSuccess: invalidate,
  });
};

/** Change a rule, or pause and resume it (`enabled`). */
export const useUpdateApprovalRule = (orgId: string) => {
  const invalidate = useInvalidateApprovals(orgId);
  return useMutation({
    mutationFn: ({ ruleId, input }: { ruleId: string; input: UpdateApprovalRuleInput }) =>
      updateApprovalRule({ orgId, ruleId, input }),
    onSuccess: invalidate,
  });
};

export const useDeleteApprovalRule = (orgId: string) => {
  const invalidate = useInvalidateApprovals(orgId);
  return useMutation({
    mutationFn: (ruleId: string) => deleteApprovalRule({ orgId, ruleId }),
    onSuccess: invalidate,
  });
};
