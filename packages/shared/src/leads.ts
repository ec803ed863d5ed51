import { z } from 'zod';
import { commaListSchema, emailSchema, isoDateSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';

/** Pipeline stages in order; won and lost end a lead's journey. */
export const leadStages = ['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'] as const;
export type LeadStage = (typeof leadStages)[number];
export const leadStageSchema = z.enum(leadStages);

export const leadPriorities = ['low', 'medium', 'high'] as const;
export type LeadPriority = (typeof leadPriorities)[number];
export const leadPrioritySchema = z.enum(leadPriorities);

/** followup_draft: a follow-up written and not sent; shown on the lead, never counted as a contact. */
export const leadActivityKinds = ['call', 'email', 'meeting', 'note', 'ai_followup', 'followup_draft'] as const;
export type LeadActivityKind = (typeof leadActivityKinds)[number];
export const leadActivityKindSchema = z.enum(leadActivityKinds);
/**
 * What a person may log by hand. ai_followup (a follow-up really emailed) and followup_draft (one
 * written and not sent) are logged only by the follow-up task, so neither can be claimed by hand.
 */
export const loggableLeadActivityKinds = ['call', 'email', 'meeting', 'note'] as const;
export type LoggableLeadActivityKind = (typeof loggableLeadActivityKinds)[number];

/** One reason in a lead's conversion score. */
export type ScoreFactor = { label: string; points: number; applies: boolean };

/**
 * Conversion score 0-100 (seed 002's heuristic over a base of 50): high priority +20 (medium
 * +10), a company +10, any activity +15, a known source +5. Won is 100 and lost 0. The same
 * function explains the score in the SPA and keeps the stored score in the API.
 */
export const leadScore = (lead: {
  priority: LeadPriority;
  company: string;
  activityCount: number;
  source: string;
  stage: LeadStage;
}): { score: number; factors: ScoreFactor[] } => {
  const factors: ScoreFactor[] = [
    { label: 'Base', points: 50, applies: true },
    {
      label: lead.priority === 'medium' ? 'Medium priority' : 'High priority',
      points: lead.priority === 'medium' ? 10 : 20,
      applies: lead.priority !== 'low',
    },
    { label: 'Company known', points: 10, applies: lead.company.trim() !== '' },
    { label: 'Has activities', points: 15, applies: lead.activityCount > 0 },
    { label: 'Source known', points: 5, applies: lead.source.trim() !== '' },
  ];
  if (lead.stage === 'won') return { score: 100, factors: [...factors, { label: 'Won', points: 100, applies: true }] };
  if (lead.stage === 'lost') return { score: 0, factors: [...factors, { label: 'Lost', points: 0, applies: true }] };
  return { score: factors.reduce((sum, f) => sum + (f.applies ? f.points : 0), 0), factors };
};

/**
 * Which leads a list, an export or a campaign audience covers. In query strings lists are
 * comma-separated (`stage=new,contacted`).
 */
export const leadFilterSchema = z.object({
  /** Substring of name, email or company, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  stage: commaListSchema(leadStageSchema, 20).optional(),
  priority: commaListSchema(leadPrioritySchema, 20).optional(),
  ownerId: z.uuid().optional(),
  tag: z.string().trim().min(1).max(50).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  minScore: z.coerce.number().int().min(0).max(100).optional(),
  /** Only leads with an email address (campaign audiences always are). */
  hasEmail: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Leads with no activity since this time (stale leads). */
  inactiveSince: isoDateSchema.optional(),
});
export type LeadFilter = z.output<typeof leadFilterSchema>;

export const leadSorts = ['createdAt', 'updatedAt', 'score', 'value', 'name'] as const;
export const leadSortSchema = z.enum(leadSorts);

export const leadSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  company: z.string(),
  title: z.string(),
  phone: z.string(),
  source: z.string(),
  stage: leadStageSchema,
  priority: leadPrioritySchema,
  /** Deal value in minor units of `currency` (the org's currency). */
  valueCents: z.number().int(),
  currency: z.string(),
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  score: z.number().int(),
  activityCount: z.number().int(),
  lastActivityAt: isoDateSchema.nullable(),
  unsubscribedAt: isoDateSchema.nullable(),
  /** A follow-up was drafted and not sent since the last real contact ("follow-up drafted, not sent"). */
  followupDraftedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Lead = z.infer<typeof leadSchema>;

/** Shared by create and update (update takes any subset). */
export const leadInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  email: emailSchema.nullable().optional(),
  company: z.string().trim().max(200).optional(),
  title: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(50).optional(),
  source: z.string().trim().max(100).optional(),
  stage: leadStageSchema.optional(),
  priority: leadPrioritySchema.optional(),
  valueCents: z.number().int().min(0).max(2_000_000_000).optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  notes: z.string().max(10_000).optional(),
});
export type LeadInput = z.infer<typeof leadInputSchema>;

