import { useMutation, useQueryClient } from '@tanstack/react-query';
import { orgEndpoints, type UpdateOrgInput } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { orgsQueryOptions } from './list-orgs';

export const updateOrg = ({ orgId, body }: { orgId: string; body: UpdateOrgInput }) =>
  request(orgEndpoints.update, { params: { orgId }, body });

export const useUpdateOrg = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrgInput) => updateOrg({ orgId, body }),
    onSuccess: async (org) => {
      queryClient.setQueryData(orgQueryOptions(orgId).queryKey, org);
      await queryClient.invalidateQueries({ queryKey: orgsQueryOptions().queryKey, exact: true });
    },
  });
};
