import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { projectEndpoints, type Project } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { projectsKey } from '@/lib/query-keys';

export const getProject = ({ orgId, projectId }: { orgId: string; projectId: string }) =>
  request(projectEndpoints.get, { params: { orgId, projectId } });

export const projectQueryOptions = (orgId: string, projectId: string) =>
  queryOptions({
    queryKey: [...projectsKey(orgId), 'project', projectId],
    queryFn: () => getProject({ orgId, projectId }),
  });

export const useProject = (orgId: string, projectId: string) => useQuery(projectQueryOptions(orgId, projectId));

/** Keeps a project the API answered with (every write answers the whole project) and refreshes the lists. */
export const storeProject = (queryClient: QueryClient, orgId: string, project: Project) => {
  queryClient.setQueryData(projectQueryOptions(orgId, project.id).queryKey, project);
  return queryClient.invalidateQueries({ queryKey: [...projectsKey(orgId), 'list'] });
};
