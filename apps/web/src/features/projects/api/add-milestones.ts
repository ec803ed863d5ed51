import { useMutation, useQueryClient } from '@tanstack/react-query';
import { projectEndpoints, type MilestoneInput } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { storeProject } from './get-project';

export const addMilestones = ({
  orgId,
  projectId,
  milestones,
}: {
  orgId: string;
  projectId: string;
  milestones: MilestoneInput[];
}) => request(projectEndpoints.addMilestones, { params: { orgId, projectId }, body: { milestones } });

/** Adds milestones at the end of the project (one typed by hand, or the AI's suggestions kept). */
export const useAddMilestones = (orgId: string, projectId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (milestones: MilestoneInput[]) => addMilestones({ orgId, projectId, milestones }),
    onSuccess: (project) => storeProject(queryClient, orgId, project),
  });
};
