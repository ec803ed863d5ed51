import { z } from 'zod';
import { idSchema, isoDateSchema, pageQuerySchema, pageSchema } from './common';
import { defineEndpoint, orgAuth, publicAuth } from './contract';
import { leadFilterSchema } from './leads';

/** A campaign is edited as a draft, then `sending` until every recipient is done, then `sent`. */
export const campaignStatuses = ['draft', 'sending', 'sent'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** `skipped`: the lead had unsubscribed when the campaign was sent. */
export const recipientStatuses = ['pending', 'sent', 'failed', 'skipped'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

/** Variables a subject or body may use as `{{name}}`, or `{{company|your company}}` with a default. */
export const templateVariables = ['name', 'firstName', 'company', 'title', 'email', 'org', 'unsubscribeUrl'] as const;
export type TemplateVariable = (typeof templateVariables)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

const TEMPLATE_TAG = /\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g;
const isTemplateVariable = (name: string): name is TemplateVariable =>
  (templateVariables as readonly string[]).includes(name);

/** Names used in `{{...}}` that are not template variables, each once. */
export const unknownTemplateVariables = (template: string): string[] => [
  ...new Set(
    [...template.matchAll(TEMPLATE_TAG)].map((match) => match[1] ?? '').filter((name) => !isTemplateVariable(name)),
  ),
];

/** Replaces tags of unknown variables with their default (or nothing), keeping the known ones for sending. */
export const dropUnknownTemplateVariables = (template: string): string =>
  template.replace(TEMPLATE_TAG, (tag, name: string, fallback: string | undefined) =>
    isTemplateVariable(name) ? tag : (fallback?.trim() ?? ''),
  );

/** True when the template places the unsubscribe link itself. */
export const hasUnsubscribeLink = (template: string): boolean =>
  [...template.matchAll(TEMPLATE_TAG)].some((match) => match[1] === 'unsubscribeUrl');

/**
 * Fills `{{variable}}` tags with plain-text values; a missing or blank value renders as the
 * tag's default (`{{company|your company}}`) or as nothing.
 */
export const renderTemplate = (template: string, values: TemplateValues): string =>
  template.replace(TEMPLATE_TAG, (_tag, name: string, fallback: string | undefined) => {
    const value = isTemplateVariable(name) ? values[name]?.trim() : undefined;
    return value ? value : (fallback?.trim() ?? '');
  });

/** The footer added to a body that has no `{{unsubscribeUrl}}` of its own. */
export const UNSUBSCRIBE_FOOTER = '\n\n--\nYou received this email from {{org}}. Unsubscribe: {{unsubscribeUrl}}';

/** The body as sent: with the unsubscribe footer when the template has no link. */
export const bodyWithUnsubscribe = (body: string): string =>
  hasUnsubscribeLink(body) ? body : `${body}${UNSUBSCRIBE_FOOTER}`;

const templateSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Write something')
    .max(max, `At most ${max} characters`)
    .superRefine((value, ctx) => {
      const unknown = unknownTemplateVariables(value);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Unknown variables: ${unknown.map((name) => `{{${name}}}`).join(', ')} (use ${templateVariables.map((name) => `{{${name}}}`).join(', ')})`,
        });
      }
    });

/** Which leads get the campaign: a lead filter; leads without an email or unsubscribed never do. */
export const campaignAudienceSchema = leadFilterSchema.omit({ hasEmail: true });
export type CampaignAudience = z.output<typeof campaignAudienceSchema>;

export const createCampaignInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  subject: templateSchema(200).refine((value) => !/[\r\n]/.test(value), 'The subject must be one line'),
  body: templateSchema(50_000),
  audience: campaignAudienceSchema,
});
export type CreateCampaignInput = z.infer<typeof createCampaignInputSchema>;

/** Only a draft can be changed. */
export const updateCampaignInputSchema = createCampaignInputSchema.partial();
export type UpdateCampaignInput = z.infer<typeof updateCampaignInputSchema>;

export const recipientCountsSchema = z.object({
  pending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  /** Recipients who clicked a link of the mail at least once. */
  clicked: z.number().int(),
  /** Recipients who used this campaign's unsubscribe link. */
  unsubscribed: z.number().int(),
});
export type RecipientCounts = z.infer<typeof recipientCountsSchema>;

export const campaignSchema = z.object({
  id: idSchema,
  name: z.string(),
  subject: z.string(),
  body: z.string(),
  audience: campaignAudienceSchema,
  status: z.enum(campaignStatuses),
  /** Recipients by status (all zero for a draft). */
  counts: recipientCountsSchema,
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  sentAt: isoDateSchema.nullable(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const CAMPAIGN_PREVIEW_SIZE = 5;

export const campaignPreviewSchema = z.object({
  /** Leads that would get the campaign now. */
  audienceCount: z.number().int(),
  /** Leads of the filter that unsubscribed (they are skipped). */
  unsubscribedCount: z.number().int(),
  /** The mail as the first leads of the audience would get it. */
  sample: z.array(
    z.object({
      leadId: idSchema,
      email: z.string(),
      subject: z.string(),
      /** The plain-text part. */
      body: z.string(),
      /** The HTML part: the org's branded template. */
      html: z.string(),
    }),
  ),
});
export type CampaignPreview = z.infer<typeof campaignPreviewSchema>;

export const campaignRecipientSchema = z.object({
  id: idSchema,
  leadId: idSchema.nullable(),
  email: z.string(),
  status: z.enum(recipientStatuses),
  /** Why delivery failed (the SMTP server's answer). */
  error: z.string().nullable(),
  sentAt: isoDateSchema.nullable(),
  /** The first click on a link of the mail, and how many clicks there were. */
  clickedAt: isoDateSchema.nullable(),
  clickCount: z.number().int(),
  /** When the recipient used this campaign's unsubscribe link. */
  unsubscribedAt: isoDateSchema.nullable(),
});
export type CampaignRecipient = z.infer<typeof campaignRecipientSchema>;

const yesNoQuery = (label: string) =>
  z
    .enum(['true', 'false'], { message: `${label} must be true or false` })
    .transform((value) => value === 'true')
    .optional();

export const listRecipientsQuerySchema = pageQuerySchema.extend({
  status: z.enum(recipientStatuses).optional(),
  /** true: only recipients who clicked a link; false: only those who did not. */
  clicked: yesNoQuery('clicked'),
  /** true: only recipients who unsubscribed through this campaign; false: only those who did not. */
  unsubscribed: yesNoQuery('unsubscribed'),
});
export type ListRecipientsQuery = z.infer<typeof listRecipientsQuerySchema>;

/** Test mails one person may send in an hour. */
export const TEST_SENDS_PER_HOUR = 10;
export const TEST_SUBJECT_PREFIX = '[Test] ';

export const testSendResultSchema = z.object({
  /** The caller's own address. */
  to: z.string(),
  /** The subject as sent (with the "[Test] " prefix). */
  subject: z.string(),
  /** Whose data filled the variables: the first lead of the audience, or null for the caller's own name. */
  sampleLeadId: idSchema.nullable(),
  sampleName: z.string(),
  /** `sent`: handed to the SMTP server; `queued`: kept in the outbox (no SMTP set up); `failed`: see error. */
  status: z.enum(['sent', 'queued', 'failed']),
  error: z.string().nullable(),
});
export type TestSendResult = z.infer<typeof testSendResultSchema>;

const tag = 'Campaigns';
const orgParams = z.object({ orgId: z.uuid() });
export const campaignParamsSchema = z.object({ orgId: z.uuid(), campaignId: idSchema });
const unsubscribeParams = z.object({ token: z.string() });
const clickParams = z.object({ token: z.string() });
const reader = orgAuth('member', 'read');
const editor = orgAuth('admin', 'write');
const base = '/api/orgs/:orgId/campaigns';

export const campaignEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: base,
    summary: 'Email campaigns, newest first',
    tag,
    auth: reader,
    params: orgParams,
    query: pageQuerySchema,
    status: 200,
    response: pageSchema(campaignSchema),
  }),
  create: defineEndpoint({
    method: 'POST',
    path: base,
    summary: 'Create a draft campaign (admin+)',
    tag,
    auth: editor,
    params: orgParams,
    body: createCampaignInputSchema,
    status: 201,
    response: campaignSchema,
  }),
  get: defineEndpoint({
    method: 'GET',
    path: `${base}/:campaignId`,
    summary: 'A campaign with its recipients counted by status',
    tag,
    auth: reader,
    params: campaignParamsSchema,
    status: 200,
    response: campaignSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: `${base}/:campaignId`,
    summary: 'Change a draft campaign (admin+; 409 once sent)',
    tag,
    auth: editor,
    params: campaignParamsSchema,
    body: updateCampaignInputSchema,
    status: 200,
    response: campaignSchema,
    errors: [409],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: `${base}/:campaignId`,
    summary: 'Delete a draft campaign (admin+; 409 once sent)',
    tag,
    auth: editor,
    params: campaignParamsSchema,
    status: 204,
    response: null,
    errors: [409],
  }),
  preview: defineEndpoint({
    method: 'POST',
    path: `${base}/:campaignId/preview`,
    summary: `The audience size and the mail as the first ${CAMPAIGN_PREVIEW_SIZE} leads would get it (admin+)`,
    tag,
    auth: orgAuth('admin', 'read'),
    params: campaignParamsSchema,
    status: 200,
    response: campaignPreviewSchema,
  }),
  send: defineEndpoint({
    method: 'POST',
    path: `${base}/:campaignId/send`,
    summary:
      "Send to the audience, one mail per lead; the campaign counts as one of the plan's emails (admin+; 402 when none are left or the audience is over the plan's recipients per campaign, 409 once sending or sent). Answers at once with the campaign in `sending`; the mails go out in the background in batches, resumed after a restart, nobody mailed twice.",
    tag,
    auth: editor,
    params: campaignParamsSchema,
    status: 200,
    response: campaignSchema,
    errors: [402, 409],
  }),
  recipients: defineEndpoint({
    method: 'GET',
    path: `${base}/:campaignId/recipients`,
    summary:
      'The campaign report: each recipient with status, failure reason, send time, clicks and unsubscribe; filter by status, clicked, unsubscribed',
    tag,
    auth: reader,
    params: campaignParamsSchema,
    query: listRecipientsQuerySchema,
    status: 200,
    response: pageSchema(campaignRecipientSchema),
  }),
  testSend: defineEndpoint({
    method: 'POST',
    path: `${base}/:campaignId/test-send`,
    summary: `Mail the campaign to yourself, subject prefixed "${TEST_SUBJECT_PREFIX.trim()}", filled with the first lead of the audience (or your own name); also for drafts. Not counted against the plan's emails, no recipients made; at most ${TEST_SENDS_PER_HOUR} an hour per person (429). With an API key, the mail goes to the person who made the key.`,
    tag,
    auth: orgAuth('member', 'write'),
    params: campaignParamsSchema,
    status: 200,
    response: testSendResultSchema,
    errors: [429],
  }),
  click: defineEndpoint({
    method: 'GET',
    path: '/api/r/:token',
    summary:
      "A tracked link of a campaign mail: counts the recipient's click, records it as a touch on the lead and redirects (302) to the link with UTM parameters. HEAD requests and link scanners are redirected without counting. A changed or made-up token is a 404 page, never a redirect.",
    tag,
    auth: publicAuth,
    params: clickParams,
    status: 302,
    response: null,
    produces: 'text/html',
    errors: [404],
    pageErrors: [404],
  }),
  unsubscribePage: defineEndpoint({
    method: 'GET',
    path: '/api/unsubscribe/:token',
    summary: 'The page behind a campaign unsubscribe link: asks to confirm (404 page for a bad link)',
    tag,
    auth: publicAuth,
    params: unsubscribeParams,
    status: 200,
    response: null,
    produces: 'text/html',
    errors: [404],
    pageErrors: [404],
  }),
  unsubscribe: defineEndpoint({
    method: 'POST',
    path: '/api/unsubscribe/:token',
    summary:
      'Unsubscribe the lead of the link from campaigns; also the RFC 8058 one-click target (404 page for a bad link)',
    tag,
    auth: publicAuth,
    params: unsubscribeParams,
    status: 200,
    response: null,
    produces: 'text/html',
    errors: [404],
    pageErrors: [404],
  }),
};
