import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { taskTypes, type TaskType } from '@aiceo/shared/tasks';
import request from 'supertest';
import { AppError } from '../../http/app-error';
import { createLogger } from '../../lib/logger';
import { taskSignalFor } from '../../lib/task-signal';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { createTestDatabase, testDbKind } from '../../testing/test-db';
import { settleGoal } from '../goals/goals.service';
import { createExecutor, INTERNAL_TASK_ERROR, retryDelaySeconds, type Executor, type TaskFinished } from './executor';
import {
  PermanentTaskError,
  RetryableTaskError,
  type TaskHandler,
  type TaskHandlers,
  type TaskRun,
} from './task-handler';

const LEASE_MS = 5_000;
let t: TestContext;
const executors: Executor[] = [];
beforeAll(async () => {
  t = await createTestContext({
    env: {
      TASK_LEASE_SECONDS: '5',
      TASK_BATCH_SIZE: '10',
      TASK_RETRY_BASE_SECONDS: '30',
      TASK_RETRY_MAX_SECONDS: '45',
    },
  });
});
// The executor serves every org, so each test starts with no task left open by an earlier one.
beforeEach(async () => {
  await t.deps.db.task.updateMany({
    where: { status: { in: ['PENDING', 'IN_PROGRESS'] } },
    data: { status: 'CANCELLED', leaseOwner: null, leaseExpiresAt: null },
  });
});
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.stop()));
});
afterAll(() => t.close());

/** The same handler for every type. */
const handlersOf = (handler: TaskHandler): TaskHandlers =>
  Object.fromEntries(taskTypes.map((type) => [type, handler])) as TaskHandlers;

const executor = (options: Parameters<typeof createExecutor>[1] & { handler?: TaskHandler } = {}) => {
  const { handler, ...rest } = options;
  const e = createExecutor(t.deps, {
    subscribe: false,
    ...(handler ? { handlers: handlersOf(handler) } : {}),
    ...rest,
  });
  executors.push(e);
  return e;
};

/** A promise with its resolve, for handlers that wait on the test. */
const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolveGate) => (open = resolveGate));
  return { opened, open };
};

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

type Queued = { type?: TaskType; input?: object; runAfter?: Date; maxAttempts?: number; goalId?: string };
const queue = async (org: SeededOrg, count = 1, task: Queued = {}): Promise<string[]> => {
  const now = t.clock.now();
  const rows = await t.deps.db.task.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({
      orgId: org.id,
      type: task.type ?? 'report',
      title: `Task ${i}`,
      input: task.input ?? {},
      runAfter: task.runAfter ?? now,
      maxAttempts: task.maxAttempts ?? 3,
      origin: 'user' as const,
      createdById: org.owner.id,
      goalId: task.goalId ?? null,
      createdAt: now,
      updatedAt: now,
    })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
};
const taskRow = (id: string) => t.deps.db.task.findUniqueOrThrow({ where: { id } });

describe('retryDelaySeconds', () => {
  it.each([
    [1, 30],
    [2, 60],
    [3, 120],
    [6, 960],
    [7, 1_000],
  ])('when attempt %i failed (base 30 s, max 1000 s), then the retry waits %i s', (attempt, seconds) => {
    expect(retryDelaySeconds({ attempt, baseSeconds: 30, maxSeconds: 1_000 })).toBe(seconds);
  });
});

