import { useMutation } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { requestBlob } from '@/lib/api-client';
import type { TransactionView } from '../use-transaction-view';
import { filterOf } from './list-transactions';

/** The filtered transactions as CSV; the endpoint needs the Authorization header, so a plain link cannot download it. */
export const exportTransactions = ({ orgId, view }: { orgId: string; view: TransactionView }) =>
  requestBlob(financeEndpoints.exportTransactions, { params: { orgId }, query: filterOf(view) });

const saveBlob = (blob: Blob, fileName: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
};

const fileNameOf = (view: TransactionView) =>
  `transactions${view.from ? `-from-${view.from}` : ''}${view.to ? `-to-${view.to}` : ''}.csv`;

export const useExportTransactions = (orgId: string) =>
  useMutation({
    mutationFn: async (view: TransactionView) => saveBlob(await exportTransactions({ orgId, view }), fileNameOf(view)),
  });
