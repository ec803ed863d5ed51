import { queryOptions, useQuery } from '@tanstack/react-query';
import { creditEndpoints } from '@aiceo/shared/credits';
import { request } from '@/lib/api-client';

export const listCreditDisputes = (orgId: string) =>
  request(creditEndpoints.listDisputes, { params: { orgId }, query: { limit: 100 } });

export const creditDisputesQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'credits', 'disputes'], queryFn: () => listCreditDisputes(orgId) });

export const useCreditDisputes = (orgId: string) => useQuery(creditDisputesQueryOptions(orgId));
