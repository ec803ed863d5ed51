import { useMutation, useQueryClient } from '@tanstack/react-query';
import { projectEndpoints } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { storeProject } from './get-project';

export const deleteMilestone = ({
  orgId,
  projectId,
  milestoneId,
}: {
  orgId: string;
  projectId: string;
  milestoneId: string;
}) => request(projectEndpoints.removeMilestone, { params: { orgId, projectId, milestoneId } });

export const useDeleteMilestone = (orgId: string, projectId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (milestoneId: string) => deleteMilestone({ orgId, projectId, milestoneId }),
    onSuccess: (project) => storeProject(queryClient, orgId, project),
  });
};
