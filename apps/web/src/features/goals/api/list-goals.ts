import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { goalEndpoints, type GoalStatus } from '@aiceo/shared/goals';
import { request } from '@/lib/api-client';

const PAGE_SIZE = 20;

/** Every cached goal query of the org (lists and single goals). */
export const goalsKey = (orgId: string) => ['orgs', orgId, 'goals'] as const;

export type GoalFilter = { status?: GoalStatus; cursor?: string; limit?: number };

export const listGoals = ({ orgId, filter }: { orgId: string; filter: GoalFilter }) =>
  request(goalEndpoints.list, {
    params: { orgId },
    query: { limit: filter.limit ?? PAGE_SIZE, status: filter.status, cursor: filter.cursor },
  });

export const goalsQueryOptions = (orgId: string, filter: GoalFilter = {}) =>
  queryOptions({ queryKey: [...goalsKey(orgId), 'list', filter], queryFn: () => listGoals({ orgId, filter }) });

export const useGoals = (orgId: string, filter: GoalFilter = {}) =>
  useQuery({ ...goalsQueryOptions(orgId, filter), placeholderData: keepPreviousData });
