import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskEndpoints, type Task } from '@aiceo/shared/tasks';
import { request } from '@/lib/api-client';
import { taskQueryOptions } from './get-task';
import { tasksKey } from './list-tasks';

export const cancelTask = ({ orgId, taskId }: { orgId: string; taskId: string }) =>
  request(taskEndpoints.cancel, { params: { orgId, taskId } });
export const retryTask = ({ orgId, taskId }: { orgId: string; taskId: string }) =>
  request(taskEndpoints.retry, { params: { orgId, taskId } });

/** Cancel (a pending task) or retry (a failed or cancelled one); the answer replaces the cached task at once. */
export const useChangeTask = (orgId: string, action: 'cancel' | 'retry') => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) =>
      action === 'cancel' ? cancelTask({ orgId, taskId }) : retryTask({ orgId, taskId }),
    onSuccess: async (task: Task) => {
      queryClient.setQueryData(taskQueryOptions(orgId, task.id).queryKey, task);
      await queryClient.invalidateQueries({ queryKey: tasksKey(orgId) });
    },
  });
};
