import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invitationEndpoints, type CreateInvitationInput } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';
import { invitationsQueryOptions } from './list-invitations';

export const createInvitation = ({ orgId, body }: { orgId: string; body: CreateInvitationInput }) =>
  request(invitationEndpoints.create, { params: { orgId }, body });

export const useCreateInvitation = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationInput) => createInvitation({ orgId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryOptions(orgId).queryKey }),
  });
};
