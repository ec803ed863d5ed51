import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { allEndpoints } from '@aiceo/shared/endpoints';
import { addMember, bearer, seedOrg, seedUser, type SeededOrg, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

// The platform admin's figures: organisations with money this month, SaaS metrics from the MRR
// history, disputes, AI usage and system health. Each figure is checked against rows made here.
let t: TestContext;
let admin: SeededUser;
beforeAll(async () => {
  t = await createTestContext({ env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
  admin = await seedUser(t.deps, { isPlatformAdmin: true, name: 'Platform Admin' });
});
afterAll(() => t.close());

const get = (path: string, token = admin.token) => request(t.app).get(path).set(bearer(token));
const SOME_ID = '00000000-0000-4000-8000-000000000000';
const monthStartOf = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

describe('every platform admin endpoint', () => {
  const adminEndpoints = allEndpoints
    .filter((e) => e.auth.kind === 'platformAdmin')
    .map((e) => [`${e.method} ${e.path}`, e.method, e.path.replace(/:[A-Za-z]+/g, SOME_ID)] as const);

  it('when listed, then the new admin endpoints are among them', () => {
    const names = adminEndpoints.map(([name]) => name);
    for (const name of [
      'GET /api/admin/metrics',
      'GET /api/admin/orgs',
      'GET /api/admin/orgs/:orgId',
      'GET /api/admin/disputes',
      'GET /api/admin/ai-usage',
      'GET /api/admin/health',
      'PATCH /api/admin/orgs/:orgId/plan',
      'POST /api/admin/credit-disputes/:disputeId/resolve',
      'POST /api/admin/orgs/:orgId/credits/adjust',
    ])
      expect(names).toContain(name);
  });

  it.each(adminEndpoints)(
    'when %s is called by an org owner who is not platform admin, then 403',
    async (_n, method, path) => {
      // Arrange
      const org = await seedOrg(t.deps);
      // Act
      const res = await request(t.app)[method.toLowerCase() as 'get'](path).set(bearer(org.owner.token)).send({});
      // Assert
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    },
  );
});

describe('GET /api/admin/orgs', () => {
  const tag = randomBytes(3).toString('hex');
  let acme: SeededOrg;
  let beta: SeededOrg;
  let idle: SeededOrg;

  beforeAll(async () => {
    acme = await seedOrg(t.deps, { name: `Acme ${tag}` });
    beta = await seedOrg(t.deps, { name: `Beta ${tag}` });
    idle = await seedOrg(t.deps, { name: `Idle ${tag}` });
    await addMember(t.deps, { orgId: acme.id, role: 'member' });
    await addMember(t.deps, { orgId: acme.id, role: 'admin' });
    for (const [org, plan] of [
      [acme, 'enterprise'],
      [beta, 'pro'],
    ] as const) {
      const res = await request(t.app).patch(`/api/admin/orgs/${org.id}/plan`).set(bearer(admin.token)).send({ plan });
      expect(res.status).toBe(200);
    }
    const now = t.clock.now();
    const lastMonth = new Date(monthStartOf(now).getTime() - 1_000);
    const call = (orgId: string, costNanoUsd: bigint, createdAt: Date) => ({
      orgId,
      requestId: randomUUID(),
      attempt: 1,
      provider: 'openai' as const,
      model: 'gpt-test',
      purpose: 'chat' as const,
      outcome: 'success' as const,
      tokensIn: 10,
      tokensOut: 20,
      costNanoUsd,
      latencyMs: 5,
      createdAt,
    });
    await t.deps.db.aiCall.createMany({
      data: [
        call(acme.id, 1_250_000_000n, now), // $1.25
        call(acme.id, 750_000_000n, now), // $0.75
        call(acme.id, 9_000_000_000n, lastMonth), // last month: not counted
        call(beta.id, 35_000_000_000n, now), // $35.00, more than its $29 MRR
      ],
    });
    const account = await t.deps.db.financeAccount.create({
      data: { orgId: acme.id, name: 'Card (USD)', kind: 'card', currency: 'USD' },
      select: { id: true },
    });
    await t.deps.db.financeTransaction.createMany({
      data: [
        {
          orgId: acme.id,
          accountId: account.id,
          date: now,
          amountMinor: -29_900n,
          currency: 'USD',
          source: 'billing',
          sourceRef: `in_${tag}_1`,
        },
        {
          orgId: acme.id,
          accountId: account.id,
          date: now,
          amountMinor: -1_000n,
          currency: 'USD',
          source: 'billing',
          sourceRef: `cs_${tag}_2`,
        },
        {
          orgId: acme.id,
          accountId: account.id,
          date: lastMonth,
          amountMinor: -29_900n,
          currency: 'USD',
          source: 'billing',
          sourceRef: `in_${tag}_3`,
        },
        { orgId: acme.id, accountId: account.id, date: now, amountMinor: -5_000n, currency: 'USD', source: 'manual' },
      ],
    });
  });

  it('when searched by name, then each org shows its plan, members, MRR, paid this month, AI cost and margin exactly', async () => {
    // Act
    const res = await get(`/api/admin/orgs?search=${tag}`);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const byName = Object.fromEntries(res.body.items.map((o: { name: string }) => [o.name, o]));
    expect(Object.keys(byName).sort()).toEqual([`Acme ${tag}`, `Beta ${tag}`, `Idle ${tag}`]);
    expect(byName[`Acme ${tag}`]).toEqual({
      id: acme.id,
      name: `Acme ${tag}`,
      slug: acme.slug,
      plan: 'enterprise',
      members: 3,
      currency: 'USD',
      mrrCents: 29_900,
      paidThisMonthCents: 30_900,
      aiCostNanoUsd: 2_000_000_000,
      marginCents: 29_700,
      marginRate: 29_700 / 29_900,
      createdAt: expect.any(String),
    });
    expect(byName[`Beta ${tag}`]).toMatchObject({
      plan: 'pro',
      members: 1,
      mrrCents: 2_900,
      paidThisMonthCents: 0,
      aiCostNanoUsd: 35_000_000_000,
      marginCents: -600,
    });
    expect(byName[`Beta ${tag}`].marginRate).toBeCloseTo(-600 / 2_900);
    expect(byName[`Idle ${tag}`]).toMatchObject({
      plan: 'free',
      mrrCents: 0,
      aiCostNanoUsd: 0,
      marginCents: 0,
      marginRate: null,
    });
  });

  it('when searched by slug case-insensitively, then only that org is found', async () => {
    const res = await get(`/api/admin/orgs?search=${encodeURIComponent(beta.slug.toUpperCase())}`);

    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([beta.id]);
  });

  it('when paged one at a time, then the cursor walks every match once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await get(
        `/api/admin/orgs?search=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((o: { id: string }) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);

    expect(seen).toEqual(
      [acme.id, beta.id, idle.id].sort((a, b) => {
        const slug = (id: string) => [acme, beta, idle].find((o) => o.id === id)?.slug ?? '';
        return slug(a) < slug(b) ? -1 : 1;
      }),
    );
  });

  it('when one org is opened, then its detail has members, credit balance and its movements newest first', async () => {
    await t.deps.db.creditWallet.create({ data: { orgId: acme.id, balance: 42 } });

    const res = await get(`/api/admin/orgs/${acme.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: acme.id,
      mrrCents: 29_900,
      creditBalance: 42,
      aiCallsThisMonth: 2,
      billing: null,
    });
    expect(res.body.memberList).toHaveLength(3);
    expect(res.body.memberList[0]).toMatchObject({ role: 'owner', userId: acme.owner.id });
    expect(res.body.movements).toEqual([
      expect.objectContaining({ kind: 'new', fromCents: 0, toCents: 29_900, planTo: 'enterprise', source: 'admin' }),
    ]);
  });

  it('when the org does not exist, then 404', async () => {
    const res = await get(`/api/admin/orgs/${SOME_ID}`);

    expect(res.status).toBe(404);
  });
});

describe('GET /api/admin/metrics', () => {
  it('when the history holds ChartMogul’s example month, then the month shows 20% gross and 10% net MRR churn', async () => {
    // Arrange: four orgs with $100 MRR at the start of 2020-03, then churn, contraction and expansion of $10 each.
    const orgs = await Promise.all([1, 2, 3, 4].map(() => seedOrg(t.deps)));
    const [a, b, c, d] = orgs.map((o) => o.id) as [string, string, string, string];
    const row = (
      orgId: string,
      at: string,
      kind: 'new' | 'expansion' | 'contraction' | 'churn',
      fromCents: number,
      toCents: number,
    ) => ({
      orgId,
      occurredAt: new Date(at),
      kind,
      fromCents,
      toCents,
      sourceKey: `test:${randomUUID()}`,
    });
    await t.deps.db.mrrMovement.createMany({
      data: [
        row(a, '2020-01-05T00:00:00Z', 'new', 0, 4_000),
        row(b, '2020-01-06T00:00:00Z', 'new', 0, 3_000),
        row(c, '2020-02-07T00:00:00Z', 'new', 0, 2_000),
        row(d, '2020-02-08T00:00:00Z', 'new', 0, 1_000),
        row(d, '2020-03-10T00:00:00Z', 'churn', 1_000, 0),
        row(a, '2020-03-11T00:00:00Z', 'contraction', 4_000, 3_000),
        row(b, '2020-03-31T23:59:59.999Z', 'expansion', 3_000, 4_000),
      ],
    });
    // Act
    const res = await get('/api/admin/metrics?from=2020-02&to=2020-03');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ currency: 'USD', from: '2020-02', to: '2020-03' });
    expect(res.body.months).toEqual([
      expect.objectContaining({
        month: '2020-02',
        mrrStartCents: 7_000,
        newCents: 3_000,
        mrrEndCents: 10_000,
        newCustomers: 2,
      }),
      expect.objectContaining({
        month: '2020-03',
        mrrStartCents: 10_000,
        mrrEndCents: 9_000,
        churnCents: 1_000,
        contractionCents: 1_000,
        expansionCents: 1_000,
        grossMrrChurnRate: 0.2,
        netMrrChurnRate: 0.1,
        arpaCents: 3_000,
        churnedCustomers: 1,
      }),
    ]);
  });

  it('when subscriptions have statuses, then now counts them and MRR now is the sum of every org’s latest movement', async () => {
    // Arrange
    const statuses = ['active', 'active', 'past_due', 'canceled', 'trialing', 'unpaid'];
    for (const status of statuses) {
      const org = await seedOrg(t.deps);
      await t.deps.db.billingAccount.create({
        data: { orgId: org.id, stripeCustomerId: `cus_${randomBytes(6).toString('hex')}`, subscriptionStatus: status },
      });
    }
    const latest = await t.deps.db.mrrMovement.findMany({
      distinct: ['orgId'],
      orderBy: [{ orgId: 'asc' }, { occurredAt: 'desc' }, { createdAt: 'desc' }],
      select: { toCents: true },
    });
    // Act
    const res = await get('/api/admin/metrics');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.subscriptions).toMatchObject({ active: 2, pastDue: 1, cancelled: 1, trialing: 1, other: 1 });
    expect(res.body.mrrNowCents).toBe(latest.reduce((s, m) => s + m.toCents, 0));
    expect(res.body.payingCustomersNow).toBe(latest.filter((m) => m.toCents > 0).length);
    expect(res.body.months).toHaveLength(6);
    expect(res.body.months.at(-1).mrrEndCents).toBe(res.body.mrrNowCents);
  });

  it.each([
    ['from=2020-05&to=2020-01', 'from'],
    ['from=2020-01&to=2023-12', 'to'],
    ['from=2020-13', 'from'],
  ])('when the range is %s, then 400 names %s', async (qs, field) => {
    const res = await get(`/api/admin/metrics?${qs}`);

    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
  });
});

