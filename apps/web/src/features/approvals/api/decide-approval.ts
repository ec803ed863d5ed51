import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { approvalEndpoints, type ApprovalContent, type bulkDecisionInputSchema } from '@aiceo/shared/approvals';
import { request } from '@/lib/api-client';
import { approvalsKey } from './keys';

export type ContentEdit = { subject?: ApprovalContent['subject']; body: string };

export const approveApproval = ({
  orgId,
  approvalId,
  content,
}: {
  orgId: string;
  approvalId: string;
  content?: ContentEdit;
}) => request(approvalEndpoints.approve, { params: { orgId, approvalId }, body: content ? { content } : {} });

export const rejectApproval = ({ orgId, approvalId, note }: { orgId: string; approvalId: string; note: string }) =>
  request(approvalEndpoints.reject, { params: { orgId, approvalId }, body: { note } });

export const editApproval = ({
  orgId,
  approvalId,
  content,
}: {
  orgId: string;
  approvalId: string;
  content: ContentEdit;
}) => request(approvalEndpoints.edit, { params: { orgId, approvalId }, body: { content } });

export type BulkInput = z.input<typeof bulkDecisionInputSchema>;

export const bulkDecide = ({ orgId, input }: { orgId: string; input: BulkInput }) =>
  request(approvalEndpoints.bulk, { params: { orgId }, body: input });

// Whatever the answer (a 409 too: the item changed on the server), the inbox and the count are
// fetched again, so what is on screen is what the server holds.
const useRefreshing = <V, R>(orgId: string, mutationFn: (variables: V) => Promise<R>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: approvalsKey(orgId) }),
  });
};

/** Approve one item, optionally with edited content (edit then approve in one step). */
export const useApproveApproval = (orgId: string) =>
  useRefreshing(orgId, ({ approvalId, content }: { approvalId: string; content?: ContentEdit }) =>
    approveApproval({ orgId, approvalId, content }),
  );

export const useRejectApproval = (orgId: string) =>
  useRefreshing(orgId, ({ approvalId, note }: { approvalId: string; note: string }) =>
    rejectApproval({ orgId, approvalId, note }),
  );

/** Save edited content without approving it. */
export const useEditApproval = (orgId: string) =>
  useRefreshing(orgId, ({ approvalId, content }: { approvalId: string; content: ContentEdit }) =>
    editApproval({ orgId, approvalId, content }),
  );

/** Approve or reject many items at once; each answers for itself. */
export const useBulkDecide = (orgId: string) =>
  useRefreshing(orgId, (input: BulkInput) => bulkDecide({ orgId, input }));
