import { z } from 'zod';
import { isoDateSchema, isoDaySchema } from './common';
import { defineEndpoint, orgAuth, publicAuth } from './contract';

/**
 * What the org sells (service templates), the proposals made from them for a lead, and the
 * public page where the client accepts (typing their name, ticking the terms) or declines.
 * Money is integer minor units in the org's currency; totals come from `proposalTotals` alone,
 * so the editor's live totals and the stored ones can never differ.
 */

export const pricingModels = ['fixed', 'hourly', 'retainer'] as const;
export type PricingModel = (typeof pricingModels)[number];
export const pricingModelLabels: Record<PricingModel, string> = {
  fixed: 'Fixed price',
  hourly: 'Hourly',
  retainer: 'Monthly retainer',
};
/** What one unit of the quantity is, per pricing model. */
export const pricingUnitLabels: Record<PricingModel, { one: string; many: string }> = {
  fixed: { one: 'project', many: 'projects' },
  hourly: { one: 'hour', many: 'hours' },
  retainer: { one: 'month', many: 'months' },
};

export const proposalStatuses = ['draft', 'sent', 'viewed', 'accepted', 'declined', 'expired'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
export const proposalStatusLabels: Record<ProposalStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  viewed: 'Viewed',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
};
/** Statuses in which the client can still accept or decline on the public page. */
export const openProposalStatuses: readonly ProposalStatus[] = ['sent', 'viewed'];

/** Largest unit price (10 million in major units of a 2-digit currency) and quantity: totals stay exact in a double. */
export const PROPOSAL_PRICE_MAX_MINOR = 1_000_000_000;
export const PROPOSAL_QUANTITY_MAX = 10_000;
export const PROPOSAL_ITEMS_MAX = 50;
export const DELIVERABLES_MAX = 30;
/** A new proposal is valid for this many days unless the owner says otherwise. */
export const PROPOSAL_VALID_DAYS_DEFAULT = 30;

const text = (max: number, label: string) => z.string().trim().max(max, `${label} can be at most ${max} characters`);
const requiredText = (max: number, label: string) => text(max, label).min(1, `Enter ${label.toLowerCase()}`);

const priceMinorSchema = z
  .number({ message: 'Enter a price in minor units (cents)' })
  .int('Use whole minor units (cents)')
  .min(0, 'A price cannot be negative')
  .max(PROPOSAL_PRICE_MAX_MINOR, 'That price is too large');
const quantitySchema = z
  .number({ message: 'Enter a quantity' })
  .positive('The quantity must be more than 0')
  .max(PROPOSAL_QUANTITY_MAX, `The quantity can be at most ${PROPOSAL_QUANTITY_MAX}`)
  .refine((q) => Number.isInteger(Math.round(q * 100)) && Math.abs(q * 100 - Math.round(q * 100)) < 1e-6, {
    message: 'Use at most two decimals for a quantity',
  });
/** A percentage with at most two decimals, 0 to 100. */
const percentSchema = (label: string) =>
  z
    .number({ message: `Enter ${label} as a percentage` })
    .min(0, `${label} cannot be negative`)
    .max(100, `${label} can be at most 100 %`)
    .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6, { message: 'Use at most two decimals' });

/** One deliverable of a service: it becomes a project milestone due `dueAfterDays` after the start. */
export const deliverableSchema = z.strictObject({
  title: requiredText(200, 'A deliverable title'),
  description: text(2_000, 'A description').default(''),
  dueAfterDays: z
    .number({ message: 'Enter the days after the start' })
    .int('Use whole days')
    .min(0, 'Days cannot be negative')
    .max(3_650, 'At most 3,650 days'),
});
export type Deliverable = z.infer<typeof deliverableSchema>;

// ---------------------------------------------------------------------------------------------
// Service templates

// The fields without defaults: a partial update must leave out what it does not change (a default
// inside .partial() would still fill in, and wipe the description and deliverables).
const serviceTemplateFields = z.strictObject({
  name: requiredText(120, 'A name'),
  description: text(5_000, 'A description'),
  deliverables: z.array(deliverableSchema).max(DELIVERABLES_MAX, `At most ${DELIVERABLES_MAX} deliverables`),
  pricingModel: z.enum(pricingModels, { message: 'Choose fixed, hourly or retainer' }),
  /** Price of one unit (the project, one hour, one month) in minor units of the org's currency. */
  priceMinor: priceMinorSchema,
  /** Units a proposal starts with (hours for hourly, months for a retainer; 1 for fixed). */
  defaultQuantity: quantitySchema,
  durationDays: z
    .number({ message: 'Enter a typical duration in days' })
    .int('Use whole days')
    .min(1, 'At least 1 day')
    .max(3_650, 'At most 3,650 days'),
});

