import type { Deps } from '../deps';
import { reportError } from '../http/error-middleware';
import { runBillingGrace } from '../modules/billing-stripe/billing-stripe.service';
import { publishDuePosts } from '../modules/content/publish.service';
import { refreshExpiringIntegrations } from '../modules/integrations/integrations.service';

const MINUTE_MS = 60_000;

export type Scheduler = {
  /** Stops the timers and resolves once the runs already under way have finished. */
  stop(): Promise<void>;
};

/**
 * Wraps a job for the timer: a tick while the previous run is still going is skipped, each run's
 * duration is logged, and an error goes to reportError instead of escaping (the timer keeps going).
 * The returned tick never rejects and resolves when its run is over.
 */
export const guarded = (deps: Pick<Deps, 'log'>, name: string, fn: () => Promise<unknown>): (() => Promise<void>) => {
  let running = false;
  return async () => {
    if (running) {
      deps.log.warn({ job: name }, 'job skipped: the previous run is still going');
      return;
    }
    running = true;
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const result = await fn();
      deps.log.info({ job: name, ms: ms(), result }, 'job done');
    } catch (error) {
      reportError(deps, error, { job: name, ms: ms() });
    } finally {
      running = false;
    }
  };
};

/** Starts every background job on its interval (and once now, so a restart never postpones one). */
export const startScheduler = (deps: Pick<Deps, 'db' | 'database' | 'env' | 'clock' | 'log' | 'linkedin'>): Scheduler => {
  const jobs = [
    { name: 'billing-grace', everyMs: deps.env.BILLING_GRACE_JOB_MINUTES * MINUTE_MS, run: () => runBillingGrace(deps) },
    // Scheduled posts go out within a minute of their time; each is claimed, so two instances never post one twice.
    { name: 'publish-due-posts', everyMs: MINUTE_MS, run: () => publishDuePosts(deps, { now: deps.clock.now() }) },
    // LinkedIn tokens are refreshed a day ahead, so a connection never lapses unnoticed.
    { name: 'refresh-integrations', everyMs: 60 * MINUTE_MS, run: () => refreshExpiringIntegrations(deps, { now: deps.clock.now() }) },
  ];
  const inFlight = new Set<Promise<void>>();
  const timers = jobs.map((job) => {
    const tick = guarded(deps, job.name, job.run);
    const fire = () => {
      const run = tick();
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    };
    fire();
    const timer = setInterval(fire, job.everyMs);
    // Timers alone never keep the process alive; the server does.
    timer.unref();
    return timer;
  });
  deps.log.info({ jobs: jobs.map((j) => ({ name: j.name, everyMinutes: j.everyMs / MINUTE_MS })) }, 'background jobs scheduled');
  return {
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
};
