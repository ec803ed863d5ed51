import { z } from 'zod';
import { defineEndpoint, platformAdminAuth } from './contract';
import { idSchema, isoDateSchema, isoDaySchema, pageQuerySchema, pageSchema } from './common';
import { aiProviderStatusSchema } from './ai';
import { jobHealthSchema } from './health';
import { planSchema } from './plans';
import { mrrMovementKinds } from './saas-metrics';

export const adminUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isPlatformAdmin: z.boolean(),
  orgCount: z.number().int(),
  createdAt: isoDateSchema,
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const listAdminUsersQuerySchema = pageQuerySchema.extend({ search: z.string().trim().max(100).optional() });

export const platformSettingsSchema = z.object({
  privateMode: z.boolean(),
  /** True when PRIVATE_MODE=true in the environment; the switch cannot turn it off. */
  privateModeForcedByEnv: z.boolean(),
});
export type PlatformSettings = z.infer<typeof platformSettingsSchema>;
export const updatePlatformSettingsInputSchema = z.object({ privateMode: z.boolean() });

export const inviteCodeStatuses = ['active', 'used_up', 'expired', 'revoked'] as const;
export const inviteCodeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  note: z.string().nullable(),
  maxUses: z.number().int(),
  usedCount: z.number().int(),
  /** Signups this code still admits: 0 unless `status` is `active`. */
  usesRemaining: z.number().int(),
  /** `revoked` wins over `used_up`, which wins over `expired`. */
  status: z.enum(inviteCodeStatuses),
  expiresAt: isoDateSchema.nullable(),
  revokedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
});
export type InviteCode = z.infer<typeof inviteCodeSchema>;

export const createInviteCodeInputSchema = z.object({
  maxUses: z.number().int().min(1).max(10_000).default(1),
  /** Days until the code stops working; no expiry when left out. */
  expiresInDays: z.number().int().min(1).max(365).optional(),
  note: z.string().trim().max(200).optional(),
  /** A memorable code of your own (stored upper-case; codes match case-insensitively); random when left out. */
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{6,64}$/, 'Use 6-64 letters, digits or dashes')
    .toUpperCase()
    .optional(),
});
export type CreateInviteCodeInput = z.infer<typeof createInviteCodeInputSchema>;

export const outboxMailSchema = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  transport: z.string(),
  sentAt: isoDateSchema.nullable(),
  error: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type OutboxMail = z.infer<typeof outboxMailSchema>;

/** The plan a platform admin sets by hand (while Stripe is not configured). */
export const updateOrgPlanInputSchema = z.object({ plan: planSchema });
export type UpdateOrgPlanInput = z.infer<typeof updateOrgPlanInputSchema>;
export const adminOrgPlanSchema = z.object({ orgId: z.uuid(), plan: planSchema });
export type AdminOrgPlan = z.infer<typeof adminOrgPlanSchema>;

/** A calendar month, 'YYYY-MM' (UTC). */
export const monthParamSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month as YYYY-MM');

/** Longest range the metrics answer in one request. */
export const MAX_METRICS_MONTHS = 36;
const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** Months to report, both included; by default the last 6 months up to the current one. */
export const adminMetricsQuerySchema = z
  .object({ from: monthParamSchema.optional(), to: monthParamSchema.optional() })
  .refine((q) => !q.from || !q.to || monthIndex(q.from) <= monthIndex(q.to), {
    message: 'The first month must not be after the last',
    path: ['from'],
  })
  .refine((q) => !q.from || !q.to || monthIndex(q.to) - monthIndex(q.from) < MAX_METRICS_MONTHS, {
    message: `Ask for at most ${MAX_METRICS_MONTHS} months`,
    path: ['to'],
  });
export type AdminMetricsQuery = z.infer<typeof adminMetricsQuerySchema>;

/**
 * One month of SaaS metrics (ChartMogul's definitions, Standard churn formula); money in minor
 * units of `currency`. Rates are fractions (0.2 = 20%), null when the month started at zero MRR.
 */
