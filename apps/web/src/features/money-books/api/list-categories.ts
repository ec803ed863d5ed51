import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const listCategories = ({ orgId, signal }: { orgId: string; signal?: AbortSignal }) =>
  request(financeEndpoints.listCategories, { params: { orgId }, signal });

export const categoriesQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: [...financeKey(orgId), 'categories'],
    queryFn: ({ signal }) => listCategories({ orgId, signal }),
    staleTime: 60_000,
  });

export const useCategories = (orgId: string) => useQuery(categoriesQueryOptions(orgId));
