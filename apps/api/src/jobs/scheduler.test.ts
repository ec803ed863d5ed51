import type { DestinationStream } from 'pino';
import { createLogger } from '../lib/logger';
import { seedOrg } from '../testing/seed';
import { createTestContext } from '../testing/test-app';
import { guarded, startScheduler } from './scheduler';

/** A real logger writing JSON lines into memory. */
const capturedLog = () => {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  return { log: createLogger({ level: 'info', destination }), entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
};

/** A promise the test settles by hand, so no run depends on real time. */
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('guarded', () => {
  it('when a tick comes while the previous run is still going, then it is skipped and the next tick after the run ends runs again', async () => {
    // Arrange
    const { log, entries } = capturedLog();
    const gate = deferred();
    let runs = 0;
    const tick = guarded({ log }, 'demo', async () => {
      runs += 1;
      await gate.promise;
    });

    // Act
    const first = tick();
    await tick();
    gate.resolve();
    await first;
    await tick();

    // Assert
    expect(runs).toBe(2);
    expect(entries().filter((e) => e['msg'] === 'job skipped: the previous run is still going')).toEqual([expect.objectContaining({ job: 'demo', level: 40 })]);
  });

  it('when a run finishes, then its duration and result are logged', async () => {
    // Arrange
    const { log, entries } = capturedLog();
    const tick = guarded({ log }, 'grace', async () => ({ downgraded: 3 }));

    // Act
    await tick();

    // Assert
    const done = entries().find((e) => e['msg'] === 'job done');
    expect(done).toEqual(expect.objectContaining({ job: 'grace', result: { downgraded: 3 } }));
    expect(typeof done?.['ms']).toBe('number');
  });

  it('when a run throws, then the tick still resolves, the error is reported with the job name, and the next tick runs', async () => {
    // Arrange
    const { log, entries } = capturedLog();
    let runs = 0;
    const tick = guarded({ log }, 'flaky', async () => {
      runs += 1;
      if (runs === 1) throw new Error('database went away');
      return 'ok';
    });

    // Act
    await expect(tick()).resolves.toBeUndefined();
    await tick();

    // Assert
    const reported = entries().find((e) => e['msg'] === 'unhandled error');
    expect(reported).toEqual(expect.objectContaining({ job: 'flaky', level: 50, err: expect.objectContaining({ message: 'database went away' }) }));
    expect(typeof reported?.['ms']).toBe('number');
    expect(runs).toBe(2);
  });
});

describe('startScheduler', () => {
  it('when it starts with a scheduled post already due, then the publisher runs at once and the post does not stay scheduled', async () => {
    // Arrange
    const t = await createTestContext();
    try {
      const org = await seedOrg(t.deps);
      const post = await t.deps.db.contentPost.create({
        data: { orgId: org.id, body: 'Due a minute ago', status: 'scheduled', scheduledFor: new Date(t.clock.now().getTime() - 60_000) },
      });
      // Act: every job fires once on start; stop waits for those runs.
      await startScheduler(t.deps).stop();
      // Assert: no LinkedIn connected, so it fails visibly with the reason instead of waiting forever.
      const after = await t.deps.db.contentPost.findUniqueOrThrow({ where: { id: post.id } });
      expect(after.status).toBe('failed');
      expect(after.failureReason).toMatch(/LinkedIn/);
    } finally {
      await t.close();
    }
  });
});
