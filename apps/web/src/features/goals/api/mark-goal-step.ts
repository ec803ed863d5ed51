import { useMutation, useQueryClient } from '@tanstack/react-query';
import { goalEndpoints } from '@aiceo/shared/goals';
import { request } from '@/lib/api-client';
import { goalQueryOptions } from './get-goal';
import { goalsKey } from './list-goals';

export const markGoalStep = ({
  orgId,
  goalId,
  taskId,
  done,
}: {
  orgId: string;
  goalId: string;
  taskId: string;
  done: boolean;
}) => request(goalEndpoints.markStep, { params: { orgId, goalId, taskId }, body: { done } });

/** The owner marks a step done (they did it) or takes it back; the goal comes back with its new progress. */
export const useMarkGoalStep = (orgId: string, goalId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, done }: { taskId: string; done: boolean }) => markGoalStep({ orgId, goalId, taskId, done }),
    onSuccess: async (goal) => {
      queryClient.setQueryData(goalQueryOptions(orgId, goalId).queryKey, goal);
      await queryClient.invalidateQueries({ queryKey: [...goalsKey(orgId), 'list'] });
    },
  });
};
