import { defaultFinanceCategories } from '@aiceo/shared/finance';
import { seedOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { categoryIdByKey, ensureFinanceSetup, getDefaultAccount } from './finance.service';

// The helpers other finance areas (imports, Stripe, billing, reports) call.

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('ensureFinanceSetup', () => {
  it('when called at once from several places, then the org gets the default chart exactly once', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    await Promise.all([1, 2, 3].map(() => ensureFinanceSetup(t.deps, { orgId: org.id })));
    // Assert
    const rows = await t.deps.db.financeCategory.findMany({ where: { orgId: org.id } });
    expect(rows).toHaveLength(defaultFinanceCategories.length);
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(defaultFinanceCategories.map((c) => c.key)));
  });

  it('when the org already has a category of its own with a default name, then both are kept and the default gets another name', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const own = await t.deps.db.financeCategory.create({ data: { orgId: org.id, name: 'Sales', kind: 'income' } });
    // Act
    await ensureFinanceSetup(t.deps, { orgId: org.id });
    const salesId = await categoryIdByKey(t.deps, { orgId: org.id, key: 'sales' });
    // Assert
    expect(salesId).not.toBe(own.id);
    const sales = await t.deps.db.financeCategory.findUniqueOrThrow({ where: { id: salesId } });
    expect(sales).toMatchObject({ name: 'Sales (default)', key: 'sales', kind: 'income' });
  });
});

describe('categoryIdByKey', () => {
  it('when a default category was renamed, then its key still finds it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const id = await categoryIdByKey(t.deps, { orgId: org.id, key: 'platform_fees' });
    await t.deps.db.financeCategory.update({ where: { id }, data: { name: 'What we pay AI CEO' } });
    // Act
    const again = await categoryIdByKey(t.deps, { orgId: org.id, key: 'platform_fees' });
    // Assert
    expect(again).toBe(id);
  });
});

describe('getDefaultAccount', () => {
  it('when the org has no bank account, then a "Main account" in its currency is made once, even for concurrent callers', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { currency: 'CHF' } });
    await t.deps.db.financeAccount.create({
      data: { orgId: org.id, name: 'Petty cash', kind: 'cash', currency: 'CHF' },
    });
    // Act
    const [a, b] = await Promise.all([
      getDefaultAccount(t.deps, { orgId: org.id }),
      getDefaultAccount(t.deps, { orgId: org.id }),
    ]);
    // Assert
    expect(a).toEqual(b);
    expect(a).toMatchObject({ name: 'Main account', currency: 'CHF' });
    expect(await t.deps.db.financeAccount.count({ where: { orgId: org.id } })).toBe(2);
  });

  it('when the org has bank accounts, then the first one not archived is the default', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const data = { orgId: org.id, kind: 'bank' as const, currency: 'USD' };
    await t.deps.db.financeAccount.create({ data: { ...data, name: 'Closed', archivedAt: new Date() } });
    const open = await t.deps.db.financeAccount.create({
      data: { ...data, name: 'Checking', createdAt: new Date('2026-01-01T00:00:00Z') },
    });
    await t.deps.db.financeAccount.create({
      data: { ...data, name: 'Savings', createdAt: new Date('2026-01-02T00:00:00Z') },
    });
    // Act
    const found = await getDefaultAccount(t.deps, { orgId: org.id });
    // Assert
    expect(found).toEqual({ id: open.id, name: 'Checking', currency: 'USD' });
  });
});
