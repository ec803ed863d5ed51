import type { Deps } from '../deps';
import { runScheduledAnalysis } from '../modules/agentic/agentic.service';
import { sweepApprovals } from '../modules/approvals/approvals.service';
import { recordActionOutcomes } from '../modules/outcomes/outcomes.service';
import { runCampaignSender } from '../modules/campaigns/campaign-sending.service';
import { runBillingGrace } from '../modules/billing-stripe/billing-stripe.service';
import { publishDuePosts } from '../modules/content/publish.service';
import { sendDueFinanceReports } from '../modules/finance-owner-reports/finance-owner-reports.service';
import { syncAllStripeConnections } from '../modules/finance-stripe/finance-stripe.service';
import { refreshExpiringIntegrations } from '../modules/integrations/integrations.service';
import { sendOwnerSummaries } from '../modules/owner-summary/owner-summary.service';
import { runTelegramInbox } from '../modules/telegram/telegram-inbox';
import { runTelegramNotifications } from '../modules/telegram-notify/telegram-notify.job';
import { expireProposals } from '../modules/proposals/proposals.service';
import { jobSchedules, type JobName } from './job-schedules';
import { pruneJobRuns, type ScheduledJob } from './scheduler';

/** What the scheduler needs of the task executor. */
export type TickingExecutor = { tick(): Promise<unknown> };

/** The jobs of the API process; the executor's tick only when this process runs one (TASK_EXECUTOR=in-process). */
export const apiJobs = (deps: Deps, { executor }: { executor: TickingExecutor | null }): ScheduledJob[] => {
  const runs: Record<JobName, (() => Promise<unknown>) | null> = {
    'task-executor': executor ? () => executor.tick() : null,
    'agentic-engine': () => runScheduledAnalysis(deps),
    'approval-sweep': () => sweepApprovals(deps),
    'action-outcomes': () => recordActionOutcomes(deps),
    'publish-due-posts': () => publishDuePosts(deps, { now: deps.clock.now() }),
    'refresh-integrations': () => refreshExpiringIntegrations(deps, { now: deps.clock.now() }),
    'billing-grace': () => runBillingGrace(deps),
    'owner-summary': () => sendOwnerSummaries(deps),
    'prune-job-runs': () => pruneJobRuns(deps),
    'finance-stripe-sync': () => syncAllStripeConnections(deps),
    'finance-owner-reports': () => sendDueFinanceReports(deps),
    'campaign-sender': () => runCampaignSender(deps),
    'telegram-inbox': () => runTelegramInbox(deps),
    'telegram-notifications': () => runTelegramNotifications(deps),
    'expire-proposals': () => expireProposals(deps),
  };
  return jobSchedules(deps.env).flatMap((schedule) => {
    const run = runs[schedule.name];
    return run ? [{ ...schedule, run }] : [];
  });
};
