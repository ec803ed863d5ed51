import type { AdminHealth } from '@aiceo/shared/platform';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { formatDateTime } from '@/utils/format';
import { count } from '../utils/format';

type Job = AdminHealth['jobs'][number];

const lastRunState = (job: Job): { label: string; tone?: 'good' | 'bad' } => {
  if (!job.lastRun) return { label: 'Never ran' };
  if (job.lastRun.ok === null) return { label: 'Running' };
  return job.lastRun.ok ? { label: 'OK', tone: 'good' } : { label: 'Failed', tone: 'bad' };
};

const jobColumns: DataTableColumn<Job>[] = [
  { header: 'Job', isRowHeader: true, cell: (job) => job.name },
  { header: 'Schedule', cell: (job) => <code>{job.schedule}</code> },
  { header: 'Last run', cell: (job) => formatDateTime(job.lastRun?.startedAt) },
  {
    header: 'Result',
    cell: (job) => {
      const state = lastRunState(job);
      return <span className={state.tone ? `badge ${state.tone}` : 'badge'}>{state.label}</span>;
    },
  },
  { header: 'Took', cell: (job) => (job.lastRun?.durationMs == null ? '—' : `${count(job.lastRun.durationMs)} ms`) },
  { header: 'Runs (24 h)', cell: (job) => count(job.runs24h) },
  {
    header: 'Failures (24 h)',
    className: (job) => (job.failures24h > 0 ? 'negative' : undefined),
    cell: (job) => count(job.failures24h),
  },
  { header: 'Last error', cell: (job) => job.lastRun?.error ?? '—' },
];

const ms = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)} ms`);

/** Jobs, task queue, database latency, AI providers, Stripe and SMTP, as the server sees them now. */
export const HealthView = ({ health }: { health: AdminHealth }) => (
  <div className="stack">
    <p className="muted">
      Checked {formatDateTime(health.checkedAt)} · version {health.version} · up{' '}
      {count(Math.round(health.uptimeSeconds / 60))} minutes · tasks run{' '}
      {health.executor === 'in-process' ? 'inside the API' : 'in worker processes'}
    </p>
    <dl className="grid stats" aria-label="Task queue">
      <div className="stat card">
        <dt>Tasks due now</dt>
        <dd data-testid="queue-due">{count(health.queue.pendingDue)}</dd>
      </div>
      <div className="stat card">
        <dt>Scheduled later</dt>
        <dd>{count(health.queue.pendingLater)}</dd>
      </div>
      <div className="stat card">
        <dt>In progress</dt>
        <dd>{count(health.queue.inProgress)}</dd>
      </div>
      <div className="stat card">
        <dt>Failed (24 h)</dt>
        <dd>{count(health.queue.failed24h)}</dd>
      </div>
    </dl>
    {health.queue.oldestDueAt ? <p>Oldest due task waiting since {formatDateTime(health.queue.oldestDueAt)}.</p> : null}
    <section aria-labelledby="jobs-heading" className="stack">
      <h2 id="jobs-heading">Scheduled jobs</h2>
      <DataTable labelledBy="jobs-heading" columns={jobColumns} rows={health.jobs} rowKey={(job) => job.name} />
    </section>
    <section aria-labelledby="services-heading" className="card stack">
      <h2 id="services-heading">Services</h2>
      <dl>
        <dt>Database</dt>
        <dd data-testid="db-latency">
          {health.database.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'},{' '}
          {health.database.ok
            ? `SELECT 1 median ${ms(health.database.medianMs)} over ${health.database.samplesMs.length} tries (${health.database.samplesMs.map((s) => s.toFixed(2)).join(', ')} ms)`
            : 'unreachable'}
        </dd>
        <dt>AI</dt>
        <dd>
          {health.ai.mode === 'offline'
            ? 'Offline: no AI provider is configured.'
            : health.ai.providers.map((p) => `${p.label} (${p.model})`).join(', ')}
        </dd>
        <dt>Stripe</dt>
        <dd>
          {health.stripe.mode === 'stripe'
            ? 'Configured (real Stripe keys)'
            : health.stripe.mode === 'local-stand-in'
              ? 'Local stand-in: nobody is really charged'
              : 'Not configured: plans are set by hand'}
        </dd>
        <dt>Mail (SMTP)</dt>
        <dd>{health.smtp.configured ? 'Configured: mail is sent' : 'Not configured: mail waits in the outbox'}</dd>
      </dl>
    </section>
  </div>
);
