import { useMutation, useQueryClient } from '@tanstack/react-query';
import { creditEndpoints, type ResolveDisputeInput } from '@aiceo/shared/credits';
import { request } from '@/lib/api-client';

export const resolveDispute = (disputeId: string, body: ResolveDisputeInput) =>
  request(creditEndpoints.adminResolveDispute, { params: { disputeId }, body });

export const useResolveDispute = (disputeId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResolveDisputeInput) => resolveDispute(disputeId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'disputes'] }),
  });
};
