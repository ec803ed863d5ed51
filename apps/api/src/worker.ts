import { EnvError, loadEnv } from './config/env';
import type { Database } from './db/database';
import { pendingMigrations, type MigrationFile } from './db/migrate';
import { startScheduler } from './jobs/scheduler';
import type { Logger } from './lib/logger';
import { exitGracefullyOnSignals, exitOnStartFailure } from './lib/process-lifecycle';
import { settleGoal } from './modules/goals/goals.service';
import { createExecutor } from './modules/tasks/executor';
import { listenForTasks } from './lib/task-signal';
import { createDeps, createLogger, openDatabase } from './runtime';

// `pnpm worker`: a task executor process beside the API (TASK_EXECUTOR=worker), on the same
// PostgreSQL. Any number of them may run: tasks are claimed with leases, never run twice.

const SCHEMA_WAIT_MS = 60_000;
const SCHEMA_POLL_MS = 2_000;

/** The API applies migrations; a worker started with it waits for them, and gives up clearly. */
const waitForSchema = async (options: { database: Database; migrations: MigrationFile[]; log: Logger }) => {
  const deadline = Date.now() + SCHEMA_WAIT_MS;
  let logged = false;
  for (;;) {
    const session = await options.database.session();
    const { pending } = await pendingMigrations(session, options.migrations).finally(() => session.release());
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      throw new EnvError(
        `The database schema is behind (pending: ${pending.join(', ')}): start the API (it migrates) or run \`pnpm db:migrate\`, then start the worker again`,
      );
    }
    if (!logged) options.log.warn({ pending }, 'waiting for the API to migrate the database');
    logged = true;
    await new Promise((resolve) => setTimeout(resolve, SCHEMA_POLL_MS));
  }
};

const main = async () => {
  const env = loadEnv(process.env);
  // PGlite is one process's database: the API's executor (TASK_EXECUTOR=in-process) runs its tasks.
  if (!env.DATABASE_URL)
    throw new EnvError(
      'pnpm worker needs DATABASE_URL (PostgreSQL): embedded PGlite can only be opened by the API process',
    );
  const log = createLogger({ level: env.LOG_LEVEL });
  const database = await openDatabase(env);
  const deps = createDeps({ env, database, log });
  await waitForSchema({ database, migrations: deps.migrations, log });

  const executor = createExecutor(deps, { onFinished: settleGoal });
  const scheduler = startScheduler(deps, {
    instance: executor.workerId,
    // Not exclusive: workers share the queue by claiming, each tick drains what is due.
    jobs: [
      {
        name: 'task-executor',
        cron: env.TASK_EXECUTOR_CRON,
        exclusive: false,
        runOnStart: true,
        run: () => executor.tick(),
      },
    ],
  });
  // Tasks queued by the API (or any process) wake this worker at once; the cron tick is the fallback.
  const stopListening = await listenForTasks(deps);
  // The cron timers are unref'd; this keeps an idle worker alive until it is told to stop.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  log.info(
    {
      workerId: executor.workerId,
      cron: env.TASK_EXECUTOR_CRON,
      batchSize: env.TASK_BATCH_SIZE,
      leaseSeconds: env.TASK_LEASE_SECONDS,
    },
    'task worker started',
  );

  exitGracefullyOnSignals({
    log,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    // On a timeout the tasks still in hand keep their leases until they expire; another worker then takes them over.
    stop: async (signal) => {
      log.info({ signal, workerId: executor.workerId }, 'shutting down: finishing the tasks in hand');
      // Together: the scheduler waits for its running tick, which ends once the executor stops claiming.
      await stopListening();
      await Promise.all([scheduler.stop(), executor.stop()]);
      clearInterval(keepAlive);
      await deps.rateLimiter.close();
      await database.close();
    },
  });
};

main().catch(exitOnStartFailure('The worker'));
