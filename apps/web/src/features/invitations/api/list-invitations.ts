import { queryOptions, useQuery } from '@tanstack/react-query';
import { invitationEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';

export const listInvitations = (orgId: string) => request(invitationEndpoints.list, { params: { orgId } });

export const invitationsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'invitations'], queryFn: () => listInvitations(orgId) });

export const useInvitations = (orgId: string) => useQuery(invitationsQueryOptions(orgId));
