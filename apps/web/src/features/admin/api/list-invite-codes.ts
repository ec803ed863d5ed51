import { queryOptions, useQuery } from '@tanstack/react-query';
import { platformEndpoints } from '@aiceo/shared/platform';
import { request } from '@/lib/api-client';

export const listInviteCodes = () => request(platformEndpoints.listInviteCodes);

export const inviteCodesQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'invite-codes'], queryFn: listInviteCodes });

export const useInviteCodes = () => useQuery(inviteCodesQueryOptions());