describe('executor tick', () => {
  it('when tasks are due, then it claims them, runs each with its parsed input and completes them; tasks not due are left alone', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const due = await queue(org, 3, { input: { period: 'day' } });
    const [later] = await queue(org, 1, { runAfter: new Date(t.clock.now().getTime() + 60_000) });
    const runs: TaskRun[] = [];
    const e = executor({
      handler: async (_deps, run) => {
        runs.push(run);
        return { done: run.id };
      },
    });
    // Act
    const result = await e.tick();
    // Assert
    expect(result).toMatchObject({ claimed: 3, completed: 3, failed: 0, retried: 0, lost: 0 });
    expect(runs.map((r) => r.id).sort()).toEqual([...due].sort());
    expect(runs[0]).toMatchObject({
      orgId: org.id,
      type: 'report',
      attempt: 1,
      origin: 'user',
      createdById: org.owner.id,
      input: { period: 'day', emailOwner: false },
    });
    for (const id of due) {
      expect(await taskRow(id)).toMatchObject({
        status: 'COMPLETED',
        output: { done: id },
        attempts: 1,
        leaseOwner: null,
        leaseExpiresAt: null,
        finishedAt: t.clock.now(),
        startedAt: t.clock.now(),
      });
    }
    expect(await taskRow(later!)).toMatchObject({ status: 'PENDING', attempts: 0 });
  });

  it('when a handler keeps failing, then it is retried after 30 s then 45 s (the cap), and FAILED with the error once its attempts are spent', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1, { maxAttempts: 3 });
    let calls = 0;
    const e = executor({
      handler: async () => {
        calls += 1;
        throw new RetryableTaskError(`LinkedIn is down (${calls})`);
      },
    });
    const start = t.clock.now().getTime();
    // Act + Assert: attempt 1
    expect(await e.tick()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await taskRow(id!)).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      error: 'LinkedIn is down (1)',
      runAfter: new Date(start + 30_000),
      leaseOwner: null,
      finishedAt: null,
    });
    // Not due yet
    t.clock.advance(29_000);
    expect(await e.tick()).toMatchObject({ claimed: 0 });
    // attempt 2: 2^1 * 30 = 60 s, capped at 45 s
    t.clock.advance(1_000);
    expect(await e.tick()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await taskRow(id!)).toMatchObject({
      status: 'PENDING',
      attempts: 2,
      error: 'LinkedIn is down (2)',
      runAfter: new Date(start + 30_000 + 45_000),
    });
    // attempt 3, the last
    t.clock.advance(45_000);
    expect(await e.tick()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await taskRow(id!)).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      error: 'LinkedIn is down (3)',
      finishedAt: t.clock.now(),
      leaseOwner: null,
    });
    expect(calls).toBe(3);
  });

  it('when the handler throws PermanentTaskError, then the task fails at once with its message, attempts left or not', async () => {
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1, { maxAttempts: 5 });
    const e = executor({
      handler: async () => {
        throw new PermanentTaskError('The lead was deleted');
      },
    });
    expect(await e.tick()).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
    expect(await taskRow(id!)).toMatchObject({ status: 'FAILED', attempts: 1, error: 'The lead was deleted' });
  });

  it('when the input does not parse, then the task fails at once without running the handler', async () => {
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1, { input: { period: 'decade' } });
    let ran = false;
    const e = executor({
      handler: async () => {
        ran = true;
        return {};
      },
    });
    expect(await e.tick()).toMatchObject({ failed: 1 });
    const row = await taskRow(id!);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(row.error).toMatch(/^The task's input is not valid: .*period/);
    expect(ran).toBe(false);
  });

  it('when a handler throws an AppError or an unknown error, then the owner sees the AppError’s message, and for the unknown one a masked line (never its text or a stack)', async () => {
    const org = await seedOrg(t.deps);
    const [quota] = await queue(org, 1, { maxAttempts: 1, input: { period: 'week' } });
    const [crash] = await queue(org, 1, { maxAttempts: 1, input: { period: 'month' } });
    const e = executor({
      handler: async (_deps, run) => {
        if (run.id === quota) throw new AppError('QUOTA_EXCEEDED', 'The Free plan allows 50 AI messages a month');
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    await e.tick();
    expect(await taskRow(quota!)).toMatchObject({
      status: 'FAILED',
      error: 'The Free plan allows 50 AI messages a month',
    });
    expect(await taskRow(crash!)).toMatchObject({ status: 'FAILED', error: INTERNAL_TASK_ERROR });
  });

  it('when a tick is running, then another tick returns the running one instead of overlapping it', async () => {
    const org = await seedOrg(t.deps);
    await queue(org, 2);
    const g = gate();
    let concurrent = 0;
    let maxConcurrent = 0;
    const e = executor({
      handler: async () => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await g.opened;
        concurrent -= 1;
        return {};
      },
    });
    const first = e.tick();
    const second = e.tick();
    expect(second).toBe(first);
    g.open();
    expect(await first).toMatchObject({ claimed: 2, completed: 2 });
    expect(maxConcurrent).toBe(2);
  });
});

