import { z } from 'zod';
import { idSchema, isoDateSchema, pageQuerySchema, pageSchema } from './common';
import { defineEndpoint, orgAuth, platformAdminAuth, publicAuth } from './contract';
import { redirectSchema } from './stripe-billing';

/** Kinds of ledger entry: grant, purchase and refund add; consume removes; adjustment does either. */
export const creditEntryKinds = ['grant', 'purchase', 'consume', 'refund', 'adjustment'] as const;
export type CreditEntryKind = (typeof creditEntryKinds)[number];

export const creditDisputeStatuses = ['open', 'refunded', 'rejected'] as const;
export type CreditDisputeStatus = (typeof creditDisputeStatuses)[number];

/** A credit pack sold through Stripe Checkout in payment mode; its price is in minor units of `currency` (we bill in USD). */
export type CreditPack = { id: string; credits: number; priceCents: number; currency: 'USD' };

/** The one list of credit packs: the API sells these and the SPA shows them. */
export const creditPacks = [
  { id: 'credits-100', credits: 100, priceCents: 1_000, currency: 'USD' },
  { id: 'credits-500', credits: 500, priceCents: 4_500, currency: 'USD' },
  { id: 'credits-2000', credits: 2_000, priceCents: 16_000, currency: 'USD' },
] as const satisfies readonly CreditPack[];

export const creditPackIds = creditPacks.map((pack) => pack.id) as [string, ...string[]];

/** The pack with this id, or undefined. */
export const findCreditPack = (id: string): CreditPack | undefined => creditPacks.find((pack) => pack.id === id);

/**
 * Header that makes a consumption safe to retry: the same key returns the first answer
 * and charges nothing more.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1, 'Send an Idempotency-Key header')
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces');

/** One ledger entry; entries are never changed once written. */
export const creditEntrySchema = z.object({
  id: z.uuid(),
  kind: z.enum(creditEntryKinds),
  /** Positive adds credits, negative removes them. */
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  reason: z.string().nullable(),
  actorUserId: z.uuid().nullable(),
  /** For a refund: the entry it gives back. */
  relatedEntryId: z.uuid().nullable(),
  createdAt: isoDateSchema,
});
export type CreditEntry = z.infer<typeof creditEntrySchema>;

/** The balance and a page of the ledger, newest first. */
export const creditsSchema = z.object({
  balance: z.number().int(),
  entries: pageSchema(creditEntrySchema),
});
export type Credits = z.infer<typeof creditsSchema>;

export const consumeCreditsInputSchema = z.object({
  amount: z.number().int().min(1).max(1_000_000),
  reason: z.string().trim().min(1, 'Say what the credits pay for').max(200),
});
export type ConsumeCreditsInput = z.infer<typeof consumeCreditsInputSchema>;

export const consumptionSchema = z.object({
  entry: creditEntrySchema,
  /** The balance now; on a replay the original balance is `entry.balanceAfter`. */
  balance: z.number().int(),
  /** True when the idempotency key was seen before: this is the first answer again and nothing was charged. */
  replayed: z.boolean(),
});
export type Consumption = z.infer<typeof consumptionSchema>;

export const adjustCreditsInputSchema = z.object({
  amount: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((n) => n !== 0, 'Use a non-zero amount'),
  reason: z.string().trim().min(1, 'Give a reason').max(500),
});
export type AdjustCreditsInput = z.infer<typeof adjustCreditsInputSchema>;

export const adjustmentSchema = z.object({ entry: creditEntrySchema, balance: z.number().int() });

export const creditCheckoutInputSchema = z.object({
  packId: z.enum(creditPackIds, { message: `Pick one of ${creditPackIds.join(', ')}` }),
});
export type CreditCheckoutInput = z.infer<typeof creditCheckoutInputSchema>;

export const creditPackSchema = z.object({
  id: z.string(),
  credits: z.number().int(),
  priceCents: z.number().int(),
  currency: z.string(),
});

