import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, platformAdminAuth } from './contract';
import { planDefinitions, plans, planSchema, type Plan } from './plans';

/**
 * The margin guard. Each plan gets an AI budget per calendar month (UTC): a share of its price,
 * never below a floor (the free plan costs nothing, so its budget is the floor). The owner sees it
 * as the "AI allowance". Past ECONOMY_PERCENT answers use each provider's cheaper model; a call
 * whose estimated cost no longer fits is refused (402) until the month ends or an admin raises it.
 */

/** Past this share of the month's allowance, answers use the cheaper (economy) models. */
export const ECONOMY_PERCENT = 80;
/** Thresholds at which the platform admins are alerted, once each per org and month. */
export const aiBudgetAlertPercents = [50, 80, 100] as const;
/** One US cent in nano-dollars (the unit AI costs are counted in). */
export const NANO_USD_PER_CENT = 10_000_000;

export const planAiBudgetSchema = z.object({
  /** Share of the plan's monthly price the AI may cost, in whole percent. */
  sharePercent: z.number().int().min(0, 'Use a share of 0% or more').max(100, 'Use a share of at most 100%'),
  /** The least budget, in US cents, whatever the price (the free plan's budget). */
  floorCents: z
    .number()
    .int()
    .min(0, 'Use a floor of $0.00 or more')
    .max(10_000_000, 'Use a floor of at most $100,000'),
});
export type PlanAiBudget = z.infer<typeof planAiBudgetSchema>;

/** PlatformSettings.aiBudgets: one entry per plan. */
export const aiBudgetPlansSchema = z.object(
  Object.fromEntries(plans.map((plan) => [plan, planAiBudgetSchema])) as Record<Plan, typeof planAiBudgetSchema>,
);
export type AiBudgetPlans = z.infer<typeof aiBudgetPlansSchema>;

/** 30% of the price; the free plan gets 50 cents a month. */
export const defaultAiBudgetPlans: AiBudgetPlans = {
  free: { sharePercent: 30, floorCents: 50 },
  pro: { sharePercent: 30, floorCents: 0 },
  enterprise: { sharePercent: 30, floorCents: 0 },
};

/** Stored settings read leniently: anything missing or malformed falls back to the defaults. */
export const aiBudgetPlansFrom = (stored: unknown): AiBudgetPlans => {
  const parsed = aiBudgetPlansSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultAiBudgetPlans;
};

/** A plan's monthly AI budget in US cents: its share of the price, never below the floor. */
export const planAiBudgetCents = (plan: Plan, budgets: AiBudgetPlans): number => {
  const { sharePercent, floorCents } = budgets[plan];
  return Math.max(floorCents, Math.round((planDefinitions[plan].priceCents * sharePercent) / 100));
};

/** normal: below ECONOMY_PERCENT; economy: cheaper models; stopped: the allowance is used up. */
export const aiAllowanceStates = ['normal', 'economy', 'stopped'] as const;
export type AiAllowanceState = (typeof aiAllowanceStates)[number];

/** Money figures of an allowance, in US cents (shown to admins and owners only). */
export const aiAllowanceMoneySchema = z.object({
  currency: z.literal('USD'),
  /** The plan's budget this month. */
  budgetCents: z.number().int(),
  /** Added by a platform admin for this month. */
  extraCents: z.number().int(),
  /** AI cost so far this month (rounded to the cent). */
  spentCents: z.number().int(),
  /** Budget + extra - spent, never negative. */
  remainingCents: z.number().int(),
  /** The plan's price per month. */
  priceCents: z.number().int(),
});
export type AiAllowanceMoney = z.infer<typeof aiAllowanceMoneySchema>;

export const aiAllowanceSchema = z.object({
  plan: planSchema,
  /** 'YYYY-MM' (UTC) */
  month: z.string(),
  state: z.enum(aiAllowanceStates),
  /** Share of the allowance used this month, 0-100 (rounded down, so 100 means used up). */
  percentUsed: z.number().int(),
  /** Where economy models take over. */
  economyPercent: z.number().int(),
  /** When the allowance starts again (first of next month, 00:00 UTC). */
  resetsAt: isoDateSchema,
  /** False in offline mode: the template answers cost nothing and use no allowance. */
  aiOnline: z.boolean(),
  /** Null for members below admin. */
  money: aiAllowanceMoneySchema.nullable(),
});
export type AiAllowance = z.infer<typeof aiAllowanceSchema>;

/** `details` of the 402 QUOTA_EXCEEDED answered when a call no longer fits the month's AI allowance. */
export const aiAllowanceExceededDetailsSchema = z.object({
  reason: z.literal('ai_allowance'),
  plan: planSchema,
  percentUsed: z.number().int(),
  resetsAt: isoDateSchema,
});
export type AiAllowanceExceededDetails = z.infer<typeof aiAllowanceExceededDetailsSchema>;

