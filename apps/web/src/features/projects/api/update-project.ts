import { useMutation, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { projectEndpoints, type Project, type ProjectPage, type ProjectUpdate } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { projectQueryOptions, storeProject } from './get-project';
import { projectsKey } from '@/lib/query-keys';

export const updateProject = ({ orgId, projectId, body }: { orgId: string; projectId: string; body: ProjectUpdate }) =>
  request(projectEndpoints.update, { params: { orgId, projectId }, body });

type Pages = InfiniteData<ProjectPage, string | undefined>;
type Snapshot = { lists: [QueryKey, Pages | undefined][]; project: Project | undefined };
/** The fields a list row and the page can show before the API answers. */
type Shown = Partial<Pick<Project, 'status' | 'priority'>>;

export type UpdateProjectVariables = { projectId: string; body: ProjectUpdate; optimistic?: Shown };

/**
 * Changes a project. With `optimistic` (a status or priority picked on the board or the page), every
 * list and the project's page show it at once and go back to what they were if the API refuses.
 */
export const useUpdateProject = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ projectId, body }: UpdateProjectVariables) => updateProject({ orgId, projectId, body }),
    onMutate: async ({ projectId, optimistic }): Promise<Snapshot> => {
      if (!optimistic) return { lists: [], project: undefined };
      await queryClient.cancelQueries({ queryKey: projectsKey(orgId) });
      const lists = queryClient.getQueriesData<Pages>({ queryKey: [...projectsKey(orgId), 'list'] });
      for (const [key, data] of lists) {
        if (!data) continue;
        queryClient.setQueryData<Pages>(key, {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === projectId ? { ...item, ...optimistic } : item)),
          })),
        });
      }
      const projectKey = projectQueryOptions(orgId, projectId).queryKey;
      const project = queryClient.getQueryData(projectKey);
      if (project) queryClient.setQueryData(projectKey, { ...project, ...optimistic });
      return { lists, project };
    },
    onError: (_error, { projectId }, snapshot) => {
      for (const [key, data] of snapshot?.lists ?? []) queryClient.setQueryData(key, data);
      if (snapshot?.project) queryClient.setQueryData(projectQueryOptions(orgId, projectId).queryKey, snapshot.project);
    },
    onSuccess: (project) => storeProject(queryClient, orgId, project),
  });
};
