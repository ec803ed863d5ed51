import { useMutation } from '@tanstack/react-query';
import { proposalEndpoints, type ProposalUpdate } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { useStoreProposal } from './use-store-proposal';

export const updateProposal = ({
  orgId,
  proposalId,
  body,
}: {
  orgId: string;
  proposalId: string;
  body: ProposalUpdate;
}) => request(proposalEndpoints.update, { params: { orgId, proposalId }, body });

export const useUpdateProposal = (orgId: string, proposalId: string) => {
  const store = useStoreProposal(orgId);
  return useMutation({
    mutationFn: (body: ProposalUpdate) => updateProposal({ orgId, proposalId, body }),
    onSuccess: store,
  });
};
