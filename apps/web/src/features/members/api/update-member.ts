import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memberEndpoints, type UpdateMemberInput } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';
import { membersQueryOptions } from './list-members';

export const updateMember = ({ orgId, userId, body }: { orgId: string; userId: string; body: UpdateMemberInput }) =>
  request(memberEndpoints.update, { params: { orgId, userId }, body });

export const useUpdateMember = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: UpdateMemberInput }) =>
      updateMember({ orgId, userId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersQueryOptions(orgId).queryKey }),
  });
};
