import { formatNanoUsd } from '@aiceo/shared/ai';
import { dayInWords } from '@aiceo/shared/dates-in-words';
import type { MoneySnapshot } from '@aiceo/shared/finance-reports';
import { formatMoney } from '@aiceo/shared/money';
import { hasRole, type OrgRole } from '@aiceo/shared/roles';
import type { TelegramNotificationKind } from '@aiceo/shared/telegram';
import type { Deps } from '../../deps';
import { clip } from '../../lib/text';
import { describeNet, describeRunway } from '../ai/business-facts';
import { moneySnapshot } from '../finance-reports/finance-reports.service';
import { gatherOwnerSummary } from '../owner-summary/owner-summary.service';
import type { BotReply } from '../telegram/telegram-context';
import {
  claimNotification,
  FINANCE_ROLE,
  linksWanting,
  notifyTelegram,
  sendClaimed,
  wantsNotification,
  type NotifiedLink,
} from './telegram-notify.service';

/**
 * The `telegram-notifications` job (every 15 minutes): the daily summary from 08:00 in each org's
 * timezone, a weekly word while runway is under three months, and payments received since each
 * chat's cursor. Every message is claimed before it goes, so reruns and other instances send nothing twice.
 */

type JobDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'env' | 'telegram'>;

/** From this local hour on, the day's summary may go. */
export const DAILY_SUMMARY_HOUR = 8;
/** Runway below this many months is worth a word. */
export const LOW_RUNWAY_MONTHS = 3;
/** Up to this many payments are told one by one; more become one summary. */
export const PAYMENTS_LISTED = 3;
const PAYMENTS_PER_RUN = 500;

const dayPartsFormats = new Map<string, Intl.DateTimeFormat>();

/** The local day (YYYY-MM-DD) and hour (0-23) in an IANA timezone (UTC when it is not one). */
export const localDayAndHour = (now: Date, timeZone: string): { day: string; hour: number } => {
  let format = dayPartsFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      return localDayAndHour(now, 'UTC');
    }
    dayPartsFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) % 24 };
};

