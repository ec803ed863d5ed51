import { createHash } from 'node:crypto';
import type { InsightKind } from '@aiceo/shared/agentic';
import type { GoalLive } from '@aiceo/shared/goals';
import type { LeadStage } from '@aiceo/shared/leads';
import { formatMoney, minorDigits } from '@aiceo/shared/money';
import { clip } from '../../lib/text';
import type { ProjectAtRisk } from '../projects/projects.service';
import type { NewTask } from '../tasks/tasks.service';
import { formatCents, STALE_LEAD_DAYS } from '../ai/business-facts';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A qualified or proposal lead worth at least this, quiet for DEAL_QUIET_DAYS, is a deal at risk. */
export const DEAL_AT_RISK_MIN_CENTS = 5_000_00;
export const DEAL_QUIET_DAYS = 7;
/** Follow-ups one run may create (deals at risk first, then the most valuable stale leads). */
export const MAX_FOLLOWUPS_PER_RUN = 10;
/**
 * Follow-ups the engine created this recently count against the next run's MAX_FOLLOWUPS_PER_RUN,
 * so a second analysis right after the first adds nothing and the hourly run takes the rest.
 */
export const FOLLOWUP_CAP_WINDOW_MINUTES = 45;
/** A follow-up (task or draft) this recent, whoever made it, leaves the lead alone. */
export const RECENT_FOLLOWUP_DAYS = 7;
export const CONTENT_WINDOW_DAYS = 14;
/** An org that never published is onboarding, not quiet, for its first this many days. */
export const CALM_START_DAYS = 14;
const MIN_RECENT_POSTS = 2;
const BACKLOG_OVERDUE_COUNT = 10;
export const FAILED_TASKS_WINDOW_DAYS = 7;
const MIN_FAILED_TASKS = 3;
/** Points a goal's progress may trail the share of its time already gone. */
const GOAL_BEHIND_POINTS = 25;
/** A metric goal is judged only once this share of its time (and GOAL_MIN_DAYS days) has gone: early paces mean little. */
const GOAL_MIN_ELAPSED_PERCENT = 20;
const GOAL_MIN_DAYS = 3;

const insightConfidence: Record<InsightKind, number> = {
  stale_leads: 0.9,
  deals_at_risk: 0.85,
  task_backlog: 0.85,
  low_content_output: 0.8,
  failing_tasks: 0.8,
  goal_off_track: 0.7,
  spending_spike: 0.75,
  recurring_charge_up: 0.8,
  short_runway: 0.9,
  uncategorised_backlog: 0.8,
  // A fact (a date has passed), but whether it matters is the owner's call: it only warns.
  project_at_risk: 0.85,
};

/** This month's spending in a category is a spike at this multiple of its 3-month average ... */
export const SPEND_SPIKE_RATIO = 1.5;
/** ... and at least this many whole currency units above it (small categories double all the time). */
export const SPEND_SPIKE_MIN_MAJOR = 100;
/** A monthly charge that rises by this share or more is worth a look. */
export const RECURRING_RISE = 0.1;
/** The two charges before the last agree within this share: that is what makes the charge recurring. */
const RECURRING_STEADY = 0.05;
/** Days between two charges of a monthly one. */
const MONTHLY_GAP_DAYS = { min: 25, max: 35 };
/** A rise older than this is old news. */
const RECURRING_RECENT_DAYS = 45;
export const RUNWAY_WARNING_MONTHS = 3;
export const UNCATEGORISED_WINDOW_DAYS = 30;
/** Uncategorised transactions of the window that pile up: this many, or this share of at least UNCATEGORISED_MIN_SHARE_COUNT. */
export const UNCATEGORISED_MAX_COUNT = 20;
export const UNCATEGORISED_MAX_SHARE = 0.2;
const UNCATEGORISED_MIN_SHARE_COUNT = 5;

export type LeadFact = {
  id: string;
  name: string;
  company: string;
  stage: LeadStage;
  valueCents: number;
  lastActivityAt: Date | null;
  createdAt: Date;
};

/** A quiet lead nobody may contact (unsubscribed): named as context, never acted on. */
export type LeftAloneLead = { lead: LeadFact; why: string; deal: boolean };

