import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiKeyEndpoints, type CreateApiKeyInput } from '@aiceo/shared/api-keys';
import { request } from '@/lib/api-client';
import { apiKeysQueryOptions } from './list-api-keys';

export const createApiKey = ({ orgId, body }: { orgId: string; body: CreateApiKeyInput }) =>
  request(apiKeyEndpoints.create, { params: { orgId }, body });

export const useCreateApiKey = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyInput) => createApiKey({ orgId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryOptions(orgId).queryKey }),
  });
};
