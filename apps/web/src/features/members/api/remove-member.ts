import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memberEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';
import { membersQueryOptions } from './list-members';

export const removeMember = ({ orgId, userId }: { orgId: string; userId: string }) =>
  request(memberEndpoints.remove, { params: { orgId, userId } });

/** Removing someone else, or leaving (your own id); the caller decides where to go after leaving. */
export const useRemoveMember = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember({ orgId, userId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersQueryOptions(orgId).queryKey }),
  });
};