describe('GET /api/admin/disputes', () => {
  it('when an org disputes a charge, then the admin sees the org and the entry and can refund it with a reason', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: `Disputer ${randomBytes(3).toString('hex')}` });
    await t.deps.db.creditWallet.create({ data: { orgId: org.id, balance: 7 } });
    const entry = await t.deps.db.creditEntry.create({
      data: { orgId: org.id, kind: 'consume', amount: -3, balanceAfter: 7, reason: 'AI report' },
    });
    const dispute = await t.deps.db.creditDispute.create({
      data: { orgId: org.id, entryId: entry.id, reason: 'The report never arrived', openedBy: org.owner.id },
    });
    // Act
    const list = await get('/api/admin/disputes?status=open&limit=100');
    const resolved = await request(t.app)
      .post(`/api/admin/credit-disputes/${dispute.id}/resolve`)
      .set(bearer(admin.token))
      .send({ outcome: 'refund', note: 'Sorry, refunded' });
    const after = await get('/api/admin/disputes?status=open&limit=100');
    // Assert
    expect(list.status).toBe(200);
    expect(list.body.items.find((d: { id: string }) => d.id === dispute.id)).toEqual({
      id: dispute.id,
      status: 'open',
      reason: 'The report never arrived',
      resolutionNote: null,
      createdAt: expect.any(String),
      resolvedAt: null,
      org: { id: org.id, name: org.name, slug: org.slug },
      entry: { id: entry.id, kind: 'consume', amount: -3, reason: 'AI report', createdAt: expect.any(String) },
      openedBy: { id: org.owner.id, name: org.owner.name, email: org.owner.email },
    });
    expect(resolved.status).toBe(200);
    expect(after.body.items.some((d: { id: string }) => d.id === dispute.id)).toBe(false);
    const wallet = await t.deps.db.creditWallet.findUniqueOrThrow({ where: { orgId: org.id } });
    expect(wallet.balance).toBe(10);
  });
});