export const serviceTemplateInputSchema = serviceTemplateFields.extend({
  description: serviceTemplateFields.shape.description.default(''),
  deliverables: serviceTemplateFields.shape.deliverables.default([]),
  defaultQuantity: serviceTemplateFields.shape.defaultQuantity.default(1),
});
export type ServiceTemplateInput = z.input<typeof serviceTemplateInputSchema>;

export const serviceTemplateUpdateSchema = serviceTemplateFields
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Change at least one field' });

export const serviceTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  deliverables: z.array(z.object({ title: z.string(), description: z.string(), dueAfterDays: z.number().int() })),
  pricingModel: z.enum(pricingModels),
  priceMinor: z.number().int(),
  /** The org's currency. */
  currency: z.string(),
  defaultQuantity: z.number(),
  durationDays: z.number().int(),
  /** Proposals that used it. */
  usedInProposals: z.number().int(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type ServiceTemplate = z.infer<typeof serviceTemplateSchema>;

export const serviceTemplateListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Opaque; it carries the last name (up to 120 characters of any script) and id of the previous page. */
  cursor: z.string().min(1).max(1_000).optional(),
});
export const serviceTemplatePageSchema = z.object({
  items: z.array(serviceTemplateSchema),
  nextCursor: z.string().nullable(),
});
export type ServiceTemplatePage = z.infer<typeof serviceTemplatePageSchema>;

export const serviceTemplateDraftRequestSchema = z.strictObject({
  /** One sentence about the service, e.g. "Monthly bookkeeping for small shops". */
  brief: requiredText(1_000, 'A sentence about the service'),
});
/** A template the AI wrote, not saved yet: the owner edits it and saves it with create. */
export const serviceTemplateDraftSchema = z.object({
  draft: z.object({
    name: z.string(),
    description: z.string(),
    deliverables: z.array(z.object({ title: z.string(), description: z.string(), dueAfterDays: z.number().int() })),
    pricingModel: z.enum(pricingModels),
    priceMinor: z.number().int(),
    defaultQuantity: z.number(),
    durationDays: z.number().int(),
  }),
  /** ai: written by the AI provider; offline: the offline writer's clear template (no provider, or it failed). */
  source: z.enum(['ai', 'offline']),
});
export type ServiceTemplateDraft = z.infer<typeof serviceTemplateDraftSchema>;

// ---------------------------------------------------------------------------------------------
// Totals: the one computation used by the API (stored) and the SPA (live in the editor).

export type TotalsInput = {
  items: readonly { unitPriceMinor: number; quantity: number }[];
  discountPercent: number;
  taxPercent: number;
  depositPercent: number;
};
export type ProposalTotals = {
  /** One amount per item, in order. */
  lines: number[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  depositMinor: number;
};

/** a * b / c rounded half away from zero, exactly (BigInt; a, b, c whole, c > 0). */
const mulDivRound = (a: bigint, b: bigint, c: bigint): bigint => {
  const product = a * b;
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs * 2n + c) / (2n * c);
  return negative ? -rounded : rounded;
};

/** Quantity 1.5 -> 150 hundredths; percentages 12.5 -> 1250 basis points. */
export const toCenti = (value: number): number => Math.round(value * 100);
export const fromCenti = (centi: number): number => centi / 100;

/**
 * Line = unit price x quantity; discount = a percentage of the subtotal; tax = a percentage of
 * the subtotal after discount; deposit = a whole percentage of the total. Each step rounds half
 * away from zero to a minor unit, exactly.
 */
export const proposalTotals = ({ items, discountPercent, taxPercent, depositPercent }: TotalsInput): ProposalTotals => {
  const lines = items.map((item) => mulDivRound(BigInt(item.unitPriceMinor), BigInt(toCenti(item.quantity)), 100n));
  const subtotal = lines.reduce((sum, line) => sum + line, 0n);
  const discount = mulDivRound(subtotal, BigInt(toCenti(discountPercent)), 10_000n);
  const tax = mulDivRound(subtotal - discount, BigInt(toCenti(taxPercent)), 10_000n);
  const total = subtotal - discount + tax;
  const deposit = mulDivRound(total, BigInt(Math.round(depositPercent)), 100n);
  return {
    lines: lines.map(Number),
    subtotalMinor: Number(subtotal),
    discountMinor: Number(discount),
    taxMinor: Number(tax),
    totalMinor: Number(total),
    depositMinor: Number(deposit),
  };
};

