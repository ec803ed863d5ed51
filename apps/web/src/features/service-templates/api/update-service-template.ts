import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceTemplateEndpoints, type ServiceTemplateInput } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { serviceTemplatesKey } from './list-service-templates';

type UpdateOptions = { orgId: string; templateId: string; body: Partial<ServiceTemplateInput> };

export const updateServiceTemplate = ({ orgId, templateId, body }: UpdateOptions) =>
  request(serviceTemplateEndpoints.update, { params: { orgId, templateId }, body });

export const useUpdateServiceTemplate = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ templateId, body }: Omit<UpdateOptions, 'orgId'>) =>
      updateServiceTemplate({ orgId, templateId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceTemplatesKey(orgId) }),
  });
};
