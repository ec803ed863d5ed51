import { useMutation, useQueryClient } from '@tanstack/react-query';
import { projectEndpoints } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { projectsKey } from '@/lib/query-keys';

export const deleteProject = ({ orgId, projectId }: { orgId: string; projectId: string }) =>
  request(projectEndpoints.remove, { params: { orgId, projectId } });

export const useDeleteProject = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (projectId: string) => deleteProject({ orgId, projectId }),
    // The project's own query is dropped by the page once it has left (dropping it while the page
    // still shows would refetch it and flash "not found").
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...projectsKey(orgId), 'list'] }),
  });
};
