import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const acceptRuleProposal = ({
  orgId,
  proposalId,
  applyToPast,
}: {
  orgId: string;
  proposalId: string;
  applyToPast: boolean;
}) =>
  request(financeEndpoints.acceptProposal, { params: { orgId, ruleProposalId: proposalId }, body: { applyToPast } });

export const dismissRuleProposal = ({ orgId, proposalId }: { orgId: string; proposalId: string }) =>
  request(financeEndpoints.dismissProposal, { params: { orgId, ruleProposalId: proposalId } });

export const useAcceptRuleProposal = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { proposalId: string; applyToPast: boolean }) => acceptRuleProposal({ orgId, ...input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
  });
};

export const useDismissRuleProposal = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proposalId: string) => dismissRuleProposal({ orgId, proposalId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
  });
};
