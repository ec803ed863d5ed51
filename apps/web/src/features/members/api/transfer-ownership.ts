import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memberEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';
import { membersQueryOptions } from './list-members';

export const transferOwnership = ({ orgId, userId }: { orgId: string; userId: string }) =>
  request(memberEndpoints.transferOwnership, { params: { orgId }, body: { userId } });

export const useTransferOwnership = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => transferOwnership({ orgId, userId }),
    onSuccess: (members) => queryClient.setQueryData(membersQueryOptions(orgId).queryKey, members),
  });
};
