import type { Plan, UsageResource } from '@aiceo/shared/plans';
import type { Database } from '../../db/database';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { seedOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { spendUsage, type UsageHold } from './usage.service';

// spendUsage is the one way a feature spends plan units; the features' route tests cover each
// use (tasks, chat, goals, content, campaigns, follow-ups), these cover the piece itself.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

const month = () => t.clock.now().toISOString().slice(0, 7);
const usedOf = async (orgId: string, resource: UsageResource = 'tasks', key = month()) =>
  (await t.deps.db.usageCounter.findUnique({ where: { orgId_month_resource: { orgId, month: key, resource } } }))
    ?.used ?? null;
const setUsed = (orgId: string, used: number, resource: UsageResource = 'tasks') =>
  t.deps.db.usageCounter.upsert({
    where: { orgId_month_resource: { orgId, month: month(), resource } },
    create: { orgId, month: month(), resource, used },
    update: { used },
  });
const orgOnPlan = async (plan: Plan = 'free'): Promise<string> => {
  const org = await seedOrg(t.deps);
  await t.deps.db.organization.update({ where: { id: org.id }, data: { plan } });
  return org.id;
};
const refused = (orgId: string, count = 1) =>
  spendUsage(t.deps, { orgId, resource: 'tasks', count }, async () => 'ran').then(
    () => null,
    (error: unknown) => error,
  );

describe('spendUsage', () => {
  it('when the org is under its limit, then run answers and its units stay counted this month', async () => {
    // Arrange
    const orgId = await orgOnPlan();
    // Act
    const first = await spendUsage(t.deps, { orgId, resource: 'tasks' }, async () => 'first');
    const second = await spendUsage(t.deps, { orgId, resource: 'tasks', count: 3 }, async () => 'second');
    // Assert
    expect([first, second]).toEqual(['first', 'second']);
    expect(await usedOf(orgId)).toBe(4);
  });

  it('when too few units are left, then it throws 402 QUOTA_EXCEEDED with the upgrade hint, never runs and takes none', async () => {
    // Arrange: free allows 3 emails.
    const orgId = await orgOnPlan();
    let runs = 0;
    const spendTwo = () =>
      spendUsage(t.deps, { orgId, resource: 'emails', count: 2 }, async () => {
        runs += 1;
      });
    await spendTwo();
    // Act
    const error = await spendTwo().catch((e: unknown) => e);
    // Assert
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message: 'The Free plan allows 3 emails a month',
      details: { resource: 'emails', limit: 3, used: 2, plan: 'free', upgrade: { plan: 'pro', limit: 25 } },
    });
    expect(runs).toBe(1);
    expect(await usedOf(orgId, 'emails')).toBe(2);
  });

  it('when the units would pass the limit on an empty counter, then not even a counter row is written', async () => {
    // Arrange: free allows 10 tasks.
    const orgId = await orgOnPlan();
    // Act
    const error = await refused(orgId, 11);
    // Assert
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(await usedOf(orgId)).toBeNull();
  });

  it('when the org is on the largest plan and at its limit, then the upgrade hint is null; a larger plan applies at once', async () => {
    // Arrange
    const enterprise = await orgOnPlan('enterprise');
    await setUsed(enterprise, 1000);
    const free = await orgOnPlan('free');
    await setUsed(free, 10);
    await t.deps.db.organization.update({ where: { id: free }, data: { plan: 'pro' } });
    // Act
    const error = await refused(enterprise);
    const upgraded = await refused(free);
    // Assert
    expect(error).toMatchObject({ details: { limit: 1000, used: 1000, plan: 'enterprise', upgrade: null } });
    expect(upgraded).toBeNull();
    expect(await usedOf(free)).toBe(11);
  });

  it('when run throws, then every unit still held is given back and run’s own error comes out', async () => {
    // Arrange
    const orgId = await orgOnPlan();
    await setUsed(orgId, 2);
    const failure = new AppError('CONFLICT', 'Handler refused');
    // Act: one of three units was already given back before the failure.
    const error = await spendUsage(t.deps, { orgId, resource: 'tasks', count: 3 }, async (hold) => {
      await hold.giveBack(1);
      throw failure;
    }).catch((e: unknown) => e);
    // Assert
    expect(error).toBe(failure);
    expect(await usedOf(orgId)).toBe(2);
  });

  it('when run gives back the units it did not use, then the rest stay counted and no more than were held ever come back', async () => {
    // Arrange
    const orgId = await orgOnPlan();
    await setUsed(orgId, 4);
    let kept: UsageHold | undefined;
    // Act: 3 taken, 2 given back, then more than is left asked back twice.
    await spendUsage(t.deps, { orgId, resource: 'tasks', count: 3 }, async (hold) => {
      await hold.giveBack(2);
      kept = hold;
    });
    const afterRun = await usedOf(orgId);
    await kept?.giveBack(5);
    await kept?.giveBack();
    // Assert
    expect(afterRun).toBe(5);
    expect(await usedOf(orgId)).toBe(4);
  });

  it('when giving back fails, then it is logged once, in one place, and run’s error is what the caller gets', async () => {
    // Arrange
    const orgId = await orgOnPlan();
    const logged: unknown[][] = [];
    const log = { error: (...args: unknown[]) => logged.push(args) } as unknown as Deps['log'];
    const database: Database = {
      ...t.deps.database,
      query: (async (sql: string, params?: unknown[]) => {
        if (sql.startsWith('UPDATE')) throw new Error('connection lost');
        return t.deps.database.query(sql, params);
      }) as Database['query'],
    };
    const failure = new Error('the AI failed');
    // Act
    const error = await spendUsage({ database, clock: t.clock, log }, { orgId, resource: 'tasks' }, async () => {
      throw failure;
    }).catch((e: unknown) => e);
    // Assert
    expect(error).toBe(failure);
    expect(logged).toEqual([
      [
        expect.objectContaining({ err: expect.objectContaining({ message: 'connection lost' }), orgId }),
        'could not release reserved usage',
      ],
    ]);
  });

  it('when 50 calls arrive at once with 1 unit left, then exactly one runs, 49 get 402 and the counter ends at the limit', async () => {
    // Arrange
    const orgId = await orgOnPlan();
    await setUsed(orgId, 9);
    // Act
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => refused(orgId)));
    // Assert
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect(outcomes.filter((o) => o instanceof AppError && o.code === 'QUOTA_EXCEEDED')).toHaveLength(49);
    expect(await usedOf(orgId)).toBe(10);
  });

  it('when 50 calls arrive at once on an empty counter with failures mixed in, then exactly the successes are counted', async () => {
    // Arrange: 20 fail in run, 30 succeed; free allows 10.
    const orgId = await orgOnPlan();
    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        spendUsage(t.deps, { orgId, resource: 'tasks' }, async () => {
          if (i % 5 < 2) throw new AppError('CONFLICT', 'Handler refused');
          return 'ok';
        }).catch((error: unknown) => (error as AppError).code),
      ),
    );
    // Assert
    const successes = outcomes.filter((o) => o === 'ok').length;
    expect(successes).toBeGreaterThan(0);
    expect(successes).toBeLessThanOrEqual(10);
    expect(outcomes.every((o) => ['ok', 'QUOTA_EXCEEDED', 'CONFLICT'].includes(o))).toBe(true);
    expect(await usedOf(orgId)).toBe(successes);
  });

  it('when the calendar month (UTC) turns, then usage starts from zero and a failure gives back to the month it took from', async () => {
    // Arrange
    const orgId = await orgOnPlan();
    t.clock.set(new Date('2026-11-30T23:59:00.000Z'));
    await setUsed(orgId, 9);
    // Act: taken in November, failed in December.
    await spendUsage(t.deps, { orgId, resource: 'tasks' }, async () => {
      t.clock.advance(60_000);
      throw new Error('failed after midnight');
    }).catch(() => undefined);
    const fresh = await refused(orgId);
    // Assert
    expect(fresh).toBeNull();
    expect(await usedOf(orgId, 'tasks', '2026-11')).toBe(9);
    expect(await usedOf(orgId, 'tasks', '2026-12')).toBe(1);
  });
});