export const adminPlanAiBudgetSchema = planAiBudgetSchema.extend({
  plan: planSchema,
  name: z.string(),
  priceCents: z.number().int(),
  /** What the share and floor come to. */
  budgetCents: z.number().int(),
});
export type AdminPlanAiBudget = z.infer<typeof adminPlanAiBudgetSchema>;

export const adminOrgAiBudgetSchema = z.object({
  orgId: z.uuid(),
  name: z.string(),
  plan: planSchema,
  state: z.enum(aiAllowanceStates),
  percentUsed: z.number().int(),
  priceCents: z.number().int(),
  budgetCents: z.number().int(),
  extraCents: z.number().int(),
  /** AI cost this month, rounded to the cent. */
  costCents: z.number().int(),
  /** Exact AI cost this month in nano-dollars. */
  costNanoUsd: z.number().int(),
  /** Price minus AI cost (negative: the org costs more than it pays). */
  marginCents: z.number().int(),
});
export type AdminOrgAiBudget = z.infer<typeof adminOrgAiBudgetSchema>;

export const adminAiBudgetsSchema = z.object({
  month: z.string(),
  plans: z.array(adminPlanAiBudgetSchema),
  /** Orgs with AI cost this month, nearest their allowance first (at most 100). */
  orgs: z.array(adminOrgAiBudgetSchema),
});
export type AdminAiBudgets = z.infer<typeof adminAiBudgetsSchema>;

export const raiseAiBudgetInputSchema = z.object({
  amountCents: z
    .number()
    .int('Give the amount in whole cents')
    .min(1, 'Raise by at least one cent')
    .max(10_000_000, 'Raise by at most $100,000 at a time'),
  reason: z.string().trim().min(1, 'Say why the allowance is raised').max(500, 'Keep the reason under 500 characters'),
});
export type RaiseAiBudgetInput = z.infer<typeof raiseAiBudgetInputSchema>;

export const platformAlertSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  orgId: z.uuid().nullable(),
  orgName: z.string().nullable(),
  message: z.string(),
  createdAt: isoDateSchema,
  readAt: isoDateSchema.nullable(),
});
export type PlatformAlert = z.infer<typeof platformAlertSchema>;

export const listPlatformAlertsQuerySchema = z.object({
  /** Only the alerts nobody has marked read. */
  unread: z.enum(['true', 'false']).optional(),
});

const orgParams = z.object({ orgId: z.uuid() });
const tag = 'AI budget';
export const aiBudgetEndpoints = {
  getAllowance: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/ai-allowance',
    summary: "This month's AI allowance: share used, state and when it resets (money figures for admins)",
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: aiAllowanceSchema,
  }),
  adminGet: defineEndpoint({
    method: 'GET',
    path: '/api/admin/ai-budgets',
    summary: 'AI budget per plan and the orgs nearest their budget (platform admin)',
    tag,
    auth: platformAdminAuth,
    status: 200,
    response: adminAiBudgetsSchema,
  }),
  adminUpdate: defineEndpoint({
    method: 'PUT',
    path: '/api/admin/ai-budgets',
    summary: 'Set the AI budget of each plan (platform admin)',
    tag,
    auth: platformAdminAuth,
    body: aiBudgetPlansSchema,
    status: 200,
    response: adminAiBudgetsSchema,
  }),
  adminRaise: defineEndpoint({
    method: 'POST',
    path: '/api/admin/orgs/:orgId/ai-budget/raise',
    summary: "Raise an org's AI allowance for this month, with a reason (platform admin)",
    tag,
    auth: platformAdminAuth,
    params: orgParams,
    body: raiseAiBudgetInputSchema,
    status: 200,
    response: adminOrgAiBudgetSchema,
    errors: [404],
  }),
  adminListAlerts: defineEndpoint({
    method: 'GET',
    path: '/api/admin/alerts',
    summary: 'Alerts for the platform admins, newest first (at most 200)',
    tag,
    auth: platformAdminAuth,
    query: listPlatformAlertsQuerySchema,
    status: 200,
    response: z.object({ items: z.array(platformAlertSchema), unread: z.number().int() }),
  }),
  adminReadAlert: defineEndpoint({
    method: 'POST',
    path: '/api/admin/alerts/:alertId/read',
    summary: 'Mark an alert read (platform admin)',
    tag,
    auth: platformAdminAuth,
    params: z.object({ alertId: z.uuid() }),
    status: 200,
    response: platformAlertSchema,
    errors: [404],
  }),
};
