import { createHash } from 'node:crypto';
import type { InsightKind } from '@aiceo/shared/agentic';
import type { LeadStage } from '@aiceo/shared/leads';
import { clip } from '../../lib/text';
import type { NewTask } from '../tasks/tasks.service';
import { formatCents, STALE_LEAD_DAYS } from '../ai/business-facts';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A qualified or proposal lead worth at least this, quiet for DEAL_QUIET_DAYS, is a deal at risk. */
export const DEAL_AT_RISK_MIN_CENTS = 5_000_00;
export const DEAL_QUIET_DAYS = 7;
/** Follow-ups one run may create (deals at risk first, then the most valuable stale leads). */
export const MAX_FOLLOWUPS_PER_RUN = 10;
export const CONTENT_WINDOW_DAYS = 14;
const MIN_RECENT_POSTS = 2;
const BACKLOG_OVERDUE_COUNT = 10;
export const FAILED_TASKS_WINDOW_DAYS = 7;
const MIN_FAILED_TASKS = 3;
/** Points a goal's progress may trail the share of its time already gone. */
const GOAL_BEHIND_POINTS = 25;

const insightConfidence: Record<InsightKind, number> = {
  stale_leads: 0.9,
  deals_at_risk: 0.85,
  task_backlog: 0.85,
  low_content_output: 0.8,
  failing_tasks: 0.8,
  goal_off_track: 0.7,
};

export type LeadFact = {
  id: string;
  name: string;
  company: string;
  stage: LeadStage;
  valueCents: number;
  lastActivityAt: Date | null;
  createdAt: Date;
};

/** What the detectors read; gathered per org by the service. Lead lists hold only leads without a follow-up for their current quiet spell. */
export type AgenticFacts = {
  now: Date;
  org: { name: string; industry: string; companyDescription: string; goals: string[] };
  staleLeads: LeadFact[];
  quietDeals: LeadFact[];
  content: { recentPosts: number; scheduledAhead: number; queuedPostTasks: number };
  backlog: { overdueCount: number; oldestDueAt: Date | null; oldestTaskId: string | null };
  failures: { count: number; errors: { message: string; count: number }[] };
  goals: {
    id: string;
    title: string;
    createdAt: Date;
    targetDate: Date;
    completed: number;
    total: number;
    percent: number;
  }[];
};

type PlannedAction =
  | { kind: 'task'; reason: string; task: NewTask & { dedupeKey: string } }
  | { kind: 'warning'; reason: string; title: string };

export type DetectedInsight = {
  kind: InsightKind;
  confidence: number;
  title: string;
  reason: string;
  /** The evidence; `fingerprint` identifies it, so the same evidence is recorded once. */
  data: Record<string, unknown> & { fingerprint: string };
  actions: PlannedAction[];
};

const fingerprintOf = (parts: string[]): string =>
  createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
const plural = (count: number, one: string, other = `${one}s`) => `${count} ${count === 1 ? one : other}`;
const quietSince = (lead: LeadFact) => lead.lastActivityAt ?? lead.createdAt;
export const daysQuiet = (lead: LeadFact, now: Date): number =>
  Math.floor((now.getTime() - quietSince(lead).getTime()) / DAY_MS);
const listNames = (leads: LeadFact[], now: Date, shown = 5) => {
  const names = leads.slice(0, shown).map((lead) => `${lead.name} (${daysQuiet(lead, now)} days)`);
  return leads.length > shown ? `${names.join(', ')} and ${leads.length - shown} more` : names.join(', ');
};

/** One follow-up per lead and quiet spell: new activity changes the key, so the lead can be followed up again once it goes quiet again. */
export const followupKey = (lead: Pick<LeadFact, 'id' | 'lastActivityAt'>): string =>
  `followup:${lead.id}:${lead.lastActivityAt?.toISOString() ?? 'none'}`;

/** ISO 8601 week, e.g. 2026-W47 (weeks start on Monday; week 1 holds the year's first Thursday). */
export const isoWeek = (date: Date): string => {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
};

