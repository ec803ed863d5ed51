import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps';
import { Prisma } from '../generated/prisma/client';
import { reportError } from '../http/error-middleware';

/** One background job: when it runs, and whether only one instance at a time may run it. */
export type ScheduledJob = {
  name: string;
  /** node-cron expression (a seconds field is allowed), evaluated in UTC. */
  cron: string;
  /** true: across instances only the holder of the job's JobLock row runs it; the others skip that tick. */
  exclusive: boolean;
  /** Also run once when the scheduler starts, so a restart never postpones the job by a whole period. */
  runOnStart?: boolean;
  run: () => Promise<unknown>;
};

export type JobOutcome =
  | { status: 'done'; ok: boolean; result?: unknown; error?: string }
  | { status: 'skipped'; reason: 'running' | 'locked' | 'stopping' };

export type Scheduler = {
  /** Stops the cron timers and resolves once the runs already under way have finished. */
  stop(): Promise<void>;
  /** Runs a job now, under the same rules as a cron tick (no overlap, lock, JobRun row). */
  trigger(name: string): Promise<JobOutcome>;
};

type SchedulerDeps = Pick<Deps, 'db' | 'clock' | 'log'>;

/** How long a lock holds without renewal; a crashed instance's lock frees itself after this. */
const JOB_LOCK_TTL_MS = 60_000;
const MAX_ERROR_LENGTH = 2_000;

/** Takes the job's lock when it is free or expired; a row held by anyone until later is left alone. */
const acquireLock = async (
  { db, clock }: SchedulerDeps,
  { job, instance, ttlMs }: { job: string; instance: string; ttlMs: number },
): Promise<boolean> => {
  const now = clock.now();
  const until = new Date(now.getTime() + ttlMs);
  // One statement, so two instances racing for the row cannot both win: the loser re-checks the WHERE against the winner's row.
  const rows = await db.$queryRaw<{ job: string }[]>`
    INSERT INTO "JobLock" ("job", "lockedBy", "lockedUntil") VALUES (${job}, ${instance}, ${until})
    ON CONFLICT ("job") DO UPDATE SET "lockedBy" = EXCLUDED."lockedBy", "lockedUntil" = EXCLUDED."lockedUntil"
    WHERE "JobLock"."lockedUntil" <= ${now}
    RETURNING "job"`;
  return rows.length > 0;
};

const renewLock = async (
  { db, clock }: SchedulerDeps,
  { job, instance, ttlMs }: { job: string; instance: string; ttlMs: number },
): Promise<boolean> => {
  const { count } = await db.jobLock.updateMany({
    where: { job, lockedBy: instance },
    data: { lockedUntil: new Date(clock.now().getTime() + ttlMs) },
  });
  return count > 0;
};

const releaseLock = async ({ db }: SchedulerDeps, { job, instance }: { job: string; instance: string }) => {
  await db.jobLock.deleteMany({ where: { job, lockedBy: instance } });
};

/** A result as JSON for the JobRun row (anything JSON cannot hold becomes its string form). */
const toJson = (value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull => {
  if (value === undefined || value === null) return Prisma.DbNull;
  try {
    return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
  } catch {
    return String(value);
  }
};

const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);

