import { queryOptions, useQuery } from '@tanstack/react-query';
import { onboardingEndpoints } from '@aiceo/shared/onboarding';
import { request } from '@/lib/api-client';

export const getOnboarding = ({ orgId }: { orgId: string }) => request(onboardingEndpoints.get, { params: { orgId } });

export const onboardingQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'onboarding'], queryFn: () => getOnboarding({ orgId }) });

export const useOnboarding = (orgId: string) => useQuery(onboardingQueryOptions(orgId));
