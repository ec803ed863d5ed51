import { createHash } from 'node:crypto';
import type { InsightKind } from '@aiceo/shared/agentic';
import type { LeadStage } from '@aiceo/shared/leads';
import { formatMoney, minorDigits } from '@aiceo/shared/money';
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
  spending_spike: 0.75,
  recurring_charge_up: 0.8,
  short_runway: 0.9,
  uncategorised_backlog: 0.8,
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
  /** The books, for the CFO insights; null when the org has no transactions. */
  money: MoneyFacts | null;
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
    ...detectMoneyInsights(facts.money),
  ].filter((insight): insight is DetectedInsight => insight !== null);
};
