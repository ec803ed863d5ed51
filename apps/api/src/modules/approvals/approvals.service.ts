import type { ApprovalContent, ApprovalKind } from '@aiceo/shared/approvals';
import type { Deps } from '../../deps';
import { PermanentTaskError, type TaskHandler } from '../tasks/task-handler';

/** What a task hands the inbox when its action would reach outside the business. */
export type ApprovalRequest = {
  orgId: string;
  kind: ApprovalKind;
  /** The proposing task: one item per task and kind, so a retried task finds its item. */
  taskId: string;
  insightId: string | null;
  targetType: 'lead' | 'post' | 'campaign';
  targetId: string;
  title: string;
  audience: string;
  audienceSize: number;
  content: ApprovalContent;
  /** A template written offline: it must be edited before it can be approved. */
  needsEdit: boolean;
  moneyMinor: number;
  currency: string;
  reason: string;
  evidence: Record<string, unknown>;
};

/**
 * Puts an autonomous action in the approval inbox (or approves it at once when an auto-approve
 * rule covers it, and queues its execution). Idempotent per (taskId, kind).
 * GROUNDWORK STUB: the approvals module replaces this.
 */
export const requestApproval = async (
  _deps: Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'taskSignal' | 'env'>,
  _request: ApprovalRequest,
): Promise<{ id: string; status: 'pending' | 'approved' }> => {
  throw new Error('requestApproval is not built yet');
};

/** The approved_action task: carries out one approved item exactly once. GROUNDWORK STUB. */
export const runApprovedAction: TaskHandler<'approved_action'> = async () => {
  throw new PermanentTaskError('Approved actions are not built yet');
};

/** The approval-sweep job: expires undecided items past their time; queues execution for approved items that lack it. GROUNDWORK STUB. */
export const sweepApprovals = async (
  _deps: Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'taskSignal' | 'env'>,
): Promise<{ expired: number; queued: number }> => ({ expired: 0, queued: 0 });