/** The ISO week (2026-W50) of a YYYY-MM-DD day. */
export const isoWeekOfDay = (day: string): string => {
  const date = new Date(`${day}T00:00:00.000Z`);
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** Orgs with at least one linked chat (those are the only ones the job looks at). */
const linkedOrgs = ({ db }: Pick<Deps, 'db'>) =>
  db.organization.findMany({
    where: { telegramLinks: { some: {} } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, timezone: true, currency: true },
  });

type LinkedOrg = Awaited<ReturnType<typeof linkedOrgs>>[number];

/** True when every chat that wants `kind` already has `key` (so nothing needs gathering). */
const allClaimed = async (
  deps: Pick<Deps, 'db'>,
  { links, kind, key }: { links: NotifiedLink[]; kind: TelegramNotificationKind; key: string },
) =>
  (await deps.db.telegramNotification.count({
    where: { linkId: { in: links.map((link) => link.linkId) }, kind, key },
  })) >= links.length;

// --- daily summary ----------------------------------------------------------------------

type Summary = Awaited<ReturnType<typeof gatherOwnerSummary>>;

const moneyLines = (money: MoneySnapshot): string[] => {
  const { currency, monthToDate } = money;
  return [
    `Money this month: income ${formatMoney(monthToDate.incomeMinor, currency)}, expenses ${formatMoney(monthToDate.expenseMinor, currency)}, ${describeNet(monthToDate.netMinor, currency)}`,
    `Cash: ${formatMoney(money.cashMinor, currency)}. Runway: ${describeRunway(money.runway, currency)}`,
  ];
};

const listed = (items: string[], total: number, max = 3) => {
  const shown = items.slice(0, max).map((item) => clip(item, 80));
  if (shown.length === 0) return '';
  return `: ${shown.join('; ')}${total > shown.length ? ` and ${total - shown.length} more` : ''}`;
};

/** The daily summary as a short Telegram message; the money lines only for those who may see finance. */
export const dailySummaryReply = (
  summary: Summary,
  { day, role, dashboardUrl }: { day: string; role: OrgRole; dashboardUrl: string },
): BotReply => {
  const lines = [
    `Daily summary for ${summary.orgName}, ${dayInWords(day)}: the last 24 hours`,
    '',
    ...(summary.money && hasRole(role, FINANCE_ROLE) ? moneyLines(summary.money) : []),
    `Tasks done: ${summary.completed.count}${listed(summary.completed.titles, summary.completed.count)}`,
    `Tasks failed: ${summary.failed.count}${listed(
      summary.failed.items.map((item) => item.title),
      summary.failed.count,
    )}`,
    `New leads: ${summary.newLeads.count}${listed(summary.newLeads.names, summary.newLeads.count)}`,
    `Posts published: ${summary.postsPublished}. Emails sent: ${summary.emailsSent}. AI spend: ${formatNanoUsd(summary.aiSpendNanoUsd)}`,
    `Open insights: ${summary.openInsights.count}${listed(summary.openInsights.titles, summary.openInsights.count)}`,
    ...(summary.goals.length > 0
      ? [
          `Goals: ${summary.goals
            .slice(0, 3)
            .map((goal) => `${clip(goal.title, 60)} ${goal.progress.percent}%`)
            .join('; ')}`,
        ]
      : []),
    '',
    `Open your dashboard: ${dashboardUrl}`,
  ];
  return { text: lines.join('\n') };
};

const sendDailySummary = async (deps: JobDeps, org: LinkedOrg, now: Date): Promise<number> => {
  const { day, hour } = localDayAndHour(now, org.timezone);
  if (hour < DAILY_SUMMARY_HOUR) return 0;
  const links = await linksWanting(deps, { orgId: org.id, kind: 'dailySummary' });
  if (links.length === 0 || (await allClaimed(deps, { links, kind: 'dailySummary', key: day }))) return 0;
  const summary = await gatherOwnerSummary(deps, { orgId: org.id, orgName: org.name });
  const dashboardUrl = `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/orgs/${org.id}/dashboard`;
  const result = await notifyTelegram(deps, {
    orgId: org.id,
    kind: 'dailySummary',
    key: day,
    reply: (link) => dailySummaryReply(summary, { day, role: link.role, dashboardUrl }),
  });
  return result.sent;
};

// --- low runway -------------------------------------------------------------------------

const sendLowRunway = async (deps: JobDeps, org: LinkedOrg, now: Date): Promise<number> => {
  const links = await linksWanting(deps, { orgId: org.id, kind: 'lowRunway', minRole: FINANCE_ROLE });
  if (links.length === 0) return 0;
  // Told this week already: the books need not be read again until the next one.
  const thisWeek = isoWeekOfDay(localDayAndHour(now, org.timezone).day);
  if (await allClaimed(deps, { links, kind: 'lowRunway', key: thisWeek })) return 0;
  const money = await moneySnapshot(deps, { orgId: org.id });
  const { runway, currency } = money;
  if (runway.kind !== 'months' || runway.months === null || runway.months >= LOW_RUNWAY_MONTHS) return 0;
  const week = isoWeekOfDay(money.today);
  const text = [
    `Cash runway is below ${LOW_RUNWAY_MONTHS} months at ${org.name}.`,
    '',
    `Cash: ${formatMoney(money.cashMinor, currency)}`,
    `Monthly burn: ${formatMoney(runway.burnMinorPerMonth, currency)} (average of the last ${runway.basedOnMonths} complete months)`,
    `Runway: about ${runway.months} months`,
    '',
    `See the numbers: ${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/orgs/${org.id}/money`,
  ].join('\n');
  const result = await notifyTelegram(deps, {
    orgId: org.id,
    kind: 'lowRunway',
    key: week,
    minRole: FINANCE_ROLE,
    reply: { text },
  });
  return result.sent;
};

// --- payments received ------------------------------------------------------------------

type Payment = {
  id: string;
  amountMinor: number;
  currency: string;
  counterparty: string;
  source: string;
  accountName: string;
  createdAt: Date;
};

const paymentOrigin = (payment: Payment) => (payment.source === 'stripe' ? 'Stripe' : payment.accountName);

/** "Payment received: €1,200.00 from Acme Ltd — Stripe" */
export const paymentText = (payment: Payment): string => {
  const from = payment.counterparty.trim() ? ` from ${clip(payment.counterparty.trim(), 80)}` : '';
  return `Payment received: ${formatMoney(payment.amountMinor, payment.currency)}${from} — ${paymentOrigin(payment)}`;
};

/** More than a few payments at once: the count and the total per currency. */
export const paymentsSummaryText = (payments: Payment[]): string => {
  const totals = new Map<string, number>();
  for (const payment of payments)
    totals.set(payment.currency, (totals.get(payment.currency) ?? 0) + payment.amountMinor);
  const sums = [...totals].map(([currency, minor]) => formatMoney(minor, currency)).join(' and ');
  return `${payments.length} payments received, ${sums} in total.`;
};

/**
 * Income created after the link's cursor (transfers aside), claimed and the cursor advanced in one
 * transaction (the link's row is locked, so two runs never take the same rows); sent after commit.
 */
const claimPayments = async (
  deps: JobDeps,
  { orgId, linkId, eligible }: { orgId: string; linkId: string; eligible: boolean },
): Promise<{ key: string; reply: BotReply }[]> =>
  deps.db.$transaction(async (tx) => {
    const [link] = await tx.$queryRaw<{ paymentsSeenUntil: Date }[]>`
      SELECT "paymentsSeenUntil" FROM "TelegramLink" WHERE id = ${linkId}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
    if (!link) return [];
    const rows = await tx.financeTransaction.findMany({
      where: {
        orgId,
        createdAt: { gt: link.paymentsSeenUntil },
        amountMinor: { gt: 0 },
        transferId: null,
        OR: [{ categoryId: null }, { category: { kind: { not: 'transfer' } } }],
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: PAYMENTS_PER_RUN,
      select: {
        id: true,
        amountMinor: true,
        currency: true,
        counterparty: true,
        source: true,
        createdAt: true,
        account: { select: { name: true } },
      },
    });
    const last = rows.at(-1);
    if (!last) return [];
    await tx.telegramLink.update({ where: { id: linkId }, data: { paymentsSeenUntil: last.createdAt } });
    if (!eligible) return [];
    const payments: Payment[] = rows.map((row) => ({
      id: row.id,
      amountMinor: Number(row.amountMinor),
      currency: row.currency,
      counterparty: row.counterparty,
      source: row.source,
      accountName: row.account.name,
      createdAt: row.createdAt,
    }));
    const messages =
      payments.length <= PAYMENTS_LISTED
        ? payments.map((payment) => ({ key: payment.id, reply: { text: paymentText(payment) } }))
        : [{ key: `batch:${last.id}`, reply: { text: paymentsSummaryText(payments) } }];
    const claimed: { key: string; reply: BotReply }[] = [];
    for (const message of messages)
      if (await claimNotification({ db: tx }, { orgId, linkId, kind: 'paymentReceived', key: message.key }))
        claimed.push(message);
    return claimed;
  });

const sendPayments = async (deps: JobDeps, org: LinkedOrg): Promise<number> => {
  const links = await deps.db.telegramLink.findMany({
    where: { orgId: org.id },
    select: { id: true, chatId: true, userId: true, notifications: true },
  });
  if (links.length === 0) return 0;
  const financeViewers = new Set(
    (await linksWanting(deps, { orgId: org.id, kind: 'paymentReceived', minRole: FINANCE_ROLE })).map(
      (link) => link.linkId,
    ),
  );
  let sent = 0;
  for (const link of links) {
    // A chat that does not get payments still moves its cursor, so switching them on later does not replay the past.
    const eligible = financeViewers.has(link.id) && wantsNotification(link.notifications, 'paymentReceived');
    const messages = await claimPayments(deps, { orgId: org.id, linkId: link.id, eligible });
    for (const message of messages)
      if (
        await sendClaimed(deps, {
          orgId: org.id,
          link: { linkId: link.id, chatId: Number(link.chatId) },
          kind: 'paymentReceived',
          key: message.key,
          reply: message.reply,
          messageKind: 'notification',
        })
      )
        sent += 1;
  }
  return sent;
};

/** Payments received since each chat's cursor, for one org (also callable right after a sync or import). */
export const notifyPaymentsReceived = async (deps: JobDeps, { orgId }: { orgId: string }): Promise<number> => {
  if (!deps.telegram.config) return 0;
  const org = await deps.db.organization.findUnique({
    where: { id: orgId },
    select: { id: true, name: true, timezone: true, currency: true },
  });
  return org ? sendPayments(deps, org) : 0;
};

export type TelegramNotificationsRun = {
  orgs: number;
  dailySummaries: number;
  lowRunway: number;
  payments: number;
  failedOrgs: number;
};

/** The job: each org with a linked chat, one after the other; one org's failure does not stop the others. */
export const runTelegramNotifications = async (deps: JobDeps): Promise<TelegramNotificationsRun> => {
  const run: TelegramNotificationsRun = { orgs: 0, dailySummaries: 0, lowRunway: 0, payments: 0, failedOrgs: 0 };
  if (!deps.telegram.config) return run;
  const now = deps.clock.now();
  const orgs = await linkedOrgs(deps);
  run.orgs = orgs.length;
  for (const org of orgs) {
    try {
      run.dailySummaries += await sendDailySummary(deps, org, now);
      run.lowRunway += await sendLowRunway(deps, org, now);
      run.payments += await sendPayments(deps, org);
    } catch (error) {
      run.failedOrgs += 1;
      deps.log.error({ err: error, orgId: org.id }, 'Telegram notifications for an org failed');
    }
  }
  return run;
};
