import { useMutation } from '@tanstack/react-query';
import { proposalEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { useStoreProposal } from './use-store-proposal';

export const reviseProposal = ({ orgId, proposalId }: { orgId: string; proposalId: string }) =>
  request(proposalEndpoints.revise, { params: { orgId, proposalId } });

export const useReviseProposal = (orgId: string, proposalId: string) => {
  const store = useStoreProposal(orgId);
  return useMutation({ mutationFn: () => reviseProposal({ orgId, proposalId }), onSuccess: store });
};
