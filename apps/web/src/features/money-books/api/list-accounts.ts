import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const listAccounts = ({ orgId, signal }: { orgId: string; signal?: AbortSignal }) =>
  request(financeEndpoints.listAccounts, { params: { orgId }, signal });

export const accountsQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: [...financeKey(orgId), 'accounts'],
    queryFn: ({ signal }) => listAccounts({ orgId, signal }),
  });

export const useAccounts = (orgId: string) => useQuery(accountsQueryOptions(orgId));
