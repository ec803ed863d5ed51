import { useMutation } from '@tanstack/react-query';
import { proposalEndpoints, type ProposalCreate } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { useStoreProposal } from './use-store-proposal';

export const createProposal = ({ orgId, body }: { orgId: string; body: ProposalCreate }) =>
  request(proposalEndpoints.create, { params: { orgId }, body });

export const useCreateProposal = (orgId: string) => {
  const store = useStoreProposal(orgId);
  return useMutation({ mutationFn: (body: ProposalCreate) => createProposal({ orgId, body }), onSuccess: store });
};
