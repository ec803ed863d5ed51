import { financeInsightKinds } from '@aiceo/shared/agentic';
import type { MoneySnapshot, Runway } from '@aiceo/shared/finance-reports';
import { goalProgress, type GoalProgress } from '@aiceo/shared/goals';
import type { LeadStage } from '@aiceo/shared/leads';
import { formatMoney } from '@aiceo/shared/money';
import { taskStatuses, type TaskStatus } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';

// Activities that mean someone really reached the lead (as the leads module counts them).
const CONTACT_KINDS = ['call', 'email', 'meeting', 'ai_followup'] as const;

/** A lead still in play with nothing logged for this long is stale. */
export const STALE_LEAD_DAYS = 14;
const STALE_LISTED = 5;
const OPEN_STAGES: LeadStage[] = ['new', 'contacted', 'qualified', 'proposal'];
const DAY_MS = 86_400_000;

export type StaleLead = {
  name: string;
  company: string;
  stage: LeadStage;
  daysQuiet: number;
  /** The last real contact (call, email, meeting, follow-up emailed); notes and drafts are not contacts. */
  lastActivity: { kind: string; summary: string; at: Date } | null;
  /** A follow-up was drafted then and not sent since: the lead is still waiting to be reached. */
  followupDraftedAt: Date | null;
};

/** Leads, content and email as the AI CEO sees them; every query is scoped to the org. */
export type BusinessFacts = {
  pipeline: {
    total: number;
    byStage: Record<LeadStage, number>;
    openValueCents: number;
    wonValueCents: number;
    stale: StaleLead[];
    staleCount: number;
  };
  content: {
    drafts: number;
    scheduled: number;
    failed: number;
    publishedThisMonth: number;
    nextScheduled: { title: string; at: Date } | null;
  };
  email: { campaignsSent: number; lastCampaign: { name: string; sentAt: Date; sent: number } | null };
  work: {
    tasks: Record<TaskStatus, number>;
    recentFailures: { title: string; error: string }[];
    goals: { title: string; targetDate: Date | null; progress: GoalProgress }[];
    openInsights: { title: string; confidence: number }[];
  };
};

const LISTED = 3;
const GOALS_LISTED = 5;

/** Open leads (not won or lost) with nothing logged for STALE_LEAD_DAYS: never contacted ones count from their creation. */
export const staleLeadWhere = ({ orgId, now }: { orgId: string; now: Date }) => {
  const staleBefore = new Date(now.getTime() - STALE_LEAD_DAYS * DAY_MS);
  return {
    orgId,
    stage: { in: OPEN_STAGES },
    OR: [{ lastActivityAt: { lt: staleBefore } }, { lastActivityAt: null, createdAt: { lt: staleBefore } }],
  };
};

/** `withFinanceInsights`: the CFO insights carry money figures, so they reach admins and owners only. */
export const gatherBusinessFacts = async (
  { db }: Pick<Deps, 'db'>,
  {
    orgId,
    now,
    monthStart,
    withFinanceInsights,
  }: { orgId: string; now: Date; monthStart: Date; withFinanceInsights: boolean },
): Promise<BusinessFacts> => {
  const staleWhere = staleLeadWhere({ orgId, now });
  const [
    stages,
    staleRows,
    staleCount,
    postStatuses,
    published,
    next,
    campaignsSent,
    lastCampaign,
    taskGroups,
    failures,
    goals,
    insights,
  ] = await Promise.all([
    db.lead.groupBy({ by: ['stage'], where: { orgId }, _count: { _all: true }, _sum: { valueCents: true } }),
    db.lead.findMany({
      where: staleWhere,
      orderBy: [{ valueCents: 'desc' }, { score: 'desc' }],
      take: STALE_LISTED,
      select: {
        name: true,
        company: true,
        stage: true,
        lastActivityAt: true,
        followupDraftedAt: true,
        createdAt: true,
        activities: {
          where: { kind: { in: [...CONTACT_KINDS] } },
          orderBy: { occurredAt: 'desc' },
          take: 1,
          select: { kind: true, summary: true, occurredAt: true },
        },
      },
    }),
    db.lead.count({ where: staleWhere }),
    db.contentPost.groupBy({ by: ['status'], where: { orgId }, _count: { _all: true } }),
    db.contentPost.count({ where: { orgId, status: 'published', publishedAt: { gte: monthStart } } }),
    db.contentPost.findFirst({
      where: { orgId, status: 'scheduled', scheduledFor: { gte: now } },
      orderBy: { scheduledFor: 'asc' },
      select: { title: true, body: true, scheduledFor: true },
    }),
    db.emailCampaign.count({ where: { orgId, status: 'sent' } }),
    db.emailCampaign.findFirst({
      where: { orgId, status: 'sent' },
      orderBy: { sentAt: 'desc' },
      select: { name: true, sentAt: true, _count: { select: { recipients: { where: { status: 'sent' } } } } },
    }),
    db.task.groupBy({ by: ['status'], where: { orgId }, _count: { _all: true } }),
    db.task.findMany({
      where: { orgId, status: 'FAILED' },
      orderBy: { finishedAt: 'desc' },
      take: LISTED,
      select: { title: true, error: true },
    }),
    db.goal.findMany({
      where: { orgId, status: 'active' },
      orderBy: { createdAt: 'desc' },
      take: GOALS_LISTED,
      select: { title: true, targetDate: true, tasks: { select: { status: true, stepDoneAt: true } } },
    }),
    db.insight.findMany({
      where: { orgId, status: 'open', ...(withFinanceInsights ? {} : { kind: { notIn: [...financeInsightKinds] } }) },
      orderBy: [{ confidence: 'desc' }, { createdAt: 'desc' }],
      take: LISTED,
      select: { title: true, confidence: true },
    }),
  ]);
  const byStage: Record<LeadStage, number> = { new: 0, contacted: 0, qualified: 0, proposal: 0, won: 0, lost: 0 };
  let openValueCents = 0;
  let wonValueCents = 0;
  for (const row of stages) {
    byStage[row.stage] = row._count._all;
    if (OPEN_STAGES.includes(row.stage)) openValueCents += row._sum.valueCents ?? 0;
    if (row.stage === 'won') wonValueCents += row._sum.valueCents ?? 0;
  }
  const postCount = (status: string) => postStatuses.find((row) => row.status === status)?._count._all ?? 0;
  return {
    pipeline: {
      total: Object.values(byStage).reduce((sum, n) => sum + n, 0),
      byStage,
      openValueCents,
      wonValueCents,
      staleCount,
      stale: staleRows.map((row) => {
        const last = row.activities[0];
        const since = row.lastActivityAt ?? row.createdAt;
        return {
          name: row.name,
          company: row.company,
          stage: row.stage,
          daysQuiet: Math.floor((now.getTime() - since.getTime()) / DAY_MS),
          lastActivity: last ? { kind: last.kind, summary: last.summary, at: last.occurredAt } : null,
          followupDraftedAt: row.followupDraftedAt,
        };
      }),
    },
    content: {
      drafts: postCount('draft'),
      scheduled: postCount('scheduled'),
      failed: postCount('failed'),
      publishedThisMonth: published,
      nextScheduled: next?.scheduledFor ? { title: next.title || next.body.slice(0, 60), at: next.scheduledFor } : null,
    },
    email: {
      campaignsSent,
      lastCampaign: lastCampaign?.sentAt
        ? { name: lastCampaign.name, sentAt: lastCampaign.sentAt, sent: lastCampaign._count.recipients }
        : null,
    },
    work: {
      tasks: Object.fromEntries(
        taskStatuses.map((status) => [status, taskGroups.find((row) => row.status === status)?._count._all ?? 0]),
      ) as Record<TaskStatus, number>,
      recentFailures: failures.map((row) => ({ title: row.title, error: row.error ?? 'unknown error' })),
      goals: goals.map((goal) => ({
        title: goal.title,
        targetDate: goal.targetDate,
        progress: goalProgress(goal.tasks),
      })),
      openInsights: insights,
    },
  };
};