const followupTask = (lead: LeadFact, brief: string): NewTask<'lead_followup'> & { dedupeKey: string } => ({
  type: 'lead_followup',
  title: `Follow up with ${lead.name}`,
  input: { leadId: lead.id, brief: clip(brief, 2_000), sendEmail: false },
  dedupeKey: followupKey(lead),
});

const leadEvidence = (leads: LeadFact[], now: Date) =>
  leads.map((lead) => ({
    leadId: lead.id,
    name: lead.name,
    stage: lead.stage,
    valueCents: lead.valueCents,
    daysQuiet: daysQuiet(lead, now),
    lastActivityAt: lead.lastActivityAt?.toISOString() ?? null,
  }));

const detectDealsAtRisk = (facts: AgenticFacts): DetectedInsight | null => {
  const { now, quietDeals } = facts;
  if (quietDeals.length === 0) return null;
  const total = quietDeals.reduce((sum, lead) => sum + lead.valueCents, 0);
  const acted = quietDeals.slice(0, MAX_FOLLOWUPS_PER_RUN);
  const beyondCap = quietDeals.length - acted.length;
  return {
    kind: 'deals_at_risk',
    confidence: insightConfidence.deals_at_risk,
    title: `${plural(quietDeals.length, 'deal')} worth ${formatCents(total)} ${quietDeals.length === 1 ? 'is' : 'are'} at risk`,
    reason:
      `${plural(quietDeals.length, 'qualified or proposal-stage deal')} worth ${formatCents(total)} (each ${formatCents(DEAL_AT_RISK_MIN_CENTS)} or more) ` +
      `${quietDeals.length === 1 ? 'has' : 'have'} had no contact for ${DEAL_QUIET_DAYS}+ days: ${listNames(quietDeals, now)}. These are the money; a quiet buyer goes cold.` +
      (beyondCap > 0 ? ` The ${acted.length} most valuable get a follow-up now, the rest on the next run.` : ''),
    data: {
      fingerprint: fingerprintOf(quietDeals.map(followupKey)),
      totalValueCents: total,
      leads: leadEvidence(quietDeals, now),
    },
    actions: acted.map((lead) => {
      const where = lead.stage === 'proposal' ? 'has our proposal' : 'is qualified';
      const days = daysQuiet(lead, now);
      return {
        kind: 'task',
        reason: `${lead.name} ${where} (${formatCents(lead.valueCents)}) and has been quiet for ${days} days.`,
        task: followupTask(
          lead,
          `${lead.name}${lead.company ? ` at ${lead.company}` : ''} ${where} worth ${formatCents(lead.valueCents)} but nobody has been in touch for ${days} days. ` +
            (lead.stage === 'proposal'
              ? 'Follow up on the proposal: ask whether they had a chance to review it, offer to answer questions, and suggest a short call to move forward.'
              : 'Move the deal forward: recap what they need and propose the next step, such as a proposal or a short call.'),
        ),
      };
    }),
  };
};

const detectStaleLeads = (facts: AgenticFacts, excluded: Set<string>, cap: number): DetectedInsight | null => {
  const { now } = facts;
  const leads = facts.staleLeads.filter((lead) => !excluded.has(lead.id));
  if (leads.length === 0) return null;
  const total = leads.reduce((sum, lead) => sum + lead.valueCents, 0);
  const acted = leads.slice(0, cap);
  const beyondCap = leads.length - acted.length;
  const worth = total > 0 ? ` worth ${formatCents(total)}` : '';
  return {
    kind: 'stale_leads',
    confidence: insightConfidence.stale_leads,
    title: `${plural(leads.length, 'lead')} ${leads.length === 1 ? 'has' : 'have'} gone quiet`,
    reason:
      `${plural(leads.length, 'open lead')}${worth} ${leads.length === 1 ? 'has' : 'have'} had no contact for ${STALE_LEAD_DAYS}+ days: ${listNames(leads, now)}.` +
      (beyondCap > 0
        ? ` ${acted.length === 0 ? 'No follow-ups are left for this run; they come on the next one.' : `The ${acted.length} most valuable get a follow-up now, the rest on the next run.`}`
        : ''),
    data: {
      fingerprint: fingerprintOf(leads.map(followupKey)),
      totalValueCents: total,
      leads: leadEvidence(leads, now),
    },
    actions: acted.map((lead) => {
      const days = daysQuiet(lead, now);
      return {
        kind: 'task',
        reason: `${lead.name} (${lead.stage}${lead.valueCents > 0 ? `, ${formatCents(lead.valueCents)}` : ''}) has had no contact for ${days} days.`,
        task: followupTask(
          lead,
          `${lead.name}${lead.company ? ` at ${lead.company}` : ''} is a ${lead.stage} lead` +
            `${lead.valueCents > 0 ? ` worth ${formatCents(lead.valueCents)}` : ''} with no contact for ${days} days` +
            `${lead.lastActivityAt ? '' : ' (never contacted)'}. Write a friendly check-in that restarts the conversation and proposes a next step.`,
        ),
      };
    }),
  };
};

