import { z } from 'zod';
import { campaignAudienceSchema } from './campaigns';
import { commaListSchema, isoDateSchema, pageQuerySchema, pageSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';

/** What the executor can do on its own. goal_step tasks are made by goals, never by hand. */
export const taskTypes = [
  'social_media_post',
  'email_campaign',
  'lead_followup',
  'goal_step',
  'report',
  'approved_action',
] as const;
export type TaskType = (typeof taskTypes)[number];
export const taskTypeSchema = z.enum(taskTypes);

export const taskStatuses = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const taskStatusSchema = z.enum(taskStatuses);

/** Who put the task in the queue. */
export const taskOrigins = ['user', 'api_key', 'agentic', 'goal'] as const;
export type TaskOrigin = (typeof taskOrigins)[number];
export const taskOriginSchema = z.enum(taskOrigins);

export const MAX_TASK_ATTEMPTS = 10;
export const DEFAULT_TASK_ATTEMPTS = 3;

const briefSchema = z.string().trim().min(3, 'Say what it should be about').max(2_000);

/** social_media_post: the AI drafts a post from the brief, then publishes it on LinkedIn (or leaves a draft when LinkedIn is not connected or `publish` is false). */
export const socialMediaPostTaskInputSchema = z.object({
  brief: briefSchema,
  tone: z.string().trim().max(100).optional(),
  publish: z.boolean().default(true),
});

/** email_campaign: the AI writes subject and body from the brief, then the campaign goes to the audience. */
export const emailCampaignTaskInputSchema = z.object({
  brief: briefSchema,
  name: z.string().trim().min(1).max(200).optional(),
  audience: campaignAudienceSchema.default({}),
  /** false: the campaign is left as a draft for the owner to review and send. */
  send: z.boolean().default(true),
});

/**
 * lead_followup: the AI writes a follow-up message, logged as a followup_draft activity (not a
 * contact). With `sendEmail` it is emailed (then logged as an ai_followup, a real contact) when
 * the owner or an API key queued it, or put in the approval inbox when the engine or a goal did.
 */
export const leadFollowupTaskInputSchema = z.object({
  leadId: z.uuid(),
  brief: z.string().trim().max(2_000).optional(),
  sendEmail: z.boolean().default(false),
});

/** goal_step: the AI works one step of a goal (a plan, a draft, a checklist) and hands it to the owner. */
export const goalStepTaskInputSchema = z.object({
  goalId: z.uuid(),
  step: z.string().trim().min(1).max(300),
  detail: z.string().trim().max(2_000).default(''),
});

export const reportPeriods = ['day', 'week', 'month'] as const;
/** report: a business report over the period (leads, tasks, content, AI spend), optionally emailed to the owner. */
export const reportTaskInputSchema = z.object({
  period: z.enum(reportPeriods).default('week'),
  emailOwner: z.boolean().default(false),
});

/** approved_action: carries out one approved item of the approval inbox; made by the inbox, never by hand. */
export const approvedActionTaskInputSchema = z.object({ approvalId: z.uuid() });

export const taskInputSchemas = {
  social_media_post: socialMediaPostTaskInputSchema,
  email_campaign: emailCampaignTaskInputSchema,
  lead_followup: leadFollowupTaskInputSchema,
  goal_step: goalStepTaskInputSchema,
  report: reportTaskInputSchema,
  approved_action: approvedActionTaskInputSchema,
} as const;
export type TaskInputs = { [K in TaskType]: z.output<(typeof taskInputSchemas)[K]> };

const commonCreateFields = {
  title: z.string().trim().min(1).max(200).optional(),
  /** Not before this time; now when left out. */
  runAfter: isoDateSchema.optional(),
  maxAttempts: z.number().int().min(1).max(MAX_TASK_ATTEMPTS).optional(),
};

/** What the API accepts (goal_step is left out: goals create their steps). */
export const createTaskInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('social_media_post'), input: socialMediaPostTaskInputSchema, ...commonCreateFields }),
  z.object({ type: z.literal('email_campaign'), input: emailCampaignTaskInputSchema, ...commonCreateFields }),
  z.object({ type: z.literal('lead_followup'), input: leadFollowupTaskInputSchema, ...commonCreateFields }),
  z.object({ type: z.literal('report'), input: reportTaskInputSchema, ...commonCreateFields }),
]);
export type CreateTaskInput = z.output<typeof createTaskInputSchema>;

