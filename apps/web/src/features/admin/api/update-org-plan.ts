import { useMutation, useQueryClient } from '@tanstack/react-query';
import { platformEndpoints, type UpdateOrgPlanInput } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export const updateOrgPlan = (orgId: string, body: UpdateOrgPlanInput) =>
  request(platformEndpoints.updateOrgPlan, { params: { orgId }, body });

/** Sets an org's plan by hand; its figures, the list and the metrics change with it. */
export const useUpdateOrgPlan = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrgPlanInput) => updateOrgPlan(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
};
