import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { defaultFinanceCategories, type FinanceTransaction } from '@aiceo/shared/finance';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/finance`;
const as = (org: SeededOrg) => bearer(org.owner.token);

const post = (org: SeededOrg, path: string, body: object) =>
  request(t.app)
    .post(`${base(org)}${path}`)
    .set(as(org))
    .send(body);
const patch = (org: SeededOrg, path: string, body: object) =>
  request(t.app)
    .patch(`${base(org)}${path}`)
    .set(as(org))
    .send(body);
const get = (org: SeededOrg, path: string) =>
  request(t.app)
    .get(`${base(org)}${path}`)
    .set(as(org));
const del = (org: SeededOrg, path: string) =>
  request(t.app)
    .delete(`${base(org)}${path}`)
    .set(as(org));

const createAccount = async (org: SeededOrg, body: object = {}) => {
  const res = await post(org, '/accounts', { name: `Bank ${randomBytes(3).toString('hex')}`, kind: 'bank', ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string; currency: string };
};
const createTx = async (org: SeededOrg, body: object) => {
  const res = await post(org, '/transactions', body);
  expect(res.status).toBe(201);
  return res.body as FinanceTransaction;
};
const categories = async (org: SeededOrg) => {
  const res = await get(org, '/categories');
  expect(res.status).toBe(200);
  return res.body.items as { id: string; key: string | null; name: string; kind: string; transactionCount: number }[];
};
const categoryId = async (org: SeededOrg, key: string) => {
  const found = (await categories(org)).find((c) => c.key === key);
  if (!found) throw new Error(`no category ${key}`);
  return found.id;
};
const apiKeyFor = async (orgId: string, scopes: ('read' | 'write')[]) => {
  const key = `aiceo_${randomBytes(4).toString('hex')}_secret-${orgId}`;
  await t.deps.db.apiKey.create({
    data: { orgId, name: `key ${scopes.join(',')}`, prefix: key.slice(0, 14), keyHash: sha256(key), scopes },
  });
  return key;
};
const issuesOf = (res: request.Response) => res.body.error.details.issues as { path: string; location: string }[];

describe('finance categories', () => {
  it('when an org first opens its books, then it has the default chart once, with stable keys', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const first = await categories(org);
    const second = await categories(org);
    // Assert
    expect(first.map((c) => c.key).sort()).toEqual(defaultFinanceCategories.map((c) => c.key).sort());
    expect(second).toHaveLength(first.length);
    expect(first.find((c) => c.key === 'transfer')).toMatchObject({
      kind: 'transfer',
      name: 'Transfer between accounts',
    });
    expect(first.find((c) => c.key === 'payment_processing')).toMatchObject({ kind: 'expense' });
    expect(first[0]?.kind).toBe('income');
  });

  it('when the owner edits categories, then defaults can be renamed but keep their kind and stay, and own ones come and go', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const rent = await categoryId(org, 'rent');
    const account = await createAccount(org);
    // Act
    const renamed = await patch(org, `/categories/${rent}`, { name: 'Office rent' });
    const kindOfDefault = await patch(org, `/categories/${rent}`, { kind: 'income' });
    const deleteDefault = await del(org, `/categories/${rent}`);
    const own = await post(org, '/categories', { name: 'Coworking', kind: 'expense' });
    const duplicate = await post(org, '/categories', { name: 'Coworking', kind: 'income' });
    const tx = await createTx(org, {
      date: '2026-11-01',
      amountMinor: -900,
      accountId: account.id,
      categoryId: own.body.id,
    });
    const kindWithTx = await patch(org, `/categories/${own.body.id}`, { kind: 'income' });
    const rule = await post(org, '/rules', {
      name: 'Desk',
      conditions: [{ field: 'counterparty', op: 'contains', value: 'desk' }],
      actions: { categoryId: own.body.id },
    });
    const removed = await del(org, `/categories/${own.body.id}`);
    // Assert
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Office rent', key: 'rent', kind: 'expense' });
    expect(kindOfDefault.status).toBe(409);
    expect(deleteDefault.status).toBe(409);
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ name: 'Coworking', kind: 'expense', key: null, transactionCount: 0 });
    expect(duplicate.status).toBe(409);
    expect(kindWithTx.status).toBe(409);
    expect(kindWithTx.body.error.message).toMatch(/1 transactions/);
    expect(removed.status).toBe(204);
    expect((await get(org, `/transactions/${tx.id}`)).body.category).toBeNull();
    const rules = (await get(org, '/rules')).body.items;
    expect(rules.find((r: { id: string }) => r.id === rule.body.id)).toMatchObject({ actions: {}, enabled: false });
  });
});

describe('finance accounts', () => {
  it('when transactions come in, then the balance is the opening balance plus their sum, and an account with them is archived, not deleted', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { currency: 'EUR' } });
    const account = await createAccount(org, { openingBalanceMinor: 10_000, openingDate: '2026-01-01' });
    const empty = await createAccount(org, { kind: 'cash', currency: 'usd' });
    await createTx(org, { date: '2026-11-01', amountMinor: 2_500, accountId: account.id });
    await createTx(org, { date: '2026-11-02', amountMinor: -700, accountId: account.id });
    // Act
    const list = await get(org, '/accounts');
    const deleteUsed = await del(org, `/accounts/${account.id}`);
    const currencyChange = await patch(org, `/accounts/${account.id}`, { currency: 'GBP' });
    const archived = await patch(org, `/accounts/${account.id}`, { archived: true, name: 'Old bank' });
    const deleteEmpty = await del(org, `/accounts/${empty.id}`);
    const after = await get(org, '/accounts');
    // Assert
    expect(account.currency).toBe('EUR');
    expect(empty.currency).toBe('USD');
    expect(list.body.items.find((a: { id: string }) => a.id === account.id)).toMatchObject({
      openingBalanceMinor: 10_000,
      openingDate: '2026-01-01',
      balanceMinor: 11_800,
      transactionCount: 2,
      archived: false,
    });
    expect(deleteUsed.status).toBe(409);
    expect(deleteUsed.body.error.message).toMatch(/archive/);
    expect(currencyChange.status).toBe(409);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ name: 'Old bank', archived: true, balanceMinor: 11_800 });
    expect(deleteEmpty.status).toBe(204);
    expect(after.body.items.map((a: { id: string }) => a.id)).toEqual([account.id]);
  });
});

describe('finance transactions', () => {
  it('when the owner records, reads, changes and deletes a transaction, then each answer reflects it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await createAccount(org);
    const software = await categoryId(org, 'software');
    // Act
    const created = await createTx(org, {
      date: '2026-11-03',
      amountMinor: -4_999,
      accountId: account.id,
      counterparty: 'GitHub',
      description: 'Team plan',
      categoryId: software,
      tags: ['tools', 'tools', 'monthly'],
      notes: 'card ending 42',
    });
    const read = await get(org, `/transactions/${created.id}`);
    const changed = await patch(org, `/transactions/${created.id}`, { amountMinor: -5_999, tags: ['tools'] });
    const removed = await del(org, `/transactions/${created.id}`);
    const gone = await get(org, `/transactions/${created.id}`);
    // Assert
    expect(created).toMatchObject({
      date: '2026-11-03',
      amountMinor: -4_999,
      currency: 'USD',
      counterparty: 'GitHub',
      description: 'Team plan',
      category: { id: software, name: 'Software', kind: 'expense' },
      account: { id: account.id, name: account.name },
      source: 'manual',
      tags: ['tools', 'monthly'],
      notes: 'card ending 42',
      transferId: null,
      ruleId: null,
      importId: null,
    });
    expect(read.body).toEqual(created);
    expect(changed.body).toMatchObject({ amountMinor: -5_999, tags: ['tools'], counterparty: 'GitHub' });
    expect(removed.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('when transactions are listed with filters and pages, then each filter narrows them and pages cover them once, newest first', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const a = await createAccount(org);
    const b = await createAccount(org);
    const sales = await categoryId(org, 'sales');
    await createTx(org, {
      date: '2026-10-01',
      amountMinor: 10_000,
      accountId: a.id,
      counterparty: 'ACME Corp',
      categoryId: sales,
    });
    await createTx(org, {
      date: '2026-10-15',
      amountMinor: -1_200,
      accountId: a.id,
      counterparty: 'Cafe',
      tags: ['food'],
    });
    await createTx(org, {
      date: '2026-11-01',
      amountMinor: -300,
      accountId: b.id,
      description: 'Bank fee for ACME wire',
    });
    await createTx(org, { date: '2026-11-01', amountMinor: 500, accountId: b.id, notes: 'refund' });
    await createTx(org, { date: '2026-11-20', amountMinor: -50, accountId: b.id });
    const ids = async (query: string) => {
      const res = await get(org, `/transactions?${query}`);
      expect(res.status).toBe(200);
      return res.body.items.map((i: FinanceTransaction) => `${i.date} ${i.amountMinor}`);
    };
    // Act
    const pages: string[] = [];
    let cursor: string | null = null;
    let pageCount = 0;
    do {
      const res = await get(org, `/transactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...res.body.items.map((i: FinanceTransaction) => `${i.date} ${i.amountMinor}`));
      cursor = res.body.nextCursor;
      pageCount += 1;
    } while (cursor);
    // Assert
    expect(pageCount).toBe(3);
    expect(pages).toHaveLength(5);
    expect(new Set(pages).size).toBe(5);
    expect(pages[0]).toBe('2026-11-20 -50');
    expect(pages[4]).toBe('2026-10-01 10000');
    expect(await ids('from=2026-10-15&to=2026-11-01')).toHaveLength(3);
    expect(await ids(`categoryId=${sales}`)).toEqual(['2026-10-01 10000']);
    expect(await ids('uncategorised=true')).toHaveLength(4);
    expect(await ids(`accountId=${a.id}`)).toHaveLength(2);
    expect((await ids('q=acme')).sort()).toEqual(['2026-10-01 10000', '2026-11-01 -300']);
    expect(await ids('q=REFUND')).toEqual(['2026-11-01 500']);
    expect((await ids('direction=in')).sort()).toEqual(['2026-10-01 10000', '2026-11-01 500']);
    expect(await ids('direction=out')).toHaveLength(3);
    expect(await ids('tag=food')).toEqual(['2026-10-15 -1200']);
    expect(await ids('source=import')).toEqual([]);
  });

  it('when money moves between own accounts, then both legs share a transfer id, balances move and it is neither income nor expense', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const checking = await createAccount(org, { openingBalanceMinor: 50_000 });
    const savings = await createAccount(org);
    const eur = await createAccount(org, { currency: 'EUR' });
    // Act
    const transfer = await createTx(org, {
      date: '2026-11-10',
      amountMinor: 20_000,
      accountId: checking.id,
      transferToAccountId: savings.id,
    });
    const legs = await get(org, '/transactions');
    const accounts = await get(org, '/accounts');
    const coverage = await get(org, '/coverage');
    const recategorise = await patch(org, `/transactions/${transfer.id}`, {
      categoryId: await categoryId(org, 'sales'),
    });
    const resize = await patch(org, `/transactions/${transfer.id}`, { amountMinor: -15_000 });
    const otherCurrency = await post(org, '/transactions', {
      date: '2026-11-10',
      amountMinor: 100,
      accountId: checking.id,
      transferToAccountId: eur.id,
    });
    const negative = await post(org, '/transactions', {
      date: '2026-11-10',
      amountMinor: -100,
      accountId: checking.id,
      transferToAccountId: savings.id,
    });
    const afterResize = await get(org, '/transactions');
    const removed = await del(org, `/transactions/${transfer.id}`);
    const afterDelete = await get(org, '/transactions');
    // Assert
    expect(transfer).toMatchObject({ amountMinor: -20_000, category: { kind: 'transfer' } });
    expect(legs.body.items).toHaveLength(2);
    const [x, y] = legs.body.items as FinanceTransaction[];
    expect(x?.transferId).toBe(transfer.transferId);
    expect(y?.transferId).toBe(transfer.transferId);
    expect(legs.body.items.map((l: FinanceTransaction) => l.amountMinor).sort()).toEqual([-20_000, 20_000]);
    const balance = (id: string) => accounts.body.items.find((a: { id: string }) => a.id === id).balanceMinor;
    expect(balance(checking.id)).toBe(30_000);
    expect(balance(savings.id)).toBe(20_000);
    expect(coverage.body).toEqual({ total: 2, categorised: 2, percent: 100 });
    expect(recategorise.status).toBe(409);
    expect(resize.status).toBe(200);
    expect(afterResize.body.items.map((l: FinanceTransaction) => l.amountMinor).sort()).toEqual([-15_000, 15_000]);
    expect(otherCurrency.status).toBe(400);
    expect(issuesOf(otherCurrency)[0]?.path).toBe('transferToAccountId');
    expect(negative.status).toBe(400);
    expect(issuesOf(negative)[0]?.path).toBe('amountMinor');
    expect(removed.status).toBe(204);
    expect(afterDelete.body.items).toEqual([]);
  });

  it('when transactions are bulk-categorised, then only the org’s own non-transfer ones change and coverage follows', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const account = await createAccount(org);
    const savings = await createAccount(org);
    const foreign = await createTx(other, {
      date: '2026-11-01',
      amountMinor: -1,
      accountId: (await createAccount(other)).id,
    });
    const one = await createTx(org, { date: '2026-11-01', amountMinor: -100, accountId: account.id });
    const two = await createTx(org, { date: '2026-11-02', amountMinor: -200, accountId: account.id });
    await createTx(org, { date: '2026-11-03', amountMinor: -300, accountId: account.id });
    const leg = await createTx(org, {
      date: '2026-11-03',
      amountMinor: 50,
      accountId: account.id,
      transferToAccountId: savings.id,
    });
    const office = await categoryId(org, 'office');
    const before = await get(org, '/coverage');
    // Act
    const res = await post(org, '/transactions/bulk-categorise', {
      ids: [one.id, two.id, leg.id, foreign.id],
      categoryId: office,
    });
    const after = await get(org, '/coverage');
    const badCategory = await post(org, '/transactions/bulk-categorise', {
      ids: [one.id],
      categoryId: await categoryId(other, 'office'),
    });
    // Assert
    expect(before.body).toEqual({ total: 5, categorised: 2, percent: 40 });
    expect(res.body).toEqual({ updated: 2 });
    expect(after.body).toEqual({ total: 5, categorised: 4, percent: 80 });
    expect((await get(other, `/transactions/${foreign.id}`)).body.category).toBeNull();
    expect(badCategory.status).toBe(400);
    expect(issuesOf(badCategory)[0]?.path).toBe('categoryId');
  });

  it('when transactions are exported, then the CSV has the filter’s rows with decimal amounts and no formulas', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await createAccount(org);
    const yen = await createAccount(org, { currency: 'JPY' });
    await createTx(org, {
      date: '2026-11-01',
      amountMinor: -1_250,
      accountId: account.id,
      counterparty: '=HYPERLINK("http://x")',
    });
    await createTx(org, {
      date: '2026-11-02',
      amountMinor: 5,
      accountId: account.id,
      description: 'Interest, November',
    });
    await createTx(org, { date: '2026-11-03', amountMinor: -1_500, accountId: yen.id, counterparty: 'Tokyo' });
    await createTx(org, { date: '2026-09-01', amountMinor: -99, accountId: account.id, counterparty: 'Too early' });
    // Act
    const res = await get(org, '/transactions/export?from=2026-10-01');
    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="transactions.csv"');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Date,Amount,Currency,Counterparty,Description,Category,Category kind,Account,Tags,Notes,Source,Transfer ID',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^2026-11-03,-1500,JPY,Tokyo,/);
    expect(lines[2]).toMatch(/^2026-11-02,0\.05,USD,,"Interest, November",/);
    expect(lines[3]).toMatch(/^2026-11-01,-12\.50,USD,"'=HYPERLINK\(""http:\/\/x""\)",/);
  });
});

