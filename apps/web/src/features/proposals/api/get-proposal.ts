import { queryOptions, useQuery } from '@tanstack/react-query';
import { proposalEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';
import { proposalsKey } from './list-proposals';

export const getProposal = ({ orgId, proposalId }: { orgId: string; proposalId: string }) =>
  request(proposalEndpoints.get, { params: { orgId, proposalId } });

export const proposalQueryOptions = (orgId: string, proposalId: string) =>
  queryOptions({
    queryKey: [...proposalsKey(orgId), 'one', proposalId],
    queryFn: () => getProposal({ orgId, proposalId }),
  });

/** While the client may open or answer it, the status is polled now and then (viewed, accepted). */
export const useProposal = (orgId: string, proposalId: string) =>
  useQuery({
    ...proposalQueryOptions(orgId, proposalId),
    refetchInterval: (query) =>
      query.state.data?.status === 'sent' || query.state.data?.status === 'viewed' ? 15_000 : false,
  });
