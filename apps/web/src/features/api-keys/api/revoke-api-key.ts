import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiKeyEndpoints } from '@aiceo/shared/api-keys';
import { request } from '@/lib/api-client';
import { apiKeysQueryOptions } from './list-api-keys';

export const revokeApiKey = ({ orgId, keyId }: { orgId: string; keyId: string }) =>
  request(apiKeyEndpoints.revoke, { params: { orgId, keyId } });

export const useRevokeApiKey = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => revokeApiKey({ orgId, keyId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryOptions(orgId).queryKey }),
  });
};
