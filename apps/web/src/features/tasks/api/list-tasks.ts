import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { taskEndpoints, type TaskStatus } from '@aiceo/shared/tasks';
import { request } from '@/lib/api-client';
import { pollWhileActive } from '@/lib/task-polling';

const PAGE_SIZE = 25;

/** Every cached task query of the org (lists, summary, single tasks). */
export const tasksKey = (orgId: string) => ['orgs', orgId, 'tasks'] as const;

export type TaskListFilter = { status?: TaskStatus; insightId?: string; goalId?: string; cursor?: string };

export const listTasks = ({ orgId, filter }: { orgId: string; filter: TaskListFilter }) =>
  request(taskEndpoints.list, {
    params: { orgId },
    query: {
      limit: PAGE_SIZE,
      status: filter.status ? [filter.status] : undefined,
      insightId: filter.insightId,
      goalId: filter.goalId,
      cursor: filter.cursor,
    },
  });

export const tasksQueryOptions = (orgId: string, filter: TaskListFilter = {}) =>
  queryOptions({ queryKey: [...tasksKey(orgId), 'list', filter], queryFn: () => listTasks({ orgId, filter }) });

export const useTasks = (orgId: string, filter: TaskListFilter = {}) =>
  useQuery({
    ...tasksQueryOptions(orgId, filter),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollWhileActive(query.state.data?.items),
  });
