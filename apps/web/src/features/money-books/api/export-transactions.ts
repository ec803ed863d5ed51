import { useMutation } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { requestBlob } from '@/lib/api-client';
import { saveBlob } from '@/lib/save-blob';
import type { TransactionView } from '../use-transaction-view';
import { filterOf } from './list-transactions';

/** The filtered transactions as CSV; the endpoint needs the Authorization header, so a plain link cannot download it. */
export const exportTransactions = ({ orgId, view }: { orgId: string; view: TransactionView }) =>
  requestBlob(financeEndpoints.exportTransactions, { params: { orgId }, query: filterOf(view) });

const fileNameOf = (view: TransactionView) =>
  `transactions${view.from ? `-from-${view.from}` : ''}${view.to ? `-to-${view.to}` : ''}.csv`;

export const useExportTransactions = (orgId: string) =>
  useMutation({
    mutationFn: async (view: TransactionView) => saveBlob(await exportTransactions({ orgId, view }), fileNameOf(view)),
  });
