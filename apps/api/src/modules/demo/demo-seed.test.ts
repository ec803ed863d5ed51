import request from 'supertest';
import { hasCommonPasswordCheck, newPasswordSchema } from '@aiceo/shared/passwords';
import { bearer, seedUser } from '../../testing/seed';
// eslint-disable-next-line import-x/no-restricted-paths
import { createExecutor } from '../tasks/executor';
import { settleGoal } from '../goals/goals.service';
import { createTestContext, testEnv, type TestContext } from '../../testing/test-app';
import { DEMO_ORG_SLUG, DEMO_OWNER_EMAIL, demoAppUrl, demoBanner, seedDemo, shouldSeedDemo } from './demo-seed';

/** The password as a person reads it off the printed block. */
const passwordIn = (banner: string): string => {
  const match = /Password:\s+(\S+)/.exec(banner);
  if (!match?.[1]) throw new Error(`no password in:\n${banner}`);
  return match[1];
};

/** Runs the due tasks once, as main.ts does right after the first start. */
const runDueTasks = async (t: TestContext) => {
  const once = createExecutor(t.deps, { subscribe: false, onFinished: settleGoal });
  await once.tick();
  await once.stop();
};

const signIn = async (t: TestContext, login: { email: string; password: string } | null) => {
  if (!login) throw new Error('expected a seed');
  const res = await request(t.app).post('/api/auth/login').send(login);
  const token = res.body.accessToken as string;
  const orgs = await request(t.app).get('/api/orgs').set(bearer(token));
  return { token, orgId: orgs.body.items[0].id as string };
};

