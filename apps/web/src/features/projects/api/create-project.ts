import { useMutation, useQueryClient } from '@tanstack/react-query';
import { projectEndpoints, type ProjectInput } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { projectQueryOptions } from './get-project';
import { projectsKey } from '@/lib/query-keys';

export const createProject = ({ orgId, body }: { orgId: string; body: ProjectInput }) =>
  request(projectEndpoints.create, { params: { orgId }, body });

export const useCreateProject = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectInput) => createProject({ orgId, body }),
    onSuccess: async (project) => {
      queryClient.setQueryData(projectQueryOptions(orgId, project.id).queryKey, project);
      await queryClient.invalidateQueries({ queryKey: [...projectsKey(orgId), 'list'] });
    },
  });
};
