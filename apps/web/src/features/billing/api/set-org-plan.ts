import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Plan } from '@aiceo/shared/plans';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';
import { billingStateQueryOptions } from './stripe-billing';
import { usageQueryOptions } from './get-usage';

/** A platform admin sets an organisation's plan by hand (how plans change where billing is not set up). */
export const useSetOrgPlan = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (plan: Plan) => request(platformEndpoints.updateOrgPlan, { params: { orgId }, body: { plan } }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: billingStateQueryOptions(orgId).queryKey }),
        queryClient.invalidateQueries({ queryKey: usageQueryOptions(orgId).queryKey }),
      ]);
    },
  });
};