export const formatCents = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;

export const describeLastActivity = (lead: StaleLead): string => {
  const last = lead.lastActivity
    ? `last ${lead.lastActivity.kind.replace('_', ' ')} on ${lead.lastActivity.at.toISOString().slice(0, 10)}: "${lead.lastActivity.summary.slice(0, 80)}"`
    : 'never contacted';
  return lead.followupDraftedAt
    ? `${last}; a follow-up was drafted on ${lead.followupDraftedAt.toISOString().slice(0, 10)} and not sent`
    : last;
};

const money = (amountMinor: number, currency: string) => formatMoney(amountMinor, currency);

/** "profit €400.00" or "loss €120.00". */
export const describeNet = (netMinor: number, currency: string): string =>
  netMinor >= 0 ? `profit ${money(netMinor, currency)}` : `loss ${money(-netMinor, currency)}`;

/** Runway in words, with the burn it is counted at. */
export const describeRunway = (runway: Runway, currency: string): string => {
  if (runway.kind === 'cash_flow_positive')
    return 'cash-flow positive: the last complete months gained money on average';
  if (runway.kind === 'no_data' || runway.months === null) return 'not known yet: no complete month in the books';
  return `about ${runway.months} months at a burn of ${money(runway.burnMinorPerMonth, currency)} a month`;
};

/** The books in a few lines: the AI CEO's Money section and the owner's daily summary. */
export const moneyLines = (snapshot: MoneySnapshot): string[] => {
  const { currency, monthToDate, lastMonth } = snapshot;
  if (snapshot.transactionCount === 0)
    return ['No transactions in the books yet: import a bank statement or connect Stripe on the Money page.'];
  const totals = (t: MoneySnapshot['monthToDate']) =>
    `income ${money(t.incomeMinor, currency)}, expenses ${money(t.expenseMinor, currency)}, ${describeNet(t.netMinor, currency)}`;
  const change = monthToDate.netMinor - lastMonth.netMinor;
  return [
    `This month so far (to ${snapshot.today}): ${totals(monthToDate)}`,
    `Last month: ${totals(lastMonth)}`,
    `Profit this month so far vs all of last month: ${formatMoney(change, currency, { signed: true })}`,
    ...(snapshot.topExpenseCategories.length > 0
      ? [
          `Top expenses this month: ${snapshot.topExpenseCategories
            .map((c) => `${c.name} ${money(c.amountMinor, currency)}`)
            .join(', ')}`,
        ]
      : []),
    `Cash: ${money(snapshot.cashMinor, currency)}`,
    `Runway: ${describeRunway(snapshot.runway, currency)}`,
    `Uncategorised transactions: ${snapshot.uncategorisedCount} of ${snapshot.transactionCount}`,
    ...(snapshot.otherCurrencyCount > 0
      ? [`${snapshot.otherCurrencyCount} transactions in other currencies are not in these figures`]
      : []),
  ];
};
