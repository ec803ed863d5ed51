import request from 'supertest';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { addMember, bearer, seedOrg, seedUser, type SeededOrg, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { AiFailure } from '../../lib/ai/gateway';
import { runAi } from '../ai/ai.service';
import { reserveAiBudget, type AiBudgetHold } from './ai-budget.service';

// One provider (OpenAI) through the real openai SDK against the local fake: gpt-4.1 normally,
// gpt-4o-mini on the budget tier. The free plan's default budget is its floor: 50 cents a month.
const FREE_BUDGET = 50n * 10_000_000n;
const NOW = new Date('2026-12-15T12:00:00.000Z');
const MONTH = '2026-12';

let fake: FakeAi;
let t: TestContext;
let admin: SeededUser;
beforeAll(async () => {
  fake = await startFakeAi({ tokenDelayMs: 0, apiKey: 'test-key' });
  t = await createTestContext({
    env: {
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseUrlFor('openai'),
      OPENAI_MODEL: 'gpt-4.1',
      OPENAI_BUDGET_MODEL: 'gpt-4o-mini',
      AI_MAX_RETRIES: '0',
      AI_MAX_OUTPUT_TOKENS: '200',
    },
  });
  admin = await seedUser(t.deps, { isPlatformAdmin: true });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
beforeEach(() => t.clock.set(NOW));
afterEach(() => fake.reset());

const budgetRow = (orgId: string) =>
  t.deps.db.aiBudgetMonth.findUnique({ where: { orgId_month: { orgId, month: MONTH } } });
const setSpent = (orgId: string, spentNanoUsd: bigint) =>
  t.deps.db.aiBudgetMonth.create({ data: { orgId, month: MONTH, spentNanoUsd } });
const alertsOf = (orgId: string) =>
  t.deps.db.platformAlert.findMany({ where: { orgId, kind: 'ai-budget' }, orderBy: { dedupeKey: 'asc' } });
const mailsAbout = (org: SeededOrg) =>
  t.deps.db.mailOutbox.count({ where: { to: admin.email, subject: { contains: org.name } } });

const ask = async (org: SeededOrg, content = 'How is the business doing?') => {
  const conversation = await request(t.app)
    .post(`/api/orgs/${org.id}/chat/conversations`)
    .set(bearer(org.owner.token))
    .send({});
  return request(t.app)
    .post(`/api/orgs/${org.id}/chat/conversations/${conversation.body.id}/messages`)
    .set(bearer(org.owner.token))
    .send({ content });
};

describe('reservations (the conditional upsert)', () => {
  it('when 40 calls reserve at once against a budget that fits 25, then exactly 25 pass and reserved + spent never passes the budget', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const estimate = Number(FREE_BUDGET / 25n);
    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => reserveAiBudget(t.deps, { orgId: org.id, estimateFor: () => estimate })),
    );
    // Assert
    const held = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(held).toHaveLength(25);
    expect(refused).toHaveLength(15);
    expect(refused[0]).toMatchObject({ code: 'QUOTA_EXCEEDED', status: 402 });
    const row = await budgetRow(org.id);
    expect(row?.reservedNanoUsd).toBe(FREE_BUDGET);
    expect(row!.reservedNanoUsd + row!.spentNanoUsd).toBeLessThanOrEqual(FREE_BUDGET);

    // Settled at half the estimate each: the estimate goes, the real cost stays.
    await Promise.all(held.map((hold) => hold.settle(estimate / 2)));
    const settled = await budgetRow(org.id);
    expect(settled).toMatchObject({ reservedNanoUsd: 0n, spentNanoUsd: FREE_BUDGET / 2n });
  });

  it('when concurrent settlements cross 50, 80 and 100%, then each alert is written and mailed exactly once', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Alerted Bakery' });
    const estimate = Number(FREE_BUDGET / 20n);
    const holds: AiBudgetHold[] = [];
    for (let i = 0; i < 20; i += 1)
      holds.push(await reserveAiBudget(t.deps, { orgId: org.id, estimateFor: () => estimate }));
    // Act: 10 settle (50%), then 6 (80%), then 4 (100%), each batch at once.
    await Promise.all(holds.slice(0, 10).map((hold) => hold.settle(estimate)));
    const afterHalf = await alertsOf(org.id);
    await Promise.all(holds.slice(10, 16).map((hold) => hold.settle(estimate)));
    await Promise.all(holds.slice(16).map((hold) => hold.settle(estimate)));
    // A second settle of a hold does nothing.
    await holds[0]!.settle(estimate);
    // Assert
    expect(afterHalf.map((a) => a.dedupeKey)).toEqual([`ai-budget:${org.id}:${MONTH}:50`]);
    const alerts = await alertsOf(org.id);
    expect(alerts.map((a) => a.dedupeKey)).toEqual(
      [50, 80, 100].map((pct) => `ai-budget:${org.id}:${MONTH}:${pct}`).sort(),
    );
    expect(alerts.find((a) => a.dedupeKey.endsWith(':100'))?.message).toBe(
      'Alerted Bakery has used up its AI budget for December 2026 ($0.50 on the Free plan): its AI answers are paused until 1 Jan 2027 unless you raise it.',
    );
    expect(await mailsAbout(org)).toBe(3);
    expect(await budgetRow(org.id)).toMatchObject({
      spentNanoUsd: FREE_BUDGET,
      reservedNanoUsd: 0n,
      alertedPercent: 100,
    });
  });
});

