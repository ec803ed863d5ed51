import type { FinanceReportSettings, FinanceReportSettingsInput } from '@aiceo/shared/finance-owner-reports';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';
import { profitAndLoss } from '../finance-reports/finance-reports.service';
import { renderReportMail } from './report-mail';
import { duePeriods, localNow, type ReportPeriod, type ReportSchedule } from './report-periods';

/** What an org gets before it saves its own settings: no emails. */
const DEFAULT_SCHEDULE: ReportSchedule = { weeklyEnabled: false, weeklyWeekday: 1, monthlyEnabled: false, hour: 8 };
const RECENT_SENDS = 10;

/** The org's owners and admins, owners first: who gets the P&L emails. */
const recipientsOf = async ({ db }: Pick<Deps, 'db'>, { orgId }: { orgId: string }): Promise<string[]> => {
  const rows = await db.membership.findMany({
    where: { orgId, role: { in: ['owner', 'admin'] } },
    // OrgRole is declared owner, admin, member: owners first.
    orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
    select: { user: { select: { email: true } } },
  });
  return rows.map((row) => row.user.email);
};

export const getFinanceReportSettings = async (
  { db }: Pick<Deps, 'db'>,
  { orgId }: { orgId: string },
): Promise<FinanceReportSettings> => {
  const [org, settings, recipients, sends] = await Promise.all([
    db.organization.findUnique({ where: { id: orgId }, select: { timezone: true } }),
    db.financeReportSettings.findUnique({
      where: { orgId },
      select: { weeklyEnabled: true, weeklyWeekday: true, monthlyEnabled: true, hour: true, updatedAt: true },
    }),
    recipientsOf({ db }, { orgId }),
    db.financeReportSend.findMany({
      where: { orgId },
      orderBy: [{ sentAt: 'desc' }, { period: 'desc' }],
      take: RECENT_SENDS,
      select: { period: true, sentTo: true, sentAt: true },
    }),
  ]);
  if (!org) throw notFound('Organisation');
  const { updatedAt, ...schedule } = settings ?? { ...DEFAULT_SCHEDULE, updatedAt: null };
  return {
    ...schedule,
    timezone: org.timezone,
    recipients,
    recentSends: sends.map((send) => ({ ...send, sentAt: send.sentAt.toISOString() })),
    updatedAt: updatedAt?.toISOString() ?? null,
  };
};

export const updateFinanceReportSettings = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, input }: { orgId: string; input: FinanceReportSettingsInput },
): Promise<FinanceReportSettings> => {
  await db.financeReportSettings.upsert({
    where: { orgId },
    create: { orgId, ...input },
    update: input,
    select: { orgId: true },
  });
  return getFinanceReportSettings({ db }, { orgId });
};

type SendDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'mailer' | 'log' | 'env'>;
type DueOrg = { id: string; name: string; timezone: string; schedule: ReportSchedule };
type Totals = { orgs: number; due: number; sent: number; alreadySent: number; failed: number };

/**
 * Claims the period by inserting its FinanceReportSend row; only the run whose insert went in
 * sends, so a second instance, a concurrent run or a later tick of the same day sends nothing.
 */
const claimPeriod = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, period, recipients }: { orgId: string; period: string; recipients: string[] },
): Promise<boolean> => {
  const rows = await db.$queryRaw<{ orgId: string }[]>`
    INSERT INTO "FinanceReportSend" ("orgId", "period", "sentTo", "sentAt")
    VALUES (${orgId}::uuid, ${period}, ${recipients.join(', ')}, ${clock.now()})
    ON CONFLICT ("orgId", "period") DO NOTHING
    RETURNING "orgId"`;
  return rows.length > 0;
};

/** Figures from the reports' profitAndLoss for the period and the one before; every recipient mailed. */
const sendReport = async (
  deps: SendDeps,
  { org, period, recipients }: { org: DueOrg; period: ReportPeriod; recipients: string[] },
): Promise<void> => {
  const [pnl, previous] = await Promise.all([
    profitAndLoss(deps, { orgId: org.id, from: period.from, to: period.to }),
    profitAndLoss(deps, { orgId: org.id, ...period.previous }),
  ]);
  const mail = renderReportMail({
    orgName: org.name,
    period,
    pnl,
    previous,
    reportsUrl: `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/orgs/${org.id}/money/reports`,
  });
  const results = await Promise.all(recipients.map((to) => deps.mailer.send({ to, ...mail })));
  const failures = results.flatMap((result) => (result.status === 'failed' ? [result.error] : []));
  if (failures.length === results.length) throw new Error(`no owner or admin could be mailed: ${failures.join('; ')}`);
};

/** Every org with a P&L email switched on, with its timezone. */
const scheduledOrgs = async ({ db }: Pick<Deps, 'db'>): Promise<DueOrg[]> => {
  const rows = await db.financeReportSettings.findMany({
    where: { OR: [{ weeklyEnabled: true }, { monthlyEnabled: true }] },
    orderBy: { orgId: 'asc' },
    select: {
      weeklyEnabled: true,
      weeklyWeekday: true,
      monthlyEnabled: true,
      hour: true,
      org: { select: { id: true, name: true, timezone: true } },
    },
  });
  return rows.map(({ org, ...schedule }) => ({ ...org, schedule }));
};

/**
 * The scheduled job: sends each weekly and monthly P&L email that is due in its org's timezone,
 * once per org and period however many instances run it. A period whose mail reached nobody is
 * released again, so a later tick that day retries it.
 */
export const sendDueFinanceReports = async (deps: SendDeps): Promise<Totals> => {
  const now = deps.clock.now();
  const orgs = await scheduledOrgs(deps);
  const totals: Totals = { orgs: orgs.length, due: 0, sent: 0, alreadySent: 0, failed: 0 };
  for (const org of orgs) {
    const due = duePeriods(org.schedule, localNow(now, org.timezone));
    if (due.length === 0) continue;
    const recipients = await recipientsOf(deps, { orgId: org.id });
    if (recipients.length === 0) continue;
    for (const period of due) {
      totals.due += 1;
      if (!(await claimPeriod(deps, { orgId: org.id, period: period.key, recipients }))) {
        totals.alreadySent += 1;
        continue;
      }
      try {
        await sendReport(deps, { org, period, recipients });
        totals.sent += 1;
      } catch (error) {
        totals.failed += 1;
        deps.log.error({ err: error, orgId: org.id, period: period.key }, 'P&L email not sent');
        await deps.db.financeReportSend
          .deleteMany({ where: { orgId: org.id, period: period.key } })
          .catch((err: unknown) => deps.log.error({ err, orgId: org.id }, 'could not free the P&L email for a retry'));
      }
    }
  }
  return totals;
};
