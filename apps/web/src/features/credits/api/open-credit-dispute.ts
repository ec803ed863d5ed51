import { useMutation, useQueryClient } from '@tanstack/react-query';
import { creditEndpoints } from '@aiceo/shared/credits';
import { request } from '@/lib/api-client';
import { creditDisputesQueryOptions } from './list-credit-disputes';

export const openCreditDispute = ({ orgId, entryId, reason }: { orgId: string; entryId: string; reason: string }) =>
  request(creditEndpoints.openDispute, { params: { orgId, entryId }, body: { reason } });

export const useOpenCreditDispute = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entryId, reason }: { entryId: string; reason: string }) =>
      openCreditDispute({ orgId, entryId, reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: creditDisputesQueryOptions(orgId).queryKey }),
  });
};
