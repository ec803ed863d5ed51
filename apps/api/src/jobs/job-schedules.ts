import type { Env } from '../config/env';
import type { ScheduledJob } from './scheduler';

export const jobNames = [
  'task-executor',
  'agentic-engine',
  'publish-due-posts',
  'refresh-integrations',
  'billing-grace',
  'owner-summary',
  'prune-job-runs',
  'finance-stripe-sync',
  'finance-owner-reports',
  'approval-sweep',
  'action-outcomes',
  'campaign-sender',
  'telegram-notifications',
  'telegram-inbox',
  'expire-proposals',
] as const;
export type JobName = (typeof jobNames)[number];

export type JobSchedule = Omit<ScheduledJob, 'run'> & { name: JobName };

/**
 * A cron expression for "every n minutes". Cron counts within the hour (or day), so n is rounded
 * to whole minutes below an hour and to whole hours above (45 minutes runs at :00 and :45).
 */
export const everyMinutesCron = (minutes: number): string => {
  const m = Math.max(1, Math.round(minutes));
  if (m < 60) return m === 1 ? '* * * * *' : `*/${m} * * * *`;
  const hours = Math.round(m / 60);
  if (hours >= 24) return '0 0 * * *';
  return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
};

/** The API process's jobs and when they run; pure, so /api/health lists them without a scheduler. */
export const jobSchedules = (env: Env): JobSchedule[] => [
  // Tasks are claimed with leases, so every instance may tick; the first tick drains what is due at boot.
  ...(env.TASK_EXECUTOR === 'in-process'
    ? [{ name: 'task-executor' as const, cron: env.TASK_EXECUTOR_CRON, exclusive: false, runOnStart: true }]
    : []),
  { name: 'agentic-engine', cron: env.AGENTIC_CRON, exclusive: true },
  // Each due post is claimed before it goes out, so instances may share the work without a lock.
  { name: 'publish-due-posts', cron: env.PUBLISH_POSTS_CRON, exclusive: false, runOnStart: true },
  // Exclusive: two instances refreshing one LinkedIn token at once would spend its refresh token twice.
  { name: 'refresh-integrations', cron: '15 * * * *', exclusive: true, runOnStart: true },
  { name: 'billing-grace', cron: everyMinutesCron(env.BILLING_GRACE_JOB_MINUTES), exclusive: true, runOnStart: true },
  { name: 'owner-summary', cron: env.OWNER_SUMMARY_CRON, exclusive: true },
  { name: 'prune-job-runs', cron: '30 3 * * *', exclusive: true },
  // Daily import of each connected org's Stripe balance transactions; deduped by Stripe id, so a rerun writes nothing new.
  { name: 'finance-stripe-sync', cron: '40 4 * * *', exclusive: true },
  // Each P&L email is claimed (a FinanceReportSend row) before it goes out; every 15 minutes meets each org's hour.
  { name: 'finance-owner-reports', cron: everyMinutesCron(15), exclusive: true, runOnStart: true },
  // Expires approval items nobody decided in time, and queues the execution of approved ones that lack it.
  { name: 'approval-sweep', cron: everyMinutesCron(5), exclusive: true, runOnStart: true },
  // Records new actions and settles the outcome of those whose window closed (memory of what worked).
  { name: 'action-outcomes', cron: '20 * * * *', exclusive: true },
  // Takes up campaigns in `sending` no sender of this process has (at boot: what a stopped process left);
  // recipients are claimed with SKIP LOCKED, so every instance may run it.
  { name: 'campaign-sender', cron: everyMinutesCron(1), exclusive: false, runOnStart: true },
  // Linked Telegram chats: the daily summary from 08:00 local, low runway once a week, payments received.
  // Each message is claimed (TelegramNotification) before it goes; exclusive so orgs are not gathered twice.
  { name: 'telegram-notifications', cron: everyMinutesCron(15), exclusive: true },
  // Telegram updates stored but never handled (an instance stopped); each is claimed, so every instance may run it.
  { name: 'telegram-inbox', cron: everyMinutesCron(1), exclusive: false, runOnStart: true },
  // Sent proposals past their valid-until day (the org's calendar) become expired; one conditional
  // UPDATE per org, so every instance may run it.
  { name: 'expire-proposals', cron: everyMinutesCron(30), exclusive: false, runOnStart: true },
];