const detectLowContent = (facts: AgenticFacts): DetectedInsight | null => {
  const { content, org, now } = facts;
  if (content.recentPosts >= MIN_RECENT_POSTS || content.scheduledAhead > 0 || content.queuedPostTasks > 0) return null;
  const week = isoWeek(now);
  const about = [
    `Write a LinkedIn post for ${org.name}`,
    org.industry ? `, a ${org.industry} business` : '',
    org.companyDescription ? `. About us: ${clip(org.companyDescription, 600)}` : '',
    org.goals.length > 0 ? `. It should support our goals: ${clip(org.goals.join('; '), 600)}` : '',
    '. Share something useful for our customers and end with a clear call to action.',
  ].join('');
  return {
    kind: 'low_content_output',
    confidence: insightConfidence.low_content_output,
    title: 'Your LinkedIn has gone quiet',
    reason: `${plural(content.recentPosts, 'post')} published or scheduled in the last ${CONTENT_WINDOW_DAYS} days (fewer than ${MIN_RECENT_POSTS}) and nothing is scheduled ahead. Regular posts keep the business in front of buyers.`,
    data: {
      fingerprint: fingerprintOf([`content:${week}`]),
      week,
      recentPosts: content.recentPosts,
      windowDays: CONTENT_WINDOW_DAYS,
    },
    actions: [
      {
        kind: 'task',
        reason: `One post for ${week}, written from the company profile and goals.`,
        task: {
          type: 'social_media_post',
          title: `LinkedIn post for ${week}`,
          input: { brief: clip(about, 2_000), publish: true },
          dedupeKey: `content:${week}`,
        },
      },
    ],
  };
};

const detectBacklog = (facts: AgenticFacts): DetectedInsight | null => {
  const { backlog, now } = facts;
  const oldestHours = backlog.oldestDueAt ? Math.floor((now.getTime() - backlog.oldestDueAt.getTime()) / HOUR_MS) : 0;
  if (backlog.overdueCount < BACKLOG_OVERDUE_COUNT && oldestHours < 24) return null;
  const reason =
    `${plural(backlog.overdueCount, 'pending task')} ${backlog.overdueCount === 1 ? 'is' : 'are'} more than an hour overdue` +
    (backlog.oldestDueAt
      ? `, and the oldest has waited ${oldestHours >= 48 ? `${Math.floor(oldestHours / 24)} days` : `${oldestHours} hours`}`
      : '') +
    '. Check that the task worker is running and look at what is stuck before queuing more.';
  return {
    kind: 'task_backlog',
    confidence: insightConfidence.task_backlog,
    title: 'The task queue is falling behind',
    reason,
    // The same stuck task is one warning, however many hours it stays stuck.
    data: {
      fingerprint: fingerprintOf([`backlog:${backlog.oldestTaskId ?? 'none'}`]),
      overdueCount: backlog.overdueCount,
      oldestDueAt: backlog.oldestDueAt?.toISOString() ?? null,
    },
    actions: [
      {
        kind: 'warning',
        title: 'Check the task worker',
        reason: 'A warning only: more tasks would make the backlog longer.',
      },
    ],
  };
};

