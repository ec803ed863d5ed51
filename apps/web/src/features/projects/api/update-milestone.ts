import { useMutation, useQueryClient } from '@tanstack/react-query';
import { projectEndpoints, projectProgress, type MilestoneUpdate, type Project } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { projectQueryOptions, storeProject } from './get-project';

export const updateMilestone = ({
  orgId,
  projectId,
  milestoneId,
  body,
}: {
  orgId: string;
  projectId: string;
  milestoneId: string;
  body: MilestoneUpdate;
}) => request(projectEndpoints.updateMilestone, { params: { orgId, projectId, milestoneId }, body });

/** The project as it will be once a milestone is ticked or moved: the page shows it before the API answers. */
export const applyMilestoneChange = (project: Project, milestoneId: string, body: MilestoneUpdate): Project => {
  const milestones = [...project.milestones];
  const from = milestones.findIndex((m) => m.id === milestoneId);
  const current = milestones[from];
  if (!current) return project;
  const changed = {
    ...current,
    ...(body.done === undefined ? {} : { done: body.done, overdue: body.done ? false : current.overdue }),
  };
  milestones.splice(from, 1);
  const to = body.position === undefined ? from : Math.min(Math.max(body.position, 0), milestones.length);
  milestones.splice(to, 0, changed);
  const done = milestones.filter((m) => m.done).length;
  return {
    ...project,
    milestones: milestones.map((m, position) => ({ ...m, position })),
    milestonesDone: done,
    milestonesOverdue: milestones.filter((m) => m.overdue).length,
    progressPercent: projectProgress(done, milestones.length),
  };
};

type Variables = { milestoneId: string; body: MilestoneUpdate };

/**
 * Changes a milestone. Ticking and moving show at once and go back if the API refuses; the
 * answer (the whole project, with the API's own progress and overdue flags) then replaces the guess.
 */
export const useUpdateMilestone = (orgId: string, projectId: string) => {
  const queryClient = useQueryClient();
  const key = projectQueryOptions(orgId, projectId).queryKey;
  return useMutation({
    mutationFn: ({ milestoneId, body }: Variables) => updateMilestone({ orgId, projectId, milestoneId, body }),
    onMutate: async ({ milestoneId, body }) => {
      if (body.done === undefined && body.position === undefined) return { project: undefined };
      await queryClient.cancelQueries({ queryKey: key });
      const project = queryClient.getQueryData(key);
      if (project) queryClient.setQueryData(key, applyMilestoneChange(project, milestoneId, body));
      return { project };
    },
    onError: (_error, _variables, snapshot) => {
      if (snapshot?.project) queryClient.setQueryData(key, snapshot.project);
    },
    onSuccess: (project) => storeProject(queryClient, orgId, project),
  });
};
