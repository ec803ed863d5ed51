import { useMutation } from '@tanstack/react-query';
import { proposalEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { useStoreProposal } from './use-store-proposal';

export const writeCoverLetter = ({ orgId, proposalId }: { orgId: string; proposalId: string }) =>
  request(proposalEndpoints.coverLetter, { params: { orgId, proposalId } });

export const useWriteCoverLetter = (orgId: string, proposalId: string) => {
  const store = useStoreProposal(orgId);
  return useMutation({ mutationFn: () => writeCoverLetter({ orgId, proposalId }), onSuccess: store });
};
