import { useMutation, useQueryClient } from '@tanstack/react-query';
import { goalEndpoints, type UpdateGoalInput } from '@aiceo/shared/goals';
import { request } from '@/lib/api-client';
import { goalQueryOptions } from './get-goal';
import { goalsKey } from './list-goals';

export const updateGoal = ({ orgId, goalId, body }: { orgId: string; goalId: string; body: UpdateGoalInput }) =>
  request(goalEndpoints.update, { params: { orgId, goalId }, body });

export const deleteGoal = ({ orgId, goalId }: { orgId: string; goalId: string }) =>
  request(goalEndpoints.remove, { params: { orgId, goalId } });

/** Edits or cancels a goal (cancelling also cancels its pending steps). */
export const useUpdateGoal = (orgId: string, goalId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateGoalInput) => updateGoal({ orgId, goalId, body }),
    onSuccess: async (goal) => {
      queryClient.setQueryData(goalQueryOptions(orgId, goalId).queryKey, goal);
      await queryClient.invalidateQueries({ queryKey: [...goalsKey(orgId), 'list'] });
    },
  });
};

export const useDeleteGoal = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (goalId: string) => deleteGoal({ orgId, goalId }),
    onSuccess: (_data, goalId) => {
      queryClient.removeQueries({ queryKey: goalQueryOptions(orgId, goalId).queryKey });
      return queryClient.invalidateQueries({ queryKey: [...goalsKey(orgId), 'list'] });
    },
  });
};