describe('seedDemo', () => {
  // Every test seeds the whole demo (people, pipeline, money, campaign, goals, engine run): seconds on a busy machine.
  jest.setTimeout(120_000);
  // Each test needs a database of its own: most of them start from one without users.
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext();
  });
  afterEach(() => t.close());

  it('when the database has no users, then it creates the demo org with three members, an invitation, a key and 30 days of activity', async () => {
    // Act
    const login = await seedDemo(t.deps);

    // Assert
    expect(login).toEqual({ email: DEMO_OWNER_EMAIL, password: expect.any(String) });
    expect(login?.password.length).toBeGreaterThanOrEqual(16);
    // The printed password would pass the sign-up rule too (createApp installed the common-password check).
    expect(hasCommonPasswordCheck()).toBe(true);
    expect(newPasswordSchema.safeParse(login?.password).success).toBe(true);
    const org = await t.deps.db.organization.findUniqueOrThrow({
      where: { slug: DEMO_ORG_SLUG },
      select: {
        id: true,
        name: true,
        memberships: {
          select: { role: true, user: { select: { email: true, name: true, isPlatformAdmin: true } } },
          orderBy: { createdAt: 'asc' },
        },
      },
    });
    expect(org.name).toBe('Demo Company');
    expect(org.memberships).toEqual([
      { role: 'owner', user: { email: DEMO_OWNER_EMAIL, name: 'Demo Owner', isPlatformAdmin: true } },
      { role: 'admin', user: expect.objectContaining({ isPlatformAdmin: false }) },
      { role: 'member', user: expect.objectContaining({ isPlatformAdmin: false }) },
    ]);
    expect(await t.deps.db.user.count()).toBe(3);
    expect(
      await t.deps.db.invitation.count({
        where: { orgId: org.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: t.clock.now() } },
      }),
    ).toBe(1);
    expect(await t.deps.db.apiKey.count({ where: { orgId: org.id, revokedAt: null } })).toBe(1);
    const oldest = new Date(t.clock.now().getTime() - 30 * 24 * 3600_000);
    expect(await t.deps.db.loginEvent.count({ where: { createdAt: { lt: oldest } } })).toBe(0);
    expect(await t.deps.db.loginEvent.count()).toBeGreaterThan(10);
    expect(await t.deps.db.apiUsageDaily.count({ where: { orgId: org.id } })).toBeGreaterThan(10);
    // A pipeline with stale leads and posts in every state, so the AI CEO has something to work on.
    // Ten invented ones and one from the website chat.
    expect(await t.deps.db.lead.count({ where: { orgId: org.id } })).toBe(11);
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id } })).toBeGreaterThan(10);
    expect(
      await t.deps.db.contentPost.groupBy({ by: ['status'], where: { orgId: org.id }, _count: true }),
    ).toHaveLength(3);
  });

  it('when the printed password is used on POST /api/auth/login, then the demo owner signs in as platform admin and the activity page has data', async () => {
    // Arrange
    const login = await seedDemo(t.deps);
    if (!login) throw new Error('expected a seed');
    const banner = demoBanner({ url: 'http://localhost:3000', ...login });

    // Act
    const res = await request(t.app)
      .post('/api/auth/login')
      .send({ email: DEMO_OWNER_EMAIL, password: passwordIn(banner) });

    // Assert
    expect(banner).toContain('http://localhost:3000');
    expect(banner).toContain(DEMO_OWNER_EMAIL);
    expect(banner).toMatch(/platform admin/);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: DEMO_OWNER_EMAIL, isPlatformAdmin: true });
    const orgs = await request(t.app).get('/api/orgs').set(bearer(res.body.accessToken));
    const orgId = orgs.body.items[0].id as string;
    const dashboard = await request(t.app).get(`/api/orgs/${orgId}/activity`).set(bearer(res.body.accessToken));
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.totals).toEqual({ members: 3, admins: 2, pendingInvitations: 1, activeApiKeys: 1 });
    const sum = (key: 'membersJoined' | 'signIns' | 'apiCalls') =>
      (dashboard.body.series as Record<typeof key, number>[]).reduce((total, day) => total + day[key], 0);
    expect(sum('membersJoined')).toBe(3);
    expect(sum('signIns')).toBeGreaterThan(10);
    expect(sum('apiCalls')).toBeGreaterThan(1000);
  });

  it('when seeded and its first due tasks ran, then every feature has something true to show', async () => {
    // Act
    const login = await seedDemo(t.deps);
    await runDueTasks(t);
    const { token, orgId } = await signIn(t, login);
    const get = async (path: string) => {
      const res = await request(t.app).get(`/api/orgs/${orgId}${path}`).set(bearer(token));
      expect(res.status).toBe(200);
      return res.body;
    };
    const db = t.deps.db;
    const where = { orgId };

    // Assert: leads across the pipeline, from several sources, with their history.
    expect((await db.lead.groupBy({ by: ['stage'], where, _count: true })).length).toBe(6);
    expect((await db.lead.groupBy({ by: ['source'], where, _count: true })).length).toBeGreaterThanOrEqual(4);
    expect(await db.lead.count({ where: { orgId, valueCents: { gt: 0 } } })).toBe(10);
    // Posts: published over several weeks, scheduled and drafts.
    const posts = Object.fromEntries(
      (await db.contentPost.groupBy({ by: ['status'], where, _count: true })).map((g) => [g.status, g._count]),
    );
    expect(posts).toEqual({ published: 3, scheduled: 2, draft: 1 });
    // A campaign sent through the send path: every recipient sent, each mail in the outbox, each on its lead.
    const campaigns = await db.emailCampaign.findMany({ where, select: { status: true, sentAt: true, id: true } });
    expect(campaigns).toEqual([{ status: 'sent', sentAt: expect.any(Date), id: expect.any(String) }]);
    const recipients = await db.campaignRecipient.findMany({ where, select: { status: true, email: true } });
    expect(recipients.length).toBe(2);
    expect(recipients.every((r) => r.status === 'sent')).toBe(true);
    expect(
      await db.mailOutbox.count({ where: { to: { in: recipients.map((r) => r.email) }, transport: 'outbox' } }),
    ).toBe(2);
    expect(
      await db.leadActivity.count({ where: { orgId, kind: 'email', summary: { startsWith: 'Campaign "' } } }),
    ).toBe(2);
    // The website chat: a visitor from a LinkedIn post's link who qualified and became a lead.
    const chats = await get('/widget/conversations');
    expect(chats.items).toHaveLength(1);
    expect(chats.items[0]).toMatchObject({ isQualified: true, lead: { name: 'Nora Webb' } });
    const chatLead = await db.lead.findFirstOrThrow({ where: { orgId, source: 'website chat' } });
    expect(chatLead).toMatchObject({ email: 'nora@webb-hydraulics.example', company: 'Webb Hydraulics' });
    expect(chatLead.firstTouch).toMatchObject({ source: 'linkedin', medium: 'social' });
    // Tasks: several done, one that really failed (its lead was deleted before it ran), some waiting their turn.
    const tasks = await db.task.findMany({ where, select: { status: true, error: true, title: true, type: true } });
    const byStatus = (status: string) => tasks.filter((task) => task.status === status);
    expect(byStatus('COMPLETED').length).toBeGreaterThanOrEqual(3);
    expect(byStatus('FAILED')).toEqual([
      { status: 'FAILED', error: 'The lead was deleted', title: 'Follow up with Kim Ross', type: 'lead_followup' },
    ]);
    expect(await db.lead.count({ where: { orgId, name: 'Kim Ross' } })).toBe(0);
    expect(byStatus('PENDING').length).toBeGreaterThanOrEqual(3);
    // Open insights from the engine, and the follow-ups it proposed waiting in the approval inbox.
    const insights = await get('/insights?status=open');
    expect(insights.items.length).toBeGreaterThanOrEqual(1);
    expect((await get('/approvals/count')).pending).toBeGreaterThanOrEqual(1);
    const approvals = await db.approvalItem.findMany({
      where: { orgId, status: 'pending' },
      select: { kind: true, taskId: true },
    });
    expect(approvals.length).toBeGreaterThanOrEqual(1);
    expect(approvals.every((a) => a.kind === 'lead_email' && a.taskId !== null)).toBe(true);
    // Goals: one planned in steps, one measured by revenue.
    const goals = await db.goal.findMany({ where, select: { metric: true, _count: { select: { tasks: true } } } });
    expect(goals).toHaveLength(2);
    expect(goals.some((g) => g.metric === null && g._count.tasks >= 3)).toBe(true);
    expect(goals.some((g) => g.metric === 'revenue')).toBe(true);
    // Money: a committed bank statement over seven calendar months, every row categorised.
    const imports = await db.financeImport.findMany({ where, select: { status: true, importedCount: true } });
    expect(imports).toEqual([{ status: 'committed', importedCount: await db.financeTransaction.count({ where }) }]);
    expect(await db.financeTransaction.count({ where: { orgId, categoryId: null } })).toBe(0);
    const months = await db.$queryRaw<{ n: number }[]>`
      SELECT COUNT(DISTINCT date_trunc('month', "date"))::int AS n FROM "FinanceTransaction" WHERE "orgId" = ${orgId}::uuid`;
    expect(months[0]?.n).toBe(7);
    const now = t.clock.now();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1)).toISOString().slice(0, 10);
    const pnl = await get(`/finance/reports/profit-and-loss?from=${from}&to=${now.toISOString().slice(0, 10)}`);
    expect(pnl.incomeMinor).toBeGreaterThan(0);
    expect(pnl.expenseMinor).toBeGreaterThan(0);
    expect(pnl.uncategorisedInMinor).toBe(0);
    const thisMonth = await get('/finance/reports/profit-and-loss?period=month');
    expect(thisMonth.incomeMinor).toBeGreaterThan(0);
    const forecast = await get('/finance/reports/forecast');
    expect(forecast.weeks).toHaveLength(13);
    expect(forecast.startingCashMinor).toBeGreaterThan(0);
    expect(forecast.recurring.length).toBeGreaterThanOrEqual(3);
    // The checklist is mostly done: everything but LinkedIn, which is honestly not connected.
    const onboarding = await get('/onboarding');
    expect(onboarding).toMatchObject({ doneCount: 5, total: 6, complete: false, dismissed: false });
    expect(onboarding.steps.filter((s: { done: boolean }) => !s.done).map((s: { key: string }) => s.key)).toEqual([
      'linkedin',
    ]);
  });

  it('when a user already exists, then it does nothing', async () => {
    await seedUser(t.deps);
    expect(await seedDemo(t.deps)).toBeNull();
    expect(await t.deps.db.user.count()).toBe(1);
    expect(await t.deps.db.organization.count()).toBe(0);
    expect(await t.deps.db.loginEvent.count()).toBe(0);
  });

  it('when run twice at once and then again, then exactly one run seeds', async () => {
    const results = await Promise.all([seedDemo(t.deps), seedDemo(t.deps)]);
    const again = await seedDemo(t.deps);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(again).toBeNull();
    expect(await t.deps.db.user.count()).toBe(3);
    expect(await t.deps.db.organization.count()).toBe(1);
  });

  it('when a first signup races the seed, then exactly one user is platform admin and the seed runs only if it came first', async () => {
    const [seeded, signup] = await Promise.all([
      seedDemo(t.deps),
      request(t.app)
        .post('/api/auth/signup')
        .send({ email: 'racer@example.test', password: 'correct horse battery', name: 'Racer' }),
    ]);
    expect(signup.status).toBe(201);
    expect(await t.deps.db.user.count({ where: { isPlatformAdmin: true } })).toBe(1);
    expect(await t.deps.db.user.count()).toBe(seeded ? 4 : 1);
    expect(signup.body.user.isPlatformAdmin).toBe(seeded === null);
  });
});

describe('shouldSeedDemo', () => {
  it.each([
    ['auto', 'pglite', true],
    ['auto', 'postgresql', false],
    ['true', 'postgresql', true],
    ['true', 'pglite', true],
    ['false', 'pglite', false],
    ['false', 'postgresql', false],
  ] as const)('when SEED_DEMO is %s on %s, then it answers %s', (setting, kind, expected) => {
    expect(shouldSeedDemo(testEnv({ SEED_DEMO: setting }), kind)).toBe(expected);
  });

  it('when SEED_DEMO is not set, then it is auto', () => {
    expect(testEnv().SEED_DEMO).toBe('auto');
  });
});

describe('demoAppUrl', () => {
  it('when this server does not serve the SPA, then it points at FRONTEND_URL', () => {
    expect(demoAppUrl(testEnv({ FRONTEND_URL: 'http://localhost:5173' }), 3000)).toBe('http://localhost:5173');
  });
});
