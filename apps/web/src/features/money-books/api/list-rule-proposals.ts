import { queryOptions, useQuery } from '@tanstack/react-query';
import { financeEndpoints } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const listRuleProposals = ({ orgId, signal }: { orgId: string; signal?: AbortSignal }) =>
  request(financeEndpoints.listProposals, { params: { orgId }, signal });

export const ruleProposalsQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: [...financeKey(orgId), 'rule-proposals'],
    queryFn: ({ signal }) => listRuleProposals({ orgId, signal }),
  });

export const useRuleProposals = (orgId: string) => useQuery(ruleProposalsQueryOptions(orgId));
