import { z } from 'zod';
import { isoDateSchema, pageQuerySchema, pageSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';

/**
 * What waits in the approval inbox: every autonomous action that reaches outside the business.
 * lead_email: a follow-up email to one lead; post_publish: a post going out on LinkedIn;
 * campaign_send: a campaign going to its audience.
 */
export const approvalKinds = ['lead_email', 'post_publish', 'campaign_send'] as const;
export type ApprovalKind = (typeof approvalKinds)[number];
export const approvalKindSchema = z.enum(approvalKinds);

/**
 * pending: waits for a decision; approved: yes given, the action is queued; executed: it ran;
 * failed: it ran and failed (error says why); rejected; expired: nobody decided in time, nothing
 * was done; cancelled: the target changed or went away before it ran.
 */
export const approvalStatuses = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'executed',
  'failed',
  'cancelled',
] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];
export const approvalStatusSchema = z.enum(approvalStatuses);

export const approvalRisks = ['low', 'medium', 'high'] as const;
export type ApprovalRisk = (typeof approvalRisks)[number];
export const approvalRiskSchema = z.enum(approvalRisks);

/** The exact content that goes out. subject is null for a post. */
export const approvalContentSchema = z.object({ subject: z.string().nullable(), body: z.string() });
export type ApprovalContent = z.infer<typeof approvalContentSchema>;

export const approvalItemSchema = z.object({
  id: z.uuid(),
  kind: approvalKindSchema,
  status: approvalStatusSchema,
  title: z.string(),
  /** lead, post or campaign, and that record's id. */
  targetType: z.enum(['lead', 'post', 'campaign']),
  targetId: z.uuid(),
  /** To whom, in words, and how many people it reaches. */
  audience: z.string(),
  audienceSize: z.number().int(),
  content: approvalContentSchema,
  /** True for a template written offline: it must be edited before it can be approved. */
  needsEdit: z.boolean(),
  risk: approvalRiskSchema,
  riskReasons: z.array(z.string()),
  /** The money involved (the lead's deal value), minor units of `currency`. */
  moneyMinor: z.number().int(),
  currency: z.string(),
  /** Why: the insight's reason and its evidence. */
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  insightId: z.uuid().nullable(),
  taskId: z.uuid().nullable(),
  expiresAt: isoDateSchema,
  /** The auto-approve rule that approved it, if one did. */
  autoRuleId: z.uuid().nullable(),
  edited: z.boolean(),
  decidedById: z.uuid().nullable(),
  decidedAt: isoDateSchema.nullable(),
  decisionNote: z.string(),
  executedAt: isoDateSchema.nullable(),
  /** What the action did (emailed to, post urn, recipients), once it ran. */
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type ApprovalItem = z.infer<typeof approvalItemSchema>;

export const listApprovalsQuerySchema = pageQuerySchema.extend({
  status: approvalStatusSchema.optional(),
  kind: approvalKindSchema.optional(),
});
export type ListApprovalsQuery = z.output<typeof listApprovalsQuerySchema>;

export const approvalParamsSchema = z.object({ orgId: z.uuid(), approvalId: z.uuid() });

const contentEditSchema = z.object({
  subject: z.string().trim().min(1, 'Write a subject').max(200).nullable().optional(),
  body: z.string().trim().min(1, 'Write the message').max(20_000),
});

export const editApprovalInputSchema = z.object({ content: contentEditSchema });
export type EditApprovalInput = z.output<typeof editApprovalInputSchema>;

/** Approve, optionally with edited content (edit then approve in one step). */
export const approveInputSchema = z.object({ content: contentEditSchema.optional() });
export type ApproveInput = z.output<typeof approveInputSchema>;

export const rejectInputSchema = z.object({ note: z.string().trim().max(1_000).default('') });
export type RejectInput = z.output<typeof rejectInputSchema>;

export const MAX_BULK_APPROVALS = 100;
export const bulkDecisionInputSchema = z.object({
  ids: z
    .array(z.uuid())
    .min(1, 'Choose at least one item')
    .max(MAX_BULK_APPROVALS, `At most ${MAX_BULK_APPROVALS} items at once`),
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(1_000).default(''),
});
export type BulkDecisionInput = z.output<typeof bulkDecisionInputSchema>;

/** Each item's own answer: one stale item does not stop the rest. */
export const bulkDecisionResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.uuid(),
      ok: z.boolean(),
      item: approvalItemSchema.nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
});
export type BulkDecisionResult = z.infer<typeof bulkDecisionResultSchema>;