describe('GET /api/admin/ai-usage', () => {
  it('when calls are spread over providers, models and days, then each group sums exactly and the range is inclusive', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const call = (
      provider: 'openai' | 'anthropic',
      model: string,
      at: string,
      cost: bigint,
      outcome: 'success' | 'timeout' = 'success',
    ) => ({
      orgId: org.id,
      requestId: randomUUID(),
      attempt: 1,
      provider,
      model,
      purpose: 'chat' as const,
      outcome,
      tokensIn: 100,
      tokensOut: 50,
      costNanoUsd: cost,
      latencyMs: 9,
      createdAt: new Date(at),
    });
    await t.deps.db.aiCall.createMany({
      data: [
        call('openai', 'gpt-a', '2021-04-01T00:00:00Z', 1_000n),
        call('openai', 'gpt-a', '2021-04-01T23:59:59Z', 2_000n, 'timeout'),
        call('openai', 'gpt-b', '2021-04-02T10:00:00Z', 4_000n),
        call('anthropic', 'claude-x', '2021-04-03T23:59:59.999Z', 8_000n),
        call('anthropic', 'claude-x', '2021-04-04T00:00:00Z', 16_000n), // the day after: outside
      ],
    });
    // Act
    const res = await get('/api/admin/ai-usage?from=2021-04-01&to=2021-04-03');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ calls: 4, failed: 1, tokensIn: 400, tokensOut: 200, costNanoUsd: 15_000 });
    expect(res.body.byProvider).toEqual([
      { provider: 'anthropic', calls: 1, failed: 0, tokensIn: 100, tokensOut: 50, costNanoUsd: 8_000 },
      { provider: 'openai', calls: 3, failed: 1, tokensIn: 300, tokensOut: 150, costNanoUsd: 7_000 },
    ]);
    expect(res.body.byModel.map((m: { model: string; costNanoUsd: number }) => [m.model, m.costNanoUsd])).toEqual([
      ['claude-x', 8_000],
      ['gpt-b', 4_000],
      ['gpt-a', 3_000],
    ]);
    expect(res.body.byDay.map((d: { day: string; calls: number }) => [d.day, d.calls])).toEqual([
      ['2021-04-01', 2],
      ['2021-04-02', 1],
      ['2021-04-03', 1],
    ]);
  });

  it('when the range is backwards, then 400', async () => {
    const res = await get('/api/admin/ai-usage?from=2021-04-03&to=2021-04-01');

    expect(res.status).toBe(400);
  });
});

