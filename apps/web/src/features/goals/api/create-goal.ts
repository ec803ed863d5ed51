import { useMutation, useQueryClient } from '@tanstack/react-query';
import { goalEndpoints, type CreateGoalInput } from '@aiceo/shared/goals';
import { request } from '@/lib/api-client';
import { goalQueryOptions } from './get-goal';
import { goalsKey } from './list-goals';

export const createGoal = ({ orgId, body }: { orgId: string; body: CreateGoalInput }) =>
  request(goalEndpoints.create, { params: { orgId }, body });

/** Sets a goal; the answer already holds the plan the AI made, so the goal's page opens without another request. */
export const useCreateGoal = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGoalInput) => createGoal({ orgId, body }),
    onSuccess: async (goal) => {
      queryClient.setQueryData(goalQueryOptions(orgId, goal.id).queryKey, goal);
      await queryClient.invalidateQueries({ queryKey: [...goalsKey(orgId), 'list'] });
    },
  });
};