export const MAX_LEAD_PAGE_SIZE = 100;

/** List query: a filter, a sort and an opaque cursor from the previous page's `nextCursor`. */
export const leadListQuerySchema = leadFilterSchema.extend({
  sort: leadSortSchema.default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(MAX_LEAD_PAGE_SIZE).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type LeadListQuery = z.output<typeof leadListQuerySchema>;

/** A page of leads; `nextCursor` is null on the last page. There is no total: counting 100k rows per page is too slow. */
export const leadPageSchema = z.object({ items: z.array(leadSchema), nextCursor: z.string().nullable() });
export type LeadPage = z.infer<typeof leadPageSchema>;

export const scoreFactorSchema = z.object({ label: z.string(), points: z.number().int(), applies: z.boolean() });

/** One lead with the reasons for its score. */
export const leadDetailSchema = leadSchema.extend({ scoreFactors: z.array(scoreFactorSchema) });
export type LeadDetail = z.infer<typeof leadDetailSchema>;

/** Count and deal value per stage, for the board. */
export const leadPipelineSchema = z.object({
  /** The org's currency; each stage's valueCents is in its minor units. */
  currency: z.string(),
  stages: z.array(z.object({ stage: leadStageSchema, count: z.number().int(), valueCents: z.number().int() })),
});
export type LeadPipeline = z.infer<typeof leadPipelineSchema>;

export const leadActivitySchema = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  kind: leadActivityKindSchema,
  summary: z.string(),
  /** Who logged it; null for the AI, an import or an API key. */
  actorId: z.uuid().nullable(),
  occurredAt: isoDateSchema,
  createdAt: isoDateSchema,
});
export type LeadActivity = z.infer<typeof leadActivitySchema>;

export const createLeadActivityInputSchema = z.object({
  kind: z.enum(loggableLeadActivityKinds),
  summary: z.string().trim().min(1, 'Write a summary').max(5_000),
  /** When it happened; now when absent. */
  occurredAt: isoDateSchema.optional(),
});
export type CreateLeadActivityInput = z.infer<typeof createLeadActivityInputSchema>;

export const meetingSchema = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  title: z.string(),
  startsAt: isoDateSchema,
  endsAt: isoDateSchema,
  location: z.string(),
  notes: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Meeting = z.infer<typeof meetingSchema>;

const meetingFields = {
  title: z.string().trim().min(1, 'Enter a title').max(200),
  startsAt: isoDateSchema,
  endsAt: isoDateSchema,
  location: z.string().trim().max(200).optional(),
  notes: z.string().max(10_000).optional(),
};
const endsAfterStart = (m: { startsAt?: string; endsAt?: string }) =>
  !m.startsAt || !m.endsAt || Date.parse(m.endsAt) > Date.parse(m.startsAt);
const endsAfterStartIssue = { message: 'End after the start', path: ['endsAt'] };
export const createMeetingInputSchema = z.object(meetingFields).refine(endsAfterStart, endsAfterStartIssue);
/** Any subset; the API checks the end against the stored start (and the other way round). */
export const updateMeetingInputSchema = z.object(meetingFields).partial().refine(endsAfterStart, endsAfterStartIssue);
export type CreateMeetingInput = z.infer<typeof createMeetingInputSchema>;
export type UpdateMeetingInput = z.infer<typeof updateMeetingInputSchema>;

