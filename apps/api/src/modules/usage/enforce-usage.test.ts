import type { Server } from 'node:http';
import express, { Router, type Express } from 'express';
import request from 'supertest';
import type { Plan, UsageResource } from '@aiceo/shared/plans';
import { AppError } from '../../http/app-error';
import { errorMiddleware } from '../../http/error-middleware';
import { orgGuard } from '../../http/middleware/org-guard';
import { requireAuth } from '../../http/middleware/require-auth';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { enforceUsage } from './enforce-usage';

describe('enforceUsage', () => {
  let t: TestContext;
  let app: Express;
  let server: Server;
  beforeAll(async () => {
    t = await createTestContext();
    // A test-only router in the order real routes use: auth -> orgGuard -> enforceUsage -> handler.
    const router = Router();
    const guards = [requireAuth(t.deps, { allowApiKeys: true }), orgGuard(t.deps, 'member', 'write')];
    router.post('/api/orgs/:orgId/test-tasks', ...guards, enforceUsage(t.deps, 'tasks'), (req, res) => {
      const outcome = String(req.query['outcome'] ?? 'ok');
      if (outcome === 'throw') throw new Error('handler blew up');
      if (outcome === 'conflict') throw new AppError('CONFLICT', 'Handler refused');
      if (outcome === 'reply-422') {
        res.status(422).json({ error: { code: 'VALIDATION_FAILED', message: 'refused without throwing' } });
        return;
      }
      res.status(201).json({ ok: true });
    });
    router.post('/api/orgs/:orgId/test-emails', ...guards, enforceUsage(t.deps, 'emails', 2), (_req, res) => {
      res.status(201).json({ ok: true });
    });
    app = express();
    app.use(express.json());
    app.use(router);
    app.use(errorMiddleware(t.deps));
    server = app.listen(0);
  });
  afterEach(() => t.clock.set(new Date()));
  afterAll(async () => {
    server.close();
    await t.close();
  });

  const month = () => new Date(t.clock.now()).toISOString().slice(0, 7);
  const usedOf = async (orgId: string, resource: UsageResource = 'tasks', key = month()) =>
    (await t.deps.db.usageCounter.findUnique({ where: { orgId_month_resource: { orgId, month: key, resource } } }))
      ?.used ?? null;
  const setUsed = (orgId: string, used: number, resource: UsageResource = 'tasks') =>
    t.deps.db.usageCounter.upsert({
      where: { orgId_month_resource: { orgId, month: month(), resource } },
      create: { orgId, month: month(), resource, used },
      update: { used },
    });
  const orgOnPlan = async (plan: Plan): Promise<SeededOrg> => {
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { plan } });
    return org;
  };
  const createTask = (org: SeededOrg, outcome = 'ok') =>
    request(server).post(`/api/orgs/${org.id}/test-tasks?outcome=${outcome}`).set(bearer(org.owner.token)).send({});

  it('when the org is under its limit, then the handler runs and one unit is counted this month', async () => {
    // Arrange
    const org = await orgOnPlan('free');
    // Act
    const first = await createTask(org);
    const second = await createTask(org);
    // Assert
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await usedOf(org.id)).toBe(2);
  });

  it('when the org is at its limit, then answers 402 QUOTA_EXCEEDED with the upgrade hint and records nothing', async () => {
    // Arrange
    const org = await orgOnPlan('free');
    await setUsed(org.id, 10);
    // Act
    const res = await createTask(org);
    // Assert
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message: 'The Free plan allows 10 tasks a month',
      details: { resource: 'tasks', limit: 10, used: 10, plan: 'free', upgrade: { plan: 'pro', limit: 100 } },
    });
    expect(await usedOf(org.id)).toBe(10);
  });

  it('when the org is on the largest plan and at its limit, then the upgrade hint is null', async () => {
    // Arrange
    const org = await orgOnPlan('enterprise');
    await setUsed(org.id, 1000);
    // Act
    const res = await createTask(org);
    // Assert
    expect(res.status).toBe(402);
    expect(res.body.error.details).toEqual({
      resource: 'tasks',
      limit: 1000,
      used: 1000,
      plan: 'enterprise',
      upgrade: null,
    });
  });

  it('when the org moves to a larger plan, then the new limit applies at once', async () => {
    // Arrange
    const org = await orgOnPlan('free');
    await setUsed(org.id, 10);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { plan: 'pro' } });
    // Act
    const res = await createTask(org);
    // Assert
    expect(res.status).toBe(201);
    expect(await usedOf(org.id)).toBe(11);
  });

  it('when a route takes several units and fewer are left, then answers 402 and takes none (not even a first counter row)', async () => {
    // Arrange: free allows 3 emails; the route takes 2 per call.
    const org = await orgOnPlan('free');
    const send = () => request(server).post(`/api/orgs/${org.id}/test-emails`).set(bearer(org.owner.token)).send({});
    // Act
    const first = await send();
    const second = await send();
    // Assert
    expect([first.status, second.status]).toEqual([201, 402]);
    expect(second.body.error.details).toMatchObject({ resource: 'emails', limit: 3, used: 2 });
    expect(await usedOf(org.id, 'emails')).toBe(2);
  });

  it.each([
    ['the handler throws', 'throw', 500],
    ['the handler throws an AppError', 'conflict', 409],
    ['the handler answers 4xx without throwing', 'reply-422', 422],
  ])('when %s, then the reserved unit is given back before the answer arrives', async (_label, outcome, status) => {
    // Arrange
    const org = await orgOnPlan('free');
    await setUsed(org.id, 9);
    // Act
    const failed = await createTask(org, outcome);
    const usedAfterFailure = await usedOf(org.id);
    const retried = await createTask(org);
    // Assert
    expect(failed.status).toBe(status);
    expect(usedAfterFailure).toBe(9);
    expect(retried.status).toBe(201);
    expect(await usedOf(org.id)).toBe(10);
  });

  it('when 50 requests arrive at once with 1 unit left, then exactly one succeeds, 49 get 402 and the counter ends at the limit', async () => {
    // Arrange
    const org = await orgOnPlan('free');
    await setUsed(org.id, 9);
    // Act
    const responses = await Promise.all(Array.from({ length: 50 }, () => createTask(org)));
    // Assert
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 402)).toHaveLength(49);
    expect(await usedOf(org.id)).toBe(10);
  });

  it('when 50 requests arrive at once on an empty counter with failures mixed in, then only the successes are counted', async () => {
    // Arrange: 20 fail in the handler, 30 succeed; free allows 10.
    const org = await orgOnPlan('free');
    // Act
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createTask(org, i % 5 < 2 ? 'conflict' : 'ok')),
    );
    // Assert
    const successes = responses.filter((r) => r.status === 201).length;
    expect(successes).toBeLessThanOrEqual(10);
    expect(responses.every((r) => [201, 402, 409].includes(r.status))).toBe(true);
    expect(await usedOf(org.id)).toBe(successes);
  });

  it('when the calendar month (UTC) turns, then usage starts from zero and the old month is kept', async () => {
    // Arrange
    // Seeded first, so its access token is issued at the real time (jsonwebtoken judges expiry by the machine's clock).
    const org = await orgOnPlan('free');
    t.clock.set(new Date('2026-11-30T23:59:00.000Z'));
    await setUsed(org.id, 10);
    const before = await createTask(org);
    // Act
    t.clock.advance(60_000);
    const after = await createTask(org);
    // Assert
    expect(before.status).toBe(402);
    expect(after.status).toBe(201);
    expect(await usedOf(org.id, 'tasks', '2026-11')).toBe(10);
    expect(await usedOf(org.id, 'tasks', '2026-12')).toBe(1);
  });

  it('when the caller is not signed in or not a member, then it stops before counting anything', async () => {
    // Arrange
    const org = await orgOnPlan('free');
    const stranger = await seedOrg(t.deps);
    // Act
    const anonymous = await request(server).post(`/api/orgs/${org.id}/test-tasks`).send({});
    const outsider = await request(server)
      .post(`/api/orgs/${org.id}/test-tasks`)
      .set(bearer(stranger.owner.token))
      .send({});
    // Assert
    expect(anonymous.status).toBe(401);
    expect(outsider.status).toBe(404);
    expect(await usedOf(org.id)).toBeNull();
  });
});
