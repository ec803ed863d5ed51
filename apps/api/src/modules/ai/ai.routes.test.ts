import request from 'supertest';
import { addMember, bearer, seedOrg, seedUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { recordAiCalls } from './ai.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { AI_CONTEXT_TOKEN_BUDGET: '240' } });
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

const attempt = (over: Partial<Parameters<typeof recordAiCalls>[1]['attempts'][number]> = {}) => ({
  attempt: 1,
  provider: 'openai' as const,
  model: 'gpt-4o-mini',
  outcome: 'success' as const,
  tokensIn: 1_000,
  tokensOut: 100,
  costNanoUsd: 1_000 * 150 + 100 * 600,
  latencyMs: 800,
  firstTokenMs: 200,
  error: null,
  ...over,
});

describe('AI settings', () => {
  it('when nothing is saved, then members read the defaults', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await request(t.app).get(`/api/orgs/${org.id}/ai/settings`).set(bearer(member.token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'Atlas',
      personality: 'coachty',
      customPersonality: null,
      industry: '',
      companyDescription: '',
      goals: [],
      tone: '',
      contentThemes: [],
      updatedAt: null,
    });
  });

  it('when an admin saves a custom personality and later a preset, then the custom traits go with the switch', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const custom = {
      businessStyle: 'steady',
      riskTolerance: 'low',
      pricingStrategy: 'fair',
      marketingApproach: 'word of mouth',
      tone: 'calm',
    };
    // Act
    const saved = await request(t.app)
      .put(`/api/orgs/${org.id}/ai/settings`)
      .set(bearer(admin.token))
      .send({
        name: ' Juno ',
        personality: 'custom',
        customPersonality: custom,
        industry: 'Bakery',
        goals: ['Sell 100 loaves a day'],
      });
    const switched = await request(t.app)
      .put(`/api/orgs/${org.id}/ai/settings`)
      .set(bearer(admin.token))
      .send({ name: 'Juno', personality: 'luxuryscaler', customPersonality: custom });
    // Assert
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      name: 'Juno',
      personality: 'custom',
      customPersonality: custom,
      industry: 'Bakery',
      goals: ['Sell 100 loaves a day'],
      tone: '',
    });
    expect(switched.body).toMatchObject({
      personality: 'luxuryscaler',
      customPersonality: null,
      industry: '',
      goals: [],
    });
    expect(switched.body.updatedAt).toEqual(expect.any(String));
  });

  it('when a member tries to save settings, then it is 403 and nothing changes', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await request(t.app)
      .put(`/api/orgs/${org.id}/ai/settings`)
      .set(bearer(member.token))
      .send({ name: 'Mine', personality: 'hustlebot' });
    expect(res.status).toBe(403);
    expect(await t.deps.db.aiSettings.count({ where: { orgId: org.id } })).toBe(0);
  });

  it.each([
    [{ personality: 'coachty' }, 'name'],
    [{ name: 'X', personality: 'yoda' }, 'personality'],
    [{ name: 'X', personality: 'custom' }, 'customPersonality'],
    [
      { name: 'X', personality: 'custom', customPersonality: { businessStyle: 'a' } },
      'customPersonality.riskTolerance',
    ],
    [{ name: 'X', personality: 'coachty', goals: Array.from({ length: 11 }, (_, i) => `goal ${i}`) }, 'goals'],
    [{ name: 'X', personality: 'coachty', goals: [''] }, 'goals.0'],
    [{ name: 'X'.repeat(61), personality: 'coachty' }, 'name'],
  ])('when the settings are %j, then it is 400 naming %s', async (body, path) => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).put(`/api/orgs/${org.id}/ai/settings`).set(bearer(org.owner.token)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});

describe('GET /api/orgs/:orgId/ai/status', () => {
  it('when no provider key is set, then the mode is offline and every purpose routes to offline', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).get(`/api/orgs/${org.id}/ai/status`).set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('offline');
    expect(res.body.providers).toEqual([]);
    expect(res.body.routing).toContainEqual({ purpose: 'analysis', providers: ['offline'] });
  });

  it('when the org id is not a uuid, then it is 400', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).get('/api/orgs/nope/ai/status').set(bearer(org.owner.token));
    expect(res.status).toBe(400);
  });
});