export const approvalCountSchema = z.object({ pending: z.number().int() });

export const approvalRuleSchema = z.object({
  id: z.uuid(),
  kind: approvalKindSchema,
  /** The highest risk it covers. */
  maxRisk: approvalRiskSchema,
  /** Only items whose money involved is below this (minor units of `currency`); null: any amount. */
  maxMoneyMinor: z.number().int().nullable(),
  currency: z.string(),
  /** Only Monday to Friday in the org's timezone. */
  weekdaysOnly: z.boolean(),
  enabled: z.boolean(),
  /** The rule in words ("Follow-up emails to leads under $1,000, low risk"). */
  description: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type ApprovalRule = z.infer<typeof approvalRuleSchema>;

export const createApprovalRuleInputSchema = z.object({
  kind: approvalKindSchema,
  maxRisk: approvalRiskSchema.default('low'),
  maxMoneyMinor: z.number().int().min(0).max(2_000_000_000).nullable().default(null),
  weekdaysOnly: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type CreateApprovalRuleInput = z.output<typeof createApprovalRuleInputSchema>;

export const updateApprovalRuleInputSchema = z
  .object({
    maxRisk: approvalRiskSchema.optional(),
    maxMoneyMinor: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
    weekdaysOnly: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'Change at least one field');
export type UpdateApprovalRuleInput = z.output<typeof updateApprovalRuleInputSchema>;

export const approvalRuleParamsSchema = z.object({ orgId: z.uuid(), ruleId: z.uuid() });

const tag = 'Approvals';
const orgParams = z.object({ orgId: z.uuid() });
const reader = orgAuth('member', 'read');
const admin = orgAuth('admin', null);
export const approvalEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/approvals',
    summary: 'The approval inbox: actions that reach outside the business, waiting or decided, newest first',
    tag,
    auth: reader,
    params: orgParams,
    query: listApprovalsQuerySchema,
    status: 200,
    response: pageSchema(approvalItemSchema),
  }),
  count: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/approvals/count',
    summary: 'How many items wait for a decision (the number in the navigation)',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: approvalCountSchema,
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/approvals/:approvalId',
    summary: 'One item: what, to whom, the exact content, why, the risk and when it expires',
    tag,
    auth: reader,
    params: approvalParamsSchema,
    status: 200,
    response: approvalItemSchema,
  }),
  edit: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/approvals/:approvalId',
    summary: 'Edit the content of a pending item',
    tag,
    auth: admin,
    params: approvalParamsSchema,
    body: editApprovalInputSchema,
    status: 200,
    response: approvalItemSchema,
    errors: [409],
  }),
  approve: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/approvals/:approvalId/approve',
    summary:
      'Approve a pending item (optionally with edited content): it runs once. 409 when it is no longer pending, has expired, or its target changed since it was made',
    tag,
    auth: admin,
    params: approvalParamsSchema,
    body: approveInputSchema,
    status: 200,
    response: approvalItemSchema,
    errors: [409],
  }),
  reject: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/approvals/:approvalId/reject',
    summary: 'Reject a pending item: nothing is sent',
    tag,
    auth: admin,
    params: approvalParamsSchema,
    body: rejectInputSchema,
    status: 200,
    response: approvalItemSchema,
    errors: [409],
  }),
  bulk: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/approvals/bulk',
    summary: 'Approve or reject many items at once; each item answers for itself',
    tag,
    auth: admin,
    params: orgParams,
    body: bulkDecisionInputSchema,
    status: 200,
    response: bulkDecisionResultSchema,
  }),
  rules: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/approval-rules',
    summary: 'Auto-approve rules: items they cover are approved when made',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(approvalRuleSchema) }),
  }),
  createRule: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/approval-rules',
    summary: 'Add an auto-approve rule (per kind, up to a risk, under an amount, on weekdays)',
    tag,
    auth: admin,
    params: orgParams,
    body: createApprovalRuleInputSchema,
    status: 201,
    response: approvalRuleSchema,
  }),
  updateRule: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/approval-rules/:ruleId',
    summary: 'Change or pause an auto-approve rule',
    tag,
    auth: admin,
    params: approvalRuleParamsSchema,
    body: updateApprovalRuleInputSchema,
    status: 200,
    response: approvalRuleSchema,
  }),
  removeRule: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/approval-rules/:ruleId',
    summary: 'Delete an auto-approve rule',
    tag,
    auth: admin,
    params: approvalRuleParamsSchema,
    status: 204,
    response: null,
  }),
};
