import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints, type CreateFinanceTransactionInput } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { projectsKey } from '@/lib/query-keys';
import { financeKey } from './keys';

export const createTransaction = ({ orgId, input }: { orgId: string; input: CreateFinanceTransactionInput }) =>
  request(financeEndpoints.createTransaction, { params: { orgId }, body: input });

export const useCreateTransaction = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateFinanceTransactionInput) => createTransaction({ orgId, input }),
    // A project's budget vs actual counts the transactions tagged to it.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: projectsKey(orgId) }),
      ]),
  });
};
