import { queryOptions, useQuery } from '@tanstack/react-query';
import { goalEndpoints, type GoalDetail } from '@aiceo/shared/goals';
import { request } from '@/lib/api-client';
import { goalsKey } from './list-goals';

const STEP_POLL_MS = 2_500;

export const getGoal = ({ orgId, goalId }: { orgId: string; goalId: string }) => request(goalEndpoints.get, { params: { orgId, goalId } });

export const goalQueryOptions = (orgId: string, goalId: string) =>
  queryOptions({ queryKey: [...goalsKey(orgId), 'goal', goalId], queryFn: () => getGoal({ orgId, goalId }) });

// A step the executor is working on, or one that is due, changes soon; steps due next week do not.
const hasBusyStep = (goal: GoalDetail | undefined): boolean =>
  !!goal && goal.steps.some((step) => step.status === 'IN_PROGRESS' || (step.status === 'PENDING' && Date.parse(step.runAfter) <= Date.now()));

/** A goal with its steps, polled while a step is running or due. */
export const useGoal = (orgId: string, goalId: string) =>
  useQuery({ ...goalQueryOptions(orgId, goalId), refetchInterval: (query) => (hasBusyStep(query.state.data) ? STEP_POLL_MS : false) });