/** Largest CSV an import takes (bytes, UTF-8) and most data rows. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

/** Lead fields a CSV column can fill; `firstName` and `lastName` are joined into the name. */
export const leadImportFields = [
  'name',
  'firstName',
  'lastName',
  'email',
  'company',
  'title',
  'phone',
  'source',
  'stage',
  'priority',
  'value',
  'tags',
  'notes',
] as const;
export type LeadImportField = (typeof leadImportFields)[number];
export const leadImportFieldSchema = z.enum(leadImportFields);

/** The longest CSV column header an import accepts (a longer one is refused when the file is uploaded). */
export const MAX_CSV_HEADER_LENGTH = 200;

/** CSV header -> lead field; a header mapped to null (or left out) is ignored. */
export const leadImportMappingSchema = z.record(
  z.string().max(MAX_CSV_HEADER_LENGTH),
  leadImportFieldSchema.nullable(),
);
export type LeadImportMapping = z.infer<typeof leadImportMappingSchema>;

export const createLeadImportInputSchema = z
  .object({
    fileName: z.string().trim().min(1, 'Name the file').max(255),
    /** The CSV text (comma, semicolon or tab; a BOM, CRLF or LF line ends are fine), at most 10 MB. */
    csv: z.string().optional(),
    /** Or the file's bytes in base64, so a Windows-1252 (Latin-1) file keeps its accents. */
    contentBase64: z
      .string()
      .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4, 'The file is over 10 MB')
      .regex(/^[A-Za-z0-9+/=\s_-]*$/, 'Not base64')
      .optional(),
  })
  .refine((input) => (input.csv === undefined) !== (input.contentBase64 === undefined), {
    message: 'Send the file as `csv` (text) or as `contentBase64` (bytes), one of them',
    path: ['csv'],
  });

export const leadImportSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  headers: z.array(z.string()),
  /** The first five data rows as parsed. */
  sampleRows: z.array(z.array(z.string())),
  rowCount: z.number().int(),
  suggestedMapping: leadImportMappingSchema,
});
export type LeadImport = z.infer<typeof leadImportSchema>;

export const leadImportMappingInputSchema = z.object({ mapping: leadImportMappingSchema });

/** Rows are numbered from 1 for the first data row (the header is row 0). */
export const leadImportPreviewSchema = z.object({
  /** Rows that an import would create. */
  valid: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  /** Rows skipped because their email is already taken: by an earlier row of the file or by an existing lead. */
  duplicates: z.array(z.object({ row: z.number().int(), email: z.string(), of: z.enum(['file', 'existing']) })),
});
export type LeadImportPreview = z.infer<typeof leadImportPreviewSchema>;

export const leadImportResultSchema = z.object({
  imported: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
});
export type LeadImportResult = z.infer<typeof leadImportResultSchema>;

