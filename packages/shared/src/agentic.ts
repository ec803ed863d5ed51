import { z } from 'zod';
import { isoDateSchema, pageSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';

/** The engine acts on its own on insights above this confidence; below it, it proposes. */
export const AGENTIC_ACT_THRESHOLD = 0.75;

/** What the agentic engine looks for, with the confidence it gives each. */
export const insightKinds = [
  'stale_leads',
  'low_content_output',
  'task_backlog',
  'deals_at_risk',
  'failing_tasks',
  'goal_off_track',
  'spending_spike',
  'recurring_charge_up',
  'short_runway',
  'uncategorised_backlog',
  'project_at_risk',
] as const;
export type InsightKind = (typeof insightKinds)[number];
export const insightKindSchema = z.enum(insightKinds);

/** The CFO insights: they carry money figures, so like the rest of finance only admins and owners see them. */
export const financeInsightKinds = [
  'spending_spike',
  'recurring_charge_up',
  'short_runway',
  'uncategorised_backlog',
] as const satisfies readonly InsightKind[];

/** True for an insight kind that carries money figures (shown to admins and owners only). */
export const isFinanceInsightKind = (kind: string): boolean =>
  (financeInsightKinds as readonly string[]).includes(kind);

export const insightStatuses = ['open', 'accepted', 'dismissed', 'undone'] as const;
export type InsightStatus = (typeof insightStatuses)[number];
export const insightStatusSchema = z.enum(insightStatuses);

/**
 * task_created: done; task_proposed: waits for the owner to accept; task_skipped: not created
 * (quota used up, already queued, or the lead may not be contacted now), accepting the insight tries
 * again; task_cancelled: created, then cancelled by dismiss or undo before it started; warning:
 * nothing to do but tell.
 */
export const insightActionKinds = [
  'task_created',
  'task_proposed',
  'task_skipped',
  'task_cancelled',
  'warning',
] as const;
export type InsightActionKind = (typeof insightActionKinds)[number];
export const insightActionSchema = z.object({
  kind: z.enum(insightActionKinds),
  reason: z.string(),
  taskId: z.uuid().nullable(),
  /** The task's type and title (created or proposed). */
  taskType: z.string().nullable(),
  title: z.string(),
});
export type InsightAction = z.infer<typeof insightActionSchema>;

/**
 * Where the insight's own work stands, from its tasks and approval items now:
 * none: nothing to run (warnings only, or only proposals); queued: tasks wait to start (undo can
 * still cancel them); running: a task is running; waiting_approval: work is done up to an item in
 * the approval inbox; done: every action ran (nothing left to undo); stopped: dismissed or undone
 * before anything ran.
 */
export const insightWorkStates = ['none', 'queued', 'running', 'waiting_approval', 'done', 'stopped'] as const;
export type InsightWorkState = (typeof insightWorkStates)[number];
export const insightWorkSchema = z.object({
  state: z.enum(insightWorkStates),
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  awaitingApproval: z.number().int(),
});
export type InsightWork = z.infer<typeof insightWorkSchema>;

export const insightSchema = z.object({
  id: z.uuid(),
  runId: z.uuid(),
  kind: insightKindSchema,
  confidence: z.number().min(0).max(1),
  title: z.string(),
  reason: z.string(),
  data: z.record(z.string(), z.unknown()),
  actions: z.array(insightActionSchema),
  status: insightStatusSchema,
  decidedById: z.uuid().nullable(),
  decidedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  work: insightWorkSchema,
  /** True only while undo would still cancel something (a queued task or a pending approval item). */
  undoable: z.boolean(),
  /** What the last dismiss or undo did, in words ("Cancelled 2 follow-ups that had not started; 1 had already run."). */
  decisionSummary: z.string().nullable(),
});
export type Insight = z.infer<typeof insightSchema>;

/** Memory of what worked: one variant of an action and how often it succeeded. */
export const outcomeActions = ['followup', 'campaign', 'post'] as const;
export type OutcomeAction = (typeof outcomeActions)[number];
export const whatWorkedItemSchema = z.object({
  action: z.enum(outcomeActions),
  /** tone, channel, weekday, topic */
  dimension: z.string(),
  value: z.string(),
  successes: z.number().int(),
  attempts: z.number().int(),
  /** (successes + 1) / (attempts + 2) */
  score: z.number(),
  /** In words: "Follow-ups that mention the proposal got a reply 4 times out of 6". */
  summary: z.string(),
  /** A few of the actions behind the numbers. */
  evidence: z.array(
    z.object({
      subjectId: z.uuid(),
      leadId: z.uuid().nullable(),
      success: z.boolean(),
      signal: z.string().nullable(),
      actedAt: isoDateSchema,
      label: z.string(),
    }),
  ),
});
export type WhatWorkedItem = z.infer<typeof whatWorkedItemSchema>;
export const whatWorkedSchema = z.object({
  items: z.array(whatWorkedItemSchema),
  /** Per action: how many outcomes are settled and how many still wait for their window to close. */
  totals: z.array(
    z.object({
      action: z.enum(outcomeActions),
      settled: z.number().int(),
      successes: z.number().int(),
      pending: z.number().int(),
    }),
  ),
});
export type WhatWorked = z.infer<typeof whatWorkedSchema>;

export const agenticTriggers = ['schedule', 'manual'] as const;
export type AgenticTrigger = (typeof agenticTriggers)[number];

export const agenticRunSchema = z.object({
  id: z.uuid(),
  trigger: z.enum(agenticTriggers),
  triggeredById: z.uuid().nullable(),
  /** New insights recorded by the run (evidence already in the feed is not recorded again). */
  insightCount: z.number().int(),
  /** Tasks the run created. */
  actionCount: z.number().int(),
  error: z.string().nullable(),
  startedAt: isoDateSchema,
  finishedAt: isoDateSchema.nullable(),
});
export type AgenticRun = z.infer<typeof agenticRunSchema>;

export const analyzeResultSchema = z.object({ run: agenticRunSchema, insights: z.array(insightSchema) });
export type AnalyzeResult = z.infer<typeof analyzeResultSchema>;

export const listInsightsQuerySchema = z.object({
  status: insightStatusSchema.optional(),
  kind: insightKindSchema.optional(),
  runId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.uuid().optional(),
});
export type ListInsightsQuery = z.output<typeof listInsightsQuerySchema>;

export const insightParamsSchema = z.object({ orgId: z.uuid(), insightId: z.uuid() });

const tag = 'Agentic engine';
const orgParams = z.object({ orgId: z.uuid() });
const reader = orgAuth('member', 'read');
const admin = orgAuth('admin', null);
export const agenticEndpoints = {
  analyze: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/agentic/analyze',
    summary:
      'Run the agentic engine now: find insights and act on those above 0.75 (409 while a run for the org started under 2 minutes ago is still going)',
    tag,
    auth: admin,
    params: orgParams,
    status: 200,
    response: analyzeResultSchema,
    errors: [409],
  }),
  runs: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/agentic/runs',
    summary: 'Recent agentic engine runs, newest first',
    tag,
    auth: reader,
    params: orgParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
    status: 200,
    response: z.object({ items: z.array(agenticRunSchema) }),
  }),
  insights: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/insights',
    summary: 'The insight feed, newest first: what the engine noticed, why, and what it did',
    tag,
    auth: reader,
    params: orgParams,
    query: listInsightsQuerySchema,
    status: 200,
    response: pageSchema(insightSchema),
  }),
  accept: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/insights/:insightId/accept',
    summary: 'Accept an open insight: its proposed (and quota-skipped) tasks are created now',
    tag,
    auth: admin,
    params: insightParamsSchema,
    status: 200,
    response: insightSchema,
    errors: [402, 409],
  }),
  dismiss: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/insights/:insightId/dismiss',
    summary:
      'Dismiss an open insight: nothing more is done about it, and what it queued that has not started (tasks, approval items) is cancelled',
    tag,
    auth: admin,
    params: insightParamsSchema,
    status: 200,
    response: insightSchema,
    errors: [409],
  }),
  whatWorked: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/agentic/what-worked',
    summary:
      'What worked: variants of each action (tone, channel, weekday, topic) ranked by (successes + 1) / (attempts + 2), with the evidence',
    tag,
    auth: reader,
    params: orgParams,
    query: z.object({ action: z.enum(outcomeActions).optional() }),
    status: 200,
    response: whatWorkedSchema,
  }),
  undo: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/insights/:insightId/undo',
    summary:
      'Undo an open or accepted insight while something can still be undone: the tasks it created that have not started and its pending approval items are cancelled; decisionSummary says exactly what (409 when nothing is left to undo)',
    tag,
    auth: admin,
    params: insightParamsSchema,
    status: 200,
    response: insightSchema,
    errors: [409],
  }),
};
