import type {
  ApprovalKind,
  ApprovalRisk,
  ApprovalRule,
  CreateApprovalRuleInput,
  UpdateApprovalRuleInput,
} from '@aiceo/shared/approvals';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../http/app-error';
import { describeRule } from './approvals.risk';
import { orgSettingsOf } from './approvals.queries';

const ruleSelect = {
  id: true,
  kind: true,
  maxRisk: true,
  maxMoneyMinor: true,
  weekdaysOnly: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ApprovalRuleSelect;
type RuleRow = Prisma.ApprovalRuleGetPayload<{ select: typeof ruleSelect }>;
type RuleRef = { orgId: string; ruleId: string };

/** Amounts of a rule are in the org's currency, so the rule answers it with its description. */
const toRule = (row: RuleRow, currency: string): ApprovalRule => ({
  ...row,
  kind: row.kind as ApprovalKind,
  maxRisk: row.maxRisk as ApprovalRisk,
  currency,
  description: describeRule(row, currency),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const listApprovalRules = async (deps: Pick<Deps, 'db'>, { orgId }: { orgId: string }) => {
  const [rows, { currency }] = await Promise.all([
    deps.db.approvalRule.findMany({
      where: { orgId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: ruleSelect,
    }),
    orgSettingsOf(deps, { orgId }),
  ]);
  return { items: rows.map((row) => toRule(row, currency)) };
};

export const createApprovalRule = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, actorId, input }: { orgId: string; actorId: string | null; input: CreateApprovalRuleInput },
): Promise<ApprovalRule> => {
  const now = deps.clock.now();
  const row = await deps.db.approvalRule.create({
    data: { orgId, ...input, createdById: actorId, createdAt: now, updatedAt: now },
    select: ruleSelect,
  });
  return toRule(row, (await orgSettingsOf(deps, { orgId })).currency);
};

export const updateApprovalRule = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, ruleId, input }: RuleRef & { input: UpdateApprovalRuleInput },
): Promise<ApprovalRule> => {
  const { count } = await deps.db.approvalRule.updateMany({
    where: { orgId, id: ruleId },
    data: {
      ...(input.maxRisk !== undefined ? { maxRisk: input.maxRisk } : {}),
      ...(input.maxMoneyMinor !== undefined ? { maxMoneyMinor: input.maxMoneyMinor } : {}),
      ...(input.weekdaysOnly !== undefined ? { weekdaysOnly: input.weekdaysOnly } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      updatedAt: deps.clock.now(),
    },
  });
  if (count === 0) throw notFound('Rule');
  const row = await deps.db.approvalRule.findFirst({ where: { orgId, id: ruleId }, select: ruleSelect });
  if (!row) throw notFound('Rule');
  return toRule(row, (await orgSettingsOf(deps, { orgId })).currency);
};

export const deleteApprovalRule = async ({ db }: Pick<Deps, 'db'>, { orgId, ruleId }: RuleRef): Promise<void> => {
  const { count } = await db.approvalRule.deleteMany({ where: { orgId, id: ruleId } });
  if (count === 0) throw notFound('Rule');
};
