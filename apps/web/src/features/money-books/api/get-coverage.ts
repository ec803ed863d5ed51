import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const getCoverage = ({ orgId, signal }: { orgId: string; signal?: AbortSignal }) =>
  request(financeEndpoints.coverage, { params: { orgId }, signal });

export const coverageQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: [...financeKey(orgId), 'coverage'],
    queryFn: ({ signal }) => getCoverage({ orgId, signal }),
  });

export const useCoverage = (orgId: string) => useQuery(coverageQueryOptions(orgId));
