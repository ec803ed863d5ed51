import { useMutation, useQueryClient } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';
import { inviteCodesQueryOptions } from './list-invite-codes';

export const revokeInviteCode = (codeId: string) => request(platformEndpoints.revokeInviteCode, { params: { codeId } });

export const useRevokeInviteCode = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeInviteCode,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inviteCodesQueryOptions().queryKey }),
  });
};