describe('GET /api/admin/health', () => {
  it('when jobs ran and tasks wait, then every scheduled job, its 24 h runs and failures, the queue and latency samples are shown', async () => {
    // Arrange
    const now = t.clock.now();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    await t.deps.db.jobRun.createMany({
      data: [
        {
          job: 'billing-grace',
          instance: 'test',
          startedAt: ago(60_000),
          finishedAt: ago(59_000),
          ok: true,
          durationMs: 1_000,
        },
        {
          job: 'billing-grace',
          instance: 'test',
          startedAt: ago(30_000),
          finishedAt: ago(29_500),
          ok: false,
          durationMs: 500,
          error: 'boom',
        },
        { job: 'billing-grace', instance: 'test', startedAt: ago(2 * 86_400_000), ok: false },
      ],
    });
    const org = await seedOrg(t.deps);
    const task = (status: 'PENDING' | 'IN_PROGRESS' | 'FAILED', runAfter: Date) => ({
      orgId: org.id,
      type: 'lead_followup' as const,
      status,
      title: 'x',
      input: {},
      runAfter,
      origin: 'user' as const,
    });
    await t.deps.db.task.createMany({
      data: [
        task('PENDING', ago(5_000)),
        task('PENDING', ago(1_000)),
        task('PENDING', new Date(now.getTime() + 3_600_000)),
        task('IN_PROGRESS', ago(1)),
        task('FAILED', ago(1)),
      ],
    });
    // Act
    const res = await get('/api/admin/health');
    // Assert
    expect(res.status).toBe(200);
    const grace = res.body.jobs.find((j: { name: string }) => j.name === 'billing-grace');
    expect(grace).toMatchObject({ runs24h: 2, failures24h: 1, lastRun: { ok: false, error: 'boom', durationMs: 500 } });
    expect(res.body.jobs.map((j: { name: string }) => j.name)).toEqual(
      expect.arrayContaining(['agentic-engine', 'publish-due-posts', 'prune-job-runs', 'approval-sweep']),
    );
    expect(res.body.queue).toEqual({
      pendingDue: 2,
      pendingLater: 1,
      inProgress: 1,
      failed24h: 1,
      oldestDueAt: ago(5_000).toISOString(),
    });
    expect(res.body.database.ok).toBe(true);
    expect(res.body.database.samplesMs).toHaveLength(5);
    expect(res.body.ai.mode).toBe('offline');
    // Tests run Stripe on the local stand-in: a stand-in is not real Stripe.
    expect(res.body.stripe).toEqual({ mode: 'local-stand-in', configured: false });
    expect(res.body.smtp).toEqual({ configured: false });
  });
});
