import { queryOptions, useQuery } from '@tanstack/react-query';
import { playbookEndpoints } from '@aiceo/shared/playbooks';
import { request } from '@/lib/api-client';

// Shared by the playbook settings and the goals page (its suggested goals).

/** The org's playbook, stage names, content themes, suggested goals and categories. */
export const orgPlaybookQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: ['orgs', orgId, 'playbook'],
    queryFn: () => request(playbookEndpoints.get, { params: { orgId } }),
  });

export const useOrgPlaybook = (orgId: string) => useQuery(orgPlaybookQueryOptions(orgId));

/** The eight industry playbooks (static: kept for the session). */
export const playbooksQueryOptions = () =>
  queryOptions({
    queryKey: ['playbooks'],
    queryFn: () => request(playbookEndpoints.list),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const usePlaybooks = () => useQuery(playbooksQueryOptions());
