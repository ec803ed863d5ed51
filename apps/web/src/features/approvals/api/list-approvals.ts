import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { approvalEndpoints, type ApprovalItem, type ApprovalKind, type ApprovalStatus } from '@aiceo/shared/approvals';
import { request } from '@/lib/api-client';
import { approvalsKey } from './keys';

const PAGE_SIZE = 20;
/** While an approved item waits for its run, the page asks again soon to show what happened. */
const RUNNING_POLL_MS = 3_000;
const IDLE_POLL_MS = 30_000;

export type ApprovalFilter = { status?: ApprovalStatus; kind?: ApprovalKind; cursor?: string };

export const listApprovals = ({ orgId, filter }: { orgId: string; filter: ApprovalFilter }) =>
  request(approvalEndpoints.list, {
    params: { orgId },
    query: { limit: PAGE_SIZE, status: filter.status, kind: filter.kind, cursor: filter.cursor },
  });

export const approvalsQueryOptions = (orgId: string, filter: ApprovalFilter = {}) =>
  queryOptions({
    queryKey: [...approvalsKey(orgId), 'list', filter],
    queryFn: () => listApprovals({ orgId, filter }),
  });

const pollInterval = (items: readonly ApprovalItem[] | undefined) =>
  items?.some((item) => item.status === 'approved') ? RUNNING_POLL_MS : IDLE_POLL_MS;

export const useApprovals = (orgId: string, filter: ApprovalFilter = {}) =>
  useQuery({
    ...approvalsQueryOptions(orgId, filter),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollInterval(query.state.data?.items),
  });
