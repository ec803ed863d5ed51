import { useMutation, useQueryClient } from '@tanstack/react-query';
import { aiEndpoints, type UpdateAiSettingsInput } from '@aiceo/shared/ai';
import { request } from '@/lib/api-client';
import { aiContextQueryOptions } from './get-ai-context';
import { aiSettingsQueryOptions } from './get-ai-settings';

export const updateAiSettings = ({ orgId, body }: { orgId: string; body: UpdateAiSettingsInput }) =>
  request(aiEndpoints.updateSettings, { params: { orgId }, body });

export const useUpdateAiSettings = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAiSettingsInput) => updateAiSettings({ orgId, body }),
    onSuccess: async (settings) => {
      queryClient.setQueryData(aiSettingsQueryOptions(orgId).queryKey, settings);
      // The settings are part of what the assistant is told.
      await queryClient.invalidateQueries({ queryKey: aiContextQueryOptions(orgId).queryKey });
    },
  });
};