const detectFailingTasks = (facts: AgenticFacts): DetectedInsight | null => {
  const { failures, now } = facts;
  if (failures.count < MIN_FAILED_TASKS) return null;
  const top = failures.errors[0];
  const day = now.toISOString().slice(0, 10);
  return {
    kind: 'failing_tasks',
    confidence: insightConfidence.failing_tasks,
    title: `${plural(failures.count, 'task')} failed this week`,
    reason:
      `${plural(failures.count, 'task')} failed in the last ${FAILED_TASKS_WINDOW_DAYS} days.` +
      (top ? ` The most common error (${top.count} of them): "${clip(top.message, 200)}".` : '') +
      ' Fix the cause before queuing more of the same work.',
    // At most one warning a day for the same leading error.
    data: {
      fingerprint: fingerprintOf([`failing:${top?.message ?? ''}:${day}`]),
      count: failures.count,
      errors: failures.errors.slice(0, 5),
    },
    actions: [
      {
        kind: 'warning',
        title: top ? `Fix: ${clip(top.message, 120)}` : 'Look at the failed tasks',
        reason: 'A warning only: retrying tasks that fail the same way would fail again.',
      },
    ],
  };
};

/** How far a goal's progress trails the share of its time already gone, in points (negative: ahead). */
export const goalLag = (
  goal: AgenticFacts['goals'][number],
  now: Date,
): { elapsedPercent: number; behindBy: number } => {
  const span = goal.targetDate.getTime() - goal.createdAt.getTime();
  const share = span <= 0 ? 1 : Math.min(Math.max((now.getTime() - goal.createdAt.getTime()) / span, 0), 1);
  const elapsedPercent = Math.round(share * 100);
  return { elapsedPercent, behindBy: elapsedPercent - goal.percent };
};

const detectGoalsOffTrack = (facts: AgenticFacts): DetectedInsight[] =>
  facts.goals.flatMap((goal) => {
    if (goal.total === 0) return [];
    const { elapsedPercent, behindBy } = goalLag(goal, facts.now);
    if (behindBy < GOAL_BEHIND_POINTS) return [];
    const due = goal.targetDate.toISOString().slice(0, 10);
    return [
      {
        kind: 'goal_off_track',
        confidence: insightConfidence.goal_off_track,
        title: `"${clip(goal.title, 80)}" is behind schedule`,
        reason: `${elapsedPercent}% of the time to ${due} has passed but the goal is ${goal.percent}% done (${goal.completed} of ${goal.total} steps): ${behindBy} points behind.`,
        data: {
          fingerprint: fingerprintOf([`goal:${goal.id}:${goal.completed}/${goal.total}`]),
          goalId: goal.id,
          percent: goal.percent,
          elapsedPercent,
          behindBy,
          targetDate: goal.targetDate.toISOString(),
        },
        actions: [
          {
            kind: 'task',
            reason: 'A catch-up plan: what to do first to get back on schedule.',
            task: {
              type: 'goal_step',
              title: `Catch-up plan: ${clip(goal.title, 150)}`,
              input: {
                goalId: goal.id,
                step: clip(`Catch-up plan for "${goal.title}"`, 300),
                detail: `The goal is ${behindBy} points behind schedule (${goal.percent}% done, ${elapsedPercent}% of the time gone, due ${due}). List the fastest steps to catch up, most important first.`,
              },
              // Keyed by progress: a new catch-up is proposed only after the goal moves.
              dedupeKey: `goal-catchup:${goal.id}:${goal.completed}/${goal.total}`,
            },
          },
        ],
      },
    ];
  });

/** Everything the engine finds in an org's facts, most urgent first. Pure: the service records and acts. */
export const detectInsights = (facts: AgenticFacts): DetectedInsight[] => {
  const deals = detectDealsAtRisk(facts);
  // A deal at risk that is also stale gets its (proposal-aware) follow-up from the deal insight only.
  const inDeals = new Set(facts.quietDeals.map((lead) => lead.id));
  const stale = detectStaleLeads(facts, inDeals, MAX_FOLLOWUPS_PER_RUN - (deals?.actions.length ?? 0));
  return [
    deals,
    stale,
    detectBacklog(facts),
    detectFailingTasks(facts),
    detectLowContent(facts),
    ...detectGoalsOffTrack(facts),
  ].filter((insight): insight is DetectedInsight => insight !== null);
};