// ---------------------------------------------------------------------------------------------
// Proposals

export const proposalItemInputSchema = z.strictObject({
  /** The template it came from (kept for reporting); null for a line written by hand. */
  templateId: z.uuid('Not a valid template id').nullable().default(null),
  name: requiredText(200, 'An item name'),
  description: text(5_000, 'A description').default(''),
  pricingModel: z.enum(pricingModels, { message: 'Choose fixed, hourly or retainer' }),
  unitPriceMinor: priceMinorSchema,
  quantity: quantitySchema,
  deliverables: z
    .array(deliverableSchema)
    .max(DELIVERABLES_MAX, `At most ${DELIVERABLES_MAX} deliverables`)
    .default([]),
  durationDays: z.number().int('Use whole days').min(0).max(3_650, 'At most 3,650 days').default(0),
});
export type ProposalItemInput = z.input<typeof proposalItemInputSchema>;

export const proposalCreateSchema = z.strictObject({
  leadId: z.uuid('Choose a lead'),
  /** Items are made from these templates, in this order, at their default quantity. */
  templateIds: z.array(z.uuid('Not a valid template id')).max(PROPOSAL_ITEMS_MAX).default([]),
  title: text(200, 'A title').optional(),
  /** Let the AI write the cover letter from the lead's notes, activities and the templates (counts one AI message). */
  writeCoverLetter: z.boolean({ message: 'Use true or false' }).default(false),
});
export type ProposalCreate = z.input<typeof proposalCreateSchema>;