describe('GET /api/orgs/:orgId/ai/context', () => {
  it('when the team is larger than the token budget allows, then whole sections come first and the team list is cut with a count', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Budget Co' });
    for (let i = 0; i < 12; i += 1)
      await addMember(t.deps, {
        orgId: org.id,
        role: 'member',
        user: await seedUser(t.deps, { name: `Teammate number ${i}` }),
      });
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}/ai/context`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.budget).toBe(240);
    expect(res.body.tokens).toBeLessThanOrEqual(240);
    expect(res.body.text).toContain('Name: Budget Co');
    expect(res.body.text).toContain('13 members: 1 owner, 0 admins, 12 other');
    expect(res.body.text).toMatch(/\(\d+ more left out\)$/);
    expect(res.body.sections).toEqual([
      { title: 'Organisation', included: true },
      { title: 'Goals', included: true },
      // An owner asking sees the money section (members and API keys never get it).
      { title: 'Money (books in USD)', included: true },
      { title: 'Plan and usage this month', included: true },
      { title: 'Sales pipeline', included: true },
      { title: 'Content and email', included: true },
      { title: 'Autonomous work', included: true },
      { title: 'Team', included: true },
    ]);
  });

  it('when a member asks, then it is 403 (admins only)', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await request(t.app).get(`/api/orgs/${org.id}/ai/context`).set(bearer(member.token));
    expect(res.status).toBe(403);
  });
});

describe('AI usage and calls', () => {
  it('when calls were recorded over two days, then usage sums them by model, purpose and day, and the calls list pages through them newest first', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    t.clock.set(new Date('2026-11-20T09:00:00.000Z'));
    await recordAiCalls(t.deps, {
      orgId: org.id,
      userId: org.owner.id,
      requestId: 'r1',
      purpose: 'chat',
      attempts: [
        attempt({ outcome: 'server_error', tokensIn: 0, tokensOut: 0, costNanoUsd: 0, error: 'server error (500)' }),
        attempt({ attempt: 2 }),
      ],
    });
    t.clock.set(new Date('2026-11-21T09:00:00.000Z'));
    await recordAiCalls(t.deps, {
      orgId: org.id,
      userId: null,
      requestId: 'r2',
      purpose: 'analysis',
      attempts: [attempt({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', costNanoUsd: 4_500_000 })],
    });
    await recordAiCalls(t.deps, {
      orgId: other.id,
      userId: null,
      requestId: 'r3',
      purpose: 'chat',
      attempts: [attempt({ costNanoUsd: 999 })],
    });
    // Act
    const usage = await request(t.app)
      .get(`/api/orgs/${org.id}/ai/usage?from=2026-11-01&to=2026-11-30`)
      .set(bearer(org.owner.token));
    const page1 = await request(t.app).get(`/api/orgs/${org.id}/ai/calls?limit=2`).set(bearer(org.owner.token));
    const page2 = await request(t.app)
      .get(`/api/orgs/${org.id}/ai/calls?limit=2&cursor=${page1.body.nextCursor}`)
      .set(bearer(org.owner.token));
    const failed = await request(t.app)
      .get(`/api/orgs/${org.id}/ai/calls?outcome=server_error`)
      .set(bearer(org.owner.token));
    // Assert
    expect(usage.status).toBe(200);
    expect(usage.body.totals).toEqual({
      calls: 3,
      failedCalls: 1,
      tokensIn: 2_000,
      tokensOut: 200,
      costNanoUsd: 210_000 + 4_500_000,
    });
    expect(usage.body.byModel.map((m: { model: string; costNanoUsd: number }) => [m.model, m.costNanoUsd])).toEqual([
      ['claude-sonnet-4-20250514', 4_500_000],
      ['gpt-4o-mini', 210_000],
    ]);
    expect(usage.body.byPurpose.map((p: { purpose: string; calls: number }) => [p.purpose, p.calls])).toEqual([
      ['analysis', 1],
      ['chat', 2],
    ]);
    expect(usage.body.byDay.map((d: { day: string; costNanoUsd: number }) => [d.day, d.costNanoUsd])).toEqual([
      ['2026-11-20', 210_000],
      ['2026-11-21', 4_500_000],
    ]);
    expect(page1.body.items.map((c: { requestId: string }) => c.requestId)).toEqual(['r2', 'r1']);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    expect(failed.body.items).toEqual([
      expect.objectContaining({ outcome: 'server_error', error: 'server error (500)', costNanoUsd: 0 }),
    ]);
    // The AI cost we bear is not an expense in the org's books.
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(0);
  });

  it.each([
    ['usage?from=2026-13-01', 'from'],
    ['usage?from=2026-11-10&to=2026-11-01', 'to'],
    ['calls?limit=500', 'limit'],
    ['calls?provider=gemini', 'provider'],
    ['calls?cursor=abc', 'cursor'],
  ])('when the query is %s, then it is 400 naming %s', async (path, field) => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).get(`/api/orgs/${org.id}/ai/${path}`).set(bearer(org.owner.token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('when a member asks for usage or calls, then it is 403', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    expect((await request(t.app).get(`/api/orgs/${org.id}/ai/usage`).set(bearer(member.token))).status).toBe(403);
    expect((await request(t.app).get(`/api/orgs/${org.id}/ai/calls`).set(bearer(member.token))).status).toBe(403);
  });
});
