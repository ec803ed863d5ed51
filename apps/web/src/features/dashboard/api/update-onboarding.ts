import { useMutation, useQueryClient } from '@tanstack/react-query';
import { onboardingEndpoints } from '@aiceo/shared/onboarding';
import { request } from '@/lib/api-client';
import { onboardingQueryOptions } from './get-onboarding';

export const updateOnboarding = ({ orgId, dismissed }: { orgId: string; dismissed: boolean }) =>
  request(onboardingEndpoints.update, { params: { orgId }, body: { dismissed } });

/** Puts the checklist away or brings it back; the answer is the checklist as the server now holds it. */
export const useUpdateOnboarding = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dismissed: boolean) => updateOnboarding({ orgId, dismissed }),
    onSuccess: (onboarding) => queryClient.setQueryData(onboardingQueryOptions(orgId).queryKey, onboarding),
  });
};
