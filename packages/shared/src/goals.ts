import { z } from 'zod';
import { aiSourceSchema } from './ai';
import { isoDateSchema, pageQuerySchema, pageSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';
import { taskSchema } from './tasks';

export const goalStatuses = ['active', 'completed', 'cancelled'] as const;
export type GoalStatus = (typeof goalStatuses)[number];
export const goalStatusSchema = z.enum(goalStatuses);

/** How many steps the AI may break a goal into. */
export const MIN_GOAL_STEPS = 3;
export const MAX_GOAL_STEPS = 8;

export const goalProgressSchema = z.object({
  /** Steps the owner marked done. */
  completed: z.number().int(),
  /** Steps the AI has prepared (its deliverable is ready) that the owner has not marked done yet. */
  prepared: z.number().int(),
  /** Steps that count: all but cancelled ones. */
  total: z.number().int(),
  /** completed / total: only what the owner marked done moves it. */
  percent: z.number().int().min(0).max(100),
});
export type GoalProgress = z.infer<typeof goalProgressSchema>;

/** What progress needs to know of a step: the task's status and when the owner marked it done. */
export type GoalStepState = { status: string; stepDoneAt: Date | string | null };

/**
 * Progress of a goal from its steps. A step is done when the owner marked it done; the AI
 * finishing its deliverable only makes it ready for the owner. Cancelled steps do not count.
 */
export const goalProgress = (steps: readonly GoalStepState[]): GoalProgress => {
  const counted = steps.filter((step) => step.status !== 'CANCELLED');
  const completed = counted.filter((step) => step.stepDoneAt !== null).length;
  const prepared = counted.filter((step) => step.stepDoneAt === null && step.status === 'COMPLETED').length;
  const total = counted.length;
  return { completed, prepared, total, percent: total === 0 ? 0 : Math.floor((completed * 100) / total) };
};

/**
 * The live numbers a goal can be measured by. Counted from the goal's creation to its deadline,
 * except pipeline_value, which is the open pipeline's value now. revenue is income in the books
 * (minor units of the org currency); deals_won, posts_published and new_leads are counts.
 */
export const goalMetrics = ['deals_won', 'revenue', 'posts_published', 'new_leads', 'pipeline_value'] as const;
export type GoalMetric = (typeof goalMetrics)[number];
export const goalMetricSchema = z.enum(goalMetrics);
/** Metrics counted in money (minor units of `currency`); the rest are counts. */
export const moneyGoalMetrics: readonly GoalMetric[] = ['revenue', 'pipeline_value'];

/** A metric goal's standing, from the live number now. */
export const goalLiveSchema = z.object({
  metric: goalMetricSchema,
  unit: z.enum(['count', 'money']),
  /** Set for money metrics. */
  currency: z.string().nullable(),
  value: z.number().int(),
  target: z.number().int(),
  /** value / target, 0..100. */
  percent: z.number().int().min(0).max(100),
  /** The value expected at the deadline at the pace so far (pipeline_value: the value now). */
  projected: z.number().int(),
  /** Off track when the projection falls short of the target; true once reached. */
  onTrack: z.boolean(),
  /** The share of the time to the deadline already gone, 0..100. */
  elapsedPercent: z.number().int().min(0).max(100),
  /** The standing in words ("3 of 5 deals won; at this pace 4 by 31 Dec: off track"). */
  summary: z.string(),
});
export type GoalLive = z.infer<typeof goalLiveSchema>;

export const goalSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  targetDate: isoDateSchema.nullable(),
  status: goalStatusSchema,
  /** Which AI wrote the plan (`offline`: a template plan from the goal and the org's data). */
  plannedBy: aiSourceSchema.or(z.literal('')),
  /** The steps the owner marked done, and those ready for them (a plan goal's progress). */
  progress: goalProgressSchema,
  /** A metric goal's live standing; null for a plan measured by its steps. Its percent is the goal's progress. */
  live: goalLiveSchema.nullable(),
  /** The first step the owner has not marked done (cancelled ones aside), if any. */
  nextStep: z.object({ taskId: z.uuid(), title: z.string(), dueAt: isoDateSchema.nullable() }).nullable(),
  createdById: z.uuid().nullable(),
  completedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Goal = z.infer<typeof goalSchema>;

export const goalDetailSchema = goalSchema.extend({ steps: z.array(taskSchema) });
export type GoalDetail = z.infer<typeof goalDetailSchema>;

export const createGoalInputSchema = z
  .object({
    title: z.string().trim().min(3, 'Say what the goal is').max(200),
    description: z.string().trim().max(2_000).default(''),
    /** When it should be reached; 30 days from now when left out. */
    targetDate: isoDateSchema.optional(),
    /** Measure the goal by a live number: both or neither. Money targets are minor units of the org currency. */
    metric: goalMetricSchema.optional(),
    target: z.number().int().min(1, 'The target must be above zero').max(2_000_000_000).optional(),
  })
  .refine((input) => (input.metric === undefined) === (input.target === undefined), {
    message: 'Give a metric and its target together',
    path: ['target'],
  });
export type CreateGoalInput = z.output<typeof createGoalInputSchema>;

export const updateGoalInputSchema = z
  .object({
    title: z.string().trim().min(3).max(200).optional(),
    description: z.string().trim().max(2_000).optional(),
    targetDate: isoDateSchema.nullable().optional(),
    /** null turns a metric goal back into a plan. */
    metric: goalMetricSchema.nullable().optional(),
    target: z.number().int().min(1).max(2_000_000_000).optional(),
    /** cancelled: its pending steps are cancelled too. */
    status: z.enum(['active', 'cancelled']).optional(),
  })
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'Change at least one field');
export type UpdateGoalInput = z.output<typeof updateGoalInputSchema>;

