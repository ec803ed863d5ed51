import { z } from 'zod';
import { isoDateSchema, isoDaySchema } from './common';
import { defineEndpoint, orgAuth, publicAuth } from './contract';
import { publicTokenParamsSchema } from './proposals';

/**
 * Client projects: made by hand or by an accepted proposal (milestones from the templates'
 * deliverables). Progress is the share of milestones done; budget vs actual sums the books'
 * transactions tagged to the project. The client follows it on a read-only page by link.
 */

export const projectStatuses = ['planning', 'in_progress', 'review', 'completed', 'on_hold'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];
export const projectStatusLabels: Record<ProjectStatus, string> = {
  planning: 'Planning',
  in_progress: 'In progress',
  review: 'Review',
  completed: 'Completed',
  on_hold: 'On hold',
};

export const projectPriorities = ['low', 'medium', 'high', 'urgent'] as const;
export type ProjectPriority = (typeof projectPriorities)[number];
export const projectPriorityLabels: Record<ProjectPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};

export const MILESTONES_MAX = 100;

/** Progress in whole percent from milestones done (0 with no milestones). */
export const projectProgress = (done: number, total: number): number =>
  total === 0 ? 0 : Math.floor((done * 100) / total);

const text = (max: number, label: string) => z.string().trim().max(max, `${label} can be at most ${max} characters`);
const requiredText = (max: number, label: string) => text(max, label).min(1, `Enter ${label.toLowerCase()}`);
const budgetSchema = z
  .number({ message: 'Enter the budget in minor units (cents)' })
  .int('Use whole minor units (cents)')
  .min(0, 'A budget cannot be negative')
  .max(100_000_000_000, 'That budget is too large');

export const milestoneInputSchema = z.strictObject({
  title: requiredText(200, 'A milestone title'),
  description: text(5_000, 'A description').default(''),
  deliverables: z.array(requiredText(200, 'A deliverable')).max(30, 'At most 30 deliverables').default([]),
  dueDate: isoDaySchema.nullable().default(null),
});
export type MilestoneInput = z.input<typeof milestoneInputSchema>;

