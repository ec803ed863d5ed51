import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const listRules = ({ orgId, signal }: { orgId: string; signal?: AbortSignal }) =>
  request(financeEndpoints.listRules, { params: { orgId }, signal });

export const rulesKey = (orgId: string) => [...financeKey(orgId), 'rules'] as const;

export const rulesQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: rulesKey(orgId), queryFn: ({ signal }) => listRules({ orgId, signal }) });

export const useRules = (orgId: string) => useQuery(rulesQueryOptions(orgId));