describe('finance rules', () => {
  const rule = (name: string, value: string, actions: object, extra: object = {}) => ({
    name,
    conditions: [{ field: 'counterparty', op: 'contains', value }],
    actions,
    ...extra,
  });

  it('when rules match a new transaction, then they run in order, the first sets each field and stop-here ends the walk', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await createAccount(org);
    const [travel, meals] = [await categoryId(org, 'travel'), await categoryId(org, 'meals')];
    const first = await post(
      org,
      '/rules',
      rule('Uber rides', 'uber', { categoryId: travel, tags: ['ride'] }, { stopHere: true }),
    );
    const second = await post(org, '/rules', rule('Uber eats', 'uber', { categoryId: meals, tags: ['food'] }));
    // Act
    const byFirst = await createTx(org, {
      date: '2026-11-01',
      amountMinor: -1_800,
      accountId: account.id,
      counterparty: 'UBER *TRIP 4411',
    });
    const order = await request(t.app)
      .put(`${base(org)}/rules/order`)
      .set(as(org))
      .send({ ids: [second.body.id, first.body.id] });
    const bySecond = await createTx(org, {
      date: '2026-11-02',
      amountMinor: -2_400,
      accountId: account.id,
      counterparty: 'Uber Eats',
    });
    const incomplete = await request(t.app)
      .put(`${base(org)}/rules/order`)
      .set(as(org))
      .send({ ids: [second.body.id] });
    // Assert
    expect(first.status).toBe(201);
    expect(first.body.position).toBe(1);
    expect(second.body.position).toBe(2);
    expect(byFirst).toMatchObject({
      category: { id: travel },
      tags: ['ride'],
      ruleId: first.body.id,
      source: 'manual',
    });
    expect(order.status).toBe(200);
    expect(order.body.items.map((r: { id: string; position: number }) => [r.id, r.position])).toEqual([
      [second.body.id, 1],
      [first.body.id, 2],
    ]);
    // The second rule (now first) sets the category; the first still adds its tag and stops.
    expect(bySecond).toMatchObject({ category: { id: meals }, tags: ['food', 'ride'], ruleId: second.body.id });
    expect(incomplete.status).toBe(400);
  });

  it('when a rule is previewed and applied to the past, then the preview counts what apply changes and nothing changes before', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await createAccount(org);
    const card = await createAccount(org, { kind: 'card' });
    const software = await categoryId(org, 'software');
    for (const [day, name] of [
      ['01', 'ADOBE *CREATIVE 123'],
      ['02', 'Adobe Systems'],
      ['03', 'adobe 99-11'],
      ['04', 'Figma'],
    ])
      await createTx(org, { date: `2026-11-${day}`, amountMinor: -2_000, accountId: account.id, counterparty: name });
    await createTx(org, { date: '2026-11-05', amountMinor: -2_000, accountId: card.id, counterparty: 'Adobe' });
    await createTx(org, {
      date: '2026-11-06',
      amountMinor: 2_000,
      accountId: account.id,
      counterparty: 'Adobe refund',
    });
    const body = {
      name: 'Adobe',
      conditions: [
        { field: 'counterparty', op: 'matches', value: '^adobe\\b' },
        { field: 'direction', op: 'is', value: 'out' },
        { field: 'account', op: 'is', value: account.id },
        { field: 'amount', op: 'between', value: { min: 1_000, max: 5_000 } },
      ],
      actions: { categoryId: software, counterparty: 'Adobe' },
    };
    // Act
    const preview = await post(org, '/rules/preview', body);
    const untouched = await get(org, '/transactions?uncategorised=true');
    const created = await post(org, '/rules', body);
    const applied = await post(org, `/rules/${created.body.id}/apply`, {});
    const again = await post(org, `/rules/${created.body.id}/apply`, {});
    const inSoftware = await get(org, `/transactions?categoryId=${software}`);
    // Assert
    expect(preview.status).toBe(200);
    expect(preview.body.wouldChange).toBe(3);
    expect(preview.body.sample).toHaveLength(3);
    expect(preview.body.sample[0]).toMatchObject({
      transaction: { counterparty: 'adobe 99-11' },
      before: { category: null, counterparty: 'adobe 99-11' },
      after: { category: { id: software, name: 'Software' }, counterparty: 'Adobe' },
    });
    expect(untouched.body.items).toHaveLength(6);
    expect(applied.body).toEqual({ changed: 3 });
    expect(again.body).toEqual({ changed: 0 });
    expect(inSoftware.body.items).toHaveLength(3);
    for (const item of inSoftware.body.items)
      expect(item).toMatchObject({ counterparty: 'Adobe', ruleId: created.body.id, source: 'manual' });
  });

  it('when a rule has a bad pattern or a stranger’s id, then it answers 400 naming the field; a backtracking-prone pattern runs in linear time', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const account = await createAccount(org);
    await createTx(org, {
      date: '2026-11-01',
      amountMinor: -1,
      accountId: account.id,
      description: `${'a'.repeat(999)}!`,
    });
    const strangerAccount = await createAccount(other);
    const travel = await categoryId(org, 'travel');
    const withCondition = (condition: object) => ({
      name: 'x',
      conditions: [condition],
      actions: { categoryId: travel },
    });
    // Act
    const lookahead = await post(org, '/rules', withCondition({ field: 'description', op: 'matches', value: '(?=x)' }));
    const unclosed = await post(org, '/rules', withCondition({ field: 'counterparty', op: 'matches', value: '(abc' }));
    const stranger = await post(
      org,
      '/rules',
      withCondition({ field: 'account', op: 'is', value: strangerAccount.id }),
    );
    const strangerCategory = await post(org, '/rules', {
      ...withCondition({ field: 'direction', op: 'is', value: 'in' }),
      actions: { categoryId: await categoryId(other, 'travel') },
    });
    const noAction = await post(org, '/rules', {
      ...withCondition({ field: 'direction', op: 'is', value: 'in' }),
      actions: {},
    });
    const started = Date.now();
    const evil = await post(
      org,
      '/rules/preview',
      withCondition({ field: 'description', op: 'matches', value: '^(a+)+$' }),
    );
    const elapsed = Date.now() - started;
    // Assert
    expect(lookahead.status).toBe(400);
    expect(issuesOf(lookahead)[0]?.path).toBe('conditions.0.value');
    expect(unclosed.status).toBe(400);
    expect(issuesOf(stranger)[0]?.path).toBe('conditions.0.value');
    expect(issuesOf(strangerCategory)[0]?.path).toBe('actions.categoryId');
    expect(noAction.status).toBe(400);
    expect(evil.status).toBe(200);
    expect(evil.body.wouldChange).toBe(0);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('when a rule is changed and deleted, then the list follows and what it set stays', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await createAccount(org);
    const created = await post(org, '/rules', rule('Rent', 'landlord', { categoryId: await categoryId(org, 'rent') }));
    const tx = await createTx(org, {
      date: '2026-11-01',
      amountMinor: -90_000,
      accountId: account.id,
      counterparty: 'Landlord Ltd',
    });
    // Act
    const changed = await patch(org, `/rules/${created.body.id}`, { enabled: false, name: 'Office rent' });
    const ignored = await createTx(org, {
      date: '2026-11-02',
      amountMinor: -90_000,
      accountId: account.id,
      counterparty: 'Landlord Ltd',
    });
    const removed = await del(org, `/rules/${created.body.id}`);
    const list = await get(org, '/rules');
    const kept = await get(org, `/transactions/${tx.id}`);
    // Assert
    expect(changed.body).toMatchObject({ name: 'Office rent', enabled: false });
    expect(ignored.category).toBeNull();
    expect(removed.status).toBe(204);
    expect(list.body.items).toEqual([]);
    expect(kept.body).toMatchObject({ category: { name: 'Rent' }, ruleId: null });
  });
});