const tag = 'Leads';
const orgParams = z.object({ orgId: z.uuid() });
export const leadParamsSchema = orgParams.extend({ leadId: z.uuid() });
export const meetingParamsSchema = leadParamsSchema.extend({ meetingId: z.uuid() });
export const leadImportParamsSchema = orgParams.extend({ importId: z.uuid() });
const reader = orgAuth('member', 'read');
const writer = orgAuth('member', 'write');
const base = '/api/orgs/:orgId/leads';
export const leadEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: base,
    summary: 'Leads matching a filter, sorted, a page at a time',
    tag,
    auth: reader,
    params: orgParams,
    query: leadListQuerySchema,
    status: 200,
    response: leadPageSchema,
  }),
  pipeline: defineEndpoint({
    method: 'GET',
    path: `${base}/pipeline`,
    summary: 'Count and deal value of the leads in each stage',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: leadPipelineSchema,
  }),
  export: defineEndpoint({
    method: 'GET',
    path: `${base}/export`,
    summary: 'Leads matching a filter as CSV (a header row, then one row per lead); it imports back as is',
    tag,
    auth: reader,
    params: orgParams,
    query: leadFilterSchema,
    status: 200,
    response: null,
    produces: 'text/csv',
  }),
  create: defineEndpoint({
    method: 'POST',
    path: base,
    summary: 'Create a lead',
    tag,
    auth: writer,
    params: orgParams,
    body: leadInputSchema,
    status: 201,
    response: leadSchema,
    errors: [409],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: `${base}/:leadId`,
    summary: 'A lead with the reasons for its score',
    tag,
    auth: reader,
    params: leadParamsSchema,
    status: 200,
    response: leadDetailSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: `${base}/:leadId`,
    summary: 'Change a lead (any subset of fields, the stage too)',
    tag,
    auth: writer,
    params: leadParamsSchema,
    body: leadInputSchema.partial(),
    status: 200,
    response: leadSchema,
    errors: [409],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: `${base}/:leadId`,
    summary: 'Delete a lead with its activities and meetings',
    tag,
    auth: writer,
    params: leadParamsSchema,
    status: 204,
    response: null,
  }),
  listActivities: defineEndpoint({
    method: 'GET',
    path: `${base}/:leadId/activities`,
    summary: "A lead's activities, newest first",
    tag,
    auth: reader,
    params: leadParamsSchema,
    status: 200,
    response: z.object({ items: z.array(leadActivitySchema) }),
  }),
  createActivity: defineEndpoint({
    method: 'POST',
    path: `${base}/:leadId/activities`,
    summary:
      "Log a call, email, meeting or note; updates the lead's activity count, last activity and score (a contact also clears 'follow-up drafted, not sent')",
    tag,
    auth: writer,
    params: leadParamsSchema,
    body: createLeadActivityInputSchema,
    status: 201,
    response: leadActivitySchema,
  }),
  listMeetings: defineEndpoint({
    method: 'GET',
    path: `${base}/:leadId/meetings`,
    summary: "A lead's meetings by start time",
    tag,
    auth: reader,
    params: leadParamsSchema,
    status: 200,
    response: z.object({ items: z.array(meetingSchema) }),
  }),
  createMeeting: defineEndpoint({
    method: 'POST',
    path: `${base}/:leadId/meetings`,
    summary: 'Schedule a meeting with a lead',
    tag,
    auth: writer,
    params: leadParamsSchema,
    body: createMeetingInputSchema,
    status: 201,
    response: meetingSchema,
  }),
  updateMeeting: defineEndpoint({
    method: 'PATCH',
    path: `${base}/:leadId/meetings/:meetingId`,
    summary: 'Change a meeting',
    tag,
    auth: writer,
    params: meetingParamsSchema,
    body: updateMeetingInputSchema,
    status: 200,
    response: meetingSchema,
  }),
  removeMeeting: defineEndpoint({
    method: 'DELETE',
    path: `${base}/:leadId/meetings/:meetingId`,
    summary: 'Cancel a meeting',
    tag,
    auth: writer,
    params: meetingParamsSchema,
    status: 204,
    response: null,
  }),
  createImport: defineEndpoint({
    method: 'POST',
    path: `${base}/imports`,
    summary:
      'Upload a CSV (up to 10 MB and 50,000 rows); answers its headers, sample rows and a suggested column mapping',
    tag,
    auth: writer,
    params: orgParams,
    body: createLeadImportInputSchema,
    status: 201,
    response: leadImportSchema,
    errors: [413],
  }),
  previewImport: defineEndpoint({
    method: 'POST',
    path: `${base}/imports/:importId/preview`,
    summary: 'Check every row against a mapping: rows rejected (with the reason) and duplicates, nothing written',
    tag,
    auth: writer,
    params: leadImportParamsSchema,
    body: leadImportMappingInputSchema,
    status: 200,
    response: leadImportPreviewSchema,
  }),
  commitImport: defineEndpoint({
    method: 'POST',
    path: `${base}/imports/:importId/commit`,
    summary: 'Import every valid row in one transaction (all or nothing), skipping duplicates; once per upload',
    tag,
    auth: writer,
    params: leadImportParamsSchema,
    body: leadImportMappingInputSchema,
    status: 201,
    response: leadImportResultSchema,
    errors: [409],
  }),
};
