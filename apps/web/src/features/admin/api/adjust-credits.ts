import { useMutation, useQueryClient } from '@tanstack/react-query';
import { creditEndpoints, type AdjustCreditsInput } from '@aiceo/shared/credits';
import { request } from '@/lib/api-client';
import { adminOrgQueryOptions } from './get-org';

export const adjustCredits = (orgId: string, body: AdjustCreditsInput) =>
  request(creditEndpoints.adminAdjust, { params: { orgId }, body });

export const useAdjustCredits = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AdjustCreditsInput) => adjustCredits(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminOrgQueryOptions(orgId).queryKey }),
  });
};