export type GoalFact = {
  id: string;
  title: string;
  createdAt: Date;
  targetDate: Date;
  completed: number;
  total: number;
  percent: number;
  /** A metric goal's live standing; null for a plan measured by its steps. */
  live: GoalLive | null;
};

/**
 * What the detectors read; gathered per org by the service. Lead lists hold only leads the engine
 * may act on: open, no follow-up for their current quiet spell, none pending or recent, no
 * meeting coming up, and not blocked by the outreach guard.
 */
export type AgenticFacts = {
  now: Date;
  org: { name: string; industry: string; companyDescription: string; goals: string[]; createdAt: Date };
  staleLeads: LeadFact[];
  quietDeals: LeadFact[];
  leftAlone: LeftAloneLead[];
  /** Follow-ups this run may still create (MAX_FOLLOWUPS_PER_RUN less those of the last FOLLOWUP_CAP_WINDOW_MINUTES). */
  followupCap: number;
  /** What worked before, in sentences for the briefs. */
  whatWorked: { followup: string[]; post: string[] };
  content: {
    recentPosts: number;
    scheduledAhead: number;
    /** Post tasks queued or running, and posts waiting in the approval inbox. */
    queuedPostTasks: number;
    lastPublishedAt: Date | null;
    drafts: number;
  };
  backlog: { overdueCount: number; oldestDueAt: Date | null; oldestTaskId: string | null };
  failures: { count: number; errors: { message: string; count: number }[] };
  goals: GoalFact[];
  /** The books, for the CFO insights; null when the org has no transactions. */
  money: MoneyFacts | null;
  /** Running projects (not completed or on hold) with milestones past their due date. */
  projects: ProjectAtRisk[];
};

/** One transaction as evidence; amounts are signed minor units of the org currency. */
export type MoneyTransactionFact = {
  id: string;
  date: string;
  counterparty: string;
  description: string;
  amountMinor: number;
};