export const monthMetricsSchema = z.object({
  month: z.string(),
  mrrStartCents: z.number().int(),
  mrrEndCents: z.number().int(),
  newCents: z.number().int(),
  expansionCents: z.number().int(),
  contractionCents: z.number().int(),
  churnCents: z.number().int(),
  reactivationCents: z.number().int(),
  netNewCents: z.number().int(),
  /** (churn + contraction) / MRR at start. */
  grossMrrChurnRate: z.number().nullable(),
  /** (churn + contraction - expansion - reactivation) / MRR at start; negative is net expansion. */
  netMrrChurnRate: z.number().nullable(),
  /** MRR at the end of the month / paying organisations then (may have a fraction of a cent). */
  arpaCents: z.number().nullable(),
  customersStart: z.number().int(),
  customersEnd: z.number().int(),
  newCustomers: z.number().int(),
  churnedCustomers: z.number().int(),
  reactivatedCustomers: z.number().int(),
});
export type MonthMetrics = z.infer<typeof monthMetricsSchema>;

export const saasMetricsSchema = z.object({
  currency: z.string(),
  from: z.string(),
  to: z.string(),
  months: z.array(monthMetricsSchema),
  /** MRR now: each organisation's latest movement. */
  mrrNowCents: z.number().int(),
  payingCustomersNow: z.number().int(),
  /** Stripe subscriptions by status now (BillingAccount.subscriptionStatus); `manual` counts orgs paying by an admin-set plan without one. */
  subscriptions: z.object({
    active: z.number().int(),
    trialing: z.number().int(),
    pastDue: z.number().int(),
    cancelled: z.number().int(),
    other: z.number().int(),
    manual: z.number().int(),
  }),
});
export type SaasMetrics = z.infer<typeof saasMetricsSchema>;

export const mrrMovementSchema = z.object({
  id: idSchema,
  occurredAt: isoDateSchema,
  kind: z.enum(mrrMovementKinds),
  fromCents: z.number().int(),
  toCents: z.number().int(),
  currency: z.string(),
  planFrom: planSchema.nullable(),
  planTo: planSchema.nullable(),
  /** 'stripe' (a webhook), 'admin' (a manual plan change) or 'backfill' (the history's start). */
  source: z.string(),
});
export type MrrMovement = z.infer<typeof mrrMovementSchema>;

export const listAdminOrgsQuerySchema = pageQuerySchema.extend({ search: z.string().trim().max(100).optional() });
export type ListAdminOrgsQuery = z.infer<typeof listAdminOrgsQuerySchema>;

/**
 * An organisation with its money this calendar month (UTC). Revenue is its MRR (USD cents); AI
 * cost is the sum of its AI calls this month in nano-dollars (1e-9 USD); the margin is MRR minus
 * AI cost, in cents (rounded) and as a fraction of MRR (null without MRR).
 */
export const adminOrgSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  plan: planSchema,
  members: z.number().int(),
  currency: z.literal('USD'),
  mrrCents: z.number().int(),
  /** What it paid us this month: plan invoices and credit packs (its books' billing rows). */
  paidThisMonthCents: z.number().int(),
  aiCostNanoUsd: z.number().int(),
  marginCents: z.number().int(),
  marginRate: z.number().nullable(),
  createdAt: isoDateSchema,
});
export type AdminOrg = z.infer<typeof adminOrgSchema>;

export const adminOrgDetailSchema = adminOrgSchema.extend({
  billing: z
    .object({
      subscriptionStatus: z.string().nullable(),
      currentPeriodEnd: isoDateSchema.nullable(),
      pastDueSince: isoDateSchema.nullable(),
    })
    .nullable(),
  creditBalance: z.number().int(),
  aiCallsThisMonth: z.number().int(),
  /** Up to 50 members, owners first. */
  memberList: z.array(z.object({ userId: idSchema, name: z.string(), email: z.string(), role: z.string() })),
  /** The latest 20 MRR movements, newest first. */
  movements: z.array(mrrMovementSchema),
});
export type AdminOrgDetail = z.infer<typeof adminOrgDetailSchema>;

