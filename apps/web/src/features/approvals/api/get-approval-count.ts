import { queryOptions, useQuery } from '@tanstack/react-query';
import { approvalEndpoints } from '@aiceo/shared/approvals';
import { request } from '@/lib/api-client';
import { approvalsKey } from './keys';

/** The number in the navigation is asked again this often (and after every decision). */
export const APPROVAL_COUNT_POLL_MS = 30_000;

export const getApprovalCount = (orgId: string) => request(approvalEndpoints.count, { params: { orgId } });

export const approvalCountQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...approvalsKey(orgId), 'count'], queryFn: () => getApprovalCount(orgId) });

/** How many items wait for a decision; nothing is asked without an org. */
export const useApprovalCount = (orgId: string | undefined) =>
  useQuery({
    ...approvalCountQueryOptions(orgId ?? ''),
    enabled: !!orgId,
    refetchInterval: APPROVAL_COUNT_POLL_MS,
  });
