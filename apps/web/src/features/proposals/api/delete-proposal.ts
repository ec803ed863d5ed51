import { useMutation, useQueryClient } from '@tanstack/react-query';
import { proposalEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { proposalQueryOptions } from './get-proposal';
import { proposalsKey } from './list-proposals';

export const deleteProposal = ({ orgId, proposalId }: { orgId: string; proposalId: string }) =>
  request(proposalEndpoints.remove, { params: { orgId, proposalId } });

export const useDeleteProposal = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proposalId: string) => deleteProposal({ orgId, proposalId }),
    onSuccess: async (_result, proposalId) => {
      queryClient.removeQueries({ queryKey: proposalQueryOptions(orgId, proposalId).queryKey });
      await queryClient.invalidateQueries({ queryKey: [...proposalsKey(orgId), 'list'] });
    },
  });
};
