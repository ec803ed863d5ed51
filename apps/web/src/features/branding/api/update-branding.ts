import { useMutation, useQueryClient } from '@tanstack/react-query';
import { brandingEndpoints, type UpdateBrandingInput } from '@aiceo/shared/branding';
import { request } from '@/lib/api-client';
import { brandingQueryOptions } from './get-branding';

export const updateBranding = ({ orgId, body }: { orgId: string; body: UpdateBrandingInput }) =>
  request(brandingEndpoints.update, { params: { orgId }, body });

export const useUpdateBranding = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateBrandingInput) => updateBranding({ orgId, body }),
    onSuccess: (branding) => queryClient.setQueryData(brandingQueryOptions(orgId).queryKey, branding),
  });
};
