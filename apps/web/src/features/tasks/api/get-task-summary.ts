import { queryOptions, useQuery } from '@tanstack/react-query';
import { taskEndpoints } from '@aiceo/shared/tasks';
import { request } from '@/lib/api-client';
import { LATER_TASK_POLL_MS, TASK_POLL_MS } from '@/lib/task-polling';
import { tasksKey } from './list-tasks';

export const getTaskSummary = (orgId: string) => request(taskEndpoints.summary, { params: { orgId } });

export const taskSummaryQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...tasksKey(orgId), 'summary'], queryFn: () => getTaskSummary(orgId) });

export const useTaskSummary = (orgId: string) =>
  useQuery({
    ...taskSummaryQueryOptions(orgId),
    refetchInterval: (query) => {
      const summary = query.state.data;
      if (!summary) return false;
      if ((summary.counts.IN_PROGRESS ?? 0) > 0 || summary.oldestDueAt) return TASK_POLL_MS;
      return (summary.counts.PENDING ?? 0) > 0 ? LATER_TASK_POLL_MS : false;
    },
  });
