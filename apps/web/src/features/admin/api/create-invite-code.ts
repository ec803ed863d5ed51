import { useMutation, useQueryClient } from '@tanstack/react-query';
import { platformEndpoints, type CreateInviteCodeInput } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';
import { inviteCodesQueryOptions } from './list-invite-codes';

export const createInviteCode = (body: CreateInviteCodeInput) => request(platformEndpoints.createInviteCode, { body });

export const useCreateInviteCode = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createInviteCode,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inviteCodesQueryOptions().queryKey }),
  });
};
