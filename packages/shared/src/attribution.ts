import { z } from 'zod';
import { isoDateSchema, isoDaySchema } from './common';
import { defineEndpoint, orgAuth, type Endpoint } from './contract';
import { touchRefKinds } from './utm';

/**
 * Where a visit came from: its UTM parameters, the referring page and the page it landed on.
 * A lead keeps its first touch and its latest (Lead.firstTouch / lastTouch); revenue by source
 * credits either.
 */
export const touchSchema = z.object({
  /** utm_source: linkedin, email, website-chat, google ... ("" when the link carried none). */
  source: z.string().max(200),
  /** utm_medium: social, email, chat, cpc ... */
  medium: z.string().max(200),
  /** utm_campaign: the post's or campaign's name as a slug. */
  campaign: z.string().max(200),
  /** utm_content: which post or campaign exactly (`post-<uuid>`, `campaign-<uuid>`; see refFromTouch). */
  content: z.string().max(200),
  term: z.string().max(200),
  /** document.referrer, or "" for a direct visit. */
  referrer: z.string().max(2000),
  landingPage: z.string().max(2000),
  at: z.iso.datetime(),
});
export type Touch = z.infer<typeof touchSchema>;

/** What a browser reports of a visit; the server stamps the time. */
export const touchInputSchema = touchSchema.omit({ at: true }).partial();
export type TouchInput = z.infer<typeof touchInputSchema>;

export * from './utm';

// --- wire shapes ----------------------------------------------------------------------------

const orgParams = z.object({ orgId: z.uuid() });

/** The post or campaign a touch names, with its name now; `exists` is false once it was deleted. */
export const sourceRefSchema = z.object({
  kind: z.enum(touchRefKinds),
  id: z.uuid(),
  /** The post's title (or first words) or the campaign's name; "Deleted post" once gone. */
  name: z.string(),
  exists: z.boolean(),
});
export type SourceRef = z.infer<typeof sourceRefSchema>;

/** A touch with its channel and the post or campaign it names, as a person reads it. */
export const attributedTouchSchema = touchSchema.extend({
  channel: z.string(),
  ref: sourceRefSchema.nullable(),
});
export type AttributedTouch = z.infer<typeof attributedTouchSchema>;