describe('executor leases', () => {
  it('when a lease expired and another worker took the task over, then the first worker’s late result is refused (fenced) and the new owner’s stands', async () => {
    // Arrange: A claims and hangs
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1);
    const g = gate();
    const a = executor({
      workerId: 'worker-a',
      handler: async () => {
        await g.opened;
        return { by: 'a' };
      },
    });
    const b = executor({ workerId: 'worker-b', handler: async () => ({ by: 'b' }) });
    const aTick = a.tick();
    await waitFor(async () => (await taskRow(id!)).leaseOwner === 'worker-a');
    // Act: the lease runs out, B takes over and finishes; then A finishes late
    t.clock.advance(LEASE_MS + 1_000);
    const bResult = await b.tick();
    g.open();
    const aResult = await aTick;
    // Assert
    expect(bResult).toMatchObject({ claimed: 1, recovered: 1, completed: 1 });
    expect(aResult).toMatchObject({ claimed: 1, completed: 0, lost: 1 });
    expect(await taskRow(id!)).toMatchObject({
      status: 'COMPLETED',
      output: { by: 'b' },
      attempts: 2,
      leaseOwner: null,
    });
  });

  it('when two workers share one id (a misconfigured WORKER_ID), then the fence on the attempt still refuses the older run’s late result', async () => {
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1);
    const g = gate();
    const first = executor({
      workerId: 'twin',
      handler: async () => {
        await g.opened;
        return { by: 'first' };
      },
    });
    const g2 = gate();
    const second = executor({
      workerId: 'twin',
      handler: async () => {
        await g2.opened;
        return { by: 'second' };
      },
    });
    const firstTick = first.tick();
    await waitFor(async () => (await taskRow(id!)).leaseOwner === 'twin');
    t.clock.advance(LEASE_MS + 1_000);
    const secondTick = second.tick();
    await waitFor(async () => (await taskRow(id!)).attempts === 2);
    // The first run finishes while the second (same owner name, attempt 2) still holds the task.
    g.open();
    expect(await firstTick).toMatchObject({ completed: 0, lost: 1 });
    expect(await taskRow(id!)).toMatchObject({ status: 'IN_PROGRESS', output: null, attempts: 2 });
    g2.open();
    expect(await secondTick).toMatchObject({ recovered: 1, completed: 1 });
    expect(await taskRow(id!)).toMatchObject({ status: 'COMPLETED', output: { by: 'second' }, attempts: 2 });
  });

  it('when a worker died holding tasks, then the next tick takes over the expired ones, fails the ones out of attempts, and leaves live leases alone', async () => {
    // Arrange: three tasks held by a worker that is gone
    const org = await seedOrg(t.deps);
    const now = t.clock.now().getTime();
    const [expired, exhausted, live] = await queue(org, 3, { maxAttempts: 3 });
    const hold = (id: string, attempts: number, leaseExpiresAt: number) =>
      t.deps.db.task.update({
        where: { id },
        data: { status: 'IN_PROGRESS', leaseOwner: 'dead-worker', leaseExpiresAt: new Date(leaseExpiresAt), attempts },
      });
    await hold(expired!, 1, now - 1_000);
    await hold(exhausted!, 3, now - 1_000);
    await hold(live!, 1, now + 1_000);
    const ran: string[] = [];
    const e = executor({
      handler: async (_deps, run) => {
        ran.push(run.id);
        return {};
      },
    });
    // Act
    const result = await e.tick();
    // Assert
    expect(result).toMatchObject({ recovered: 1, completed: 1, failed: 1 });
    expect(ran).toEqual([expired]);
    expect(await taskRow(expired!)).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    expect(await taskRow(exhausted!)).toMatchObject({ status: 'FAILED', attempts: 3, leaseOwner: null });
    expect((await taskRow(exhausted!)).error).toMatch(/stopped before it finished/);
    expect(await taskRow(live!)).toMatchObject({ status: 'IN_PROGRESS', leaseOwner: 'dead-worker' });
  });

  it('when a task runs longer than its lease, then the lease is renewed every third of it and no other worker takes it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1);
    const g = gate();
    let aborted = false;
    const a = executor({
      workerId: 'slow-a',
      handler: async (_deps, run) => {
        await g.opened;
        aborted = run.signal.aborted;
        return { slow: true };
      },
    });
    const b = executor({ workerId: 'eager-b', handler: async () => ({ by: 'b' }) });
    const aTick = a.tick();
    await waitFor(async () => (await taskRow(id!)).leaseOwner === 'slow-a');
    const firstLease = (await taskRow(id!)).leaseExpiresAt!.getTime();
    // Act: time passes; the renewal (every 5/3 s) pushes the lease past the original one
    t.clock.advance(4_000);
    await waitFor(async () => (await taskRow(id!)).leaseExpiresAt!.getTime() > firstLease, 4_000);
    t.clock.advance(2_000);
    const bResult = await b.tick();
    g.open();
    // Assert
    expect(bResult).toMatchObject({ claimed: 0 });
    expect(await aTick).toMatchObject({ completed: 1 });
    expect(aborted).toBe(false);
    expect(await taskRow(id!)).toMatchObject({ status: 'COMPLETED', attempts: 1, output: { slow: true } });
  });

  it('when the renewal finds the lease gone, then the handler’s signal is aborted and its result dropped', async () => {
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1);
    const e = executor({
      workerId: 'robbed',
      handler: (_deps, run) =>
        new Promise((_resolve, reject) =>
          run.signal.addEventListener('abort', () => reject(new Error('stopped: lease lost'))),
        ),
    });
    const ticking = e.tick();
    await waitFor(async () => (await taskRow(id!)).leaseOwner === 'robbed');
    await t.deps.db.task.update({ where: { id: id! }, data: { leaseOwner: 'thief' } });
    const result = await ticking;
    expect(result).toMatchObject({ claimed: 1, lost: 1, completed: 0, retried: 0 });
    expect(await taskRow(id!)).toMatchObject({ status: 'IN_PROGRESS', leaseOwner: 'thief', error: null });
  });
});

