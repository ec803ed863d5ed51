import { queryOptions, useQuery } from '@tanstack/react-query';
import { taskEndpoints } from '@aiceo/shared/tasks';
import { request } from '@/lib/api-client';
import { pollWhileActive } from '@/lib/task-polling';
import { tasksKey } from './list-tasks';

export const getTask = ({ orgId, taskId }: { orgId: string; taskId: string }) =>
  request(taskEndpoints.get, { params: { orgId, taskId } });

export const taskQueryOptions = (orgId: string, taskId: string) =>
  queryOptions({ queryKey: [...tasksKey(orgId), 'task', taskId], queryFn: () => getTask({ orgId, taskId }) });

/** One task, polled until the executor is done with it. */
export const useTask = (orgId: string, taskId: string) =>
  useQuery({
    ...taskQueryOptions(orgId, taskId),
    refetchInterval: (query) => pollWhileActive(query.state.data ? [query.state.data] : undefined),
  });
