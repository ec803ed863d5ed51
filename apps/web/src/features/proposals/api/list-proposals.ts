import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { proposalEndpoints, type ProposalStatus } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';

const PAGE_SIZE = 25;

/** Every cached proposal query of the org (lists, one proposal, a lead's proposals). */
export const proposalsKey = (orgId: string) => ['orgs', orgId, 'proposals'] as const;

export type ProposalFilter = { status?: ProposalStatus; q?: string; leadId?: string; cursor?: string };

export const listProposals = ({ orgId, filter }: { orgId: string; filter: ProposalFilter }) =>
  request(proposalEndpoints.list, {
    params: { orgId },
    query: {
      limit: PAGE_SIZE,
      status: filter.status,
      q: filter.q || undefined,
      leadId: filter.leadId,
      cursor: filter.cursor,
    },
  });

export const proposalsQueryOptions = (orgId: string, filter: ProposalFilter = {}) =>
  queryOptions({
    queryKey: [...proposalsKey(orgId), 'list', filter],
    queryFn: () => listProposals({ orgId, filter }),
  });

export const useProposals = (orgId: string, filter: ProposalFilter = {}) =>
  useQuery({ ...proposalsQueryOptions(orgId, filter), placeholderData: keepPreviousData });
