import type { Health, JobHealth } from '@aiceo/shared/health';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { jobSchedules } from '../../jobs/job-schedules';

const PING_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

type LastRunRow = {
  job: string;
  startedAt: Date;
  finishedAt: Date | null;
  ok: boolean | null;
  durationMs: number | null;
  error: string | null;
};

/** Each scheduled job with its latest run on any instance, in one query (DISTINCT ON over the (job, startedAt) index; prune-job-runs keeps the table short). */
const listJobHealth = async ({ db, env }: Pick<Deps, 'db' | 'env'>): Promise<JobHealth[]> => {
  const schedules = jobSchedules(env);
  const rows = await db.$queryRaw<LastRunRow[]>`
    SELECT DISTINCT ON ("job") "job", "startedAt", "finishedAt", "ok", "durationMs", "error"
    FROM "JobRun" WHERE "job" IN (${Prisma.join(schedules.map((s) => s.name))})
    ORDER BY "job", "startedAt" DESC`;
  const byJob = new Map(rows.map((row) => [row.job, row]));
  return schedules.map(({ name, cron }) => {
    const row = byJob.get(name);
    return {
      name,
      schedule: cron,
      lastRun: row
        ? {
            startedAt: row.startedAt.toISOString(),
            finishedAt: row.finishedAt?.toISOString() ?? null,
            ok: row.ok,
            durationMs: row.durationMs,
            error: row.error,
          }
        : null,
    };
  });
};

const scheduledOnly = ({ env }: Pick<Deps, 'env'>): JobHealth[] =>
  jobSchedules(env).map(({ name, cron }) => ({ name, schedule: cron, lastRun: null }));

/** Database reachability and latency, migration state, AI providers, the executor mode and the scheduled jobs' last runs. */
export const getHealth = async (
  deps: Pick<Deps, 'db' | 'database' | 'migrations' | 'version' | 'startedAt' | 'clock' | 'ai' | 'env'>,
): Promise<Health> => {
  const { mode, providers } = deps.ai.status();
  const base = {
    ai: { mode, providers },
    executor: deps.env.TASK_EXECUTOR,
    version: deps.version,
    uptimeSeconds: Math.round((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
  };
  const started = performance.now();
  try {
    await withTimeout(deps.db.$queryRaw`SELECT 1`, PING_TIMEOUT_MS);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const rows = await withTimeout(
      deps.db.$queryRaw<
        { migration_name: string }[]
      >`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      PING_TIMEOUT_MS,
    );
    const done = new Set(rows.map((r) => r.migration_name));
    // A database without the JobRun table yet (migrations pending) is still up: the jobs just show no runs.
    const jobs = await withTimeout(listJobHealth(deps), PING_TIMEOUT_MS).catch(() => scheduledOnly(deps));
    return {
      status: 'ok',
      ...base,
      jobs,
      database: { kind: deps.database.kind, ok: true, latencyMs },
      migrations: {
        applied: done.size,
        pending: deps.migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
        latest: rows.at(-1)?.migration_name ?? null,
      },
    };
  } catch (error) {
    // The reason stays generic on the wire: a driver message can name hosts and users.
    void error;
    return {
      status: 'down',
      ...base,
      jobs: scheduledOnly(deps),
      database: { kind: deps.database.kind, ok: false, latencyMs: null, error: 'database unreachable' },
      migrations: null,
    };
  }
};
