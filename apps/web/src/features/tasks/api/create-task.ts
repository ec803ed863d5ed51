import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskEndpoints, type CreateTaskInput } from '@aiceo/shared/tasks';
import { request } from '@/lib/api-client';
import { taskQueryOptions } from './get-task';
import { tasksKey } from './list-tasks';

export const createTask = ({ orgId, body }: { orgId: string; body: CreateTaskInput }) =>
  request(taskEndpoints.create, { params: { orgId }, body });

export const useCreateTask = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTaskInput) => createTask({ orgId, body }),
    onSuccess: async (task) => {
      queryClient.setQueryData(taskQueryOptions(orgId, task.id).queryKey, task);
      await queryClient.invalidateQueries({ queryKey: tasksKey(orgId) });
    },
  });
};
