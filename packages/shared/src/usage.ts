import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';
import { planSchema, usageResourceSchema } from './plans';

/** Use of one resource in the current month. */
export const resourceUsageSchema = z.object({
  resource: usageResourceSchema,
  limit: z.number().int(),
  used: z.number().int(),
  /** Units left this month (never negative). */
  remaining: z.number().int(),
});
export type ResourceUsage = z.infer<typeof resourceUsageSchema>;

/** An org's plan and its use of every limited resource this calendar month (UTC). */
export const usageSchema = z.object({
  plan: planSchema,
  /** 'YYYY-MM' */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  /** When the counters start again from zero (first of next month, 00:00 UTC). */
  resetsAt: isoDateSchema,
  resources: z.array(resourceUsageSchema),
});
export type Usage = z.infer<typeof usageSchema>;

/** `details` of a 402 QUOTA_EXCEEDED answer: what ran out, and what the next plan offers. */
export const quotaExceededDetailsSchema = z.object({
  resource: usageResourceSchema,
  limit: z.number().int(),
  used: z.number().int(),
  plan: planSchema,
  /** Null on the largest plan. */
  upgrade: z.object({ plan: planSchema, limit: z.number().int() }).nullable(),
  /** Units the refused action asked for (absent: one). Below `limit - used` means some are left, just not enough. */
  requested: z.number().int().optional(),
  /**
   * Set when the refusal is the plan's cap on recipients per campaign, not the monthly allowance:
   * the campaign's recipients, the cap, and the next plan's cap (null on the largest).
   */
  campaignRecipients: z
    .object({ recipients: z.number().int(), cap: z.number().int(), upgradeCap: z.number().int().nullable() })
    .optional(),
});
export type QuotaExceededDetails = z.infer<typeof quotaExceededDetailsSchema>;

const tag = 'Usage';
export const usageEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/usage',
    summary: "The org's plan and this month's usage per resource",
    tag,
    auth: orgAuth('member', 'read'),
    params: z.object({ orgId: z.uuid() }),
    status: 200,
    response: usageSchema,
  }),
};
