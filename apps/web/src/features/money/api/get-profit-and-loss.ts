import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { financeReportEndpoints, type ProfitAndLossQuery } from '@aiceo/shared/finance-reports';
import { request, requestBlob } from '@/lib/api-client';
import { moneyKey } from './money-key';
import { saveBlob } from '@/lib/save-blob';

export const getProfitAndLoss = ({ orgId, query }: { orgId: string; query: ProfitAndLossQuery }) =>
  request(financeReportEndpoints.profitAndLoss, { params: { orgId }, query });

export const profitAndLossQueryOptions = (orgId: string, query: ProfitAndLossQuery) =>
  queryOptions({
    queryKey: [...moneyKey(orgId), 'reports', 'profit-and-loss', query],
    queryFn: () => getProfitAndLoss({ orgId, query }),
  });

/** Keeps the last report on screen while the previous or next period loads. */
export const useProfitAndLoss = (orgId: string, query: ProfitAndLossQuery) =>
  useQuery({ ...profitAndLossQueryOptions(orgId, query), placeholderData: keepPreviousData });

export const exportProfitAndLoss = ({ orgId, query }: { orgId: string; query: ProfitAndLossQuery }) =>
  requestBlob(financeReportEndpoints.profitAndLossExport, { params: { orgId }, query });

/** Downloads the P&L of the period shown as CSV (the endpoint needs the Authorization header, so no plain link). */
export const useExportProfitAndLoss = (orgId: string) =>
  useMutation({
    mutationFn: async ({ query, fileName }: { query: ProfitAndLossQuery; fileName: string }) =>
      saveBlob(await exportProfitAndLoss({ orgId, query }), fileName),
  });
