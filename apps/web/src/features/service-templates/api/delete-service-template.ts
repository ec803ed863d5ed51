import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceTemplateEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { serviceTemplatesKey } from './list-service-templates';

export const deleteServiceTemplate = ({ orgId, templateId }: { orgId: string; templateId: string }) =>
  request(serviceTemplateEndpoints.remove, { params: { orgId, templateId } });

export const useDeleteServiceTemplate = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (templateId: string) => deleteServiceTemplate({ orgId, templateId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceTemplatesKey(orgId) }),
  });
};
