import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invitationEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';
import { invitationsQueryOptions } from './list-invitations';

export const revokeInvitation = ({ orgId, invitationId }: { orgId: string; invitationId: string }) =>
  request(invitationEndpoints.revoke, { params: { orgId, invitationId } });

export const useRevokeInvitation = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation({ orgId, invitationId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryOptions(orgId).queryKey }),
  });
};