describe('finance rules learned from corrections', () => {
  const recategorise = (org: SeededOrg, id: string, categoryId: string) =>
    patch(org, `/transactions/${id}`, { categoryId });

  it('when the owner moves the same counterparty to the same category three times, then a rule is proposed, not applied, and accepting it applies nothing to the past unless asked', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await createAccount(org);
    const software = await categoryId(org, 'software');
    const txs: FinanceTransaction[] = [];
    for (const [day, ref] of [
      ['01', '1001'],
      ['02', '2002'],
      ['03', '3003'],
      ['04', '4004'],
      ['05', '5005'],
    ])
      txs.push(
        await createTx(org, {
          date: `2026-11-${day}`,
          amountMinor: -1_000,
          accountId: account.id,
          counterparty: `NOTION LABS #${ref}`,
        }),
      );
    const [a, b, c, d, e] = txs as [
      FinanceTransaction,
      FinanceTransaction,
      FinanceTransaction,
      FinanceTransaction,
      FinanceTransaction,
    ];
    // Act
    await recategorise(org, a.id, software);
    await recategorise(org, a.id, await categoryId(org, 'office'));
    await recategorise(org, a.id, software);
    await recategorise(org, b.id, software);
    const afterTwo = await get(org, '/rule-proposals');
    await recategorise(org, c.id, software);
    const afterThree = await get(org, '/rule-proposals');
    const stillUncategorised = await get(org, '/transactions?uncategorised=true');
    const proposal = afterThree.body.items[0];
    const accepted = await post(org, `/rule-proposals/${proposal.id}/accept`, {});
    const twice = await post(org, `/rule-proposals/${proposal.id}/accept`, {});
    const afterAccept = await get(org, '/transactions?uncategorised=true');
    const next = await createTx(org, {
      date: '2026-11-06',
      amountMinor: -1_000,
      accountId: account.id,
      counterparty: 'Notion Labs 6006',
    });
    // Assert
    expect(afterTwo.body.items).toEqual([]);
    expect(afterThree.body.items).toHaveLength(1);
    expect(proposal).toMatchObject({
      counterparty: 'NOTION LABS #3003',
      counterpartyKey: 'notion labs',
      category: { id: software, name: 'Software' },
      corrections: 3,
      wouldChange: 2,
    });
    expect(stillUncategorised.body.items.map((i: FinanceTransaction) => i.id).sort()).toEqual([d.id, e.id].sort());
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      changed: 0,
      rule: {
        conditions: [{ field: 'counterparty', op: 'contains', value: 'notion labs' }],
        actions: { categoryId: software },
        enabled: true,
      },
    });
    expect(twice.status).toBe(409);
    expect(afterAccept.body.items).toHaveLength(2);
    expect(next).toMatchObject({ category: { id: software }, ruleId: accepted.body.rule.id });
    expect((await get(org, '/rule-proposals')).body.items).toEqual([]);
  });

  it('when corrections come in bulk, then they count too; a dismissed proposal stays dismissed and an accepted one can apply to the past', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const account = await createAccount(org);
    const [marketing, ads] = [await categoryId(org, 'marketing'), await categoryId(org, 'advertising')];
    const make = async (counterparty: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1)
        ids.push(
          (
            await createTx(org, {
              date: '2026-11-01',
              amountMinor: -500 - i,
              accountId: account.id,
              counterparty: `${counterparty} ${i}`,
            })
          ).id,
        );
      return ids;
    };
    const mailchimp = await make('Mailchimp', 4);
    const google = await make('GOOGLE*ADS', 5);
    // Act
    await post(org, '/transactions/bulk-categorise', { ids: mailchimp.slice(0, 3), categoryId: marketing });
    await post(org, '/transactions/bulk-categorise', { ids: google.slice(0, 3), categoryId: ads });
    const proposals = (await get(org, '/rule-proposals')).body.items as { id: string; counterpartyKey: string }[];
    const mail = proposals.find((p) => p.counterpartyKey === 'mailchimp');
    const goog = proposals.find((p) => p.counterpartyKey === 'google ads');
    const dismissed = await post(org, `/rule-proposals/${mail?.id}/dismiss`, {});
    const dismissAgain = await post(org, `/rule-proposals/${mail?.id}/dismiss`, {});
    await recategorise(org, mailchimp[3] ?? '', marketing);
    const afterMore = (await get(org, '/rule-proposals')).body.items;
    const accepted = await post(org, `/rule-proposals/${goog?.id}/accept`, { applyToPast: true });
    const coverage = await get(org, '/coverage');
    // Assert
    expect(proposals).toHaveLength(2);
    expect(dismissed.status).toBe(204);
    expect(dismissAgain.status).toBe(409);
    expect(afterMore.map((p: { id: string }) => p.id)).toEqual([goog?.id]);
    expect(accepted.body.changed).toBe(2);
    expect(coverage.body).toEqual({ total: 9, categorised: 9, percent: 100 });
  });
});

