import { useMutation, useQueryClient } from '@tanstack/react-query';
import { orgEndpoints } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';
import { orgsQueryOptions } from './list-orgs';

export const deleteOrg = (orgId: string) => request(orgEndpoints.remove, { params: { orgId } });

export const useDeleteOrg = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteOrg(orgId),
    // The deleted org's own query stays until the page has moved away; refetching it now would 404 under the user.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgsQueryOptions().queryKey, exact: true }),
  });
};
