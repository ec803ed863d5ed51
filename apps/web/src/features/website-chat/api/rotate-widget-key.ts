import { useMutation, useQueryClient } from '@tanstack/react-query';
import { widgetInboxEndpoints } from '@aiceo/shared/widget-inbox';
import { request } from '@/lib/api-client';
import { widgetSettingsQueryOptions } from './get-widget-settings';

export const rotateWidgetKey = (orgId: string) => request(widgetInboxEndpoints.rotateKey, { params: { orgId } });

export const useRotateWidgetKey = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => rotateWidgetKey(orgId),
    onSuccess: (settings) => queryClient.setQueryData(widgetSettingsQueryOptions(orgId).queryKey, settings),
  });
};