describe('calls through runAi', () => {
  it('when an org below 80% asks, then the standard model answers, one AI message is used and the real cost is settled', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await ask(org);
    // Assert
    expect(res.status).toBe(201);
    expect(res.body.assistantMessage).toMatchObject({ provider: 'openai', model: 'gpt-4.1' });
    expect(fake.requests('openai').map((r) => r.model)).toEqual(['gpt-4.1']);
    const calls = await t.deps.db.aiCall.findMany({ where: { orgId: org.id } });
    const cost = calls.reduce((sum, call) => sum + call.costNanoUsd, 0n);
    expect(cost).toBeGreaterThan(0n);
    expect(await budgetRow(org.id)).toMatchObject({ reservedNanoUsd: 0n, spentNanoUsd: cost });
    const used = await t.deps.db.usageCounter.findFirst({ where: { orgId: org.id, resource: 'aiMessages' } });
    expect(used?.used).toBe(1);
  });

  it('when an org is past 80% of its budget, then answers use the economy model and the owner sees "economy"', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await setSpent(org.id, (FREE_BUDGET * 85n) / 100n);
    // Act
    const res = await ask(org);
    const allowance = await request(t.app).get(`/api/orgs/${org.id}/ai-allowance`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(201);
    expect(res.body.assistantMessage).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(fake.requests('openai').map((r) => r.model)).toEqual(['gpt-4o-mini']);
    const call = await t.deps.db.aiCall.findFirstOrThrow({ where: { orgId: org.id } });
    expect(call.model).toBe('gpt-4o-mini');
    expect(allowance.status).toBe(200);
    expect(allowance.body).toMatchObject({ state: 'economy', plan: 'free', aiOnline: true, economyPercent: 80 });
    expect(allowance.body.percentUsed).toBeGreaterThanOrEqual(85);
    expect(allowance.body.resetsAt).toBe('2027-01-01T00:00:00.000Z');
    expect(allowance.body.money).toMatchObject({ currency: 'USD', budgetCents: 50, extraCents: 0, priceCents: 0 });
  });

  it('when the allowance is used up, then the call is refused with 402 saying why, nothing is sent, and a raise lets it through', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await setSpent(org.id, FREE_BUDGET);
    // Act
    const refused = await ask(org);
    const stopped = await request(t.app).get(`/api/orgs/${org.id}/ai-allowance`).set(bearer(org.owner.token));
    const raised = await request(t.app)
      .post(`/api/admin/orgs/${org.id}/ai-budget/raise`)
      .set(bearer(admin.token))
      .send({ amountCents: 100, reason: 'Launch week' });
    const answered = await ask(org);
    // Assert
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message:
        "This month's AI allowance ($0.50 on the Free plan) is used up. It resets on 1 Jan 2027, or a platform admin can raise it.",
      details: { reason: 'ai_allowance', plan: 'free', percentUsed: 100 },
    });
    expect(stopped.body).toMatchObject({ state: 'stopped', percentUsed: 100 });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({
      orgId: org.id,
      extraCents: 100,
      budgetCents: 50,
      state: 'normal',
      percentUsed: 33,
    });
    expect(answered.status).toBe(201);
    expect(answered.body.assistantMessage.provider).toBe('openai');
    // Only the call after the raise reached the provider; the refusal used no AI message.
    expect(fake.requests('openai')).toHaveLength(1);
    const used = await t.deps.db.usageCounter.findFirst({ where: { orgId: org.id, resource: 'aiMessages' } });
    expect(used?.used).toBe(1);
    const alerts = await t.deps.db.platformAlert.findMany({ where: { orgId: org.id }, orderBy: { createdAt: 'asc' } });
    expect(alerts.map((a) => [a.kind, a.readAt === null])).toEqual(
      expect.arrayContaining([
        ['ai-budget', true],
        ['ai-budget-raise', false],
      ]),
    );
    expect(alerts.find((a) => a.kind === 'ai-budget-raise')?.message).toContain('by $1.00: Launch week');
  });
});