/** An income transaction as attribution shows it. */
export const paymentSchema = z.object({
  id: z.uuid(),
  date: isoDaySchema,
  /** Minor units of `currency`; always > 0 (only money in is matched to leads). */
  amountMinor: z.number().int(),
  currency: z.string(),
  counterparty: z.string(),
  description: z.string(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const leadRefSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  company: z.string(),
  email: z.string().nullable(),
  stage: z.string(),
});
export type LeadRef = z.infer<typeof leadRefSchema>;

export const leadAttributionSchema = z.object({
  leadId: z.uuid(),
  firstTouch: attributedTouchSchema.nullable(),
  lastTouch: attributedTouchSchema.nullable(),
  /** Income matched to the lead, newest first; null for a member (money is for admins and owners). */
  payments: z.array(paymentSchema).nullable(),
});
export type LeadAttribution = z.infer<typeof leadAttributionSchema>;

export const paymentMatchSchema = z.object({
  transaction: paymentSchema,
  /** The lead this payment came from; null when it is not matched. */
  lead: leadRefSchema.nullable(),
});
export type PaymentMatch = z.infer<typeof paymentMatchSchema>;

export const matchPaymentInputSchema = z.object({
  /** The lead the payment came from, or null to unmatch it. */
  leadId: z.uuid('Pick a lead from the list').nullable(),
});
export type MatchPaymentInput = z.infer<typeof matchPaymentInputSchema>;

export const paymentSuggestionsQuerySchema = z.object({
  /** Suggestions for this lead only; without it, for every won lead. */
  leadId: z.uuid('Use the id of a lead').optional(),
});
export type PaymentSuggestionsQuery = z.infer<typeof paymentSuggestionsQuerySchema>;

export const paymentSuggestionSchema = z.object({
  transaction: paymentSchema,
  lead: leadRefSchema,
  /** What of the lead the transaction's counterparty or description mentions. */
  matchedOn: z.enum(['email', 'company', 'name']),
});
export type PaymentSuggestion = z.infer<typeof paymentSuggestionSchema>;
export const MAX_PAYMENT_SUGGESTIONS = 20;

/** Which touch of a lead gets the credit. */
export const attributionModels = ['first', 'last'] as const;
export type AttributionModel = (typeof attributionModels)[number];

/** The longest period a report covers (about ten years). */
export const MAX_REVENUE_PERIOD_DAYS = 3700;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** `from` and `to` are days of the org's timezone, both included. */
export const revenueQuerySchema = z
  .object({
    from: isoDaySchema,
    to: isoDaySchema,
    model: z.enum(attributionModels, 'Use first or last').default('first'),
  })
  .refine((q) => q.from <= q.to, { message: 'The period must not end before it starts', path: ['to'] })
  .refine((q) => dayNumber(q.to) - dayNumber(q.from) <= MAX_REVENUE_PERIOD_DAYS, {
    message: 'Pick a period of at most ten years',
    path: ['from'],
  });
export type RevenueQuery = z.output<typeof revenueQuerySchema>;

/** Revenue in one currency; currencies are never added together. */
export const sourceRevenueSchema = z.object({
  currency: z.string(),
  amountMinor: z.number().int(),
  /** Of it, from payments matched to the leads. */
  fromPaymentsMinor: z.number().int(),
  /** Of it, from deal values of won leads with no matched payment. */
  fromDealValuesMinor: z.number().int(),
});
export type SourceRevenue = z.infer<typeof sourceRevenueSchema>;

export const sourceRowSchema = z.object({
  /** Stable key of the row: `utm:linkedin/social`, `referrer:google.com`, `direct`, `none`, `post:<id>`. */
  key: z.string(),
  label: z.string(),
  /** The post or campaign (posts and campaigns tables); null for a channel. */
  ref: sourceRefSchema.nullable(),
  /** Leads that came in during the period with this source. */
  leads: z.number().int(),
  /** Won leads whose revenue falls in the period. */
  won: z.number().int(),
  /** Of them, counted from matched payments / from their deal value. */
  wonFromPayments: z.number().int(),
  wonFromDealValues: z.number().int(),
  /** One entry per currency, largest first. */
  revenue: z.array(sourceRevenueSchema),
});
export type SourceRow = z.infer<typeof sourceRowSchema>;

export const revenueBySourceSchema = z.object({
  from: isoDaySchema,
  to: isoDaySchema,
  model: z.enum(attributionModels),
  /** The org's currency: deal values are in it. */
  currency: z.string(),
  channels: z.array(sourceRowSchema),
  posts: z.array(sourceRowSchema),
  campaigns: z.array(sourceRowSchema),
  totals: sourceRowSchema.omit({ key: true, label: true, ref: true }),
  generatedAt: isoDateSchema,
});
export type RevenueBySource = z.infer<typeof revenueBySourceSchema>;

const tag = 'Attribution';
const admin = { reader: orgAuth('admin', 'read'), writer: orgAuth('admin', 'write') };
const transactionParams = orgParams.extend({ transactionId: z.uuid('Use the id of a transaction') });

/** Attribution endpoints: touches, payments matched to leads, revenue by source. */
export const attributionEndpoints = {
  lead: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/leads/:leadId/attribution',
    summary: "A lead's first and latest touch, and (for admins) the payments matched to it",
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams.extend({ leadId: z.uuid('Use the id of a lead') }),
    status: 200,
    response: leadAttributionSchema,
    errors: [404],
  }),
  getPayment: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/attribution/payments/:transactionId',
    summary: 'The lead an income transaction is matched to',
    tag,
    auth: admin.reader,
    params: transactionParams,
    status: 200,
    response: paymentMatchSchema,
    errors: [404],
  }),
  matchPayment: defineEndpoint({
    method: 'PUT',
    path: '/api/orgs/:orgId/attribution/payments/:transactionId',
    summary: 'Match an income transaction to the lead it came from, or unmatch it (leadId null)',
    tag,
    auth: admin.writer,
    params: transactionParams,
    body: matchPaymentInputSchema,
    status: 200,
    response: paymentMatchSchema,
    errors: [404],
  }),
  paymentSuggestions: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/attribution/payment-suggestions',
    summary: 'Unmatched income whose counterparty or description names a lead (one lead, or every won lead)',
    tag,
    auth: admin.reader,
    params: orgParams,
    query: paymentSuggestionsQuerySchema,
    status: 200,
    response: z.object({ items: z.array(paymentSuggestionSchema) }),
    errors: [404],
  }),
  revenue: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/attribution/revenue',
    summary: 'Leads, won deals and revenue by channel, post and campaign, credited to the first or last touch',
    tag,
    auth: admin.reader,
    params: orgParams,
    query: revenueQuerySchema,
    status: 200,
    response: revenueBySourceSchema,
  }),
} satisfies Record<string, Endpoint>;
