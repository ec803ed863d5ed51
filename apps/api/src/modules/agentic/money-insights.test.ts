import request from 'supertest';
import { isFinanceInsightKind } from '@aiceo/shared/agentic';
import { addMember, bearer, seedOrg } from '../../testing/seed';
import { seedBooks, type SeedTransaction } from '../../testing/seed-books';
import { createTestContext, type TestContext } from '../../testing/test-app';

// The CFO insights end to end: books in the database, the engine run through its endpoint.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

type InsightBody = { kind: string; title: string; reason: string; data: Record<string, unknown> };

/**
 * Three steady months (August to October) and a November that goes wrong: Figma costs far more,
 * Adobe's monthly charge rises, cash runs low and six payments have no category.
 */
const troubledMonths = (): SeedTransaction[] => {
  const months = ['2026-08', '2026-09', '2026-10'];
  return [
    ...months.flatMap((month): SeedTransaction[] => [
      { date: `${month}-01`, amountMinor: -2_500_00, counterparty: 'Landlord', category: 'Rent' },
      { date: `${month}-10`, amountMinor: 2_000_00, counterparty: 'Customer', category: 'Sales' },
      { date: `${month}-12`, amountMinor: -450_00, counterparty: 'Figma', category: 'Software' },
      { date: `${month}-05`, amountMinor: -49_99, counterparty: 'Adobe', category: 'Software' },
    ]),
    { date: '2026-11-01', amountMinor: -2_500_00, counterparty: 'Landlord', category: 'Rent' },
    { date: '2026-11-05', amountMinor: -59_99, counterparty: 'Adobe', category: 'Software' },
    { date: '2026-11-12', amountMinor: -1_200_00, counterparty: 'Figma', category: 'Software' },
    ...Array.from({ length: 6 }, (_, i) => ({
      date: `2026-11-1${i}`,
      amountMinor: -20_00,
      counterparty: i < 4 ? 'Amazon' : 'Shell',
    })),
  ];
};

const categories = { Sales: 'income', Rent: 'expense', Software: 'expense' } as const;

describe('CFO insights from the books (POST /api/orgs/:orgId/agentic/analyze)', () => {
  it('when the books show a spike, a price rise, a short runway and uncategorised payments, then each is an insight with its evidence in EUR', async () => {
    // Arrange
    t.clock.set(new Date('2026-11-20T12:00:00.000Z'));
    const org = await seedOrg(t.deps);
    await seedBooks(t.deps, {
      orgId: org.id,
      currency: 'EUR',
      openingBalanceMinor: 8_000_00,
      categories,
      transactions: troubledMonths(),
    });

    // Act
    const res = await request(t.app).post(`/api/orgs/${org.id}/agentic/analyze`).set(bearer(org.owner.token));

    // Assert
    expect(res.status).toBe(200);
    const byKind = new Map((res.body.insights as InsightBody[]).map((insight) => [insight.kind, insight]));
    expect([...byKind.keys()].filter((kind) => isFinanceInsightKind(kind)).sort()).toEqual([
      'recurring_charge_up',
      'short_runway',
      'spending_spike',
      'uncategorised_backlog',
    ]);
    // Software: 1,200 + 59.99 this month against 450 + 49.99 in each of the three months before.
    expect(byKind.get('spending_spike')).toMatchObject({
      title: 'Software spending is 2.5x its usual: €1,259.99 this month',
      data: {
        category: 'Software',
        thisMonthMinor: 1_259_99,
        averageMinor: 499_99,
        topTransactions: [
          expect.objectContaining({ counterparty: 'Figma', amountMinor: -1_200_00, date: '2026-11-12' }),
          expect.objectContaining({ counterparty: 'Adobe', amountMinor: -59_99 }),
        ],
      },
    });
    // Both monthly charges that rose: Adobe's price, and Figma's bill.
    const rises = (res.body.insights as InsightBody[]).filter((insight) => insight.kind === 'recurring_charge_up');
    expect(rises.map((insight) => insight.title).sort()).toEqual([
      'Adobe went up 20%: €49.99 to €59.99 a month',
      'Figma went up 167%: €450.00 to €1,200.00 a month',
    ]);
    expect(rises.find((insight) => insight.data['counterparty'] === 'Adobe')?.data).toMatchObject({
      oldAmountMinor: 49_99,
      newAmountMinor: 59_99,
      transactions: [
        expect.objectContaining({ date: '2026-09-05' }),
        expect.objectContaining({ date: '2026-10-05' }),
        expect.objectContaining({ date: '2026-11-05' }),
      ],
    });
    // Cash: 8,000 - 3 x 999.99 - 3,759.99 - 120 = 1,120.04; burn: the average of 999.99 a month.
    expect(byKind.get('short_runway')).toMatchObject({
      data: { cashMinor: 1_120_04, burnMinorPerMonth: 999_99, months: 1.1 },
    });
    expect(byKind.get('short_runway')?.reason).toContain('Cash is €1,120.04 and the business burns €999.99 a month');
    expect(byKind.get('uncategorised_backlog')).toMatchObject({
      title: '6 transactions need a category',
      data: {
        uncategorised: 6,
        count: 9,
        topCounterparties: [
          { counterparty: 'Amazon', count: 4 },
          { counterparty: 'Shell', count: 2 },
        ],
      },
    });
  });

  it('when the org has no transactions, then no CFO insight fires', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await seedBooks(t.deps, { orgId: org.id, categories, transactions: [] });
    // Act
    const res = await request(t.app).post(`/api/orgs/${org.id}/agentic/analyze`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    const kinds = (res.body.insights as InsightBody[]).map((insight) => insight.kind);
    expect(kinds.filter((kind) => isFinanceInsightKind(kind))).toEqual([]);
  });

  it('when a member reads the insight feed, then the CFO insights (money figures) are left out; an admin sees them', async () => {
    // Arrange
    t.clock.set(new Date('2026-11-20T12:00:00.000Z'));
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    await seedBooks(t.deps, {
      orgId: org.id,
      openingBalanceMinor: 8_000_00,
      categories,
      transactions: troubledMonths(),
    });
    await request(t.app).post(`/api/orgs/${org.id}/agentic/analyze`).set(bearer(org.owner.token)).expect(200);

    // Act
    const asMember = await request(t.app).get(`/api/orgs/${org.id}/insights?limit=100`).set(bearer(member.token));
    const asMemberByKind = await request(t.app)
      .get(`/api/orgs/${org.id}/insights?kind=short_runway`)
      .set(bearer(member.token));
    const asAdmin = await request(t.app).get(`/api/orgs/${org.id}/insights?limit=100`).set(bearer(admin.token));

    // Assert
    expect(asMember.status).toBe(200);
    const memberKinds = (asMember.body.items as InsightBody[]).map((insight) => insight.kind);
    expect(memberKinds).not.toEqual(expect.arrayContaining(['short_runway']));
    expect(memberKinds.some((kind) => isFinanceInsightKind(kind))).toBe(false);
    expect(JSON.stringify(asMember.body)).not.toContain('€');
    expect(asMemberByKind.body.items).toEqual([]);
    const adminKinds = (asAdmin.body.items as InsightBody[]).map((insight) => insight.kind);
    expect(adminKinds).toEqual(expect.arrayContaining(['short_runway', 'spending_spike']));
  });
});
