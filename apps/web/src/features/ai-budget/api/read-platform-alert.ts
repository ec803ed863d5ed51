import { useMutation, useQueryClient } from '@tanstack/react-query';
import { aiBudgetEndpoints } from '@aiceo/shared/ai-budget';
import { request } from '@/lib/api-client';
import { platformAlertsQueryOptions } from './list-platform-alerts';

export const readPlatformAlert = (alertId: string) =>
  request(aiBudgetEndpoints.adminReadAlert, { params: { alertId } });

export const useReadPlatformAlert = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: readPlatformAlert,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: platformAlertsQueryOptions().queryKey }),
  });
};
