import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { ApiKeyScope } from '@aiceo/shared/roles';
import { addMember, bearer, seedOrg, seedUser, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { weekLabel } from './dashboard.service';

// A fixed "now": Wednesday 17 June 2026, noon UTC. This month is June, last month May, this week
// starts Monday 15 June. Each figure below is counted by hand from `seedBusiness`.
const NOW = new Date('2026-06-17T12:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('GET /api/orgs/:orgId/dashboard', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
    t.clock.set(NOW);
  });
  afterAll(() => t.close());

  const dashboard = (orgId: string, token: string) =>
    request(t.app).get(`/api/orgs/${orgId}/dashboard`).set(bearer(token));

  const createKey = async (org: SeededOrg, scopes: ApiKeyScope[]): Promise<string> => {
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/api-keys`)
      .set(bearer(org.owner.token))
      .send({ name: 'Integration', scopes });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };

  /** One copy of a small business: leads, posts, emails, tasks, insights, approvals, AI use and books. */
  const seedBusiness = async (orgId: string): Promise<void> => {
    const { db } = t.deps;
    const tag = randomUUID().slice(0, 8);
    const leads: { stage: string; value: number; source: string; created: string; updated?: string }[] = [
      { stage: 'new', value: 1000, source: 'LinkedIn', created: '2026-06-02T09:00:00Z' },
      { stage: 'contacted', value: 2000, source: 'LinkedIn', created: '2026-06-10T09:00:00Z' },
      { stage: 'qualified', value: 3000, source: 'Referral', created: '2026-05-20T09:00:00Z' },
      { stage: 'proposal', value: 4000, source: '', created: '2026-05-31T23:30:00Z' },
      // Won this month (changed in June), and won in May.
      {
        stage: 'won',
        value: 5000,
        source: 'Referral',
        created: '2026-04-01T09:00:00Z',
        updated: '2026-06-05T09:00:00Z',
      },
      {
        stage: 'won',
        value: 7000,
        source: ' Website ',
        created: '2026-03-01T09:00:00Z',
        updated: '2026-05-15T09:00:00Z',
      },
      { stage: 'lost', value: 100, source: 'Website', created: '2026-06-17T11:00:00Z' },
    ];
    for (const [i, lead] of leads.entries()) {
      await db.$executeRaw`
        INSERT INTO "Lead" (id, "orgId", name, email, source, stage, "valueCents", tags, "createdAt", "updatedAt")
        VALUES (${randomUUID()}::uuid, ${orgId}::uuid, ${`Lead ${i}`}, ${`l${i}-${tag}@example.test`}, ${lead.source},
                ${lead.stage}::"LeadStage", ${lead.value}, '{}', ${at(lead.created)}, ${at(lead.updated ?? lead.created)})`;
    }
    await db.contentPost.createMany({
      data: [
        { orgId, body: 'a', status: 'published', publishedAt: at('2026-06-03T10:00:00Z') },
        { orgId, body: 'b', status: 'published', publishedAt: at('2026-06-16T10:00:00Z') },
        { orgId, body: 'c', status: 'published', publishedAt: at('2026-05-20T10:00:00Z') },
        { orgId, body: 'd', status: 'published', publishedAt: at('2026-01-01T10:00:00Z') },
        { orgId, body: 'e', status: 'scheduled', scheduledFor: at('2026-06-20T10:00:00Z') },
        { orgId, body: 'f', status: 'scheduled', scheduledFor: at('2026-07-20T10:00:00Z') },
        { orgId, body: 'g', status: 'draft' },
        { orgId, body: 'h', status: 'failed', scheduledFor: at('2026-06-10T10:00:00Z') },
      ],
    });
    const campaign = await db.emailCampaign.create({
      data: { orgId, name: 'June', subject: 'Hi', body: 'Hello', audience: {}, status: 'sent' },
    });
    await db.campaignRecipient.createMany({
      data: [
        { orgId, campaignId: campaign.id, email: '1@x.test', status: 'sent', sentAt: at('2026-06-01T00:00:00Z') },
        { orgId, campaignId: campaign.id, email: '2@x.test', status: 'sent', sentAt: at('2026-06-17T08:00:00Z') },
        { orgId, campaignId: campaign.id, email: '3@x.test', status: 'sent', sentAt: at('2026-05-31T23:59:00Z') },
        { orgId, campaignId: campaign.id, email: '4@x.test', status: 'failed' },
        { orgId, campaignId: campaign.id, email: '5@x.test', status: 'pending' },
      ],
    });
    const task = (status: 'PENDING' | 'FAILED' | 'COMPLETED', extra: Record<string, Date | null>) => ({
      orgId,
      type: 'report' as const,
      status,
      title: 'T',
      input: {},
      origin: 'user' as const,
      runAfter: at('2026-06-01T00:00:00Z'),
      ...extra,
    });
    await db.task.createMany({
      data: [
        task('PENDING', { runAfter: at('2026-06-17T11:00:00Z') }), // due (runs now)
        task('PENDING', { dueAt: at('2026-06-17T23:00:00Z'), runAfter: at('2026-06-20T00:00:00Z') }), // due tonight
        task('PENDING', { runAfter: at('2026-06-18T00:00:00Z') }), // tomorrow
        task('PENDING', { dueAt: at('2026-06-19T00:00:00Z') }), // due later
        task('FAILED', { finishedAt: at('2026-06-15T00:00:00Z') }), // failed this week
        task('FAILED', { finishedAt: at('2026-06-07T00:00:00Z') }), // ten days ago
        task('COMPLETED', { finishedAt: at('2026-06-16T00:00:00Z') }),
      ],
    });
    const run = await db.agenticRun.create({ data: { orgId, trigger: 'manual', startedAt: NOW } });
    const insight = (status: 'open' | 'dismissed') => ({
      orgId,
      runId: run.id,
      kind: 'stale_leads',
      confidence: 0.5,
      title: 'I',
      reason: 'R',
      data: {},
      actions: [],
      status,
    });
    await db.insight.createMany({ data: [insight('open'), insight('open'), insight('dismissed')] });
    const approval = (status: 'pending' | 'approved', expiresAt: string) => ({
      orgId,
      kind: 'lead_email',
      status,
      title: 'A',
      targetType: 'lead',
      targetId: randomUUID(),
      audience: 'x',
      audienceSize: 1,
      content: { body: 'b' },
      targetVersion: 'v',
      risk: 'low',
      reason: 'r',
      evidence: {},
      expiresAt: at(expiresAt),
    });
    await db.approvalItem.createMany({
      data: [
        approval('pending', '2026-06-20T00:00:00Z'),
        approval('pending', '2026-06-16T00:00:00Z'), // expired
        approval('approved', '2026-06-20T00:00:00Z'),
      ],
    });
    for (const [month, used] of [
      ['2026-06', 7],
      ['2026-05', 40],
    ] as const)
      await db.usageCounter.upsert({
        where: { orgId_month_resource: { orgId, month, resource: 'aiMessages' } },
        create: { orgId, month, resource: 'aiMessages', used },
        update: { used: { increment: used } },
      });
    const account = await db.financeAccount.create({
      data: { orgId, name: `Bank ${tag}`, kind: 'bank', currency: 'EUR', openingBalanceMinor: 100_000n },
    });
    const sales = await db.financeCategory.create({ data: { orgId, name: `Sales ${tag}`, kind: 'income' } });
    const rent = await db.financeCategory.create({ data: { orgId, name: `Rent ${tag}`, kind: 'expense' } });
    const tx = (date: string, amount: bigint, categoryId: string) => ({
      orgId,
      accountId: account.id,
      date: at(`${date}T00:00:00Z`),
      amountMinor: amount,
      currency: 'EUR',
      categoryId,
      source: 'manual' as const,
      tags: [],
    });
    await db.financeTransaction.createMany({
      data: [
        tx('2026-06-05', 50_000n, sales.id),
        tx('2026-06-06', -20_000n, rent.id),
        tx('2026-05-10', 30_000n, sales.id),
        tx('2026-04-10', -10_000n, rent.id),
      ],
    });
  };

  const makeOrg = async (): Promise<SeededOrg> => {
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { currency: 'EUR' } });
    return org;
  };

  const last12 = [
    '2025-07',
    '2025-08',
    '2025-09',
    '2025-10',
    '2025-11',
    '2025-12',
    '2026-01',
    '2026-02',
    '2026-03',
    '2026-04',
    '2026-05',
    '2026-06',
  ];
  // Mondays from 30 March to 15 June 2026.
  const mondays = Array.from({ length: 12 }, (_, i) =>
    new Date(Date.UTC(2026, 5, 15) - (11 - i) * 7 * 86_400_000).toISOString().slice(0, 10),
  );
  const postsIn = (copies: number): Record<string, number> => ({
    '2026-05-18': copies,
    '2026-06-01': copies,
    '2026-06-15': copies,
  });

  it('when the business has leads, posts, emails, tasks, insights, approvals, AI use and books, then the owner gets each figure exactly, and another org counts nothing of it', async () => {
    // Arrange: org A with one copy of the business, org B with two copies of its own
    const a = await makeOrg();
    const b = await makeOrg();
    await seedBusiness(a.id);
    await seedBusiness(b.id);
    await seedBusiness(b.id);

    // Act
    const res = await dashboard(a.id, a.owner.token);

    // Assert
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.currency).toBe('EUR');
    expect(body.today).toBe('2026-06-17');
    expect(body.pipeline).toEqual({
      stages: [
        { stage: 'new', count: 1, valueMinor: 1000 },
        { stage: 'contacted', count: 1, valueMinor: 2000 },
        { stage: 'qualified', count: 1, valueMinor: 3000 },
        { stage: 'proposal', count: 1, valueMinor: 4000 },
        { stage: 'won', count: 2, valueMinor: 12000 },
        { stage: 'lost', count: 1, valueMinor: 100 },
      ],
      openCount: 4,
      openValueMinor: 10000,
      link: { page: 'leadsBoard' },
    });
    expect(body.dealsWon).toEqual({ count: 1, valueMinor: 5000, link: { page: 'leads', search: 'stage=won' } });
    expect(body.newLeads).toEqual({ thisMonth: 3, lastMonth: 2, link: { page: 'leads' } });
    expect(body.money).toEqual({
      cashMinor: 150_000,
      monthToDate: { incomeMinor: 50_000, expenseMinor: 20_000, netMinor: 30_000 },
      // April lost 100.00, May gained 300.00: on average cash grows.
      runway: { kind: 'cash_flow_positive', months: null, burnMinorPerMonth: 0, basedOnMonths: 2 },
      link: { page: 'money' },
    });
    expect(body.posts).toEqual({ publishedThisMonth: 2, scheduled: 2, link: { page: 'content' } });
    expect(body.emails).toEqual({ sentThisMonth: 2, link: { page: 'campaigns' } });
    expect(body.tasks).toEqual({
      due: 2,
      failed: 1,
      dueLink: { page: 'tasks', search: 'status=PENDING' },
      failedLink: { page: 'tasks', search: 'status=FAILED' },
    });
    expect(body.insights).toEqual({ open: 2, link: { page: 'insights' } });
    expect(body.approvals).toEqual({ waiting: 1, link: { page: 'approvals' } });
    expect(body.aiMessages).toEqual({ used: 7, limit: 50, remaining: 43, link: { page: 'billing' } });
    expect(body.charts.revenueVsCosts).toEqual(
      last12.map((month) => ({
        month,
        incomeMinor: { '2026-05': 30_000, '2026-06': 50_000 }[month] ?? 0,
        expenseMinor: { '2026-04': 10_000, '2026-06': 20_000 }[month] ?? 0,
      })),
    );
    expect(body.charts.leadsBySource).toEqual([
      { source: 'LinkedIn', count: 2 },
      { source: 'Referral', count: 2 },
      { source: 'Website', count: 2 },
      { source: '', count: 1 },
    ]);
    expect(body.charts.postsPerWeek).toEqual(
      mondays.map((weekStart) => ({
        weekStart,
        label: weekLabel(weekStart, '2026-06-17'),
        published: postsIn(1)[weekStart] ?? 0,
      })),
    );
    expect(body.charts.postsPerWeek[0].label).toBe('Week of 30 Mar');
    expect(body.charts.postsPerWeek[11].label).toBe('Week of 15 Jun');

    // The books agree with the money pages' overview (which reads the transactions themselves).
    const overview = await request(t.app).get(`/api/orgs/${a.id}/finance/reports/overview`).set(bearer(a.owner.token));
    expect(overview.status).toBe(200);
    expect(body.money).toMatchObject({
      cashMinor: overview.body.snapshot.cashMinor,
      monthToDate: overview.body.snapshot.monthToDate,
      runway: overview.body.snapshot.runway,
    });
    expect(body.charts.revenueVsCosts).toEqual(
      overview.body.last12Months.map((m: { month: string; incomeMinor: number; expenseMinor: number }) => ({
        month: m.month,
        incomeMinor: m.incomeMinor,
        expenseMinor: m.expenseMinor,
      })),
    );

    // B counts its own two copies (so the statements do count, and only per org).
    const other = (await dashboard(b.id, b.owner.token)).body;
    expect(other.newLeads.thisMonth).toBe(6);
    expect(other.dealsWon).toMatchObject({ count: 2, valueMinor: 10000 });
    expect(other.money.cashMinor).toBe(300_000);
    expect(other.tasks).toMatchObject({ due: 4, failed: 2 });
    expect(other.posts).toMatchObject({ publishedThisMonth: 4, scheduled: 4 });
    expect(other.emails.sentThisMonth).toBe(4);
    expect(other.approvals.waiting).toBe(2);
    expect(other.insights.open).toBe(4);
    expect(other.aiMessages.used).toBe(14);
  }, 120_000); // three copies of a business, row by row: slow on a busy machine

  it('when the books have uncategorised rows, transfers, another currency and a deleted category, then money and the revenue chart equal the money overview', async () => {
    // Arrange: months of mixed books, three of them complete with a loss (a runway in months)
    const org = await makeOrg();
    const { db } = t.deps;
    const eur = await db.financeAccount.create({
      data: { orgId: org.id, name: 'Bank', kind: 'bank', currency: 'EUR', openingBalanceMinor: 500_000n },
    });
    const usd = await db.financeAccount.create({
      data: { orgId: org.id, name: 'Dollars', kind: 'bank', currency: 'USD', openingBalanceMinor: 9_999n },
    });
    const sales = await db.financeCategory.create({ data: { orgId: org.id, name: 'Sales', kind: 'income' } });
    const rent = await db.financeCategory.create({ data: { orgId: org.id, name: 'Rent', kind: 'expense' } });
    const moves = await db.financeCategory.create({ data: { orgId: org.id, name: 'Moves', kind: 'transfer' } });
    const gone = await db.financeCategory.create({ data: { orgId: org.id, name: 'Gone', kind: 'expense' } });
    const row = (
      date: string,
      amount: bigint,
      extra: { categoryId?: string; transferId?: string; usd?: boolean } = {},
    ) => ({
      orgId: org.id,
      accountId: extra.usd ? usd.id : eur.id,
      date: at(`${date}T00:00:00Z`),
      amountMinor: amount,
      currency: extra.usd ? 'USD' : 'EUR',
      categoryId: extra.categoryId ?? null,
      transferId: extra.transferId ?? null,
      source: 'manual' as const,
      tags: [],
    });
    await db.financeTransaction.createMany({
      data: [
        row('2025-06-30', 99_000n, { categoryId: sales.id }), // before the twelve months
        row('2025-07-01', 10_000n, { categoryId: sales.id }),
        row('2026-03-03', -40_000n, { categoryId: rent.id }),
        row('2026-03-04', 5_000n, { categoryId: rent.id }), // a refund of rent
        row('2026-04-05', -30_000n),
        row('2026-04-06', 7_000n),
        row('2026-05-07', -25_000n, { categoryId: gone.id }),
        row('2026-05-08', -1_000n, { categoryId: sales.id }), // a refund to a customer
        row('2026-05-09', -50_000n, { categoryId: moves.id }),
        row('2026-05-09', -20_000n, { transferId: randomUUID() }),
        row('2026-06-10', 12_000n, { categoryId: sales.id }),
        row('2026-06-11', -3_000n),
        row('2026-06-12', 80_000n, { usd: true }),
        row('2026-06-30', 1_000_000n, { categoryId: sales.id }), // after today
      ],
    });
    await db.financeCategory.delete({ where: { id: gone.id } });

    // Act
    const res = await dashboard(org.id, org.owner.token);
    const overview = await request(t.app)
      .get(`/api/orgs/${org.id}/finance/reports/overview`)
      .set(bearer(org.owner.token));

    // Assert
    expect(res.status).toBe(200);
    expect(overview.status).toBe(200);
    expect(res.body.money).toEqual({
      cashMinor: overview.body.snapshot.cashMinor,
      monthToDate: overview.body.snapshot.monthToDate,
      runway: overview.body.snapshot.runway,
      link: { page: 'money' },
    });
    expect(res.body.money.runway.kind).toBe('months');
    expect(res.body.money.monthToDate).toEqual({ incomeMinor: 12_000, expenseMinor: 3_000, netMinor: 9_000 });
    expect(res.body.charts.revenueVsCosts).toEqual(
      overview.body.last12Months.map((m: { month: string; incomeMinor: number; expenseMinor: number }) => ({
        month: m.month,
        incomeMinor: m.incomeMinor,
        expenseMinor: m.expenseMinor,
      })),
    );
  });

  it('when a plain member asks, then money and the revenue chart are null and the rest is there; an admin and a read API key get the money', async () => {
    const org = await makeOrg();
    await seedBusiness(org.id);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const key = await createKey(org, ['read']);

    const asMember = await dashboard(org.id, member.token);
    const asAdmin = await dashboard(org.id, admin.token);
    const asKey = await dashboard(org.id, key);

    expect(asMember.status).toBe(200);
    expect(asMember.body.money).toBeNull();
    expect(asMember.body.charts.revenueVsCosts).toBeNull();
    expect(JSON.stringify(asMember.body)).not.toContain('cashMinor');
    expect(asMember.body.newLeads.thisMonth).toBe(3);
    expect(asMember.body.pipeline.openValueMinor).toBe(10000);
    expect(asAdmin.body.money.cashMinor).toBe(150_000);
    expect(asKey.status).toBe(200);
    expect(asKey.body.money.cashMinor).toBe(150_000);
  });

  it('when the org has nothing yet, then every figure is zero, the weeks are there with zeros and money has no data', async () => {
    const org = await makeOrg();
    const res = await dashboard(org.id, org.owner.token);
    expect(res.status).toBe(200);
    expect(res.body.pipeline.stages.map((s: { count: number }) => s.count)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(res.body.newLeads).toMatchObject({ thisMonth: 0, lastMonth: 0 });
    expect(res.body.money).toMatchObject({ cashMinor: 0, runway: { kind: 'no_data' } });
    expect(res.body.charts.leadsBySource).toEqual([]);
    expect(res.body.charts.postsPerWeek).toHaveLength(12);
    expect(res.body.charts.postsPerWeek.every((w: { published: number }) => w.published === 0)).toBe(true);
    expect(res.body.aiMessages).toMatchObject({ used: 0, limit: 50, remaining: 50 });
  });

  it("when the org's timezone is ahead of UTC, then this month and this week are the org's (a lead made at 23:30 UTC on 31 May is June in Berlin)", async () => {
    const org = await makeOrg();
    await t.deps.db.organization.update({ where: { id: org.id }, data: { timezone: 'Europe/Berlin' } });
    await seedBusiness(org.id);
    const res = await dashboard(org.id, org.owner.token);
    expect(res.status).toBe(200);
    // The proposal lead (31 May 23:30 UTC = 1 June 01:30 in Berlin) moves to this month.
    expect(res.body.newLeads).toMatchObject({ thisMonth: 4, lastMonth: 1 });
    // The email sent 31 May 23:59 UTC is 1 June in Berlin.
    expect(res.body.emails.sentThisMonth).toBe(3);
  });

  it('when there are more than eight sources, then the eight largest are listed and the rest is one "Other"', async () => {
    const org = await makeOrg();
    const rows = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 - i }, () => `S${i}`)).flat();
    await t.deps.db.lead.createMany({
      data: rows.map((source, i) => ({ orgId: org.id, name: `L${i}`, source })),
    });
    const res = await dashboard(org.id, org.owner.token);
    expect(res.body.charts.leadsBySource).toEqual([
      ...Array.from({ length: 8 }, (_, i) => ({ source: `S${i}`, count: 10 - i })),
      { source: 'Other', count: 2 + 1 },
    ]);
  });

  it('when an API key has only the write scope, then 403; with no token, 401; for a non-member, 404', async () => {
    const org = await makeOrg();
    const writeKey = await createKey(org, ['write']);
    const stranger = await seedUser(t.deps);
    expect((await dashboard(org.id, writeKey)).status).toBe(403);
    expect((await request(t.app).get(`/api/orgs/${org.id}/dashboard`)).status).toBe(401);
    const outsider = await dashboard(org.id, stranger.token);
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('NOT_FOUND');
  });

  it('labels weeks in words, with the year only when it is not this one', () => {
    expect(weekLabel('2026-11-02', '2026-11-20')).toBe('Week of 2 Nov');
    expect(weekLabel('2025-12-29', '2026-01-05')).toBe('Week of 29 Dec 2025');
  });
});
