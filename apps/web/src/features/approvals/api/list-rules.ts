import { queryOptions, useQuery } from '@tanstack/react-query';
import { approvalEndpoints } from '@aiceo/shared/approvals';
import { request } from '@/lib/api-client';
import { approvalsKey } from './keys';

export const listApprovalRules = (orgId: string) => request(approvalEndpoints.rules, { params: { orgId } });

export const approvalRulesQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...approvalsKey(orgId), 'rules'], queryFn: () => listApprovalRules(orgId) });

export const useApprovalRules = (orgId: string) => useQuery(approvalRulesQueryOptions(orgId));
