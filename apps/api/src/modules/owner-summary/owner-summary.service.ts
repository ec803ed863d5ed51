import { dayInWords, shortDayInWords } from '@aiceo/shared/dates-in-words';
import { formatNanoUsd } from '@aiceo/shared/ai';
import type { MoneySnapshot } from '@aiceo/shared/finance-reports';
import { goalProgress, type GoalProgress } from '@aiceo/shared/goals';
import { formatMoney } from '@aiceo/shared/money';
import type { Deps } from '../../deps';
import { describeNet, describeRunway, STALE_LEAD_DAYS, staleLeadWhere } from '../ai/business-facts';
import { moneySnapshot } from '../finance-reports/finance-reports.service';

const DAY_MS = 86_400_000;
const LISTED = 10;

type SummaryDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'mailer' | 'log' | 'env'>;

/** The last 24 hours of one org, as the owner's daily summary tells it. */
type OwnerSummary = {
  orgName: string;
  day: string;
  completed: { count: number; titles: string[] };
  failed: { count: number; items: { title: string; error: string }[] };
  newLeads: { count: number; names: string[] };
  staleLeads: number;
  postsPublished: number;
  emailsSent: number;
  aiSpendNanoUsd: number;
  openInsights: { count: number; titles: string[] };
  goals: { title: string; progress: GoalProgress; targetDate: Date | null }[];
  /** The books (the summary goes to owners only); null when the org has no transactions. */
  money: MoneySnapshot | null;
};

/** The last 24 hours of one org (also the Telegram daily summary's source). */
export const gatherOwnerSummary = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock'>,
  { orgId, orgName }: { orgId: string; orgName: string },
): Promise<OwnerSummary> => {
  const { db, clock } = deps;
  const now = clock.now();
  const since = new Date(now.getTime() - DAY_MS);
  const finishedSince = (status: 'COMPLETED' | 'FAILED') => ({ orgId, status, finishedAt: { gte: since, lte: now } });
  const [
    completedCount,
    completed,
    failedCount,
    failed,
    newLeadCount,
    newLeads,
    staleLeads,
    postsPublished,
    emailsSent,
    spend,
    insightCount,
    insights,
    goals,
    snapshot,
  ] = await Promise.all([
    db.task.count({ where: finishedSince('COMPLETED') }),
    db.task.findMany({
      where: finishedSince('COMPLETED'),
      orderBy: { finishedAt: 'desc' },
      take: LISTED,
      select: { title: true },
    }),
    db.task.count({ where: finishedSince('FAILED') }),
    db.task.findMany({
      where: finishedSince('FAILED'),
      orderBy: { finishedAt: 'desc' },
      take: LISTED,
      select: { title: true, error: true },
    }),
    db.lead.count({ where: { orgId, createdAt: { gte: since, lte: now } } }),
    db.lead.findMany({
      where: { orgId, createdAt: { gte: since, lte: now } },
      orderBy: { createdAt: 'desc' },
      take: LISTED,
      select: { name: true, company: true },
    }),
    db.lead.count({ where: staleLeadWhere({ orgId, now }) }),
    db.contentPost.count({ where: { orgId, status: 'published', publishedAt: { gte: since, lte: now } } }),
    db.campaignRecipient.count({ where: { orgId, status: 'sent', sentAt: { gte: since, lte: now } } }),
    db.aiCall.aggregate({ where: { orgId, createdAt: { gte: since, lte: now } }, _sum: { costNanoUsd: true } }),
    db.insight.count({ where: { orgId, status: 'open' } }),
    db.insight.findMany({
      where: { orgId, status: 'open' },
      orderBy: [{ confidence: 'desc' }, { createdAt: 'desc' }],
      take: 3,
      select: { title: true },
    }),
    db.goal.findMany({
      where: { orgId, status: 'active' },
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: {
        title: true,
        targetDate: true,
        tasks: { where: { orgId }, select: { status: true, stepDoneAt: true } },
      },
    }),
    moneySnapshot(deps, { orgId }),
  ]);
  return {
    orgName,
    day: now.toISOString().slice(0, 10),
    completed: { count: completedCount, titles: completed.map((task) => task.title) },
    failed: {
      count: failedCount,
      items: failed.map((task) => ({ title: task.title, error: task.error ?? 'unknown error' })),
    },
    newLeads: {
      count: newLeadCount,
      names: newLeads.map((lead) => (lead.company ? `${lead.name} (${lead.company})` : lead.name)),
    },
    staleLeads,
    postsPublished,
    emailsSent,
    aiSpendNanoUsd: Number(spend._sum.costNanoUsd ?? 0),
    openInsights: { count: insightCount, titles: insights.map((insight) => insight.title) },
    goals: goals.map((goal) => ({
      title: goal.title,
      targetDate: goal.targetDate,
      progress: goalProgress(goal.tasks),
    })),
    money: snapshot.transactionCount > 0 ? snapshot : null,
  };
};

const more = (shown: number, total: number) => (total > shown ? [`and ${total - shown} more`] : []);

/** This month so far, cash and runway, each figure in the org's currency. */
const moneySection = (money: MoneySnapshot) => {
  const { currency, monthToDate } = money;
  return {
    heading: 'Money this month so far',
    lines: [
      `Income ${formatMoney(monthToDate.incomeMinor, currency)}, expenses ${formatMoney(monthToDate.expenseMinor, currency)}, ${describeNet(monthToDate.netMinor, currency)}`,
      `Cash: ${formatMoney(money.cashMinor, currency)}`,
      `Runway: ${describeRunway(money.runway, currency)}`,
      ...(money.uncategorisedCount > 0 ? [`Uncategorised transactions: ${money.uncategorisedCount}`] : []),
    ],
  };
};

