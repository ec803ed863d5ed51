import { createApp } from './app';
import { fromRoot } from './config/paths';
import { atListenPort, loadEnv } from './config/env';
import { listenBeforeReady } from './http/server';
import { exitGracefullyOnSignals, exitOnStartFailure } from './lib/process-lifecycle';
import { demoAppUrl, demoBanner, hasDemoOwner, readyBanner, seedDemo, shouldSeedDemo } from './modules/demo/demo-seed';
import { stripeGatewayFor } from './lib/stripe-gateway';
import { listenForTasks } from './lib/task-signal';
import { createDeps, createLogger, migrateDatabase, openDatabase } from './runtime';
import { apiJobs } from './jobs/jobs';
import { startScheduler } from './jobs/scheduler';
import { settleGoal } from './modules/goals/goals.service';
import { createExecutor, defaultWorkerId } from './modules/tasks/executor';
import { startLocalStandIns } from './lib/stand-ins';
import { linkedinClientFor } from './lib/linkedin-client';
import { telegramGatewayFor } from './lib/telegram';
import { startTelegramUpdates } from './modules/telegram/telegram-updates';

const main = async () => {
  const loaded = loadEnv(process.env);
  const log = createLogger({ level: loaded.LOG_LEVEL });
  const started = performance.now();
  // Listening first: a taken port fails at once, and with FRONTEND_URL unset every link the app makes
  // names the port really bound (PORT=0 picks one). Requests that come meanwhile wait for the app.
  const { server, port, serve } = await listenBeforeReady({ port: loaded.PORT, host: loaded.HOST });
  const env = atListenPort(loaded, port);
  if (env.NODE_ENV === 'production' && !process.env.FRONTEND_URL)
    log.warn(
      { frontendUrl: env.FRONTEND_URL },
      'FRONTEND_URL is not set: links in mails, OAuth and checkout returns lead to this local address',
    );
  const database = await openDatabase(env);
  if (env.MIGRATE_ON_START) await migrateDatabase(database, log);
  // Outside production, no Stripe key or no LinkedIn app: offline stand-ins in-process (@aiceo/stand-ins), on free ports.
  const standIns = await startLocalStandIns(env, log);
  const deps = createDeps({
    env,
    database,
    log,
    stripe: stripeGatewayFor(env, standIns.stripe ?? undefined),
    linkedin: linkedinClientFor(env, standIns.linkedin ?? undefined),
    telegram: telegramGatewayFor(env, standIns.telegram ?? undefined),
  });
  // Before serving, so the first request already sees the demo data.
  const withDemo = shouldSeedDemo(env, database.kind);
  const demo = withDemo ? await seedDemo(deps) : null;
  serve(createApp(deps));
  standIns.stripe?.setWebhookUrl(`http://127.0.0.1:${port}/api/billing/webhook`);
  // TASK_EXECUTOR=worker: tasks run only in `pnpm worker` processes; the API just queues them.
  const executor = env.TASK_EXECUTOR === 'in-process' ? createExecutor(deps, { onFinished: settleGoal }) : null;
  // The demo's first tasks (the engine's follow-ups, the goals' first steps) run now, not at the next minute.
  if (demo && executor)
    void executor.tick().catch((error: unknown) => log.error({ err: error }, 'the demo tasks did not run'));
  // Several API instances, or workers beside them: tasks queued by any process wake this executor.
  const stopListening = executor ? await listenForTasks(deps) : async () => undefined;
  // The executor's workerId names this process in JobRun and JobLock rows too.
  const scheduler = env.JOBS_ENABLED
    ? startScheduler(deps, { jobs: apiJobs(deps, { executor }), instance: executor?.workerId ?? defaultWorkerId() })
    : null;
  log.info(
    {
      port,
      database: database.kind,
      billing: deps.stripe.mode,
      dataDir: database.kind === 'pglite' ? env.PGLITE_DATA_DIR : undefined,
      ms: Math.round(performance.now() - started),
    },
    `AI CEO API listening on http://localhost:${port}`,
  );
  // Straight to the terminal, not the logger: it is a one-time credential for the person who started the app.
  if (demo) process.stdout.write(demoBanner({ url: demoAppUrl(env, port), ...demo }));
  // Later starts: where to go, and which login the demo has (its password is stored only as a hash).
  else if (env.NODE_ENV !== 'production')
    process.stdout.write(
      readyBanner({
        url: demoAppUrl(env, port),
        demoOwner: withDemo && (await hasDemoOwner(deps)),
        pgliteDir: database.kind === 'pglite' ? fromRoot(env.PGLITE_DATA_DIR) : undefined,
      }),
    );

  // Last, and not awaited: registering the webhook (or starting to poll) calls Telegram, which must
  // hold up neither serving nor the banner above. Updates that come meanwhile are stored and handled.
  const telegramUpdates = startTelegramUpdates(deps).catch((error: unknown) => {
    log.error({ err: error }, 'Telegram updates did not start: the bot gets no updates');
    return { stop: async () => undefined };
  });

  exitGracefullyOnSignals({
    log,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    stop: async (signal) => {
      log.info({ signal }, 'shutting down: finishing in-flight requests');
      // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      // No new runs from here; the executor stops claiming and finishes the tasks in hand. Together,
      // because the scheduler waits for a running executor tick, which ends once the executor stops.
      await stopListening();
      await (await telegramUpdates).stop();
      await Promise.all([scheduler?.stop(), executor?.stop()]);
      await standIns.close();
      await deps.rateLimiter.close();
      await database.close();
    },
  });
};

main().catch(exitOnStartFailure('The API'));
