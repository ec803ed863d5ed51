import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { projectsKey } from '@/lib/query-keys';
import { financeKey } from './keys';

export const deleteTransaction = ({ orgId, transactionId }: { orgId: string; transactionId: string }) =>
  request(financeEndpoints.removeTransaction, { params: { orgId, transactionId } });

export const useDeleteTransaction = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (transactionId: string) => deleteTransaction({ orgId, transactionId }),
    // A project's budget vs actual counts the transactions tagged to it.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: projectsKey(orgId) }),
      ]),
  });
};
