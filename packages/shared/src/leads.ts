import { z } from 'zod';
import { emailSchema, isoDateSchema } from './common';

/** Pipeline stages in order; won and lost end a lead's journey. */
export const leadStages = ['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'] as const;
export type LeadStage = (typeof leadStages)[number];
export const leadStageSchema = z.enum(leadStages);

export const leadPriorities = ['low', 'medium', 'high'] as const;
export type LeadPriority = (typeof leadPriorities)[number];
export const leadPrioritySchema = z.enum(leadPriorities);

export const leadActivityKinds = ['call', 'email', 'meeting', 'note', 'ai_followup'] as const;
export type LeadActivityKind = (typeof leadActivityKinds)[number];
export const leadActivityKindSchema = z.enum(leadActivityKinds);

/** One reason in a lead's conversion score. */
export type ScoreFactor = { label: string; points: number; applies: boolean };

/**
 * Conversion score 0-100 (seed 002's heuristic over a base of 50): high priority +20 (medium
 * +10), a company +10, any activity +15, a known source +5. Won is 100 and lost 0. The same
 * function explains the score in the SPA and keeps the stored score in the API.
 */
export const leadScore = (lead: { priority: LeadPriority; company: string; activityCount: number; source: string; stage: LeadStage }): { score: number; factors: ScoreFactor[] } => {
  const factors: ScoreFactor[] = [
    { label: 'Base', points: 50, applies: true },
    { label: lead.priority === 'medium' ? 'Medium priority' : 'High priority', points: lead.priority === 'medium' ? 10 : 20, applies: lead.priority !== 'low' },
    { label: 'Company known', points: 10, applies: lead.company.trim() !== '' },
    { label: 'Has activities', points: 15, applies: lead.activityCount > 0 },
    { label: 'Source known', points: 5, applies: lead.source.trim() !== '' },
  ];
  if (lead.stage === 'won') return { score: 100, factors: [...factors, { label: 'Won', points: 100, applies: true }] };
  if (lead.stage === 'lost') return { score: 0, factors: [...factors, { label: 'Lost', points: 0, applies: true }] };
  return { score: factors.reduce((sum, f) => sum + (f.applies ? f.points : 0), 0), factors };
};

const csvList = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value), z.array(item).max(20));

/**
 * Which leads a list, an export or a campaign audience covers. In query strings lists are
 * comma-separated (`stage=new,contacted`).
 */
export const leadFilterSchema = z.object({
  /** Substring of name, email or company, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  stage: csvList(leadStageSchema).optional(),
  priority: csvList(leadPrioritySchema).optional(),
  ownerId: z.uuid().optional(),
  tag: z.string().trim().min(1).max(50).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  minScore: z.coerce.number().int().min(0).max(100).optional(),
  /** Only leads with an email address (campaign audiences always are). */
  hasEmail: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
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
  valueCents: z.number().int(),
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  score: z.number().int(),
  activityCount: z.number().int(),
  lastActivityAt: isoDateSchema.nullable(),
  unsubscribedAt: isoDateSchema.nullable(),
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
export const leadEndpoints = {};
