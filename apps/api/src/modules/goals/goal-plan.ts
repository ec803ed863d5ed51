import { MAX_GOAL_STEPS, MIN_GOAL_STEPS, type GoalMetric } from '@aiceo/shared/goals';
import { z } from 'zod';
import { clip } from '../../lib/text';
import { formatCents, STALE_LEAD_DAYS } from '../ai/business-facts';
import type { OrgFacts } from '../ai/org-context';
import { jsonInAnswer } from '../../lib/ai/json-answer';

/** The live number a metric goal is measured by, as the plan is told about it. */
export type PlanMetric = {
  metric: GoalMetric;
  target: number;
  currency: string | null;
  /** "deals won (leads moved to won)" */
  words: string;
  /** "5" or "$5,000.00" */
  targetText: string;
};

/** One step of a goal's plan; dueInDays counts from the day the goal was set. */
export type PlanStep = { title: string; detail: string; dueInDays: number };

export const PLAN_TASK = [
  `Break the owner's goal into ${MIN_GOAL_STEPS} to ${MAX_GOAL_STEPS} ordered steps that together reach it by the target date.`,
  'Each step is one concrete piece of work the AI CEO can do or prepare (a plan, a campaign, posts, follow-ups, a report), grounded in the organisation data you were given; never invent numbers.',
  'Reply with only a JSON array, no prose and no Markdown, in this shape:',
  '[{"title": "short imperative step", "detail": "what to do and why, one or two sentences", "dueInDays": 7}]',
  'dueInDays counts from today, grows from step to step, and the last step is due on the target date.',
].join(' ');

const STEP_TITLE_MAX = 200;
const STEP_DETAIL_MAX = 1_000;

const rawStepSchema = z.object({
  title: z.string().trim().min(1),
  detail: z.string().trim().optional().default(''),
  dueInDays: z.coerce.number().finite().optional(),
});

/**
 * The steps from the AI's answer, or null when it is not a usable plan. Tolerates code fences
 * and text around the JSON, an object wrapping the array ({ steps: [...] }), extra fields and
 * too many steps; due days are clamped into the goal's span and made non-decreasing.
 */
export const parsePlan = (text: string, { totalDays }: { totalDays: number }): PlanStep[] | null => {
  const parsed = jsonInAnswer(text, 'array');
  if (!Array.isArray(parsed)) return null;
  const steps = parsed.flatMap((item) => {
    const step = rawStepSchema.safeParse(item);
    return step.success ? [step.data] : [];
  });
  if (steps.length < MIN_GOAL_STEPS) return null;
  const kept = steps.slice(0, MAX_GOAL_STEPS);
  const even = spreadDueDays(kept.length, totalDays);
  let previous = 0;
  return kept.map((step, index) => {
    const asked =
      step.dueInDays !== undefined && step.dueInDays > 0 ? Math.round(step.dueInDays) : (even[index] ?? totalDays);
    // The last step lands on the target date whatever the AI said; the others stay in order inside the span.
    const dueInDays = index === kept.length - 1 ? totalDays : Math.min(Math.max(asked, previous, 1), totalDays);
    previous = dueInDays;
    return { title: clip(step.title, STEP_TITLE_MAX), detail: clip(step.detail, STEP_DETAIL_MAX), dueInDays };
  });
};

/** Due days for n steps spread evenly to the target, the last on it. */
export const spreadDueDays = (count: number, totalDays: number): number[] =>
  Array.from({ length: count }, (_, index) => Math.max(1, Math.round((totalDays * (index + 1)) / count)));

type PlanKind = 'sales' | 'audience' | 'general';

const SALES_WORDS =
  /\b(revenue|sales?|sell|customers?|clients?|leads?|deals?|pipeline|mrr|arr|income|bookings?|conversions?|signups?|sign-ups?|subscribers?|\$|€|£)/i;
const AUDIENCE_WORDS =
  /\b(audience|followers?|brand|awareness|linkedin|content|posts?|visibility|newsletter|community|reach|thought leadership)\b/i;

const kindOf = (words: string): PlanKind =>
  SALES_WORDS.test(words) ? 'sales' : AUDIENCE_WORDS.test(words) ? 'audience' : 'general';