export const creditDisputeSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  entryId: z.uuid(),
  status: z.enum(creditDisputeStatuses),
  reason: z.string(),
  resolutionNote: z.string().nullable(),
  openedBy: z.uuid(),
  resolvedBy: z.uuid().nullable(),
  createdAt: isoDateSchema,
  resolvedAt: isoDateSchema.nullable(),
});
export type CreditDispute = z.infer<typeof creditDisputeSchema>;

export const openDisputeInputSchema = z.object({ reason: z.string().trim().min(1, 'Say what is wrong').max(1_000) });
export const resolveDisputeInputSchema = z.object({
  outcome: z.enum(['refund', 'reject'], { message: 'Pick refund or reject' }),
  note: z.string().trim().min(1, 'Add a note for the organisation').max(1_000),
});
export type ResolveDisputeInput = z.infer<typeof resolveDisputeInputSchema>;

export const listDisputesQuerySchema = pageQuerySchema.extend({ status: z.enum(creditDisputeStatuses).optional() });

const tag = 'Credits';
const orgParams = z.object({ orgId: z.uuid() });
export const creditEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/credits',
    summary: 'Credit balance and the ledger, newest first (member+)',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    query: pageQuerySchema,
    status: 200,
    response: creditsSchema,
  }),
  consume: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/credits/consume',
    summary:
      'Spend credits for one action; requires an Idempotency-Key header, and a retry with the same key charges nothing (member+, write keys; 402 when the balance is short, 409 when the key was used for a different request)',
    tag,
    auth: orgAuth('member', 'write'),
    params: orgParams,
    body: consumeCreditsInputSchema,
    status: 201,
    response: consumptionSchema,
    errors: [402, 409],
  }),
  packs: defineEndpoint({
    method: 'GET',
    path: '/api/credits/packs',
    summary: 'Credit packs for sale',
    tag,
    auth: publicAuth,
    status: 200,
    response: z.object({ items: z.array(creditPackSchema) }),
  }),
  checkout: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/credits/checkout',
    summary:
      'Start a Stripe Checkout (payment mode) for a credit pack; credits arrive with the webhook (owner only, no API keys)',
    tag,
    auth: orgAuth('owner', null),
    params: orgParams,
    body: creditCheckoutInputSchema,
    status: 200,
    response: redirectSchema,
    errors: [503],
  }),
  listDisputes: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/credits/disputes',
    summary: "The org's credit disputes, newest first (member+)",
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    query: listDisputesQuerySchema,
    status: 200,
    response: pageSchema(creditDisputeSchema),
  }),
  openDispute: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/credits/entries/:entryId/disputes',
    summary:
      'Dispute a charge (a ledger entry that removed credits); one open dispute per entry (owner only, no API keys)',
    tag,
    auth: orgAuth('owner', null),
    params: z.object({ orgId: z.uuid(), entryId: idSchema }),
    body: openDisputeInputSchema,
    status: 201,
    response: creditDisputeSchema,
    errors: [409],
  }),
  adminAdjust: defineEndpoint({
    method: 'POST',
    path: '/api/admin/orgs/:orgId/credits/adjust',
    summary: 'Add or remove credits with a reason; never below a zero balance (platform admin)',
    tag,
    auth: platformAdminAuth,
    params: orgParams,
    body: adjustCreditsInputSchema,
    status: 201,
    response: adjustmentSchema,
    errors: [404, 409],
  }),
  adminListDisputes: defineEndpoint({
    method: 'GET',
    path: '/api/admin/credit-disputes',
    summary: 'Credit disputes of every org, newest first (platform admin)',
    tag,
    auth: platformAdminAuth,
    query: listDisputesQuerySchema,
    status: 200,
    response: pageSchema(creditDisputeSchema),
  }),
  adminResolveDispute: defineEndpoint({
    method: 'POST',
    path: '/api/admin/credit-disputes/:disputeId/resolve',
    summary:
      'Resolve an open dispute: refund appends a refund entry of the disputed amount, reject changes no balance (platform admin)',
    tag,
    auth: platformAdminAuth,
    params: z.object({ disputeId: idSchema }),
    body: resolveDisputeInputSchema,
    status: 200,
    response: creditDisputeSchema,
    errors: [404, 409],
  }),
};
