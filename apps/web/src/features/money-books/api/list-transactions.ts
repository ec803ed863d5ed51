import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { financeEndpoints, type financeTransactionFilterSchema } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { UNCATEGORISED, type TransactionView } from '../use-transaction-view';
import { financeKey } from './keys';

const PAGE_SIZE = 50;

/** The API filter of a view: `category=uncategorised` in the URL is `uncategorised=true` on the wire. */
export const filterOf = (view: TransactionView): z.input<typeof financeTransactionFilterSchema> => {
  const { category, ...rest } = view;
  return {
    ...rest,
    categoryId: category && category !== UNCATEGORISED ? category : undefined,
    uncategorised: category === UNCATEGORISED ? 'true' : undefined,
  };
};

export const transactionsKey = (orgId: string) => [...financeKey(orgId), 'transactions'] as const;

export const transactionsQueryOptions = (orgId: string, view: TransactionView) =>
  infiniteQueryOptions({
    queryKey: [...transactionsKey(orgId), 'list', view],
    queryFn: ({ pageParam, signal }) =>
      request(financeEndpoints.listTransactions, {
        params: { orgId },
        query: { ...filterOf(view), limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new filter loads, the old rows stay instead of a spinner on every keystroke.
    placeholderData: keepPreviousData,
  });

export const useTransactions = (orgId: string, view: TransactionView) =>
  useInfiniteQuery(transactionsQueryOptions(orgId, view));
