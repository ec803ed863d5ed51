import { useMutation, useQueryClient } from '@tanstack/react-query';
import { proposalEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';
import { useStoreProposal } from './use-store-proposal';

export const sendProposal = ({ orgId, proposalId, message }: { orgId: string; proposalId: string; message: string }) =>
  request(proposalEndpoints.send, { params: { orgId, proposalId }, body: { message } });

export const useSendProposal = (orgId: string, proposalId: string) => {
  const store = useStoreProposal(orgId);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: string) => sendProposal({ orgId, proposalId, message }),
    onSuccess: async (proposal) => {
      await store(proposal);
      // Sending logs an activity on the lead.
      await queryClient.invalidateQueries({ queryKey: leadsKey(orgId) });
    },
  });
};
