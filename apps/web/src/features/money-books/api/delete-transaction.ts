import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const deleteTransaction = ({ orgId, transactionId }: { orgId: string; transactionId: string }) =>
  request(financeEndpoints.removeTransaction, { params: { orgId, transactionId } });

export const useDeleteTransaction = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (transactionId: string) => deleteTransaction({ orgId, transactionId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
  });
};
