import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memberEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';
import { orgsQueryOptions } from './list-orgs';

export const leaveOrg = ({ orgId, myUserId }: { orgId: string; myUserId: string }) =>
  request(memberEndpoints.remove, { params: { orgId, userId: myUserId } });

/**
 * Leaving is removing yourself. Only the list of organisations is refreshed: this org's
 * own queries would now answer 404, so the caller navigates away instead.
 */
export const useLeaveOrg = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (myUserId: string) => leaveOrg({ orgId, myUserId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgsQueryOptions().queryKey, exact: true }),
  });
};