describe('finance access', () => {
  it('when a member calls finance, then it answers 403; an API key with read scope reads but cannot write', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const readKey = await apiKeyFor(org.id, ['read']);
    const writeKey = await apiKeyFor(org.id, ['read', 'write']);
    const account = await createAccount(org);
    const body = { date: '2026-11-01', amountMinor: -1, accountId: account.id };
    // Act
    const memberList = await request(t.app)
      .get(`${base(org)}/transactions`)
      .set(bearer(member.token));
    const memberAccounts = await request(t.app)
      .get(`${base(org)}/accounts`)
      .set(bearer(member.token));
    const adminList = await request(t.app)
      .get(`${base(org)}/transactions`)
      .set(bearer(admin.token));
    const keyRead = await request(t.app)
      .get(`${base(org)}/transactions`)
      .set(bearer(readKey));
    const keyWrite = await request(t.app)
      .post(`${base(org)}/transactions`)
      .set(bearer(readKey))
      .send(body);
    const writeKeyWrite = await request(t.app)
      .post(`${base(org)}/transactions`)
      .set(bearer(writeKey))
      .send(body);
    // Assert
    expect(memberList.status).toBe(403);
    expect(memberAccounts.status).toBe(403);
    expect(adminList.status).toBe(200);
    expect(keyRead.status).toBe(200);
    expect(keyWrite.status).toBe(403);
    expect(writeKeyWrite.status).toBe(201);
    expect(writeKeyWrite.body.source).toBe('manual');
  });

  it('when input is bad, then it answers 400 naming the field; another org’s ids answer 404 or 400 and change nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const account = await createAccount(org);
    const theirAccount = await createAccount(other);
    const theirs = await createTx(other, { date: '2026-11-01', amountMinor: -100, accountId: theirAccount.id });
    // Act
    const badDay = await post(org, '/transactions', { date: '2026-02-30', amountMinor: -1, accountId: account.id });
    const fraction = await post(org, '/transactions', { date: '2026-02-03', amountMinor: 1.5, accountId: account.id });
    const zero = await post(org, '/transactions', { date: '2026-02-03', amountMinor: 0, accountId: account.id });
    const strangerAccount = await post(org, '/transactions', {
      date: '2026-02-03',
      amountMinor: -1,
      accountId: theirAccount.id,
    });
    const badQuery = await get(org, '/transactions?direction=sideways&limit=500');
    const badCursor = await get(org, '/transactions?cursor=bm90LWEtY3Vyc29y');
    const yearZero = Buffer.from(JSON.stringify({ d: '0000-01-01', id: account.id })).toString('base64url');
    const forgedCursor = await get(org, `/transactions?cursor=${yearZero}`);
    const readTheirs = await get(org, `/transactions/${theirs.id}`);
    const changeTheirs = await patch(org, `/transactions/${theirs.id}`, { notes: 'mine now' });
    const deleteTheirs = await del(org, `/transactions/${theirs.id}`);
    const deleteTheirAccount = await del(org, `/accounts/${theirAccount.id}`);
    // Assert
    expect(badDay.status).toBe(400);
    expect(issuesOf(badDay)[0]?.path).toBe('date');
    expect(issuesOf(fraction)[0]?.path).toBe('amountMinor');
    expect(issuesOf(zero)[0]?.path).toBe('amountMinor');
    expect(strangerAccount.status).toBe(400);
    expect(issuesOf(strangerAccount)[0]?.path).toBe('accountId');
    expect(badQuery.status).toBe(400);
    expect(
      issuesOf(badQuery)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['direction', 'limit']);
    expect(badCursor.status).toBe(400);
    expect(issuesOf(badCursor)[0]?.path).toBe('cursor');
    expect(forgedCursor.status).toBe(400);
    expect([readTheirs.status, changeTheirs.status, deleteTheirs.status, deleteTheirAccount.status]).toEqual([
      404, 404, 404, 404,
    ]);
    expect((await get(other, `/transactions/${theirs.id}`)).body.notes).toBe('');
  });
});
