import { useMutation, useQueryClient } from '@tanstack/react-query';
import { orgEndpoints, type CreateOrgInput } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { orgsQueryOptions } from './list-orgs';

export const createOrg = (body: CreateOrgInput) => request(orgEndpoints.create, { body });

export const useCreateOrg = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOrg,
    onSuccess: async (org) => {
      queryClient.setQueryData(orgQueryOptions(org.id).queryKey, org);
      await queryClient.invalidateQueries({ queryKey: orgsQueryOptions().queryKey, exact: true });
    },
  });
};
