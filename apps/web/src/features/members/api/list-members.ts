import { queryOptions, useQuery } from '@tanstack/react-query';
import { memberEndpoints } from '@aiceo/shared/members';
import { request } from '@/lib/api-client';

export const listMembers = (orgId: string) => request(memberEndpoints.list, { params: { orgId } });

export const membersQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'members'], queryFn: () => listMembers(orgId) });

export const useMembers = (orgId: string) => useQuery(membersQueryOptions(orgId));
