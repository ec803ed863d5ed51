import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { moneyKey } from './money-key';

export const listAccounts = (orgId: string) => request(financeEndpoints.listAccounts, { params: { orgId } });

export const accountsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...moneyKey(orgId), 'accounts'], queryFn: () => listAccounts(orgId) });

export const useAccounts = (orgId: string) => useQuery(accountsQueryOptions(orgId));
