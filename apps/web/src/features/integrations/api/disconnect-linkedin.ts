import { useMutation, useQueryClient } from '@tanstack/react-query';
import { integrationEndpoints } from '@aiceo/shared/integrations';
import { request } from '@/lib/api-client';
import { integrationsQueryOptions } from './list-integrations';

export const disconnectLinkedin = (orgId: string) =>
  request(integrationEndpoints.disconnectLinkedin, { params: { orgId } });

export const useDisconnectLinkedin = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => disconnectLinkedin(orgId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationsQueryOptions(orgId).queryKey }),
  });
};