describe('executor stop, signal and concurrency', () => {
  it('when stop() is called with a task in hand, then it resolves only after that task finished, and claims nothing after', async () => {
    const org = await seedOrg(t.deps);
    const [id] = await queue(org, 1);
    const g = gate();
    const e = executor({
      handler: async () => {
        await g.opened;
        return { finished: true };
      },
    });
    const ticking = e.tick();
    await waitFor(async () => (await taskRow(id!)).status === 'IN_PROGRESS');
    let stopped = false;
    const stopping = e.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);
    g.open();
    await stopping;
    await ticking;
    expect(await taskRow(id!)).toMatchObject({ status: 'COMPLETED', output: { finished: true } });
    const [after] = await queue(org, 1);
    expect(await e.tick()).toMatchObject({ claimed: 0 });
    expect(await taskRow(after!)).toMatchObject({ status: 'PENDING' });
  });

  it('when a task is created through the API, then the subscribed executor runs it at once without a cron tick', async () => {
    const org = await seedOrg(t.deps);
    executor({ subscribe: true, handler: async () => ({ ran: 'at once' }) });
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/tasks`)
      .set(bearer(org.owner.token))
      .send({ type: 'report', input: { period: 'day' } });
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    await waitFor(async () => (await taskRow(id)).status === 'COMPLETED', 3_000);
    expect(await taskRow(id)).toMatchObject({ output: { ran: 'at once' }, attempts: 1 });
  });

  it('when a goal’s step finishes, then onFinished hears of it (completed or failed), and a failing hook does not fail the task', async () => {
    const org = await seedOrg(t.deps);
    const goal = await t.deps.db.goal.create({ data: { orgId: org.id, title: 'Launch' } });
    const [ok] = await queue(org, 1, { goalId: goal.id, input: { period: 'day' } });
    const [bad] = await queue(org, 1, { goalId: goal.id, maxAttempts: 1, input: { period: 'week' } });
    await queue(org, 1);
    const heard: TaskFinished[] = [];
    const e = executor({
      handler: async (_deps, run) => {
        if (run.id === bad) throw new Error('no');
        return {};
      },
      onFinished: async (_deps, finished) => {
        heard.push(finished);
        throw new Error('the goal hook broke');
      },
    });
    expect(await e.tick()).toMatchObject({ completed: 2, failed: 1 });
    expect(heard.sort((x, y) => x.status.localeCompare(y.status))).toEqual([
      { taskId: ok, orgId: org.id, type: 'report', goalId: goal.id, status: 'COMPLETED' },
      { taskId: bad, orgId: org.id, type: 'report', goalId: goal.id, status: 'FAILED' },
    ]);
    expect(await taskRow(ok!)).toMatchObject({ status: 'COMPLETED' });
  });

  it('when the last step of a plan goal is worked, then the goal stays active until the owner marks its steps done (drafting a step is not doing it); settleGoal as the hook, as main.ts and worker.ts pass it', async () => {
    // Arrange: a plan goal of three steps, the first already worked.
    const org = await seedOrg(t.deps);
    const goal = await t.deps.db.goal.create({ data: { orgId: org.id, title: 'Ship the catalogue' } });
    const [done] = await queue(org, 1, { goalId: goal.id });
    await t.deps.db.task.update({ where: { id: done! }, data: { status: 'COMPLETED' } });
    await queue(org, 1, { goalId: goal.id });
    await queue(org, 1, { goalId: goal.id });
    const e = executor({ handler: async () => ({}), onFinished: settleGoal });

    // Act
    expect(await e.tick()).toMatchObject({ completed: 2 });

    // Assert: every step prepared, none done: the goal is not reached.
    expect(await t.deps.db.goal.findUniqueOrThrow({ where: { id: goal.id } })).toMatchObject({
      status: 'active',
      completedAt: null,
    });

    // Act: the owner marks the steps done.
    await t.deps.db.task.updateMany({ where: { orgId: org.id, goalId: goal.id }, data: { stepDoneAt: t.clock.now() } });
    expect(await settleGoal(t.deps, { orgId: org.id, goalId: goal.id })).toBe(true);
    expect(await t.deps.db.goal.findUniqueOrThrow({ where: { id: goal.id } })).toMatchObject({
      status: 'completed',
      completedAt: t.clock.now(),
    });
  });

  it('when two executors drain 200 tasks side by side, then every task runs exactly once and both did some', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const ids = await queue(org, 200);
    const runs = new Map<string, number>();
    const handler: TaskHandler = async (_deps, run) => {
      runs.set(run.id, (runs.get(run.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      return {};
    };
    const a = executor({ workerId: 'twin-a', handler });
    const b = executor({ workerId: 'twin-b', handler });
    // Act
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    // Assert
    expect(ra.completed + rb.completed).toBe(200);
    expect(ra.claimed).toBeGreaterThan(0);
    expect(rb.claimed).toBeGreaterThan(0);
    expect(ra.lost + rb.lost).toBe(0);
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await t.deps.db.task.count({ where: { id: { in: ids }, status: 'COMPLETED', attempts: 1 } })).toBe(200);
  });
});

// --- exactly once across processes (PostgreSQL) -------------------------------------------

const API_DIR = resolve(__dirname, '../../..');
// tsx as a loader in one node process (see main.test.ts: the tsx CLI would relay signals itself).
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const onPostgres = testDbKind() === 'postgresql';
if (!onPostgres) {
  // Four worker processes need a server database: PGlite is one process's.
  process.stdout.write(
    'executor.test.ts: the exactly-once test across 4 worker processes runs on PostgreSQL only (set TEST_DATABASE_URL); skipped on PGlite.\n',
  );
}

(onPostgres ? describe : describe.skip)('executor processes (PostgreSQL only)', () => {
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  const spawnWorker = (url: string, workerId: string) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@aiceo/source', '--import', TSX_LOADER, 'src/testing/worker-process.ts'],
      {
        cwd: API_DIR,
        env: {
          PATH: process.env['PATH'] ?? '',
          DATABASE_URL: url,
          WORKER_ID: workerId,
          WORKER_HANDLER: 'record',
          WORKER_DELAY_MS: '3',
          WORKER_TICK_MS: '100',
          // Long enough that a live worker on a loaded machine always renews in time (renewal every 5 s):
          // only the killed worker's tasks may be taken over, which the assertions count exactly.
          TASK_LEASE_SECONDS: '15',
          TASK_BATCH_SIZE: '20',
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
      child.on('exit', (code, signal) => {
        children.delete(child);
        resolveExit({ code, signal });
      }),
    );
    const ready = (async () => {
      const deadline = Date.now() + 20_000;
      while (!stdout.includes('"event":"ready"')) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`worker ${workerId} did not start:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    return { child, exited, ready, stdout: () => stdout };
  };

  it('when 4 worker processes drain 2,000 tasks and one is SIGKILLed mid-way, then every task is COMPLETED exactly once and only the dead worker’s unfinished claims ran again', async () => {
    // Arrange: a database of its own, with an execution log and a trigger counting COMPLETED writes
    const testDb = await createTestDatabase();
    const { database, url } = testDb;
    try {
      await database.query(
        `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Exactly once', 'exactly-once', now())`,
      );
      for (const sql of [
        'CREATE TABLE IF NOT EXISTS test_task_executions ("taskId" uuid NOT NULL, "workerId" text NOT NULL, attempt int NOT NULL)',
        'CREATE TABLE IF NOT EXISTS test_task_completions ("taskId" uuid NOT NULL, "finishedBy" text)',
        `CREATE OR REPLACE FUNCTION test_record_completion() RETURNS trigger AS $$
           BEGIN INSERT INTO test_task_completions VALUES (NEW.id, OLD."leaseOwner"); RETURN NEW; END $$ LANGUAGE plpgsql`,
        // Every write that leaves a task COMPLETED, even COMPLETED -> COMPLETED, is one row.
        `CREATE TRIGGER test_task_completed AFTER UPDATE ON "Task" FOR EACH ROW WHEN (NEW.status = 'COMPLETED') EXECUTE FUNCTION test_record_completion()`,
      ]) {
        await database.query(sql);
      }
      const workers = ['w0', 'w1', 'w2', 'w3'].map((id) => spawnWorker(url!, id));
      await Promise.all(workers.map((w) => w.ready));
      const victim = workers[0]!;

      // Act: queue, kill w0 once some hundreds are done, wait for the rest
      await database.query(
        `INSERT INTO "Task" (id, "orgId", type, title, input, "runAfter", origin, "updatedAt")
         SELECT gen_random_uuid(), o.id, 'report', 'Task ' || g, '{}'::jsonb, now(), 'agentic', now()
         FROM generate_series(1, 2000) AS g, "Organization" o WHERE o.slug = 'exactly-once'`,
      );
      const countOf = async (sql: string) => Number((await database.query<{ n: string }>(sql))[0]!.n);
      await waitFor(async () => (await countOf(`SELECT count(*) AS n FROM test_task_completions`)) >= 300, 20_000);
      victim.child.kill('SIGKILL');
      await victim.exited;
      // A statement w0 sent just before it died (a claim of the next batch) still runs to its commit on
      // the server; let it land before counting what w0 held, or those claims look like extra retries.
      await new Promise((r) => setTimeout(r, 1_000));
      const heldByVictim = await countOf(
        `SELECT count(*) AS n FROM "Task" WHERE "leaseOwner" = 'w0' AND status = 'IN_PROGRESS'`,
      );
      await waitFor(
        async () => (await countOf(`SELECT count(*) AS n FROM "Task" WHERE status = 'COMPLETED'`)) === 2000,
        60_000,
      );

      // Assert: all done, each COMPLETED written once
      expect(await countOf(`SELECT count(*) AS n FROM "Task" WHERE status <> 'COMPLETED'`)).toBe(0);
      expect(await countOf(`SELECT count(*) AS n FROM test_task_completions`)).toBe(2000);
      expect(await countOf(`SELECT count(DISTINCT "taskId") AS n FROM test_task_completions`)).toBe(2000);
      // The kill hit w0 with tasks in hand, and those were taken over (attempt 2) by the others.
      expect(heldByVictim).toBeGreaterThan(0);
      expect(await countOf(`SELECT count(*) AS n FROM "Task" WHERE attempts = 2`)).toBe(heldByVictim);
      expect(await countOf(`SELECT count(*) AS n FROM "Task" WHERE attempts > 2`)).toBe(0);
      // A task ran more than once only when w0 had run it and died before finishing it.
      expect(
        await countOf(`SELECT count(*) AS n FROM (SELECT "taskId" FROM test_task_executions GROUP BY "taskId" HAVING count(*) > 1) AS again
          WHERE NOT EXISTS (SELECT 1 FROM test_task_executions e WHERE e."taskId" = again."taskId" AND e."workerId" = 'w0')
             OR EXISTS (SELECT 1 FROM test_task_completions c WHERE c."taskId" = again."taskId" AND c."finishedBy" = 'w0')`),
      ).toBe(0);
      expect(
        await countOf(`SELECT count(*) AS n FROM test_task_completions WHERE "finishedBy" = 'w0'`),
      ).toBeGreaterThan(0);
      expect(
        await countOf(
          `SELECT count(*) AS n FROM (SELECT "taskId" FROM test_task_executions GROUP BY "taskId" HAVING count(*) > 2) AS x`,
        ),
      ).toBe(0);

      // The survivors stop cleanly on SIGTERM.
      for (const w of workers.slice(1)) w.child.kill('SIGTERM');
      for (const w of workers.slice(1)) {
        expect(await w.exited).toEqual({ code: 0, signal: null });
        expect(w.stdout()).toContain('"event":"stopped"');
      }
    } finally {
      await testDb.drop();
    }
  }, 120_000);
});