/** One run of a job that already passed the in-process overlap check: lock, JobRun row, run, log. */
const runJob = async (
  deps: SchedulerDeps,
  { job, instance, lockTtlMs }: { job: ScheduledJob; instance: string; lockTtlMs: number },
): Promise<JobOutcome> => {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let renewTimer: NodeJS.Timeout | undefined;
  let locked = false;
  let runId: string | undefined;
  try {
    if (job.exclusive) {
      if (!(await acquireLock(deps, { job: job.name, instance, ttlMs: lockTtlMs }))) {
        deps.log.info({ job: job.name, instance }, 'job skipped: another instance holds its lock');
        return { status: 'skipped', reason: 'locked' };
      }
      locked = true;
      renewTimer = setInterval(
        () => {
          renewLock(deps, { job: job.name, instance, ttlMs: lockTtlMs })
            .then((held) => {
              if (!held)
                deps.log.warn(
                  { job: job.name, instance },
                  'job lock lost while running (it had expired and another instance took it)',
                );
            })
            .catch((error: unknown) => reportError(deps, error, { job: job.name, during: 'lock renewal' }));
        },
        Math.max(1_000, Math.floor(lockTtlMs / 3)),
      );
      renewTimer.unref();
    }
    const row = await deps.db.jobRun.create({
      data: { job: job.name, instance, startedAt: deps.clock.now() },
      select: { id: true },
    });
    runId = row.id;
    let outcome: JobOutcome;
    try {
      const result = await job.run();
      outcome = { status: 'done', ok: true, result };
      deps.log.info({ job: job.name, ms: ms(), result }, 'job done');
    } catch (error) {
      outcome = { status: 'done', ok: false, error: messageOf(error) };
      reportError(deps, error, { job: job.name, ms: ms() });
    }
    await deps.db.jobRun.update({
      where: { id: runId },
      data: {
        finishedAt: deps.clock.now(),
        ok: outcome.ok,
        durationMs: ms(),
        result: outcome.ok ? toJson(outcome.result) : Prisma.DbNull,
        error: outcome.ok ? null : (outcome.error ?? null),
      },
    });
    return outcome;
  } catch (error) {
    // The bookkeeping itself failed (database unreachable): report it, the next tick tries again.
    reportError(deps, error, { job: job.name, ms: ms(), runId });
    return { status: 'done', ok: false, error: messageOf(error) };
  } finally {
    if (renewTimer) clearInterval(renewTimer);
    if (locked) {
      await releaseLock(deps, { job: job.name, instance }).catch((error: unknown) =>
        reportError(deps, error, { job: job.name, during: 'lock release' }),
      );
    }
  }
};

/** How long JobRun rows are kept: the executor alone writes one a minute per instance. */
export const JOB_RUN_RETENTION_DAYS = 14;

export const pruneJobRuns = async ({ db, clock }: Pick<Deps, 'db' | 'clock'>): Promise<{ deleted: number }> => {
  const before = new Date(clock.now().getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000);
  const { count } = await db.jobRun.deleteMany({ where: { startedAt: { lt: before } } });
  return { deleted: count };
};

/**
 * Runs each job on its cron expression (UTC). A job never overlaps itself in this process (a tick
 * while it runs is skipped and logged); an exclusive job also runs on one instance at a time,
 * through its JobLock row. Every run leaves a JobRun row and one log line.
 */
export const startScheduler = (
  deps: SchedulerDeps,
  { jobs, instance, lockTtlMs = JOB_LOCK_TTL_MS }: { jobs: ScheduledJob[]; instance: string; lockTtlMs?: number },
): Scheduler => {
  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new Error(`job ${job.name} is scheduled twice`);
    if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: invalid cron expression "${job.cron}"`);
    names.add(job.name);
  }
  const running = new Set<string>();
  const inFlight = new Set<Promise<JobOutcome>>();
  let stopping = false;

  const fire = (job: ScheduledJob): Promise<JobOutcome> => {
    if (stopping) return Promise.resolve({ status: 'skipped', reason: 'stopping' });
    if (running.has(job.name)) {
      deps.log.warn({ job: job.name }, 'job skipped: the previous run is still going');
      return Promise.resolve({ status: 'skipped', reason: 'running' });
    }
    running.add(job.name);
    const run = runJob(deps, { job, instance, lockTtlMs }).finally(() => {
      running.delete(job.name);
      inFlight.delete(run);
    });
    inFlight.add(run);
    return run;
  };

  const cronLogger = (job: string) => ({
    info: (message: string) => deps.log.debug({ job }, message),
    warn: (message: string) => deps.log.warn({ job }, message),
    error: (message: string | Error) => reportError(deps, message, { job }),
    debug: (message: string | Error) => deps.log.debug({ job }, String(message)),
  });
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.cron, () => fire(job), {
      name: `${job.name}@${instance}`,
      timezone: 'Etc/UTC',
      unref: true,
      logger: cronLogger(job.name),
    }),
  );
  for (const job of jobs) if (job.runOnStart) void fire(job);
  deps.log.info(
    { instance, jobs: jobs.map((j) => ({ name: j.name, cron: j.cron, exclusive: j.exclusive })) },
    'background jobs scheduled',
  );

  return {
    trigger: (name) => {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      return fire(job);
    },
    stop: async () => {
      stopping = true;
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.all(inFlight);
    },
  };
};