export const taskSchema = z.object({
  id: z.uuid(),
  type: taskTypeSchema,
  status: taskStatusSchema,
  title: z.string(),
  input: z.record(z.string(), z.unknown()),
  /** What the handler produced (post id, campaign counts, the message written...). */
  output: z.record(z.string(), z.unknown()).nullable(),
  /** The last failure in words for the owner. */
  error: z.string().nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAfter: isoDateSchema,
  /** While IN_PROGRESS: until when the worker's lease runs. */
  leaseExpiresAt: isoDateSchema.nullable(),
  origin: taskOriginSchema,
  createdById: z.uuid().nullable(),
  goalId: z.uuid().nullable(),
  goalOrder: z.number().int().nullable(),
  dueAt: isoDateSchema.nullable(),
  /** A goal step: when the owner marked it done (the AI preparing it is not the step done). */
  stepDoneAt: isoDateSchema.nullable(),
  insightId: z.uuid().nullable(),
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Task = z.infer<typeof taskSchema>;

/** Newest first. */
export const listTasksQuerySchema = pageQuerySchema.extend({
  status: commaListSchema(taskStatusSchema, taskStatuses.length).optional(),
  type: commaListSchema(taskTypeSchema, taskTypes.length).optional(),
  origin: taskOriginSchema.optional(),
  goalId: z.uuid().optional(),
  insightId: z.uuid().optional(),
});
export type ListTasksQuery = z.output<typeof listTasksQuerySchema>;

/** How many tasks the org has in each status, for the queue's header. */
export const taskSummarySchema = z.object({
  counts: z.record(taskStatusSchema, z.number().int()),
  /** The oldest due PENDING task's runAfter: how far behind the queue is. */
  oldestDueAt: isoDateSchema.nullable(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const taskParamsSchema = z.object({ orgId: z.uuid(), taskId: z.uuid() });

const tag = 'Tasks';
const orgParams = z.object({ orgId: z.uuid() });
const reader = orgAuth('member', 'read');
const writer = orgAuth('member', 'write');
export const taskEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/tasks',
    summary: 'Tasks, newest first, by status, type, origin, goal or insight',
    tag,
    auth: reader,
    params: orgParams,
    query: listTasksQuerySchema,
    status: 200,
    response: pageSchema(taskSchema),
  }),
  summary: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/tasks/summary',
    summary: 'Task counts by status',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: taskSummarySchema,
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/tasks',
    summary:
      'Queue a task for the executor. Counts one task. A follow-up for a lead that must not be contacted now (unsubscribed, won or lost, a meeting coming up, a follow-up pending or sent in the last 7 days) answers 409 with why.',
    tag,
    auth: writer,
    params: orgParams,
    body: createTaskInputSchema,
    status: 201,
    response: taskSchema,
    errors: [402, 409],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/tasks/:taskId',
    summary: 'A task with its input, output and error',
    tag,
    auth: reader,
    params: taskParamsSchema,
    status: 200,
    response: taskSchema,
  }),
  cancel: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/tasks/:taskId/cancel',
    summary: 'Cancel a task that has not started (409 once it runs or is done)',
    tag,
    auth: writer,
    params: taskParamsSchema,
    status: 200,
    response: taskSchema,
    errors: [409],
  }),
  retry: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/tasks/:taskId/retry',
    summary: 'Queue a failed or cancelled task again, with a fresh set of attempts',
    tag,
    auth: writer,
    params: taskParamsSchema,
    status: 200,
    response: taskSchema,
    errors: [409],
  }),
};