/** A credit dispute with what an admin needs to decide it: the organisation and the disputed entry. */
export const adminDisputeSchema = z.object({
  id: idSchema,
  status: z.enum(['open', 'refunded', 'rejected']),
  reason: z.string(),
  resolutionNote: z.string().nullable(),
  createdAt: isoDateSchema,
  resolvedAt: isoDateSchema.nullable(),
  org: z.object({ id: idSchema, name: z.string(), slug: z.string() }),
  entry: z
    .object({
      id: idSchema,
      kind: z.string(),
      amount: z.number().int(),
      reason: z.string().nullable(),
      createdAt: isoDateSchema,
    })
    .nullable(),
  openedBy: z.object({ id: idSchema, name: z.string(), email: z.string() }).nullable(),
});
export type AdminDispute = z.infer<typeof adminDisputeSchema>;
export const listAdminDisputesQuerySchema = pageQuerySchema.extend({
  status: z.enum(['open', 'refunded', 'rejected']).optional(),
});

/** Days to report, both included (UTC); by default the last 30 days. */
export const MAX_AI_USAGE_DAYS = 366;
export const adminAiUsageQuerySchema = z
  .object({ from: isoDaySchema.optional(), to: isoDaySchema.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'The first day must not be after the last',
    path: ['from'],
  })
  .refine((q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_AI_USAGE_DAYS, {
    message: `Ask for at most ${MAX_AI_USAGE_DAYS} days`,
    path: ['to'],
  });
export type AdminAiUsageQuery = z.infer<typeof adminAiUsageQuerySchema>;

const aiUsageFiguresSchema = z.object({
  calls: z.number().int(),
  failed: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costNanoUsd: z.number().int(),
});
export const adminAiUsageSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: aiUsageFiguresSchema,
  byProvider: z.array(aiUsageFiguresSchema.extend({ provider: z.string() })),
  byModel: z.array(aiUsageFiguresSchema.extend({ provider: z.string(), model: z.string() })),
  /** Days with at least one call, oldest first. */
  byDay: z.array(aiUsageFiguresSchema.extend({ day: z.string() })),
});
export type AdminAiUsage = z.infer<typeof adminAiUsageSchema>;

export const adminHealthSchema = z.object({
  checkedAt: isoDateSchema,
  version: z.string(),
  uptimeSeconds: z.number(),
  jobs: z.array(jobHealthSchema.extend({ runs24h: z.number().int(), failures24h: z.number().int() })),
  queue: z.object({
    /** Pending tasks whose time has come. */
    pendingDue: z.number().int(),
    /** Pending tasks scheduled later (retry backoff or a set time). */
    pendingLater: z.number().int(),
    inProgress: z.number().int(),
    failed24h: z.number().int(),
    /** When the oldest due task became due; null with none waiting. */
    oldestDueAt: isoDateSchema.nullable(),
  }),
  database: z.object({
    kind: z.enum(['pglite', 'postgresql']),
    ok: z.boolean(),
    /** Round trips of SELECT 1, in order. */
    samplesMs: z.array(z.number()),
    medianMs: z.number().nullable(),
  }),
  ai: z.object({ mode: z.enum(['online', 'offline']), providers: z.array(aiProviderStatusSchema) }),
  /** `configured` only with real Stripe keys; `local-stand-in` is the stand-in that fakes Stripe. */
  stripe: z.object({ mode: z.enum(['stripe', 'local-stand-in', 'not-configured']), configured: z.boolean() }),
  /** Without SMTP every mail waits in the outbox (readable under Outbox). */
  smtp: z.object({ configured: z.boolean() }),
  executor: z.enum(['in-process', 'worker']),
});
export type AdminHealth = z.infer<typeof adminHealthSchema>;