export const milestoneUpdateSchema = z
  .strictObject({
    title: requiredText(200, 'A milestone title'),
    description: text(5_000, 'A description'),
    deliverables: z.array(requiredText(200, 'A deliverable')).max(30, 'At most 30 deliverables'),
    dueDate: isoDaySchema.nullable(),
    done: z.boolean({ message: 'Use true or false' }),
    /** 0-based place in the project's list; the others move up or down. */
    position: z.number().int('Use a whole number').min(0).max(MILESTONES_MAX),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Change at least one field' });
export type MilestoneUpdate = z.input<typeof milestoneUpdateSchema>;

export const milestonesAddSchema = z.strictObject({
  milestones: z
    .array(milestoneInputSchema)
    .min(1, 'Add at least one milestone')
    .max(MILESTONES_MAX, `At most ${MILESTONES_MAX} milestones`),
});

export const milestoneSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  title: z.string(),
  description: z.string(),
  deliverables: z.array(z.string()),
  dueDate: isoDaySchema.nullable(),
  done: z.boolean(),
  doneAt: isoDateSchema.nullable(),
  /** Not done and due before today in the org's timezone. */
  overdue: z.boolean(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const projectInputSchema = z.strictObject({
  name: requiredText(200, 'A project name'),
  description: text(10_000, 'A description').default(''),
  clientName: text(200, 'The client name').default(''),
  clientEmail: z.union([z.literal(''), z.email('Enter a valid email address').max(254)]).default(''),
  status: z.enum(projectStatuses, { message: 'Not a project status' }).default('planning'),
  priority: z.enum(projectPriorities, { message: 'Choose low, medium, high or urgent' }).default('medium'),
  leadId: z.uuid('Not a valid lead id').nullable().default(null),
  startDate: isoDaySchema.nullable().default(null),
  dueDate: isoDaySchema.nullable().default(null),
  budgetMinor: budgetSchema.default(0),
  milestones: z.array(milestoneInputSchema).max(MILESTONES_MAX, `At most ${MILESTONES_MAX} milestones`).default([]),
});
export type ProjectInput = z.input<typeof projectInputSchema>;

export const projectUpdateSchema = z
  .strictObject({
    name: requiredText(200, 'A project name'),
    description: text(10_000, 'A description'),
    clientName: text(200, 'The client name'),
    clientEmail: z.union([z.literal(''), z.email('Enter a valid email address').max(254)]),
    status: z.enum(projectStatuses, { message: 'Not a project status' }),
    priority: z.enum(projectPriorities, { message: 'Choose low, medium, high or urgent' }),
    leadId: z.uuid('Not a valid lead id').nullable(),
    startDate: isoDaySchema.nullable(),
    dueDate: isoDaySchema.nullable(),
    budgetMinor: budgetSchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Change at least one field' });
export type ProjectUpdate = z.input<typeof projectUpdateSchema>;

export const projectSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  clientName: z.string(),
  status: z.enum(projectStatuses),
  priority: z.enum(projectPriorities),
  leadId: z.string().nullable(),
  proposalId: z.string().nullable(),
  /** P-<number> of the proposal it came from. */
  proposalNumber: z.number().int().nullable(),
  startDate: isoDaySchema.nullable(),
  dueDate: isoDaySchema.nullable(),
  currency: z.string(),
  budgetMinor: z.number().int(),
  /** Money out tagged to the project (expenses, as a positive amount). */
  spentMinor: z.number().int(),
  /** Money in tagged to the project (deposits, payments). */
  receivedMinor: z.number().int(),
  milestonesTotal: z.number().int(),
  milestonesDone: z.number().int(),
  milestonesOverdue: z.number().int(),
  /** Whole percent of milestones done. */
  progressPercent: z.number().int(),
  /** The next milestone not done, by position. */
  nextMilestone: z.object({ title: z.string(), dueDate: isoDaySchema.nullable() }).nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const projectTransactionSchema = z.object({
  id: z.string(),
  date: isoDaySchema,
  amountMinor: z.number().int(),
  currency: z.string(),
  counterparty: z.string(),
  description: z.string(),
});

export const projectSchema = projectSummarySchema.extend({
  description: z.string(),
  clientEmail: z.string(),
  /** The lead's name, when the lead still exists. */
  leadName: z.string().nullable(),
  milestones: z.array(milestoneSchema),
  /** The latest transactions tagged to the project (at most 20). */
  transactions: z.array(projectTransactionSchema),
  /** The client's read-only progress page: `<app>/api/public/projects/<token>`. */
  publicUrl: z.string(),
  completedAt: isoDateSchema.nullable(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectListQuerySchema = z.object({
  status: z.enum(projectStatuses, { message: 'Not a project status' }).optional(),
  priority: z.enum(projectPriorities, { message: 'Not a priority' }).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().min(1).max(200).optional(),
});
export const projectPageSchema = z.object({
  items: z.array(projectSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ProjectPage = z.infer<typeof projectPageSchema>;

export const projectPlanRequestSchema = z.strictObject({
  /** Anything the AI should know beyond the project's name, description and dates. */
  brief: text(2_000, 'The brief').default(''),
});
/** Milestones the AI suggests, not saved: the owner keeps what they want with addMilestones. */
export const projectPlanSchema = z.object({
  milestones: z.array(
    z.object({
      title: z.string(),
      description: z.string(),
      deliverables: z.array(z.string()),
      dueDate: isoDaySchema.nullable(),
    }),
  ),
  source: z.enum(['ai', 'offline']),
});
export type ProjectPlan = z.infer<typeof projectPlanSchema>;

const tag = 'Projects';
const orgParams = z.object({ orgId: z.uuid() });
export const projectParamsSchema = orgParams.extend({ projectId: z.uuid() });
export const milestoneParamsSchema = projectParamsSchema.extend({ milestoneId: z.uuid() });
const reader = orgAuth('member', 'read');
const writer = orgAuth('member', 'write');
const base = '/api/orgs/:orgId/projects';

export const projectEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: base,
    summary: 'Client projects with progress and budget vs actual, newest change first',
    tag,
    auth: reader,
    params: orgParams,
    query: projectListQuerySchema,
    status: 200,
    response: projectPageSchema,
  }),
  create: defineEndpoint({
    method: 'POST',
    path: base,
    summary: 'Add a client project, with milestones if given',
    tag,
    auth: writer,
    params: orgParams,
    body: projectInputSchema,
    status: 201,
    response: projectSchema,
    errors: [404],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: `${base}/:projectId`,
    summary: 'One project with its milestones and the transactions tagged to it',
    tag,
    auth: reader,
    params: projectParamsSchema,
    status: 200,
    response: projectSchema,
    errors: [404],
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: `${base}/:projectId`,
    summary: 'Change a project (status, priority, dates, budget ...)',
    tag,
    auth: writer,
    params: projectParamsSchema,
    body: projectUpdateSchema,
    status: 200,
    response: projectSchema,
    errors: [404],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: `${base}/:projectId`,
    summary: 'Delete a project and its milestones (tagged transactions stay in the books, untagged)',
    tag,
    auth: writer,
    params: projectParamsSchema,
    status: 204,
    response: null,
    errors: [404],
  }),
  plan: defineEndpoint({
    method: 'POST',
    path: `${base}/:projectId/plan`,
    summary: 'The AI suggests milestones with due dates (not saved; counts one AI message; offline: a clear plan)',
    tag,
    auth: writer,
    params: projectParamsSchema,
    body: projectPlanRequestSchema,
    status: 200,
    response: projectPlanSchema,
    errors: [402, 404],
  }),
  addMilestones: defineEndpoint({
    method: 'POST',
    path: `${base}/:projectId/milestones`,
    summary: 'Add milestones at the end of the project',
    tag,
    auth: writer,
    params: projectParamsSchema,
    body: milestonesAddSchema,
    status: 201,
    response: projectSchema,
    errors: [404, 422],
  }),
  updateMilestone: defineEndpoint({
    method: 'PATCH',
    path: `${base}/:projectId/milestones/:milestoneId`,
    summary: 'Change a milestone, tick it done or move it',
    tag,
    auth: writer,
    params: milestoneParamsSchema,
    body: milestoneUpdateSchema,
    status: 200,
    response: projectSchema,
    errors: [404],
  }),
  removeMilestone: defineEndpoint({
    method: 'DELETE',
    path: `${base}/:projectId/milestones/:milestoneId`,
    summary: 'Delete a milestone',
    tag,
    auth: writer,
    params: milestoneParamsSchema,
    status: 200,
    response: projectSchema,
    errors: [404],
  }),
  progressPage: defineEndpoint({
    method: 'GET',
    path: '/api/public/projects/:token',
    summary:
      "The client's read-only progress page (no login): status, progress, milestones and deliverables; nothing else of the org",
    tag,
    auth: publicAuth,
    params: publicTokenParamsSchema,
    status: 200,
    response: null,
    produces: 'text/html',
    errors: [404, 429],
    pageErrors: [404, 429],
  }),
};
