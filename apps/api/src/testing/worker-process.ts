import { taskTypes } from '@aiceo/shared/tasks';
import { loadEnv } from '../config/env';
import { createPostgresDatabase } from '../db/database';
import { createLogger, createDeps } from '../runtime';
import { createExecutor } from '../modules/tasks/executor';
import type { TaskHandler, TaskHandlers } from '../modules/tasks/task-handler';

// A task executor process for the exactly-once test and `pnpm bench:worker`: the real executor
// with a stand-in handler, ticking every WORKER_TICK_MS instead of on cron.
//
//   DATABASE_URL            PostgreSQL (required)
//   WORKER_ID               the executor's lease owner name
//   WORKER_HANDLER          noop | record (one row in test_task_executions per execution)
//   WORKER_DELAY_MS         how long each execution takes (default 0)
//   WORKER_TICK_MS          pause between ticks (default 100)
//   TASK_LEASE_SECONDS, TASK_BATCH_SIZE, ...   as for the API
//
// Prints one JSON line {"event":"ready"} once it ticks, and {"event":"stopped"} after SIGTERM.

const EXECUTIONS_TABLE = 'test_task_executions';

const run = async () => {
  const source = process.env;
  const url = source['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is required');
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'worker-process-secret-at-least-32-characters',
    ...source,
  });
  const log = createLogger({ level: env.LOG_LEVEL });
  const database = createPostgresDatabase({ url, poolSize: Math.max(4, Math.min(env.TASK_BATCH_SIZE, 20)) });
  const deps = createDeps({ env, database, log });
  const mode = source['WORKER_HANDLER'] ?? 'noop';
  const delayMs = Number(source['WORKER_DELAY_MS'] ?? 0);
  const tickMs = Number(source['WORKER_TICK_MS'] ?? 100);

  const handler: TaskHandler = async (handlerDeps, task) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (mode === 'record') {
      await handlerDeps.database.query(
        `INSERT INTO ${EXECUTIONS_TABLE} ("taskId", "workerId", attempt) VALUES ($1, $2, $3)`,
        [task.id, executor.workerId, task.attempt],
      );
    }
    return { ok: true };
  };
  const handlers = Object.fromEntries(taskTypes.map((type) => [type, handler])) as TaskHandlers;
  const executor = createExecutor(deps, { workerId: source['WORKER_ID'], handlers, subscribe: false });

  let stopping = false;
  const loop = (async () => {
    let announced = false;
    while (!stopping) {
      await executor
        .tick()
        .catch((error: unknown) =>
          log.error({ err: error instanceof Error ? error.message : String(error) }, 'tick failed'),
        );
      if (!announced) process.stdout.write(`${JSON.stringify({ event: 'ready', workerId: executor.workerId })}\n`);
      announced = true;
      if (!stopping) await new Promise((resolve) => setTimeout(resolve, tickMs));
    }
  })();

  process.on('SIGTERM', () => {
    stopping = true;
    void (async () => {
      await executor.stop();
      await loop;
      await database.close();
      process.stdout.write(`${JSON.stringify({ event: 'stopped', workerId: executor.workerId })}\n`);
      process.exit(0);
    })();
  });
};

run().catch((error: unknown) => {
  process.stderr.write(
    `worker process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
