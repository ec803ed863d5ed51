import { queryOptions, useQuery } from '@tanstack/react-query';
import { goalEndpoints } from '@aiceo/shared/goals';
import { request } from '@/lib/api-client';
import { pollWhileActive } from '@/lib/task-polling';
import { goalsKey } from './list-goals';

export const getGoal = ({ orgId, goalId }: { orgId: string; goalId: string }) =>
  request(goalEndpoints.get, { params: { orgId, goalId } });

export const goalQueryOptions = (orgId: string, goalId: string) =>
  queryOptions({ queryKey: [...goalsKey(orgId), 'goal', goalId], queryFn: () => getGoal({ orgId, goalId }) });

/** A goal with its steps (which are tasks), polled like any task list while a step may change. */
export const useGoal = (orgId: string, goalId: string) =>
  useQuery({
    ...goalQueryOptions(orgId, goalId),
    refetchInterval: (query) => pollWhileActive(query.state.data?.steps),
  });