/** A metric decides the kind of plan: posts published is an audience goal, every other number is sales. */
const kindOfMetric = (metric: GoalMetric): PlanKind => (metric === 'posts_published' ? 'audience' : 'sales');

/**
 * Offline mode's plan: a fixed sequence for the kind of goal (sales, audience or general),
 * filled with the goal's words and the org's own figures, due dates spread to the target.
 */
export const templatePlan = ({
  goal,
  facts,
  totalDays,
  metric = null,
}: {
  goal: { title: string; description: string };
  facts: OrgFacts;
  totalDays: number;
  metric?: PlanMetric | null;
}): PlanStep[] => {
  const target = goal.title.replace(/[.!]+$/, '');
  const { pipeline, content, email } = facts;
  const staleLead = pipeline.stale[0];
  const openLeads =
    pipeline.byStage.new + pipeline.byStage.contacted + pipeline.byStage.qualified + pipeline.byStage.proposal;
  const weekly = metric
    ? {
        title: 'Weekly progress report',
        detail: `Check ${metric.words} against the target of ${metric.targetText} every week, and change the plan when the pace falls short.`,
      }
    : {
        title: 'Weekly progress report',
        detail: `Report leads, content and email results against "${target}" every week and adjust the plan.`,
      };
  const steps: { title: string; detail: string }[] = {
    sales: [
      {
        title: 'Review the pipeline',
        detail: `Go through the ${pipeline.total} leads (${openLeads} open, ${formatCents(pipeline.openValueCents)} in play) and pick the ones most likely to move "${target}" forward.`,
      },
      {
        title: 'Follow up stale leads',
        detail:
          pipeline.staleCount > 0
            ? `${pipeline.staleCount} open leads have been quiet for ${STALE_LEAD_DAYS}+ days${staleLead ? `, starting with ${staleLead.name}${staleLead.company ? ` (${staleLead.company})` : ''}` : ''}: send each a short personal follow-up.`
            : `No lead is stale yet: write to every lead in the proposal and qualified stages to agree next steps.`,
      },
      {
        title: 'Publish content that sells',
        detail: `Write and publish LinkedIn posts that show the results customers get (${content.publishedThisMonth} published this month, ${content.scheduled} scheduled).`,
      },
      {
        title: 'Run an email campaign',
        detail: `Send a campaign with one clear offer to open leads and past customers${email.lastCampaign ? ` (the last one, "${email.lastCampaign.name}", reached ${email.lastCampaign.sent})` : ' (none has been sent yet)'}.`,
      },
      weekly,
    ],
    audience: [
      {
        title: 'Define the audience and message',
        detail: `Write down who should hear about ${facts.org.name} and the one message that serves "${target}".`,
      },
      {
        title: 'Plan a month of posts',
        detail: `Draft a posting calendar (${content.drafts} drafts and ${content.scheduled} scheduled posts to start from).`,
      },
      {
        title: 'Publish and schedule posts',
        detail: 'Publish the first posts and schedule the rest at a steady rhythm.',
      },
      {
        title: 'Email your contacts',
        detail: `Send a campaign to the ${pipeline.total} leads in the CRM pointing them to the new content.`,
      },
      weekly,
    ],
    general: [
      {
        title: 'Define what done looks like',
        detail: `Turn "${target}" into one measurable result and write down how it will be checked${goal.description ? `: ${clip(goal.description, 200)}` : ''}.`,
      },
      {
        title: 'List the work and the people',
        detail: `Break the work down and say who at ${facts.org.name} does each part (${facts.team.total} people on the team).`,
      },
      {
        title: 'Do the first piece of work',
        detail: 'Start with the piece that unblocks the others and record what came out of it.',
      },
      {
        title: 'Tell customers and leads',
        detail: `Share the progress with the ${pipeline.total} leads in the CRM through a post or an email where it helps.`,
      },
      weekly,
    ],
  }[metric ? kindOfMetric(metric.metric) : kindOf(`${goal.title} ${goal.description}`)];
  // A metric goal's steps say which number they serve.
  const aimed = metric
    ? steps.map((step) =>
        step === weekly ? step : { ...step, detail: `${step.detail} Aim: ${metric.targetText} ${metric.words}.` },
      )
    : steps;
  const due = spreadDueDays(aimed.length, totalDays);
  return aimed.map((step, index) => ({ ...step, dueInDays: due[index] ?? totalDays }));
};
