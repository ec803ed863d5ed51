import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { financeReportEndpoints, type CashFlowQuery } from '@aiceo/shared/finance-reports';
import { request, requestBlob } from '@/lib/api-client';
import { moneyKey } from './money-key';
import { saveBlob } from '@/lib/save-blob';

export const getCashFlow = ({ orgId, query }: { orgId: string; query: CashFlowQuery }) =>
  request(financeReportEndpoints.cashFlow, { params: { orgId }, query });

export const cashFlowQueryOptions = (orgId: string, query: CashFlowQuery) =>
  queryOptions({
    queryKey: [...moneyKey(orgId), 'reports', 'cash-flow', query],
    queryFn: () => getCashFlow({ orgId, query }),
  });

export const useCashFlow = (orgId: string, query: CashFlowQuery) =>
  useQuery({ ...cashFlowQueryOptions(orgId, query), placeholderData: keepPreviousData });

export const exportCashFlow = ({ orgId, query }: { orgId: string; query: CashFlowQuery }) =>
  requestBlob(financeReportEndpoints.cashFlowExport, { params: { orgId }, query });

export const useExportCashFlow = (orgId: string) =>
  useMutation({
    mutationFn: async ({ query, fileName }: { query: CashFlowQuery; fileName: string }) =>
      saveBlob(await exportCashFlow({ orgId, query }), fileName),
  });
