import { useMutation } from '@tanstack/react-query';
import { projectEndpoints } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';

export const planProject = ({ orgId, projectId, brief }: { orgId: string; projectId: string; brief: string }) =>
  request(projectEndpoints.plan, { params: { orgId, projectId }, body: { brief } });

/** Milestones the AI suggests (nothing is saved until the owner adds the ones they keep). */
export const usePlanProject = (orgId: string, projectId: string) =>
  useMutation({ mutationFn: (brief: string) => planProject({ orgId, projectId, brief }) });