const tag = 'Platform admin';
export const platformEndpoints = {
  listUsers: defineEndpoint({
    method: 'GET',
    path: '/api/admin/users',
    summary: 'All users',
    tag,
    auth: platformAdminAuth,
    query: listAdminUsersQuerySchema,
    status: 200,
    response: pageSchema(adminUserSchema),
  }),
  getSettings: defineEndpoint({
    method: 'GET',
    path: '/api/admin/settings',
    summary: 'Platform switches',
    tag,
    auth: platformAdminAuth,
    status: 200,
    response: platformSettingsSchema,
  }),
  updateSettings: defineEndpoint({
    method: 'PATCH',
    path: '/api/admin/settings',
    summary: 'Turn private (invite-only) mode on or off',
    tag,
    auth: platformAdminAuth,
    body: updatePlatformSettingsInputSchema,
    status: 200,
    response: platformSettingsSchema,
  }),
  listInviteCodes: defineEndpoint({
    method: 'GET',
    path: '/api/admin/invite-codes',
    summary: 'Invite codes',
    tag,
    auth: platformAdminAuth,
    status: 200,
    response: z.object({ items: z.array(inviteCodeSchema) }),
  }),
  createInviteCode: defineEndpoint({
    method: 'POST',
    path: '/api/admin/invite-codes',
    summary: 'Create an invite code',
    tag,
    auth: platformAdminAuth,
    body: createInviteCodeInputSchema,
    status: 201,
    response: inviteCodeSchema,
    errors: [409],
  }),
  revokeInviteCode: defineEndpoint({
    method: 'DELETE',
    path: '/api/admin/invite-codes/:codeId',
    summary: 'Revoke an invite code',
    tag,
    auth: platformAdminAuth,
    params: z.object({ codeId: z.uuid() }),
    status: 204,
    response: null,
  }),
  listOutbox: defineEndpoint({
    method: 'GET',
    path: '/api/admin/outbox',
    summary: 'Mail written to the outbox (newest first)',
    tag,
    auth: platformAdminAuth,
    query: pageQuerySchema,
    status: 200,
    response: pageSchema(outboxMailSchema),
  }),
  updateOrgPlan: defineEndpoint({
    method: 'PATCH',
    path: '/api/admin/orgs/:orgId/plan',
    summary: "Set an organisation's plan by hand",
    tag,
    auth: platformAdminAuth,
    params: z.object({ orgId: z.uuid() }),
    body: updateOrgPlanInputSchema,
    status: 200,
    response: adminOrgPlanSchema,
    errors: [404],
  }),
  metrics: defineEndpoint({
    method: 'GET',
    path: '/api/admin/metrics',
    summary: 'SaaS metrics per month from the MRR movement history (ChartMogul definitions)',
    tag,
    auth: platformAdminAuth,
    query: adminMetricsQuerySchema,
    status: 200,
    response: saasMetricsSchema,
  }),
  listOrgs: defineEndpoint({
    method: 'GET',
    path: '/api/admin/orgs',
    summary: 'Organisations with plan, members, MRR, AI cost and margin this month (search by name or slug)',
    tag,
    auth: platformAdminAuth,
    query: listAdminOrgsQuerySchema,
    status: 200,
    response: pageSchema(adminOrgSchema),
  }),
  getOrg: defineEndpoint({
    method: 'GET',
    path: '/api/admin/orgs/:orgId',
    summary: 'One organisation: money this month, billing, credits, members and MRR movements',
    tag,
    auth: platformAdminAuth,
    params: z.object({ orgId: z.uuid() }),
    status: 200,
    response: adminOrgDetailSchema,
    errors: [404],
  }),
  listDisputes: defineEndpoint({
    method: 'GET',
    path: '/api/admin/disputes',
    summary: 'Credit disputes with their organisation and disputed entry, newest first',
    tag,
    auth: platformAdminAuth,
    query: listAdminDisputesQuerySchema,
    status: 200,
    response: pageSchema(adminDisputeSchema),
  }),
  aiUsage: defineEndpoint({
    method: 'GET',
    path: '/api/admin/ai-usage',
    summary: 'AI calls, tokens and cost platform-wide by provider, model and day (UTC)',
    tag,
    auth: platformAdminAuth,
    query: adminAiUsageQuerySchema,
    status: 200,
    response: adminAiUsageSchema,
  }),
  health: defineEndpoint({
    method: 'GET',
    path: '/api/admin/health',
    summary: "System health: every job's last run, task queue, database latency, AI, Stripe and SMTP",
    tag,
    auth: platformAdminAuth,
    status: 200,
    response: adminHealthSchema,
  }),
};
