import type { DestinationStream } from 'pino';
import { EnvError } from '../config/env';
import { publishDuePosts } from '../modules/content/publish.service';
import { seedOrg } from '../testing/seed';
import { createTestContext, testEnv, type TestContext } from '../testing/test-app';
import { everyMinutesCron, jobSchedules } from './job-schedules';
import { JOB_RUN_RETENTION_DAYS, pruneJobRuns, startScheduler, type ScheduledJob, type Scheduler } from './scheduler';

/** Log lines the app wrote, parsed. */
const capturedLog = () => {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  return { destination, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
};

/** A promise the test settles by hand, so no run depends on real time. */
const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

// Never fires by itself during a test: the runs below are triggered by hand.
const YEARLY = '0 0 1 1 *';

describe('startScheduler', () => {
  let t: TestContext;
  let log: ReturnType<typeof capturedLog>;
  const schedulers: Scheduler[] = [];
  const start = (jobs: ScheduledJob[], instance: string, lockTtlMs?: number) => {
    const scheduler = startScheduler(t.deps, { jobs, instance, ...(lockTtlMs ? { lockTtlMs } : {}) });
    schedulers.push(scheduler);
    return scheduler;
  };
  beforeAll(async () => {
    log = capturedLog();
    t = await createTestContext({ logDestination: log.destination });
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  });
  afterAll(() => t.close());

  it('when a run finishes, then a JobRun row holds its instance, times, duration and result, and one log line names job, ms and result', async () => {
    // Arrange
    const scheduler = start(
      [{ name: 'grace-demo', cron: YEARLY, exclusive: false, run: async () => ({ downgraded: 3 }) }],
      'api-1',
    );

    // Act
    const outcome = await scheduler.trigger('grace-demo');

    // Assert
    expect(outcome).toEqual({ status: 'done', ok: true, result: { downgraded: 3 } });
    const runs = await t.deps.db.jobRun.findMany({ where: { job: 'grace-demo' } });
    expect(runs).toEqual([
      expect.objectContaining({
        instance: 'api-1',
        ok: true,
        result: { downgraded: 3 },
        error: null,
        startedAt: t.clock.now(),
        finishedAt: t.clock.now(),
      }),
    ]);
    expect(runs[0]?.durationMs).toEqual(expect.any(Number));
    const done = log.entries().filter((e) => e['msg'] === 'job done' && e['job'] === 'grace-demo');
    expect(done).toEqual([expect.objectContaining({ result: { downgraded: 3 }, ms: expect.any(Number) })]);
  });

  it('when a run throws, then its JobRun row says why, the error is reported with the job name, and the next run goes ahead', async () => {
    // Arrange
    let runs = 0;
    const scheduler = start(
      [
        {
          name: 'flaky-demo',
          cron: YEARLY,
          exclusive: true,
          run: async () => {
            runs += 1;
            if (runs === 1) throw new Error('database went away');
            return 'ok';
          },
        },
      ],
      'api-1',
    );

    // Act
    const first = await scheduler.trigger('flaky-demo');
    const second = await scheduler.trigger('flaky-demo');

    // Assert
    expect(first).toEqual({ status: 'done', ok: false, error: 'database went away' });
    expect(second).toMatchObject({ status: 'done', ok: true });
    const rows = await t.deps.db.jobRun.findMany({ where: { job: 'flaky-demo' }, orderBy: { ok: 'asc' } });
    expect(rows.map((r) => [r.ok, r.error])).toEqual([
      [false, 'database went away'],
      [true, null],
    ]);
    expect(log.entries()).toContainEqual(
      expect.objectContaining({
        msg: 'unhandled error',
        job: 'flaky-demo',
        level: 50,
        err: expect.objectContaining({ message: 'database went away' }),
      }),
    );
    // The lock was released after the failed run too.
    expect(await t.deps.db.jobLock.findUnique({ where: { job: 'flaky-demo' } })).toBeNull();
  });

  it('when a tick comes while the previous run is still going in this process, then it is skipped and logged, and a tick after the run ends runs again', async () => {
    // Arrange
    const gate = deferred();
    let runs = 0;
    const scheduler = start(
      [
        {
          name: 'slow-demo',
          cron: YEARLY,
          exclusive: false,
          run: async () => {
            runs += 1;
            await gate.promise;
          },
        },
      ],
      'api-1',
    );

    // Act
    const first = scheduler.trigger('slow-demo');
    const overlapping = await scheduler.trigger('slow-demo');
    gate.resolve();
    await first;
    const after = await scheduler.trigger('slow-demo');

    // Assert
    expect(overlapping).toEqual({ status: 'skipped', reason: 'running' });
    expect(after).toMatchObject({ status: 'done', ok: true });
    expect(runs).toBe(2);
    expect(log.entries()).toContainEqual(
      expect.objectContaining({ msg: 'job skipped: the previous run is still going', job: 'slow-demo', level: 40 }),
    );
  });

  it('when two schedulers on one database tick an exclusive job together, then only the lock holder runs it; the other skips, logs it, and runs once the lock is released', async () => {
    // Arrange
    const gate = deferred();
    const ranOn: string[] = [];
    const job = (instance: string): ScheduledJob => ({
      name: 'summary-demo',
      cron: YEARLY,
      exclusive: true,
      run: async () => {
        ranOn.push(instance);
        await gate.promise;
        return { sent: 1 };
      },
    });
    const a = start([job('api-a')], 'api-a');
    const b = start([job('api-b')], 'api-b');

    // Act
    const onA = a.trigger('summary-demo');
    await waitFor(async () => (await t.deps.db.jobRun.count({ where: { job: 'summary-demo' } })) === 1);
    const lockWhileRunning = await t.deps.db.jobLock.findUnique({ where: { job: 'summary-demo' } });
    const onB = await b.trigger('summary-demo');
    gate.resolve();
    await onA;
    const lockAfter = await t.deps.db.jobLock.findUnique({ where: { job: 'summary-demo' } });
    const onBLater = await b.trigger('summary-demo');

    // Assert
    expect(lockWhileRunning).toMatchObject({ lockedBy: 'api-a' });
    expect(lockWhileRunning?.lockedUntil.getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(onB).toEqual({ status: 'skipped', reason: 'locked' });
    expect(log.entries()).toContainEqual(
      expect.objectContaining({
        msg: 'job skipped: another instance holds its lock',
        job: 'summary-demo',
        instance: 'api-b',
      }),
    );
    expect(lockAfter).toBeNull();
    expect(onBLater).toMatchObject({ status: 'done', ok: true });
    expect(ranOn).toEqual(['api-a', 'api-b']);
    const rows = await t.deps.db.jobRun.findMany({ where: { job: 'summary-demo' }, select: { instance: true } });
    expect(rows.map((r) => r.instance).sort()).toEqual(['api-a', 'api-b']);
  });

  it('when both schedulers tick an exclusive job at the same instant, then exactly one of them runs it', async () => {
    // Arrange
    let runs = 0;
    const job: ScheduledJob = { name: 'race-demo', cron: YEARLY, exclusive: true, run: async () => (runs += 1) };
    const a = start([job], 'api-a');
    const b = start([job], 'api-b');

    // Act
    const outcomes = await Promise.all([a.trigger('race-demo'), b.trigger('race-demo')]);

    // Assert: the loser either saw the winner's lock or (the winner already done) ran after it, never alongside.
    const done = outcomes.filter((o) => o.status === 'done');
    expect(done.length + outcomes.filter((o) => o.status === 'skipped').length).toBe(2);
    expect(runs).toBe(done.length);
    expect(await t.deps.db.jobRun.count({ where: { job: 'race-demo' } })).toBe(runs);
  });

  it('when the lock was left by a crashed instance and has expired, then another instance takes it over', async () => {
    // Arrange
    await t.deps.db.jobLock.create({
      data: { job: 'orphan-demo', lockedBy: 'api-crashed', lockedUntil: new Date(t.clock.now().getTime() - 1) },
    });
    await t.deps.db.jobLock.create({
      data: { job: 'held-demo', lockedBy: 'api-alive', lockedUntil: new Date(t.clock.now().getTime() + 30_000) },
    });
    const jobs: ScheduledJob[] = [
      { name: 'orphan-demo', cron: YEARLY, exclusive: true, run: async () => 'took over' },
      { name: 'held-demo', cron: YEARLY, exclusive: true, run: async () => 'should not run' },
    ];
    const scheduler = start(jobs, 'api-1');

    // Act
    const orphan = await scheduler.trigger('orphan-demo');
    const held = await scheduler.trigger('held-demo');

    // Assert
    expect(orphan).toMatchObject({ status: 'done', ok: true, result: 'took over' });
    expect(held).toEqual({ status: 'skipped', reason: 'locked' });
    expect(await t.deps.db.jobLock.findUnique({ where: { job: 'held-demo' } })).toMatchObject({
      lockedBy: 'api-alive',
    });
  });

  it('when an exclusive run outlasts a third of the lock time, then its lock is renewed while it runs', async () => {
    // Arrange: a 3 s lock renews every second; the clock moves so each renewal pushes lockedUntil later.
    const gate = deferred();
    const scheduler = start(
      [{ name: 'long-demo', cron: YEARLY, exclusive: true, run: () => gate.promise }],
      'api-1',
      3_000,
    );
    const running = scheduler.trigger('long-demo');
    await waitFor(async () => (await t.deps.db.jobLock.count({ where: { job: 'long-demo' } })) === 1);
    const first = await t.deps.db.jobLock.findUniqueOrThrow({ where: { job: 'long-demo' } });

    // Act
    t.clock.advance(10_000);
    await waitFor(
      async () =>
        (await t.deps.db.jobLock.findUniqueOrThrow({ where: { job: 'long-demo' } })).lockedUntil > first.lockedUntil,
      3_000,
    );
    gate.resolve();
    await running;

    // Assert
    expect(await t.deps.db.jobLock.findUnique({ where: { job: 'long-demo' } })).toBeNull();
  });

  it('when the cron expression comes due, then node-cron fires the job on its own', async () => {
    // Arrange: every second (node-cron's seconds field).
    const fired = deferred<string>();
    start(
      [{ name: 'tick-demo', cron: '* * * * * *', exclusive: false, run: async () => fired.resolve('fired') }],
      'api-1',
    );

    // Act + Assert
    await expect(fired.promise).resolves.toBe('fired');
  });

  it('when stop is called during a run, then it resolves only after the run has finished and no new run starts', async () => {
    // Arrange
    const gate = deferred();
    let finished = false;
    const scheduler = startScheduler(t.deps, {
      jobs: [
        {
          name: 'stop-demo',
          cron: YEARLY,
          exclusive: true,
          run: async () => {
            await gate.promise;
            finished = true;
          },
        },
      ],
      instance: 'api-1',
    });
    const running = scheduler.trigger('stop-demo');

    // Act
    const stopped = scheduler.stop();
    const afterStop = await scheduler.trigger('stop-demo');
    setImmediate(() => gate.resolve());
    await stopped;

    // Assert
    expect(finished).toBe(true);
    expect(afterStop).toEqual({ status: 'skipped', reason: 'stopping' });
    await running;
    expect(await t.deps.db.jobLock.findUnique({ where: { job: 'stop-demo' } })).toBeNull();
  });

  it('when a job marked runOnStart is scheduled with a post already due, then it runs at once and the post does not stay scheduled', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const post = await t.deps.db.contentPost.create({
      data: {
        orgId: org.id,
        body: 'Due a minute ago',
        status: 'scheduled',
        scheduledFor: new Date(t.clock.now().getTime() - 60_000),
      },
    });

    // Act: stop waits for the run started on start.
    await startScheduler(t.deps, {
      jobs: [
        {
          name: 'publish-demo',
          cron: YEARLY,
          exclusive: false,
          runOnStart: true,
          run: () => publishDuePosts(t.deps, { now: t.clock.now() }),
        },
      ],
      instance: 'api-1',
    }).stop();

    // Assert: no LinkedIn connected, so it fails visibly with the reason instead of waiting forever.
    const after = await t.deps.db.contentPost.findUniqueOrThrow({ where: { id: post.id } });
    expect(after.status).toBe('failed');
    expect(after.failureReason).toMatch(/LinkedIn/);
  });

  it('when a job has an invalid cron expression or a duplicate name, then the scheduler refuses to start', () => {
    const run = async () => null;
    expect(() =>
      startScheduler(t.deps, { jobs: [{ name: 'bad', cron: '61 * * * *', exclusive: false, run }], instance: 'api-1' }),
    ).toThrow('job bad: invalid cron expression "61 * * * *"');
    expect(() =>
      startScheduler(t.deps, {
        jobs: [
          { name: 'twice', cron: YEARLY, exclusive: false, run },
          { name: 'twice', cron: YEARLY, exclusive: false, run },
        ],
        instance: 'api-1',
      }),
    ).toThrow('job twice is scheduled twice');
  });
});

describe('pruneJobRuns', () => {
  it('when runs are older than the retention, then they are deleted and recent ones stay', async () => {
    const t = await createTestContext();
    try {
      const daysAgo = (days: number) => new Date(t.clock.now().getTime() - days * 86_400_000);
      await t.deps.db.jobRun.createMany({
        data: [
          { job: 'old', instance: 'api-1', startedAt: daysAgo(JOB_RUN_RETENTION_DAYS + 1) },
          { job: 'recent', instance: 'api-1', startedAt: daysAgo(JOB_RUN_RETENTION_DAYS - 1) },
        ],
      });
      expect(await pruneJobRuns(t.deps)).toEqual({ deleted: 1 });
      expect((await t.deps.db.jobRun.findMany({ select: { job: true } })).map((r) => r.job)).toEqual(['recent']);
    } finally {
      await t.close();
    }
  });
});

describe('job schedules', () => {
  it.each([
    [1, '* * * * *'],
    [15, '*/15 * * * *'],
    [60, '0 * * * *'],
    [90, '0 */2 * * *'],
    [360, '0 */6 * * *'],
    [1440, '0 0 * * *'],
  ])('when billing grace runs every %p minutes, then its cron is %p', (minutes, expected) => {
    expect(everyMinutesCron(minutes)).toBe(expected);
  });

  it('when the env sets the cron variables, then the jobs use them, and the executor job exists only in-process', () => {
    const env = testEnv({
      TASK_EXECUTOR_CRON: '*/10 * * * * *',
      AGENTIC_CRON: '5 * * * *',
      PUBLISH_POSTS_CRON: '*/2 * * * *',
      OWNER_SUMMARY_CRON: '0 8 * * 1-5',
      BILLING_GRACE_JOB_MINUTES: '30',
    });
    expect(jobSchedules(env).map((s) => [s.name, s.cron, s.exclusive])).toEqual([
      ['task-executor', '*/10 * * * * *', false],
      ['agentic-engine', '5 * * * *', true],
      ['publish-due-posts', '*/2 * * * *', false],
      ['refresh-integrations', '15 * * * *', true],
      ['billing-grace', '*/30 * * * *', true],
      ['owner-summary', '0 8 * * 1-5', true],
      ['prune-job-runs', '30 3 * * *', true],
      ['finance-stripe-sync', '40 4 * * *', true],
      ['finance-owner-reports', '*/15 * * * *', true],
      ['approval-sweep', '*/5 * * * *', true],
      ['action-outcomes', '20 * * * *', true],
      ['campaign-sender', '* * * * *', false],
      ['telegram-notifications', '*/15 * * * *', true],
      ['telegram-inbox', '* * * * *', false],
      ['expire-proposals', '*/30 * * * *', false],
    ]);
    expect(jobSchedules(testEnv({ TASK_EXECUTOR: 'worker' })).map((s) => s.name)).not.toContain('task-executor');
  });

  it('when a cron variable is not a valid expression, then the env fails at boot with one line naming the variable', () => {
    expect(() => testEnv({ AGENTIC_CRON: 'every hour', OWNER_SUMMARY_CRON: '0 25 * * *' })).toThrow(EnvError);
    expect(() => testEnv({ AGENTIC_CRON: 'every hour' })).toThrow(
      /^Invalid environment: AGENTIC_CRON: is not a valid cron expression[^\n]*$/,
    );
  });
});

/** Polls a condition the code under test reaches asynchronously (a row appearing), up to a limit. */
const waitFor = async (condition: () => Promise<boolean>, timeoutMs = 2_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
