import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceTemplateEndpoints, type ServiceTemplateInput } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { serviceTemplatesKey } from './list-service-templates';

export const createServiceTemplate = ({ orgId, body }: { orgId: string; body: ServiceTemplateInput }) =>
  request(serviceTemplateEndpoints.create, { params: { orgId }, body });

export const useCreateServiceTemplate = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ServiceTemplateInput) => createServiceTemplate({ orgId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceTemplatesKey(orgId) }),
  });
};
