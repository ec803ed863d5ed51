import { useQueryClient } from '@tanstack/react-query';
import type { Proposal } from '@aiceo/shared/proposals';
import { proposalQueryOptions } from './get-proposal';
import { proposalsKey } from './list-proposals';

/** After any change: the proposal's own cache gets the answer, every list is fetched again. */
export const useStoreProposal = (orgId: string) => {
  const queryClient = useQueryClient();
  return async (proposal: Proposal) => {
    queryClient.setQueryData(proposalQueryOptions(orgId, proposal.id).queryKey, proposal);
    await queryClient.invalidateQueries({ queryKey: [...proposalsKey(orgId), 'list'] });
  };
};