export const listGoalsQuerySchema = pageQuerySchema.extend({ status: goalStatusSchema.optional() });
export type ListGoalsQuery = z.output<typeof listGoalsQuerySchema>;

export const goalParamsSchema = z.object({ orgId: z.uuid(), goalId: z.uuid() });
export const goalStepParamsSchema = goalParamsSchema.extend({ taskId: z.uuid() });

/** The owner marks a step done (they did it) or not done (undo). */
export const markGoalStepInputSchema = z.object({ done: z.boolean() });
export type MarkGoalStepInput = z.output<typeof markGoalStepInputSchema>;

const tag = 'Goals';
const orgParams = z.object({ orgId: z.uuid() });
const reader = orgAuth('member', 'read');
const admin = orgAuth('admin', null);
export const goalEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/goals',
    summary: 'Goals with their progress, newest first',
    tag,
    auth: reader,
    params: orgParams,
    query: listGoalsQuerySchema,
    status: 200,
    response: pageSchema(goalSchema),
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/goals',
    summary: 'Set a goal: the AI breaks it into ordered steps with due dates (one AI message, one task per step)',
    tag,
    auth: admin,
    params: orgParams,
    body: createGoalInputSchema,
    status: 201,
    response: goalDetailSchema,
    errors: [402, 503],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/goals/:goalId',
    summary: 'A goal with its steps in order',
    tag,
    auth: reader,
    params: goalParamsSchema,
    status: 200,
    response: goalDetailSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/goals/:goalId',
    summary: 'Edit a goal or cancel it',
    tag,
    auth: admin,
    params: goalParamsSchema,
    body: updateGoalInputSchema,
    status: 200,
    response: goalDetailSchema,
    errors: [409],
  }),
  markStep: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/goals/:goalId/steps/:taskId',
    summary:
      'Mark a step done (the owner did it) or not done. Marking the last step of a plan done completes the goal; undoing reopens a plan completed by its steps. 409 for a cancelled step.',
    tag,
    auth: admin,
    params: goalStepParamsSchema,
    body: markGoalStepInputSchema,
    status: 200,
    response: goalDetailSchema,
    errors: [409],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/goals/:goalId',
    summary: 'Delete a goal and its steps',
    tag,
    auth: admin,
    params: goalParamsSchema,
    status: 204,
    response: null,
  }),
};
