import { isoDaySchema } from '@aiceo/shared/common';
import type { ProjectPlan } from '@aiceo/shared/projects';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';
import { clip } from '../../lib/text';
import { aiMessagesPerAnswer, runAi } from '../ai/ai.service';
import { spendUsage } from '../usage/usage.service';
import { orgToday } from './projects.service';
import { jsonInAnswer } from '../../lib/ai/json-answer';

type PlanDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log'>;
type PlannedMilestone = ProjectPlan['milestones'][number];

const DAY_MS = 86_400_000;
/** With no due date, a plan spans this many days from the start (or today). */
const DEFAULT_SPAN_DAYS = 28;
const MIN_AI_MILESTONES = 2;
const MAX_AI_MILESTONES = 12;

export const PROJECT_PLAN_TASK = [
  `Plan the client project as ${MIN_AI_MILESTONES} to ${MAX_AI_MILESTONES} ordered milestones, from kickoff to handover.`,
  'Each milestone is a concrete stage of the work with the deliverables the client receives at that point; never invent facts about the client.',
  'Reply with only a JSON array, no prose and no Markdown, in this shape:',
  '[{"title": "short milestone name", "description": "one or two sentences", "deliverables": ["..."], "dueDate": "YYYY-MM-DD"}]',
  'Due dates grow from milestone to milestone and stay between the start and due dates given.',
].join(' ');

const toUtc = (day: string): number => Date.parse(`${day}T00:00:00.000Z`);
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The span the milestones fall in: the project's dates, today standing in for a missing start. */
export const planSpan = ({
  startDate,
  dueDate,
  today,
}: {
  startDate: string | null;
  dueDate: string | null;
  today: string;
}): { from: string; to: string } => {
  const from = startDate ?? (dueDate !== null && dueDate < today ? dueDate : today);
  const to = dueDate !== null && dueDate >= from ? dueDate : fromUtc(toUtc(from) + DEFAULT_SPAN_DAYS * DAY_MS);
  return { from, to };
};

/** n days spread evenly after `from`, the last one on `to`. */
const spreadDays = (count: number, { from, to }: { from: string; to: string }): string[] => {
  const span = toUtc(to) - toUtc(from);
  return Array.from({ length: count }, (_, index) =>
    fromUtc(toUtc(from) + Math.round(((index + 1) * span) / count / DAY_MS) * DAY_MS),
  );
};

const OFFLINE_STAGES: { title: string; description: string; deliverables: string[] }[] = [
  {
    title: 'Kickoff',
    description: 'Agree on goals, scope, contacts and the way we work together.',
    deliverables: ['Kickoff call', 'Agreed scope and timeline'],
  },
  {
    title: 'Discovery',
    description: 'Gather what we need from the client and confirm the approach.',
    deliverables: ['Requirements and materials collected', 'Approach confirmed'],
  },
  {
    title: 'Build and first draft',
    description: 'Do the main work and share a first version with the client.',
    deliverables: ['First draft delivered'],
  },
  {
    title: 'Review and revisions',
    description: 'Walk the client through the work and make the agreed changes.',
    deliverables: ['Client feedback', 'Revised version'],
  },
  {
    title: 'Handover',
    description: 'Deliver the final work, explain next steps and close the project.',
    deliverables: ['Final deliverables', 'Handover notes'],
  },
];

/** The plan without the AI: five clear stages spread over the project's dates. */
export const offlinePlan = (span: { from: string; to: string }): ProjectPlan => {
  const days = spreadDays(OFFLINE_STAGES.length, span);
  return {
    milestones: OFFLINE_STAGES.map((stage, index) => ({ ...stage, dueDate: days[index] ?? span.to })),
    source: 'offline',
  };
};

const rawMilestoneSchema = z.object({
  title: z.string().trim().min(1),
  description: z.string().trim().catch(''),
  deliverables: z.array(z.string().trim().min(1)).catch([]),
  dueDate: isoDaySchema.nullable().catch(null),
});

/**
 * The AI's milestones, or null when its answer holds fewer than MIN_AI_MILESTONES usable ones.
 * Texts are cut to what a milestone can hold (so the owner can save them as they are) and each
 * due date is kept in order inside the span; a missing one takes the even spread.
 */
export const parseProjectPlan = (text: string, span: { from: string; to: string }): PlannedMilestone[] | null => {
  const parsed = jsonInAnswer(text, 'array');
  if (!Array.isArray(parsed)) return null;
  const items = parsed.flatMap((item) => {
    const milestone = rawMilestoneSchema.safeParse(item);
    return milestone.success ? [milestone.data] : [];
  });
  if (items.length < MIN_AI_MILESTONES) return null;
  const kept = items.slice(0, MAX_AI_MILESTONES);
  const even = spreadDays(kept.length, span);
  let previous = span.from;
  return kept.map((item, index) => {
    const asked = item.dueDate ?? even[index] ?? span.to;
    // Never before the previous milestone (or the start), never after the due date.
    const dueDate = asked < previous ? previous : asked > span.to ? span.to : asked;
    previous = dueDate;
    return {
      title: clip(item.title, 200),
      description: clip(item.description, 5_000),
      deliverables: item.deliverables.slice(0, 30).map((deliverable) => clip(deliverable, 200)),
      dueDate,
    };
  });
};

/**
 * Milestones the AI suggests for a project (not saved). Counts one AI message, given back when
 * the AI fails; offline, or when the answer is not a usable plan, the five-stage plan.
 */
export const planProject = async (
  deps: PlanDeps,
  { orgId, userId, projectId, brief }: { orgId: string; userId: string | null; projectId: string; brief: string },
): Promise<ProjectPlan> => {
  const project = await deps.db.project.findFirst({
    where: { orgId, id: projectId },
    select: { name: true, description: true, clientName: true, startDate: true, dueDate: true },
  });
  if (!project) throw notFound('Project');
  const today = await orgToday(deps.db, { orgId, now: deps.clock.now() });
  const span = planSpan({
    startDate: project.startDate?.toISOString().slice(0, 10) ?? null,
    dueDate: project.dueDate?.toISOString().slice(0, 10) ?? null,
    today,
  });
  return spendUsage(deps, { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async () => {
    const request = [
      `Project: ${project.name}`,
      ...(project.clientName ? [`Client: ${project.clientName}`] : []),
      ...(project.description ? [`About the project: ${clip(project.description, 4_000)}`] : []),
      `Start: ${span.from}. Due: ${span.to}.`,
      ...(brief ? [`Brief: ${brief}`] : []),
    ].join('\n');
    const result = await runAi(deps, {
      orgId,
      userId,
      purpose: 'reasoning',
      turns: [{ role: 'user', content: request }],
      task: PROJECT_PLAN_TASK,
    });
    // Offline answers are prose for people, never a plan.
    const milestones = result.provider === 'offline' ? null : parseProjectPlan(result.text, span);
    if (milestones) return { milestones, source: 'ai' };
    if (result.provider !== 'offline')
      deps.log.warn(
        { orgId, provider: result.provider, requestId: result.requestId },
        'project plan: the AI answer was not a usable plan; using the template',
      );
    return offlinePlan(span);
  });
};
