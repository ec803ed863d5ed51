import { useMutation, useQueryClient } from '@tanstack/react-query';
import { widgetInboxEndpoints, type UpdateWidgetSettingsInput } from '@aiceo/shared/widget-inbox';
import { request } from '@/lib/api-client';
import { widgetSettingsQueryOptions } from './get-widget-settings';

export const updateWidgetSettings = ({ orgId, body }: { orgId: string; body: UpdateWidgetSettingsInput }) =>
  request(widgetInboxEndpoints.updateSettings, { params: { orgId }, body });

export const useUpdateWidgetSettings = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWidgetSettingsInput) => updateWidgetSettings({ orgId, body }),
    onSuccess: (settings) => queryClient.setQueryData(widgetSettingsQueryOptions(orgId).queryKey, settings),
  });
};