/** Changes to a draft; `items` replaces every line. */
export const proposalUpdateSchema = z
  .strictObject({
    title: requiredText(200, 'A title'),
    items: z.array(proposalItemInputSchema).max(PROPOSAL_ITEMS_MAX, `At most ${PROPOSAL_ITEMS_MAX} items`),
    discountPercent: percentSchema('The discount'),
    taxPercent: percentSchema('The tax'),
    depositPercent: z
      .number({ message: 'Enter the deposit as a percentage' })
      .int('Use a whole percentage')
      .min(0, 'The deposit cannot be negative')
      .max(100, 'The deposit can be at most 100 %'),
    coverLetter: text(20_000, 'The cover letter'),
    terms: text(20_000, 'The terms'),
    validUntil: isoDaySchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Change at least one field' });
export type ProposalUpdate = z.input<typeof proposalUpdateSchema>;

export const proposalSendSchema = z.strictObject({
  /** A short personal note above the link in the email. */
  message: text(5_000, 'The message').default(''),
});

export const proposalItemSchema = z.object({
  id: z.string(),
  templateId: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  pricingModel: z.enum(pricingModels),
  unitPriceMinor: z.number().int(),
  quantity: z.number(),
  amountMinor: z.number().int(),
  deliverables: z.array(z.object({ title: z.string(), description: z.string(), dueAfterDays: z.number().int() })),
  durationDays: z.number().int(),
});
export type ProposalItem = z.infer<typeof proposalItemSchema>;

export const proposalSummarySchema = z.object({
  id: z.string(),
  /** P-<number>, per org. */
  number: z.number().int(),
  title: z.string(),
  status: z.enum(proposalStatuses),
  /** The lead it was made for; null when that lead was deleted. */
  leadId: z.string().nullable(),
  clientName: z.string(),
  clientCompany: z.string(),
  currency: z.string(),
  totalMinor: z.number().int(),
  validUntil: isoDaySchema,
  sentAt: isoDateSchema.nullable(),
  viewedAt: isoDateSchema.nullable(),
  acceptedAt: isoDateSchema.nullable(),
  declinedAt: isoDateSchema.nullable(),
  /** The project made when it was accepted. */
  projectId: z.string().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type ProposalSummary = z.infer<typeof proposalSummarySchema>;

export const proposalSchema = proposalSummarySchema.extend({
  clientEmail: z.string(),
  items: z.array(proposalItemSchema),
  discountPercent: z.number(),
  taxPercent: z.number(),
  depositPercent: z.number().int(),
  subtotalMinor: z.number().int(),
  discountMinor: z.number().int(),
  taxMinor: z.number().int(),
  depositMinor: z.number().int(),
  coverLetter: z.string(),
  terms: z.string(),
  /** The client's page (no login): `<app>/api/public/proposals/<token>`. */
  publicUrl: z.string(),
  acceptedName: z.string().nullable(),
  acceptedIp: z.string().nullable(),
  declineReason: z.string().nullable(),
  expiredAt: isoDateSchema.nullable(),
  /** The deposit payment link sent on acceptance (Stripe Checkout); null when none was asked or Stripe is not connected. */
  depositUrl: z.string().nullable(),
  depositPaidAt: isoDateSchema.nullable(),
  /** Only in the answer that just wrote the cover letter: ai, or offline (the offline writer's letter). */
  coverLetterSource: z.enum(['ai', 'offline']).optional(),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const proposalListQuerySchema = z.object({
  status: z.enum(proposalStatuses, { message: 'Not a proposal status' }).optional(),
  leadId: z.uuid('Not a valid lead id').optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export const proposalPageSchema = z.object({
  items: z.array(proposalSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ProposalPage = z.infer<typeof proposalPageSchema>;

// ---------------------------------------------------------------------------------------------
// The client's side (public, by token)

/** Accepting: the client types their name and ticks the terms. A form post sends the tick as "on". */
export const proposalAcceptSchema = z.strictObject({
  name: requiredText(200, 'Your full name'),
  acceptTerms: z.union([z.literal(true), z.literal('on'), z.literal('true')], {
    message: 'Tick the box to accept the terms',
  }),
});
export const proposalDeclineSchema = z.strictObject({
  reason: requiredText(2_000, 'A reason'),
});
/**
 * A public link's token. Any plausible length is let through so that a person with a cut-off or
 * mistyped link gets the page saying the link is not valid (404), not an API error; the lookup is by
 * the token's hash, so a wrong token simply finds nothing.
 */
export const publicTokenParamsSchema = z.object({
  token: z.string().min(1, 'This link is not valid').max(200, 'This link is not valid'),
});

const tag = 'Proposals';
const templatesTag = 'Service templates';
const orgParams = z.object({ orgId: z.uuid() });
export const serviceTemplateParamsSchema = orgParams.extend({ templateId: z.uuid() });
export const proposalParamsSchema = orgParams.extend({ proposalId: z.uuid() });
const reader = orgAuth('member', 'read');
const writer = orgAuth('member', 'write');
const templatesBase = '/api/orgs/:orgId/service-templates';
const base = '/api/orgs/:orgId/proposals';

export const serviceTemplateEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: templatesBase,
    summary: "The org's service templates by name, a page at a time",
    tag: templatesTag,
    auth: reader,
    params: orgParams,
    query: serviceTemplateListQuerySchema,
    status: 200,
    response: serviceTemplatePageSchema,
  }),
  create: defineEndpoint({
    method: 'POST',
    path: templatesBase,
    summary: 'Add a service template',
    tag: templatesTag,
    auth: writer,
    params: orgParams,
    body: serviceTemplateInputSchema,
    status: 201,
    response: serviceTemplateSchema,
  }),
  draft: defineEndpoint({
    method: 'POST',
    path: `${templatesBase}/draft`,
    summary: 'The AI drafts a template from one sentence (not saved; counts one AI message; offline: a clear template)',
    tag: templatesTag,
    auth: writer,
    params: orgParams,
    body: serviceTemplateDraftRequestSchema,
    status: 200,
    response: serviceTemplateDraftSchema,
    errors: [402],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: `${templatesBase}/:templateId`,
    summary: 'One service template',
    tag: templatesTag,
    auth: reader,
    params: serviceTemplateParamsSchema,
    status: 200,
    response: serviceTemplateSchema,
    errors: [404],
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: `${templatesBase}/:templateId`,
    summary: 'Change a service template (proposals already made keep their own copy)',
    tag: templatesTag,
    auth: writer,
    params: serviceTemplateParamsSchema,
    body: serviceTemplateUpdateSchema,
    status: 200,
    response: serviceTemplateSchema,
    errors: [404],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: `${templatesBase}/:templateId`,
    summary: 'Delete a service template (proposals already made keep their own copy)',
    tag: templatesTag,
    auth: writer,
    params: serviceTemplateParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
};

export const proposalEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: base,
    summary: 'Proposals, newest change first, a page at a time',
    tag,
    auth: reader,
    params: orgParams,
    query: proposalListQuerySchema,
    status: 200,
    response: proposalPageSchema,
  }),
  create: defineEndpoint({
    method: 'POST',
    path: base,
    summary:
      "A draft proposal for a lead from service templates, in the org's currency; the AI can write the cover letter",
    tag,
    auth: writer,
    params: orgParams,
    body: proposalCreateSchema,
    status: 201,
    response: proposalSchema,
    errors: [402, 404],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: `${base}/:proposalId`,
    summary: 'One proposal with its items and totals',
    tag,
    auth: reader,
    params: proposalParamsSchema,
    status: 200,
    response: proposalSchema,
    errors: [404],
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: `${base}/:proposalId`,
    summary: 'Change a draft (items replace every line; totals are computed again); 409 once sent',
    tag,
    auth: writer,
    params: proposalParamsSchema,
    body: proposalUpdateSchema,
    status: 200,
    response: proposalSchema,
    errors: [404, 409],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: `${base}/:proposalId`,
    summary: 'Delete a proposal that was not accepted (its public link stops working)',
    tag,
    auth: writer,
    params: proposalParamsSchema,
    status: 204,
    response: null,
    errors: [404, 409],
  }),
  coverLetter: defineEndpoint({
    method: 'POST',
    path: `${base}/:proposalId/cover-letter`,
    summary:
      "The AI writes the draft's cover letter from the lead's notes, activities and the items (counts one AI message)",
    tag,
    auth: writer,
    params: proposalParamsSchema,
    status: 200,
    response: proposalSchema,
    errors: [402, 404, 409],
  }),
  send: defineEndpoint({
    method: 'POST',
    path: `${base}/:proposalId/send`,
    summary:
      "Email the proposal's link to the client (counts one email); again as a reminder while sent or viewed. 422 without an email address",
    tag,
    auth: writer,
    params: proposalParamsSchema,
    body: proposalSendSchema,
    status: 200,
    response: proposalSchema,
    errors: [402, 404, 409, 422, 503],
  }),
  revise: defineEndpoint({
    method: 'POST',
    path: `${base}/:proposalId/revise`,
    summary:
      'Take a sent, viewed, declined or expired proposal back to draft to change it (the client page says it is being revised)',
    tag,
    auth: writer,
    params: proposalParamsSchema,
    status: 200,
    response: proposalSchema,
    errors: [404, 409],
  }),
  preview: defineEndpoint({
    method: 'GET',
    path: `${base}/:proposalId/preview`,
    summary:
      "The client's page as the client would see it, in any status (a draft too), under a preview banner with the forms disabled; never marks it viewed",
    tag,
    auth: reader,
    params: proposalParamsSchema,
    status: 200,
    response: null,
    produces: 'text/html',
    errors: [404],
  }),
  publicPage: defineEndpoint({
    method: 'GET',
    path: '/api/public/proposals/:token',
    summary:
      "The client's proposal page (no login, printable): accept by name and terms, or decline with a reason. The first visit marks it viewed",
    tag,
    auth: publicAuth,
    params: publicTokenParamsSchema,
    status: 200,
    response: null,
    produces: 'text/html',
    errors: [404, 429],
    pageErrors: [404, 429],
  }),
  accept: defineEndpoint({
    method: 'POST',
    path: '/api/public/proposals/:token/accept',
    summary:
      'The client accepts (name, time and address recorded): the lead is won, the project is made and, with Stripe connected, a deposit link is sent; in one transaction',
    tag,
    auth: publicAuth,
    params: publicTokenParamsSchema,
    body: proposalAcceptSchema,
    status: 200,
    response: null,
    produces: 'text/html',
    errors: [404, 409, 429],
    pageErrors: [404, 409, 429],
  }),
  decline: defineEndpoint({
    method: 'POST',
    path: '/api/public/proposals/:token/decline',
    summary: 'The client declines with a reason',
    tag,
    auth: publicAuth,
    params: publicTokenParamsSchema,
    body: proposalDeclineSchema,
    status: 200,
    response: null,
    produces: 'text/html',
    errors: [404, 409, 429],
    pageErrors: [404, 409, 429],
  }),
};
