import type { Server } from 'node:http';
import { createApp } from './app';
import { loadEnv } from './config/env';
import { createHttpServer } from './http/server';
import { exitGracefullyOnSignals, exitOnStartFailure } from './lib/process-lifecycle';
import { demoAppUrl, demoBanner, seedDemo, shouldSeedDemo } from './modules/demo/demo-seed';
import { stripeGatewayFor } from './lib/stripe-gateway';
import { listenForTasks } from './lib/task-signal';
import { createDeps, createLogger, migrateDatabase, openDatabase } from './runtime';
import { apiJobs } from './jobs/jobs';
import { startScheduler } from './jobs/scheduler';
import { createExecutor, defaultWorkerId } from './modules/tasks/executor';
import { startEmbeddedStandIn, wantsEmbeddedStandIn } from './stripe-local/embedded';
import { linkedinClientFor } from './lib/linkedin-client';
import { startEmbeddedLinkedInStandIn, wantsEmbeddedLinkedInStandIn } from './linkedin-local/embedded';

const main = async () => {
  const env = loadEnv(process.env);
  const log = createLogger({ level: env.LOG_LEVEL });
  const started = performance.now();
  const database = await openDatabase(env);
  if (env.MIGRATE_ON_START) await migrateDatabase(database, log);
  // No Stripe key: an offline Stripe stand-in in-process, so checkout works without a network.
  const standIn = wantsEmbeddedStandIn(env) ? await startEmbeddedStandIn(env) : null;
  // No LinkedIn app: a local LinkedIn (consent page, tokens, Posts API) in-process, on a free port.
  const linkedinStandIn = wantsEmbeddedLinkedInStandIn(env) ? await startEmbeddedLinkedInStandIn({ port: 0 }) : null;
  const deps = createDeps({
    env,
    database,
    log,
    stripe: stripeGatewayFor(env, standIn ?? undefined),
    linkedin: linkedinClientFor(env, linkedinStandIn?.target),
  });
  // Before listening, so the first request already sees the demo data.
  const demo = shouldSeedDemo(env, database.kind) ? await seedDemo(deps) : null;
  const app = createApp(deps);

  const server: Server = await new Promise((resolve) => {
    const s = createHttpServer(app).listen(env.PORT, env.HOST, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  standIn?.setWebhookUrl(`http://127.0.0.1:${port}/api/billing/webhook`);
  // TASK_EXECUTOR=worker: tasks run only in `pnpm worker` processes; the API just queues them.
  const executor = env.TASK_EXECUTOR === 'in-process' ? createExecutor(deps) : null;
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
      await Promise.all([scheduler?.stop(), executor?.stop()]);
      await standIn?.close();
      await linkedinStandIn?.standIn.close();
      await deps.rateLimiter.close();
      await database.close();
    },
  });
};

main().catch(exitOnStartFailure('The API'));
