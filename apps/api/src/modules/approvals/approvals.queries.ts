import {
  approvalContentSchema,
  type ApprovalContent,
  type ApprovalItem,
  type ApprovalKind,
  type ApprovalRisk,
} from '@aiceo/shared/approvals';
import { DEFAULT_TASK_ATTEMPTS } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../http/app-error';
import { dayInWords } from './approvals.risk';
import type { TargetType } from './approvals.targets';

export const itemSelect = {
  id: true,
  orgId: true,
  kind: true,
  status: true,
  title: true,
  targetType: true,
  targetId: true,
  audience: true,
  audienceSize: true,
  content: true,
  targetVersion: true,
  risk: true,
  riskReasons: true,
  moneyMinor: true,
  currency: true,
  reason: true,
  evidence: true,
  insightId: true,
  taskId: true,
  expiresAt: true,
  autoRuleId: true,
  edited: true,
  decidedById: true,
  decidedAt: true,
  decisionNote: true,
  executionTaskId: true,
  executedAt: true,
  result: true,
  error: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ApprovalItemSelect;
export type ItemRow = Prisma.ApprovalItemGetPayload<{ select: typeof itemSelect }>;

export const asRecord = (value: Prisma.JsonValue | null): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

export const contentOf = (row: Pick<ItemRow, 'content'>): ApprovalContent => {
  const parsed = approvalContentSchema.safeParse(row.content);
  return parsed.success ? parsed.data : { subject: null, body: '' };
};

export const kindOf = (row: Pick<ItemRow, 'kind'>): ApprovalKind => row.kind as ApprovalKind;
export const targetOf = (row: Pick<ItemRow, 'orgId' | 'targetType' | 'targetId'>) => ({
  orgId: row.orgId,
  targetType: row.targetType as TargetType,
  targetId: row.targetId,
});

export const toItem = (row: ItemRow): ApprovalItem => ({
  id: row.id,
  kind: kindOf(row),
  status: row.status,
  title: row.title,
  targetType: row.targetType as TargetType,
  targetId: row.targetId,
  audience: row.audience,
  audienceSize: row.audienceSize,
  content: contentOf(row),
  // needsEdit is not a column: a template is an unedited item whose evidence says so.
  needsEdit: asRecord(row.evidence)?.['needsEdit'] === true && !row.edited,
  risk: row.risk as ApprovalRisk,
  riskReasons: row.riskReasons,
  moneyMinor: row.moneyMinor,
  currency: row.currency,
  reason: row.reason,
  evidence: asRecord(row.evidence) ?? {},
  insightId: row.insightId,
  taskId: row.taskId,
  expiresAt: row.expiresAt.toISOString(),
  autoRuleId: row.autoRuleId,
  edited: row.edited,
  decidedById: row.decidedById,
  decidedAt: row.decidedAt?.toISOString() ?? null,
  decisionNote: row.decisionNote,
  executedAt: row.executedAt?.toISOString() ?? null,
  result: asRecord(row.result),
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const findItemRow = ({ db }: Pick<Deps, 'db'>, { orgId, approvalId }: { orgId: string; approvalId: string }) =>
  db.approvalItem.findFirst({ where: { orgId, id: approvalId }, select: itemSelect });

export const getItemRow = async (deps: Pick<Deps, 'db'>, ref: { orgId: string; approvalId: string }) => {
  const row = await findItemRow(deps, ref);
  if (!row) throw notFound('Approval item');
  return row;
};

export type OrgSettings = { timezone: string; currency: string };
export const orgSettingsOf = async ({ db }: Pick<Deps, 'db'>, { orgId }: { orgId: string }): Promise<OrgSettings> =>
  (await db.organization.findFirst({ where: { id: orgId }, select: { timezone: true, currency: true } })) ?? {
    timezone: 'UTC',
    currency: 'USD',
  };

export const expiredMessage = (expiresAt: Date, timezone: string): string =>
  `This item expired on ${dayInWords(expiresAt, timezone)}; nothing was sent`;

/**
 * For the inbox's short transactions: many approvals at once (a bulk, racing clicks) queue for a
 * connection instead of failing after Prisma's default 2 s wait.
 */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

export const executionDedupeKey = (approvalId: string): string => `approval:${approvalId}`;

/**
 * Queues the approved_action task of an approved item and links it, in the caller's transaction.
 * Written directly (not through enqueueTasks): the proposing task already counted its plan unit.
 * The dedupe key makes a second call (the sweep after a crash) find the same task.
 */
export const queueExecution = async (
  tx: Prisma.TransactionClient,
  { orgId, approvalId, title, now }: { orgId: string; approvalId: string; title: string; now: Date },
): Promise<string> => {
  const dedupeKey = executionDedupeKey(approvalId);
  const existing = await tx.task.findFirst({ where: { orgId, dedupeKey }, select: { id: true } });
  const task =
    existing ??
    (await tx.task.create({
      data: {
        orgId,
        type: 'approved_action',
        title: `Approved: ${title}`.slice(0, 200),
        input: { approvalId },
        runAfter: now,
        maxAttempts: DEFAULT_TASK_ATTEMPTS,
        origin: 'agentic',
        createdById: null,
        dedupeKey,
        createdAt: now,
        updatedAt: now,
      },
      select: { id: true },
    }));
  await tx.approvalItem.updateMany({ where: { orgId, id: approvalId }, data: { executionTaskId: task.id } });
  return task.id;
};