/** The summary as sections of lines, shared by the text and the HTML part. */
const sectionsOf = (summary: OwnerSummary): { heading: string; lines: string[] }[] => [
  ...(summary.money ? [moneySection(summary.money)] : []),
  {
    heading: `Tasks completed: ${summary.completed.count}`,
    lines: [...summary.completed.titles, ...more(summary.completed.titles.length, summary.completed.count)],
  },
  {
    heading: `Tasks failed: ${summary.failed.count}`,
    lines: [
      ...summary.failed.items.map((item) => `${item.title}: ${item.error}`),
      ...more(summary.failed.items.length, summary.failed.count),
    ],
  },
  {
    heading: `New leads: ${summary.newLeads.count}`,
    lines: [...summary.newLeads.names, ...more(summary.newLeads.names.length, summary.newLeads.count)],
  },
  {
    heading: 'Activity',
    lines: [
      `Stale leads (open, quiet for ${STALE_LEAD_DAYS}+ days): ${summary.staleLeads}`,
      `Posts published: ${summary.postsPublished}`,
      `Emails sent: ${summary.emailsSent}`,
      `AI spend: ${formatNanoUsd(summary.aiSpendNanoUsd)}`,
    ],
  },
  {
    heading: `Open insights: ${summary.openInsights.count}`,
    lines: [...summary.openInsights.titles, ...more(summary.openInsights.titles.length, summary.openInsights.count)],
  },
  {
    heading: `Goals: ${summary.goals.length} active`,
    lines: summary.goals.map(
      (goal) =>
        `${goal.title}: ${goal.progress.percent}% (${goal.progress.completed} of ${goal.progress.total} steps)${goal.targetDate ? `, target ${shortDayInWords(goal.targetDate)}` : ''}`,
    ),
  },
];

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const renderOwnerSummary = (summary: OwnerSummary, { dashboardUrl }: { dashboardUrl: string }) => {
  const sections = sectionsOf(summary);
  const intro = `Here is what happened at ${summary.orgName} in the last 24 hours.`;
  const text = [
    intro,
    ...sections.flatMap((section) => ['', section.heading, ...section.lines.map((line) => `- ${line}`)]),
    '',
    `Open your dashboard: ${dashboardUrl}`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    ...sections.map(
      (section) =>
        `<h3>${escapeHtml(section.heading)}</h3>${section.lines.length > 0 ? `<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` : ''}`,
    ),
    `<p><a href="${escapeHtml(dashboardUrl)}">Open your dashboard</a></p>`,
  ].join('\n');
  return { subject: `${summary.orgName}: your daily AI CEO summary for ${dayInWords(summary.day)}`, text, html };
};

/**
 * Emails every org's owners a summary of the last 24 hours, once per UTC day. The day's
 * OwnerDigest row is inserted first and only the run that inserted it sends, so a second
 * instance or a rerun the same day sends nothing. When no owner's mail could go out, the row is
 * removed again so a later run can retry.
 */
export const sendOwnerSummaries = async (
  deps: SummaryDeps,
): Promise<{ orgs: number; sent: number; alreadySent: number; failed: number }> => {
  const now = deps.clock.now();
  const day = now.toISOString().slice(0, 10);
  const orgs = await deps.db.organization.findMany({
    where: { memberships: { some: { role: 'owner' } } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      name: true,
      memberships: {
        where: { role: 'owner' },
        orderBy: { createdAt: 'asc' },
        select: { user: { select: { email: true } } },
      },
    },
  });
  const totals = { orgs: orgs.length, sent: 0, alreadySent: 0, failed: 0 };
  for (const org of orgs) {
    const recipients = org.memberships.map((membership) => membership.user.email);
    const claimed = await deps.db.$queryRaw<{ orgId: string }[]>`
      INSERT INTO "OwnerDigest" ("orgId", "day", "sentTo", "sentAt") VALUES (${org.id}::uuid, ${day}, ${recipients.join(', ')}, ${now})
      ON CONFLICT ("orgId", "day") DO NOTHING
      RETURNING "orgId"`;
    if (claimed.length === 0) {
      totals.alreadySent += 1;
      continue;
    }
    try {
      const summary = await gatherOwnerSummary(deps, { orgId: org.id, orgName: org.name });
      const mail = renderOwnerSummary(summary, {
        dashboardUrl: `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/orgs/${org.id}/dashboard`,
      });
      const results = await Promise.all(recipients.map((to) => deps.mailer.send({ to, ...mail })));
      const failures = results.filter((result) => result.status === 'failed');
      if (failures.length === results.length)
        throw new Error(
          `no owner could be mailed: ${failures.map((f) => (f.status === 'failed' ? f.error : '')).join('; ')}`,
        );
      totals.sent += 1;
    } catch (error) {
      totals.failed += 1;
      deps.log.error({ err: error, orgId: org.id, day }, 'owner summary not sent');
      await deps.db.ownerDigest
        .deleteMany({ where: { orgId: org.id, day } })
        .catch((err: unknown) =>
          deps.log.error({ err, orgId: org.id }, 'could not free the owner summary for a retry'),
        );
    }
  }
  return totals;
};
