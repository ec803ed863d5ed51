import { dayInWords } from '@aiceo/shared/dates-in-words';
import { formatMoney } from '@aiceo/shared/money';
import { hasRole } from '@aiceo/shared/roles';
import { defaultStageLabels } from '@aiceo/shared/stage-labels';
import type { Deps } from '../../deps';
import { describeNet, describeRunway } from '../ai/business-facts';
import { countPendingApprovals } from '../approvals/approvals.service';
import { getProfitAndLossReport, moneySnapshot } from '../finance-reports/finance-reports.service';
import { getLeadPipeline } from '../leads/leads.service';
import { escapeTelegramHtml } from '../telegram/telegram-api';
import type { BotReply, LinkedChat } from '../telegram/telegram-context';
import { addDays, periodOf, startOfDayIn, todayIn } from './bot-format';

export const botReportPeriods = ['today', 'week', 'month'] as const;
export type BotReportPeriod = (typeof botReportPeriods)[number];

const PERIOD = { today: 'day', week: 'week', month: 'month' } as const;
const HEADINGS: Record<BotReportPeriod, string> = { today: 'Today', week: 'This week', month: 'This month' };
const BUTTONS: Record<BotReportPeriod, string> = { today: 'Today', week: 'Week', month: 'Month' };
const OPEN_STAGES = ['new', 'contacted', 'qualified', 'proposal'] as const;

export const isBotReportPeriod = (value: string): value is BotReportPeriod =>
  (botReportPeriods as readonly string[]).includes(value);

/** Finance is for owners and admins, as in the web app (the finance endpoints are admin+). */
export const seesFinance = (linked: Pick<LinkedChat, 'role'>): boolean => hasRole(linked.role, 'admin');

type ReportDeps = Pick<Deps, 'db' | 'database' | 'clock'>;

/** What the AI did between two instants: tasks finished, posts published, emails sent, leads won. */
const activityBetween = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, from, to }: { orgId: string; from: Date; to: Date },
) => {
  const window = { gte: from, lt: to };
  const [completed, failed, posts, emails, won] = await Promise.all([
    db.task.count({ where: { orgId, status: 'COMPLETED', finishedAt: window } }),
    db.task.count({ where: { orgId, status: 'FAILED', finishedAt: window } }),
    db.contentPost.count({ where: { orgId, status: 'published', publishedAt: window } }),
    db.campaignRecipient.count({ where: { orgId, status: 'sent', sentAt: window } }),
    // As the dashboard counts won deals: stage won, last changed in the period.
    db.lead.aggregate({
      where: { orgId, stage: 'won', updatedAt: window },
      _count: { _all: true },
      _sum: { valueCents: true },
    }),
  ]);
  return { completed, failed, posts, emails, wonCount: won._count._all, wonValue: Number(won._sum.valueCents ?? 0) };
};

/** The /report message: money (owners and admins), pipeline and what the AI did, for a period in the org's timezone. */
export const buildReport = async (
  deps: ReportDeps,
  { linked, period }: { linked: LinkedChat; period: BotReportPeriod },
): Promise<BotReply> => {
  const { orgId, timezone, currency } = linked;
  const now = deps.clock.now();
  const today = todayIn(now, timezone);
  const range = periodOf(today, PERIOD[period]);
  const from = startOfDayIn(range.from, timezone);
  const end = startOfDayIn(addDays(range.to, 1), timezone);
  const to = end.getTime() < now.getTime() ? end : now;
  const finance = seesFinance(linked);
  const [pnl, snapshot, pipeline, activity, approvals] = await Promise.all([
    finance ? getProfitAndLossReport(deps, { orgId, period: PERIOD[period], date: today }) : null,
    finance ? moneySnapshot(deps, { orgId }) : null,
    getLeadPipeline(deps, { orgId }),
    activityBetween(deps, { orgId, from, to: new Date(to.getTime() + 1) }),
    countPendingApprovals(deps, { orgId }),
  ]);
  const e = escapeTelegramHtml;
  const money = (minor: number, code = currency) => e(formatMoney(minor, code));
  const when =
    range.from === range.to ? dayInWords(range.from) : `${dayInWords(range.from)} to ${dayInWords(range.to)}`;
  const open = pipeline.stages.filter((s) => (OPEN_STAGES as readonly string[]).includes(s.stage) && s.count > 0);
  const openCount = open.reduce((sum, s) => sum + s.count, 0);
  const openValue = open.reduce((sum, s) => sum + s.valueCents, 0);
  const lines = [
    `<b>${HEADINGS[period]} at ${e(linked.orgName)}</b>`,
    `${e(when)} (${e(timezone)})`,
    '',
    '<b>Money</b>',
    ...(pnl && snapshot
      ? [
          `Income ${money(pnl.incomeMinor, pnl.currency)}, expenses ${money(pnl.expenseMinor, pnl.currency)}: ${e(describeNet(pnl.netMinor, pnl.currency))}`,
          `Cash: ${money(snapshot.cashMinor, snapshot.currency)}`,
          `Runway: ${e(describeRunway(snapshot.runway, snapshot.currency))}`,
          ...(snapshot.transactionCount === 0
            ? ['No transactions in the books yet: import a bank statement in the app.']
            : []),
        ]
      : ['Money figures are for owners and admins.']),
    '',
    '<b>Pipeline</b>',
    openCount === 0 ? 'No open leads.' : `Open leads: ${openCount}, worth ${money(openValue, pipeline.currency)}`,
    ...open.map((s) => `  ${e(defaultStageLabels[s.stage])}: ${s.count} (${money(s.valueCents, pipeline.currency)})`),
    `Won: ${activity.wonCount}${activity.wonCount > 0 ? `, worth ${money(activity.wonValue, pipeline.currency)}` : ''}`,
    '',
    '<b>What the AI did</b>',
    `Tasks completed: ${activity.completed}, failed: ${activity.failed}`,
    `Posts published: ${activity.posts}`,
    `Emails sent: ${activity.emails}`,
    `Approvals waiting: ${approvals.pending}`,
  ];
  return {
    html: true,
    text: lines.join('\n'),
    buttons: [botReportPeriods.map((p) => ({ text: BUTTONS[p], action: 'report', argument: p }))],
  };
};
