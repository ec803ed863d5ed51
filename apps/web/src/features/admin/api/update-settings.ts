import { useMutation, useQueryClient } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';
import { platformSettingsQueryOptions } from './get-settings';

export const updatePlatformSettings = (privateMode: boolean) =>
  request(platformEndpoints.updateSettings, { body: { privateMode } });

export const useUpdatePlatformSettings = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePlatformSettings,
    onSuccess: (settings) => {
      queryClient.setQueryData(platformSettingsQueryOptions().queryKey, settings);
      // The sign-up screen's mode follows the switch.
      return queryClient.invalidateQueries({ queryKey: ['auth', 'config'] });
    },
  });
};