describe('failed calls', () => {
  it('when the provider fails, then the reservation is released and only what was charged (nothing here) is spent', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    fake.setMode('openai', 'server-error');
    // Act
    const failure = await runAi(t.deps, {
      orgId: org.id,
      userId: null,
      purpose: 'chat',
      turns: [{ role: 'user', content: 'hello' }],
    }).catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(AiFailure);
    expect(fake.requests('openai')).toHaveLength(1);
    expect(await budgetRow(org.id)).toMatchObject({ reservedNanoUsd: 0n, spentNanoUsd: 0n });
    expect(await t.deps.db.aiCall.count({ where: { orgId: org.id, outcome: 'server_error' } })).toBe(1);
  });
});

describe('views', () => {
  it('when a member reads the allowance, then the money figures are left out; an admin sees them', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const orgAdmin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    await setSpent(org.id, FREE_BUDGET / 4n);
    const asMember = await request(t.app).get(`/api/orgs/${org.id}/ai-allowance`).set(bearer(member.token));
    const asAdmin = await request(t.app).get(`/api/orgs/${org.id}/ai-allowance`).set(bearer(orgAdmin.token));
    expect(asMember.body).toMatchObject({ state: 'normal', percentUsed: 25, money: null });
    expect(asAdmin.body.money).toEqual({
      currency: 'USD',
      budgetCents: 50,
      extraCents: 0,
      spentCents: 13,
      remainingCents: 37,
      priceCents: 0,
    });
  });

  it('when the platform admin changes plan budgets, then the list reflects them; a share over 100% is 400; others get 403', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Nearly Out Ltd' });
    await setSpent(org.id, (FREE_BUDGET * 9n) / 10n);
    const body = {
      free: { sharePercent: 30, floorCents: 100 },
      pro: { sharePercent: 40, floorCents: 0 },
      enterprise: { sharePercent: 20, floorCents: 0 },
    };
    // Act
    const before = await request(t.app).get('/api/admin/ai-budgets').set(bearer(admin.token));
    const bad = await request(t.app)
      .put('/api/admin/ai-budgets')
      .set(bearer(admin.token))
      .send({ ...body, pro: { sharePercent: 101, floorCents: 0 } });
    const saved = await request(t.app).put('/api/admin/ai-budgets').set(bearer(admin.token)).send(body);
    const forbidden = await request(t.app).get('/api/admin/ai-budgets').set(bearer(org.owner.token));
    await request(t.app)
      .put('/api/admin/ai-budgets')
      .set(bearer(admin.token))
      .send({
        free: { sharePercent: 30, floorCents: 50 },
        pro: { sharePercent: 30, floorCents: 0 },
        enterprise: { sharePercent: 30, floorCents: 0 },
      });
    // Assert
    expect(before.status).toBe(200);
    expect(before.body.plans.find((p: { plan: string }) => p.plan === 'pro')).toMatchObject({
      sharePercent: 30,
      priceCents: 2900,
      budgetCents: 870,
    });
    expect(before.body.orgs.find((o: { orgId: string }) => o.orgId === org.id)).toMatchObject({
      name: 'Nearly Out Ltd',
      percentUsed: 90,
      state: 'economy',
      costCents: 45,
      marginCents: -45,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0]).toMatchObject({
      path: 'pro.sharePercent',
      message: 'Use a share of at most 100%',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.plans.find((p: { plan: string }) => p.plan === 'pro').budgetCents).toBe(1160);
    expect(saved.body.orgs.find((o: { orgId: string }) => o.orgId === org.id)).toMatchObject({
      budgetCents: 100,
      percentUsed: 45,
      state: 'normal',
    });
    expect(forbidden.status).toBe(403);
  });

  it('when the admin lists alerts and marks one read, then it is read; an unknown alert is 404', async () => {
    const org = await seedOrg(t.deps, { name: 'Alert Reader Co' });
    const hold = await reserveAiBudget(t.deps, { orgId: org.id, estimateFor: () => Number(FREE_BUDGET) });
    await hold.settle(Number(FREE_BUDGET / 2n));
    const listed = await request(t.app).get('/api/admin/alerts?unread=true').set(bearer(admin.token));
    const alert = listed.body.items.find((a: { orgId: string }) => a.orgId === org.id);
    const read = await request(t.app).post(`/api/admin/alerts/${alert.id}/read`).set(bearer(admin.token));
    const after = await request(t.app).get('/api/admin/alerts?unread=true').set(bearer(admin.token));
    const missing = await request(t.app)
      .post('/api/admin/alerts/00000000-0000-4000-8000-000000000000/read')
      .set(bearer(admin.token));
    expect(alert).toMatchObject({
      kind: 'ai-budget',
      orgName: 'Alert Reader Co',
      message: 'Alert Reader Co has used 50% of its AI budget for December 2026 ($0.25 of $0.50 on the Free plan).',
      readAt: null,
    });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect(after.body.items.some((a: { id: string }) => a.id === alert.id)).toBe(false);
    expect(after.body.unread).toBe(listed.body.unread - 1);
    expect(missing.status).toBe(404);
  });
});
