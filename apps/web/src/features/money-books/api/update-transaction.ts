import { useMutation, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import {
  financeEndpoints,
  type FinanceTransaction,
  type FinanceTransactionPage,
  type UpdateFinanceTransactionInput,
} from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { projectsKey } from '@/lib/query-keys';
import { financeKey } from './keys';
import { transactionsKey } from './list-transactions';

export const updateTransaction = ({
  orgId,
  transactionId,
  input,
}: {
  orgId: string;
  transactionId: string;
  input: UpdateFinanceTransactionInput;
}) => request(financeEndpoints.updateTransaction, { params: { orgId, transactionId }, body: input });

type Pages = InfiniteData<FinanceTransactionPage, string | undefined>;
type Snapshot = [QueryKey, Pages | undefined][];

/** Every loaded page of every transactions list, with `change` applied to the rows it names. */
const patchLists = (
  queryClient: ReturnType<typeof useQueryClient>,
  orgId: string,
  change: (transaction: FinanceTransaction) => FinanceTransaction,
): Snapshot => {
  const snapshot = queryClient.getQueriesData<Pages>({ queryKey: [...transactionsKey(orgId), 'list'] });
  for (const [key, data] of snapshot) {
    if (!data) continue;
    queryClient.setQueryData<Pages>(key, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, items: page.items.map(change) })),
    });
  }
  return snapshot;
};

export type UpdateTransactionVariables = {
  transactionId: string;
  input: UpdateFinanceTransactionInput;
  /** What the row shows at once (e.g. the picked category), before the API answers. */
  optimistic?: Partial<FinanceTransaction>;
};

/**
 * Changes a transaction. With `optimistic`, every list shows the change at once and goes back to
 * what it was if the API refuses it.
 */
export const useUpdateTransaction = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ transactionId, input }: UpdateTransactionVariables) =>
      updateTransaction({ orgId, transactionId, input }),
    onMutate: async ({ transactionId, optimistic }) => {
      if (!optimistic) return { snapshot: [] as Snapshot };
      await queryClient.cancelQueries({ queryKey: transactionsKey(orgId) });
      const snapshot = patchLists(queryClient, orgId, (tx) =>
        tx.id === transactionId ? { ...tx, ...optimistic } : tx,
      );
      return { snapshot };
    },
    onError: (_error, _variables, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (updated) => {
      patchLists(queryClient, orgId, (tx) => (tx.id === updated.id ? updated : tx));
    },
    // Coverage, proposals (three corrections make one) and reports all move with a category.
    // A project's budget vs actual counts the transactions tagged to it.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: projectsKey(orgId) }),
      ]),
  });
};