describe('pnpm worker (src/worker.ts)', () => {
  const runWorker = (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--conditions=@aiceo/source', '--import', TSX_LOADER, 'src/worker.ts'], {
      cwd: API_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        JWT_SECRET: 'worker-test-secret-at-least-32-characters',
        TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
      child.on('exit', (code, signal) => resolveExit({ code, signal })),
    );
    return { child, exited, output: () => output };
  };

  it('when started without DATABASE_URL, then it exits 1 saying it needs PostgreSQL', async () => {
    const worker = runWorker({});
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain('pnpm worker needs DATABASE_URL (PostgreSQL)');
  }, 20_000);

  (onPostgres ? it : it.skip)(
    'when started on PostgreSQL, then it logs its id and cron, runs a queued task with the real handler, and exits 0 on SIGTERM',
    async () => {
      const testDb = await createTestDatabase();
      const worker = runWorker({
        DATABASE_URL: testDb.url!,
        TASK_EXECUTOR: 'worker',
        TASK_EXECUTOR_CRON: '* * * * * *',
      });
      try {
        const [org] = await testDb.database.query<{ id: string }>(
          `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Worker', 'worker', now()) RETURNING id`,
        );
        const [task] = await testDb.database.query<{ id: string }>(
          `INSERT INTO "Task" (id, "orgId", type, title, input, "runAfter", origin, "updatedAt") VALUES (gen_random_uuid(), $1, 'report', 'Daily report', '{"period":"day"}', now(), 'agentic', now()) RETURNING id`,
          [org!.id],
        );
        const statusOf = async () =>
          (await testDb.database.query<{ status: string }>('SELECT status FROM "Task" WHERE id = $1', [task!.id]))[0]!
            .status;
        await waitFor(async () => (await statusOf()) === 'COMPLETED', 20_000);
        worker.child.kill('SIGTERM');
        expect(await worker.exited).toEqual({ code: 0, signal: null });
        expect(worker.output()).toMatch(/"workerId":"[^"]+","cron":"\* \* \* \* \* \*".*"msg":"task worker started"/);
        expect(worker.output()).toContain(`"taskId":"${task!.id}"`);
      } finally {
        worker.child.kill('SIGKILL');
        await testDb.drop();
      }
    },
    40_000,
  );

  (onPostgres ? it : it.skip)(
    'when another process queues a task, then its notice wakes the worker at once, long before its next cron tick',
    async () => {
      const testDb = await createTestDatabase();
      // Once a year: only the notice can make it run the task within the test.
      const worker = runWorker({ DATABASE_URL: testDb.url!, TASK_EXECUTOR: 'worker', TASK_EXECUTOR_CRON: '0 0 1 1 *' });
      try {
        // Started, and its start-up tick is over (a task queued during it would be found by it).
        const startTickDone = async () =>
          worker.output().includes('task worker started') &&
          (
            await testDb.database.query(
              `SELECT 1 FROM "JobRun" WHERE job = 'task-executor' AND "finishedAt" IS NOT NULL`,
            )
          ).length > 0;
        await waitFor(startTickDone, 20_000);
        const [org] = await testDb.database.query<{ id: string }>(
          `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Notice', 'notice', now()) RETURNING id`,
        );
        const [task] = await testDb.database.query<{ id: string }>(
          `INSERT INTO "Task" (id, "orgId", type, title, input, "runAfter", origin, "updatedAt") VALUES (gen_random_uuid(), $1, 'report', 'Daily report', '{"period":"day"}', now(), 'user', now()) RETURNING id`,
          [org!.id],
        );
        // What enqueueTasks does after its transaction, from this (another) process.
        taskSignalFor({ database: testDb.database, log: createLogger({ level: 'silent' }) }).notify();
        const statusOf = async () =>
          (await testDb.database.query<{ status: string }>('SELECT status FROM "Task" WHERE id = $1', [task!.id]))[0]!
            .status;
        await waitFor(async () => (await statusOf()) === 'COMPLETED', 5_000);
        worker.child.kill('SIGTERM');
        expect(await worker.exited).toEqual({ code: 0, signal: null });
      } finally {
        worker.child.kill('SIGKILL');
        await testDb.drop();
      }
    },
    40_000,
  );
});
