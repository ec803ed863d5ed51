import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { pollWhileActive } from '@/lib/task-polling';
import { tasksQueryOptions } from '../api/list-tasks';
import { TaskStatusBadge } from './task-status-badge';

/**
 * The live status of the tasks an insight made, fetched as one list and polled while any of them
 * is still pending or running. `insightId` null: nothing to fetch.
 */
export const useTaskStatusLookup = (orgId: string, insightId: string | null): ((taskId: string) => ReactNode) => {
  const tasks = useQuery({
    ...tasksQueryOptions(orgId, insightId ? { insightId } : {}),
    enabled: insightId !== null,
    refetchInterval: (query) => pollWhileActive(query.state.data?.items),
  });
  return (taskId) => {
    const task = tasks.data?.items.find((item) => item.id === taskId);
    return task ? <TaskStatusBadge status={task.status} /> : null;
  };
};