/** What the CFO detectors read. Days are 'YYYY-MM-DD' in the org's timezone; amounts in minor units of `currency`. */
export type MoneyFacts = {
  currency: string;
  today: string;
  /** The three full months before this one, oldest first ('YYYY-MM'). */
  previousMonths: [string, string, string];
  /** True when the books reach back to the first of those months, so their average means something. */
  coversPreviousMonths: boolean;
  /** Expense categories: spending (positive) this month so far and in each previous month, and this month's biggest payments. */
  categorySpend: {
    categoryId: string;
    name: string;
    thisMonthMinor: number;
    previousMonthsMinor: [number, number, number];
    top: MoneyTransactionFact[];
  }[];
  /** Per counterparty, its last three payments out, oldest first. */
  lastPayments: { counterparty: string; payments: MoneyTransactionFact[] }[];
  cashMinor: number;
  runway: { kind: 'months' | 'cash_flow_positive' | 'no_data'; months: number | null; burnMinorPerMonth: number };
  /** Transactions of the last UNCATEGORISED_WINDOW_DAYS days (transfers left out). */
  recent: {
    count: number;
    uncategorised: number;
    uncategorisedInMinor: number;
    uncategorisedOutMinor: number;
    topCounterparties: { counterparty: string; count: number }[];
  };
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

/** Lines of what worked before, appended to a brief so the AI builds on it. */
const withWhatWorked = (brief: string, lines: string[], what: string): string =>
  lines.length === 0 ? brief : `${brief} What worked before with ${what}: ${lines.join('; ')}.`;

/** The engine asks for an email: the follow-up handler puts it in the approval inbox instead of sending it. */
const followupTask = (
  lead: LeadFact,
  brief: string,
  whatWorked: string[],
): NewTask<'lead_followup'> & { dedupeKey: string } => ({
  type: 'lead_followup',
  title: `Follow up with ${lead.name}`,
  input: { leadId: lead.id, brief: clip(withWhatWorked(brief, whatWorked, 'follow-ups'), 2_000), sendEmail: true },
  dedupeKey: followupKey(lead),
});

const APPROVAL_NOTE = ' The proposed email waits for your approval.';

const leadEvidence = (leads: LeadFact[], now: Date) =>
  leads.map((lead) => ({
    leadId: lead.id,
    name: lead.name,
    stage: lead.stage,
    valueCents: lead.valueCents,
    daysQuiet: daysQuiet(lead, now),
    lastActivityAt: lead.lastActivityAt?.toISOString() ?? null,
  }));

/** " Left alone: Jane Doe (unsubscribed)." for the quiet leads nobody may contact. */
const leftAloneText = (leftAlone: LeftAloneLead[]): string => {
  if (leftAlone.length === 0) return '';
  const names = leftAlone.slice(0, 5).map(({ lead, why }) => `${lead.name} (${why})`);
  const more = leftAlone.length > 5 ? ` and ${leftAlone.length - 5} more` : '';
  return ` Left alone: ${names.join(', ')}${more}.`;
};
const leftAloneEvidence = (leftAlone: LeftAloneLead[]) =>
  leftAlone.map(({ lead, why }) => ({ leadId: lead.id, name: lead.name, why }));

const laterText = (acted: number, beyondCap: number): string =>
  beyondCap > 0 ? ` The ${acted} most valuable get a follow-up now, the rest in the next hourly run.` : '';

const detectDealsAtRisk = (facts: AgenticFacts): DetectedInsight | null => {
  const { now, quietDeals } = facts;
  // Nothing the engine may do this run: the leads wait for the next run's follow-ups.
  if (quietDeals.length === 0 || facts.followupCap <= 0) return null;
  const total = quietDeals.reduce((sum, lead) => sum + lead.valueCents, 0);
  const acted = quietDeals.slice(0, facts.followupCap);
  const leftAlone = facts.leftAlone.filter((entry) => entry.deal);
  return {
    kind: 'deals_at_risk',
    confidence: insightConfidence.deals_at_risk,
    title: `${plural(quietDeals.length, 'deal')} worth ${formatCents(total)} ${quietDeals.length === 1 ? 'is' : 'are'} at risk`,
    reason:
      `${plural(quietDeals.length, 'qualified or proposal-stage deal')} worth ${formatCents(total)} (each ${formatCents(DEAL_AT_RISK_MIN_CENTS)} or more) ` +
      `${quietDeals.length === 1 ? 'has' : 'have'} had no contact for ${DEAL_QUIET_DAYS}+ days and no meeting booked: ${listNames(quietDeals, now)}. These are the money; a quiet buyer goes cold.` +
      laterText(acted.length, quietDeals.length - acted.length) +
      leftAloneText(leftAlone),
    data: {
      fingerprint: fingerprintOf(quietDeals.map(followupKey)),
      totalValueCents: total,
      leads: leadEvidence(quietDeals, now),
      leftAlone: leftAloneEvidence(leftAlone),
    },
    actions: acted.map((lead) => {
      const where = lead.stage === 'proposal' ? 'has our proposal' : 'is qualified';
      const days = daysQuiet(lead, now);
      return {
        kind: 'task',
        reason: `${lead.name} ${where} (${formatCents(lead.valueCents)}) and has been quiet for ${days} days.${APPROVAL_NOTE}`,
        task: followupTask(
          lead,
          `${lead.name}${lead.company ? ` at ${lead.company}` : ''} ${where} worth ${formatCents(lead.valueCents)} but nobody has been in touch for ${days} days. ` +
            (lead.stage === 'proposal'
              ? 'Follow up on the proposal: ask whether they had a chance to review it, offer to answer questions, and suggest a short call to move forward.'
              : 'Move the deal forward: recap what they need and propose the next step, such as a proposal or a short call.'),
          facts.whatWorked.followup,
        ),
      };
    }),
  };
};

const detectStaleLeads = (facts: AgenticFacts, excluded: Set<string>, cap: number): DetectedInsight | null => {
  const { now } = facts;
  const leads = facts.staleLeads.filter((lead) => !excluded.has(lead.id));
  if (leads.length === 0 || cap <= 0) return null;
  const total = leads.reduce((sum, lead) => sum + lead.valueCents, 0);
  const acted = leads.slice(0, cap);
  const worth = total > 0 ? ` worth ${formatCents(total)}` : '';
  const leftAlone = facts.leftAlone.filter((entry) => !entry.deal);
  return {
    kind: 'stale_leads',
    confidence: insightConfidence.stale_leads,
    title: `${plural(leads.length, 'lead')} ${leads.length === 1 ? 'has' : 'have'} gone quiet`,
    reason:
      `${plural(leads.length, 'open lead')}${worth} ${leads.length === 1 ? 'has' : 'have'} had no contact for ${STALE_LEAD_DAYS}+ days: ${listNames(leads, now)}.` +
      laterText(acted.length, leads.length - acted.length) +
      leftAloneText(leftAlone),
    data: {
      fingerprint: fingerprintOf(leads.map(followupKey)),
      totalValueCents: total,
      leads: leadEvidence(leads, now),
      leftAlone: leftAloneEvidence(leftAlone),
    },
    actions: acted.map((lead) => {
      const days = daysQuiet(lead, now);
      return {
        kind: 'task',
        reason: `${lead.name} (${lead.stage}${lead.valueCents > 0 ? `, ${formatCents(lead.valueCents)}` : ''}) has had no contact for ${days} days.${APPROVAL_NOTE}`,
        task: followupTask(
          lead,
          `${lead.name}${lead.company ? ` at ${lead.company}` : ''} is a ${lead.stage} lead` +
            `${lead.valueCents > 0 ? ` worth ${formatCents(lead.valueCents)}` : ''} with no contact for ${days} days` +
            (lead.lastActivityAt
              ? '. Write a friendly check-in that picks up from the last contact and proposes a next step.'
              : ' (never contacted). Write a short first message that introduces us and proposes a next step; do not suggest we spoke before.'),
          facts.whatWorked.followup,
        ),
      };
    }),
  };
};

/** Too few posts lately and nothing ahead, except for a young org that never published (that belongs in onboarding). */
export const isContentLow = (facts: Pick<AgenticFacts, 'content' | 'org' | 'now'>): boolean => {
  const { content, org, now } = facts;
  if (content.recentPosts >= MIN_RECENT_POSTS || content.scheduledAhead > 0 || content.queuedPostTasks > 0)
    return false;
  const calmStart =
    content.lastPublishedAt === null && now.getTime() - org.createdAt.getTime() < CALM_START_DAYS * DAY_MS;
  return !calmStart;
};

const detectLowContent = (facts: AgenticFacts): DetectedInsight | null => {
  const { content, org, now } = facts;
  if (!isContentLow(facts)) return null;
  const week = isoWeek(now);
  const about = [
    `Write a LinkedIn post for ${org.name}`,
    org.industry ? `, a ${org.industry} business` : '',
    org.companyDescription ? `. About us: ${clip(org.companyDescription, 600)}` : '',
    org.goals.length > 0 ? `. It should support our goals: ${clip(org.goals.join('; '), 600)}` : '',
    '. Share something useful for our customers and end with a clear call to action.',
  ].join('');
  const lastPost = content.lastPublishedAt
    ? `The last post went out on ${content.lastPublishedAt.toISOString().slice(0, 10)}`
    : 'Nothing has been published yet';
  const drafts =
    content.drafts === 0
      ? 'no drafts wait'
      : `${plural(content.drafts, 'draft')} ${content.drafts === 1 ? 'waits' : 'wait'} to be published`;
  return {
    kind: 'low_content_output',
    confidence: insightConfidence.low_content_output,
    title: 'Your LinkedIn has gone quiet',
    reason:
      `${plural(content.recentPosts, 'post')} published or scheduled in the last ${CONTENT_WINDOW_DAYS} days (fewer than ${MIN_RECENT_POSTS}) and nothing is scheduled ahead. ` +
      `${lastPost}, and ${drafts}. Regular posts keep the business in front of buyers.`,
    data: {
      fingerprint: fingerprintOf([`content:${week}`]),
      week,
      recentPosts: content.recentPosts,
      windowDays: CONTENT_WINDOW_DAYS,
      lastPublishedAt: content.lastPublishedAt?.toISOString() ?? null,
      drafts: content.drafts,
    },
    actions: [
      {
        kind: 'task',
        reason: `One post for ${week}, written from the company profile and goals. It waits for your approval before it is published.`,
        task: {
          type: 'social_media_post',
          title: `LinkedIn post for ${week}`,
          input: { brief: clip(withWhatWorked(about, facts.whatWorked.post, 'posts'), 2_000), publish: true },
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
  goal: Pick<GoalFact, 'createdAt' | 'targetDate' | 'percent'>,
  now: Date,
): { elapsedPercent: number; behindBy: number } => {
  const span = goal.targetDate.getTime() - goal.createdAt.getTime();
  const share = span <= 0 ? 1 : Math.min(Math.max((now.getTime() - goal.createdAt.getTime()) / span, 0), 1);
  const elapsedPercent = Math.round(share * 100);
  return { elapsedPercent, behindBy: elapsedPercent - goal.percent };
};

const catchUpAction = (goal: GoalFact, detail: string, standing: string): PlannedAction => ({
  kind: 'task',
  reason: 'A catch-up plan: new steps, most important first, to get back on schedule.',
  task: {
    type: 'goal_step',
    title: `Catch-up plan: ${clip(goal.title, 150)}`,
    input: { goalId: goal.id, step: clip(`Catch-up plan for "${goal.title}"`, 300), detail: clip(detail, 2_000) },
    // Keyed by the standing: a new catch-up is proposed only after the goal moves.
    dedupeKey: `goal-catchup:${goal.id}:${standing}`,
  },
});

/** A plan goal (no metric): its steps done trail the time gone by GOAL_BEHIND_POINTS. */
const planGoalOffTrack = (goal: GoalFact, now: Date): DetectedInsight | null => {
  if (goal.total === 0) return null;
  const { elapsedPercent, behindBy } = goalLag(goal, now);
  if (behindBy < GOAL_BEHIND_POINTS) return null;
  const due = goal.targetDate.toISOString().slice(0, 10);
  const standing = `${goal.completed}/${goal.total}`;
  return {
    kind: 'goal_off_track',
    confidence: insightConfidence.goal_off_track,
    title: `"${clip(goal.title, 80)}" is behind schedule`,
    reason: `${elapsedPercent}% of the time to ${due} has passed but the goal is ${goal.percent}% done (${goal.completed} of ${goal.total} steps): ${behindBy} points behind.`,
    data: {
      fingerprint: fingerprintOf([`goal:${goal.id}:${standing}`]),
      goalId: goal.id,
      percent: goal.percent,
      elapsedPercent,
      behindBy,
      targetDate: goal.targetDate.toISOString(),
    },
    actions: [
      catchUpAction(
        goal,
        `The goal is ${behindBy} points behind schedule (${goal.percent}% done, ${elapsedPercent}% of the time gone, due ${due}). List the fastest steps to catch up, most important first.`,
        standing,
      ),
    ],
  };
};

const liveAmount = (live: GoalLive, amount: number): string =>
  live.unit === 'money' && live.currency ? formatMoney(amount, live.currency) : String(amount);

/** A metric goal: off track when the value projected at the deadline falls short, judged once enough time has gone. */
const metricGoalOffTrack = (goal: GoalFact, live: GoalLive, now: Date): DetectedInsight | null => {
  if (live.onTrack) return null;
  const span = goal.targetDate.getTime() - goal.createdAt.getTime();
  const gone = now.getTime() - goal.createdAt.getTime();
  if (span <= 0 || gone < GOAL_MIN_DAYS * DAY_MS || gone < (span * GOAL_MIN_ELAPSED_PERCENT) / 100) return null;
  const due = goal.targetDate.toISOString().slice(0, 10);
  const value = liveAmount(live, live.value);
  const target = liveAmount(live, live.target);
  const projected = liveAmount(live, live.projected);
  const metric = live.metric.replace(/_/g, ' ');
  // The standing is the live number against its target: the pace alone drifts every hour.
  const standing = `${live.metric}:${live.value}/${live.target}`;
  const passed = now.getTime() >= goal.targetDate.getTime();
  const reason = passed
    ? `${metric}: ${value} of the ${target} target when the deadline on ${due} passed.`
    : live.metric === 'pipeline_value'
      ? `${metric}: ${value} now against a ${target} target, with ${live.elapsedPercent}% of the time to the deadline on ${due} gone.`
      : `${metric}: ${value} of the ${target} target so far, with ${live.elapsedPercent}% of the time gone. ` +
        `At this pace it reaches ${projected} by the deadline on ${due}, short of ${target}.`;
  return {
    kind: 'goal_off_track',
    confidence: insightConfidence.goal_off_track,
    title: `"${clip(goal.title, 80)}" is off track`,
    reason,
    data: {
      fingerprint: fingerprintOf([`goal:${goal.id}:${standing}`]),
      goalId: goal.id,
      metric: live.metric,
      value: live.value,
      target: live.target,
      projected: live.projected,
      currency: live.currency,
      elapsedPercent: live.elapsedPercent,
      targetDate: goal.targetDate.toISOString(),
    },
    actions: [
      catchUpAction(
        goal,
        `The goal measures ${metric}: ${value} of ${target} now, ${live.elapsedPercent}% of the time gone, and at this pace ${projected} by ${due}. ` +
          'Propose new steps that close the gap by the deadline, most important first.',
        standing,
      ),
    ],
  };
};

const detectGoalsOffTrack = (facts: AgenticFacts): DetectedInsight[] =>
  facts.goals.flatMap((goal) => {
    const insight = goal.live ? metricGoalOffTrack(goal, goal.live, facts.now) : planGoalOffTrack(goal, facts.now);
    return insight ? [insight] : [];
  });

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00.000Z`) / DAY_MS;
const monthName = (month: string): string =>
  new Date(`${month}-01T00:00:00.000Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const percentOf = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 100));

const moneyWarning = (title: string, reason: string): PlannedAction => ({ kind: 'warning', title, reason });

const describePayment = (money: MoneyFacts, tx: MoneyTransactionFact): string =>
  `${tx.date} ${clip(tx.counterparty || tx.description || 'no counterparty', 60)} ${formatMoney(-tx.amountMinor, money.currency)}`;

const detectSpendingSpikes = (money: MoneyFacts): DetectedInsight[] => {
  if (!money.coversPreviousMonths) return [];
  const month = money.today.slice(0, 7);
  const minimum = SPEND_SPIKE_MIN_MAJOR * 10 ** minorDigits(money.currency);
  const fmt = (minor: number) => formatMoney(minor, money.currency);
  return money.categorySpend.flatMap((category) => {
    const average = Math.round(category.previousMonthsMinor.reduce((sum, n) => sum + n, 0) / 3);
    const spent = category.thisMonthMinor;
    if (spent < SPEND_SPIKE_RATIO * average || spent - average < minimum) return [];
    const ratio = average > 0 ? Math.round((spent / average) * 10) / 10 : null;
    const months = money.previousMonths.map((m, i) => `${monthName(m)} ${fmt(category.previousMonthsMinor[i] ?? 0)}`);
    return [
      {
        kind: 'spending_spike',
        confidence: insightConfidence.spending_spike,
        title:
          ratio === null
            ? `${category.name}: ${fmt(spent)} this month, nothing in the 3 months before`
            : `${category.name} spending is ${ratio}x its usual: ${fmt(spent)} this month`,
        reason:
          `${category.name}: ${fmt(spent)} spent so far in ${monthName(month)} against an average of ${fmt(average)} a month ` +
          `over the 3 months before (${months.join(', ')}).` +
          (category.top.length > 0
            ? ` Biggest payments: ${category.top.map((tx) => describePayment(money, tx)).join('; ')}.`
            : '') +
          ' Check that each was planned.',
        data: {
          fingerprint: fingerprintOf([`spend:${category.categoryId}:${month}`]),
          currency: money.currency,
          month,
          categoryId: category.categoryId,
          category: category.name,
          thisMonthMinor: spent,
          averageMinor: average,
          ratio,
          previousMonths: money.previousMonths.map((m, i) => ({
            month: m,
            amountMinor: category.previousMonthsMinor[i] ?? 0,
          })),
          topTransactions: category.top,
        },
        actions: [
          moneyWarning(
            `Review ${clip(category.name, 80)} spending`,
            'A warning only: look at the biggest payments and cancel what was not planned.',
          ),
        ],
      },
    ];
  });
};

const isMonthlyGap = (from: string, to: string): boolean => {
  const gap = dayNumber(to) - dayNumber(from);
  return gap >= MONTHLY_GAP_DAYS.min && gap <= MONTHLY_GAP_DAYS.max;
};

/** Three monthly payments, the first two steady, the last up by RECURRING_RISE or more, and recent. */
const detectRecurringRises = (money: MoneyFacts): DetectedInsight[] =>
  money.lastPayments.flatMap(({ counterparty, payments }) => {
    const [first, previous, last] = payments;
    if (!first || !previous || !last || payments.length !== 3) return [];
    const oldMinor = -previous.amountMinor;
    const newMinor = -last.amountMinor;
    const steady = Math.abs(-first.amountMinor - oldMinor) <= RECURRING_STEADY * oldMinor;
    if (oldMinor <= 0 || !steady || !isMonthlyGap(first.date, previous.date) || !isMonthlyGap(previous.date, last.date))
      return [];
    if (newMinor < oldMinor * (1 + RECURRING_RISE)) return [];
    if (dayNumber(money.today) - dayNumber(last.date) > RECURRING_RECENT_DAYS) return [];
    const fmt = (minor: number) => formatMoney(minor, money.currency);
    const increase = newMinor - oldMinor;
    const percent = percentOf(increase, oldMinor);
    return [
      {
        kind: 'recurring_charge_up',
        confidence: insightConfidence.recurring_charge_up,
        title: `${clip(counterparty, 80)} went up ${percent}%: ${fmt(oldMinor)} to ${fmt(newMinor)} a month`,
        reason:
          `The monthly charge from ${counterparty} was ${fmt(oldMinor)} (${first.date}, ${previous.date}) and is ${fmt(newMinor)} on ${last.date}: ` +
          `up ${fmt(increase)} (${percent}%), about ${fmt(increase * 12)} a year. Check that the new price was agreed, or look for a cheaper plan.`,
        data: {
          fingerprint: fingerprintOf([`recurring-up:${counterparty.trim().toLowerCase()}:${last.id}`]),
          currency: money.currency,
          counterparty,
          oldAmountMinor: oldMinor,
          newAmountMinor: newMinor,
          increaseMinor: increase,
          increasePercent: percent,
          transactions: payments,
        },
        actions: [
          moneyWarning(
            `Check the new ${clip(counterparty, 80)} price`,
            'A warning only: the AI CEO does not cancel or renegotiate subscriptions on its own.',
          ),
        ],
      },
    ];
  });

const detectShortRunway = (money: MoneyFacts): DetectedInsight | null => {
  const { runway } = money;
  if (runway.kind !== 'months' || runway.months === null || runway.months >= RUNWAY_WARNING_MONTHS) return null;
  const months = Math.max(0, Math.round(runway.months * 10) / 10);
  const fmt = (minor: number) => formatMoney(minor, money.currency);
  const month = money.today.slice(0, 7);
  return {
    kind: 'short_runway',
    confidence: insightConfidence.short_runway,
    title: `Cash lasts about ${months} months at this burn`,
    reason:
      `Cash is ${fmt(money.cashMinor)} and the business burns ${fmt(runway.burnMinorPerMonth)} a month, ` +
      `so cash runs out in about ${months} months (under ${RUNWAY_WARNING_MONTHS}). Bring cash in (chase unpaid invoices, close open deals) or cut costs now.`,
    // Once a month, and again when it drops by another whole month.
    data: {
      fingerprint: fingerprintOf([`runway:${month}:${Math.floor(months)}`]),
      currency: money.currency,
      cashMinor: money.cashMinor,
      burnMinorPerMonth: runway.burnMinorPerMonth,
      months,
    },
    actions: [
      moneyWarning('Extend the runway', 'A warning only: decide which costs to cut and which income to pull forward.'),
    ],
  };
};

const detectUncategorisedBacklog = (money: MoneyFacts): DetectedInsight | null => {
  const { recent } = money;
  const share = recent.count === 0 ? 0 : recent.uncategorised / recent.count;
  const piling =
    recent.uncategorised >= UNCATEGORISED_MAX_COUNT ||
    (recent.uncategorised >= UNCATEGORISED_MIN_SHARE_COUNT && share >= UNCATEGORISED_MAX_SHARE);
  if (!piling) return null;
  const fmt = (minor: number) => formatMoney(minor, money.currency);
  const week = isoWeek(new Date(`${money.today}T00:00:00.000Z`));
  const from = recent.topCounterparties.map((c) => `${clip(c.counterparty, 60)} (${c.count})`).join(', ');
  return {
    kind: 'uncategorised_backlog',
    confidence: insightConfidence.uncategorised_backlog,
    title: `${plural(recent.uncategorised, 'transaction')} ${recent.uncategorised === 1 ? 'needs' : 'need'} a category`,
    reason:
      `${recent.uncategorised} of the ${recent.count} transactions of the last ${UNCATEGORISED_WINDOW_DAYS} days (${percentOf(recent.uncategorised, recent.count)}%) have no category ` +
      `(${fmt(recent.uncategorisedOutMinor)} out, ${fmt(recent.uncategorisedInMinor)} in), so the profit and loss and these insights miss them.` +
      (from ? ` Most are from ${from}.` : '') +
      ' Categorise them on the Money page, or make a rule so the next import does it.',
    data: {
      fingerprint: fingerprintOf([`uncategorised:${week}`]),
      currency: money.currency,
      windowDays: UNCATEGORISED_WINDOW_DAYS,
      count: recent.count,
      uncategorised: recent.uncategorised,
      sharePercent: percentOf(recent.uncategorised, recent.count),
      uncategorisedInMinor: recent.uncategorisedInMinor,
      uncategorisedOutMinor: recent.uncategorisedOutMinor,
      topCounterparties: recent.topCounterparties,
    },
    actions: [
      moneyWarning(
        'Categorise the open transactions',
        'A warning only: the category is the owner’s call; a rule makes it stick.',
      ),
    ],
  };
};

/** The CFO's findings; nothing for an org without transactions. */
const detectMoneyInsights = (money: MoneyFacts | null): DetectedInsight[] => {
  if (!money) return [];
  return [
    detectShortRunway(money),
    ...detectRecurringRises(money),
    ...detectSpendingSpikes(money),
    detectUncategorisedBacklog(money),
  ].filter((insight): insight is DetectedInsight => insight !== null);
};

const MILESTONES_NAMED = 5;

/**
 * One insight per project while it is at risk: the fingerprint is the project and its most
 * overdue milestone (with that milestone's due date), so later runs find it recorded; once that
 * milestone is done or moved and another is late, the risk is news again.
 */
const detectProjectAtRisk = (project: ProjectAtRisk): DetectedInsight | null => {
  const first = project.overdue[0];
  if (!first) return null;
  const named = project.overdue
    .slice(0, MILESTONES_NAMED)
    .map(
      (milestone) =>
        `"${clip(milestone.title, 80)}" (due ${milestone.dueDate}, ${plural(milestone.daysLate, 'day')} late)`,
    );
  const more =
    project.overdue.length > MILESTONES_NAMED ? ` and ${project.overdue.length - MILESTONES_NAMED} more` : '';
  const client = project.clientName ? ` for ${clip(project.clientName, 80)}` : '';
  return {
    kind: 'project_at_risk',
    confidence: insightConfidence.project_at_risk,
    title: `Project ${clip(project.name, 80)} is at risk`,
    reason:
      `${plural(project.overdue.length, 'milestone')} of the project${client} ${project.overdue.length === 1 ? 'is' : 'are'} past due and not done: ` +
      `${named.join(', ')}${more}.` +
      (project.dueDate ? ` The project is due ${project.dueDate}.` : '') +
      ' Tick off what is finished, or agree new dates with the client before the project slips further.',
    data: {
      fingerprint: fingerprintOf([`project:${project.id}:${first.id}:${first.dueDate}`]),
      projectId: project.id,
      status: project.status,
      today: project.today,
      milestones: project.overdue.map((milestone) => ({
        milestoneId: milestone.id,
        title: milestone.title,
        dueDate: milestone.dueDate,
        daysLate: milestone.daysLate,
      })),
    },
    actions: [
      {
        kind: 'warning',
        title: `Review the plan of ${clip(project.name, 100)}`,
        reason: 'A warning only: new dates or a word to the client are the owner’s call.',
      },
    ],
  };
};

/** Everything the engine finds in an org's facts, most urgent first. Pure: the service records and acts. */
export const detectInsights = (facts: AgenticFacts): DetectedInsight[] => {
  const deals = detectDealsAtRisk(facts);
  // A deal at risk that is also stale gets its (proposal-aware) follow-up from the deal insight only.
  const inDeals = new Set(facts.quietDeals.map((lead) => lead.id));
  const stale = detectStaleLeads(facts, inDeals, facts.followupCap - (deals?.actions.length ?? 0));
  return [
    deals,
    stale,
    detectBacklog(facts),
    detectFailingTasks(facts),
    detectLowContent(facts),
    ...detectGoalsOffTrack(facts),
    ...detectMoneyInsights(facts.money),
    ...facts.projects.map(detectProjectAtRisk),
  ].filter((insight): insight is DetectedInsight => insight !== null);
};
