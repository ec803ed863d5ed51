import request from 'supertest';
import type { RevenueBySource, SourceRow, Touch } from '@aiceo/shared/attribution';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { seedBooks } from '../../testing/seed-books';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { recordLeadTouch } from './touches.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const IN_MARCH = new Date('2026-03-10T12:00:00Z');
const IN_APRIL = new Date('2026-04-10T12:00:00Z');

const touch = (fields: Partial<Touch>): Touch => ({
  source: '',
  medium: '',
  campaign: '',
  content: '',
  term: '',
  referrer: '',
  landingPage: 'https://site.test/',
  at: IN_MARCH.toISOString(),
  ...fields,
});
const fromPost = (postId: string) => touch({ source: 'linkedin', medium: 'social', content: `post-${postId}` });
const fromCampaign = (campaignId: string) =>
  touch({ source: 'email', medium: 'email', content: `campaign-${campaignId}` });
const fromGoogle = touch({ referrer: 'https://www.google.test/search?q=plumber' });

type LeadSeed = {
  name: string;
  stage?: 'new' | 'won' | 'lost';
  valueCents?: number;
  first?: Touch | null;
  last?: Touch | null;
  at?: Date;
};
const seedLead = async (org: SeededOrg, lead: LeadSeed) => {
  const at = lead.at ?? IN_MARCH;
  const row = await t.deps.db.lead.create({
    data: {
      orgId: org.id,
      name: lead.name,
      email: `${lead.name.toLowerCase().replace(/\W+/g, '.')}@buyer.test`,
      stage: lead.stage ?? 'new',
      valueCents: lead.valueCents ?? 0,
      createdAt: at,
      updatedAt: at,
    },
    select: { id: true },
  });
  if (lead.first) await recordLeadTouch(t.deps.db, { orgId: org.id, leadId: row.id, touch: lead.first });
  if (lead.last) await recordLeadTouch(t.deps.db, { orgId: org.id, leadId: row.id, touch: lead.last });
  // recordLeadTouch moved updatedAt to now: put the won date back where the test wants it.
  await t.deps.db.lead.update({ where: { id: row.id }, data: { updatedAt: at } });
  return row.id;
};

/** An income (or expense) row in an account of the given currency, optionally matched to a lead. */
const seedPayment = async (
  org: SeededOrg,
  {
    accountId,
    currency,
    amountMinor,
    date,
    leadId = null,
    counterparty = '',
  }: {
    accountId: string;
    currency: string;
    amountMinor: number;
    date: string;
    leadId?: string | null;
    counterparty?: string;
  },
) =>
  (
    await t.deps.db.financeTransaction.create({
      data: {
        orgId: org.id,
        accountId,
        currency,
        amountMinor: BigInt(amountMinor),
        date: new Date(`${date}T00:00:00Z`),
        source: 'manual',
        tags: [],
        leadId,
        counterparty,
      },
      select: { id: true },
    })
  ).id;

const seedPost = async (org: SeededOrg, title: string) =>
  (await t.deps.db.contentPost.create({ data: { orgId: org.id, title, body: 'Body' }, select: { id: true } })).id;
const seedCampaign = async (org: SeededOrg, name: string) =>
  (
    await t.deps.db.emailCampaign.create({
      data: { orgId: org.id, name, subject: 'Hi', body: 'Hello', audience: {} },
      select: { id: true },
    })
  ).id;

const revenue = async (org: SeededOrg, query: object, token = org.owner.token) =>
  request(t.app).get(`/api/orgs/${org.id}/attribution/revenue`).query(query).set(bearer(token));
const row = (rows: SourceRow[], label: string) => {
  const found = rows.find((r) => r.label === label);
  if (!found) throw new Error(`no row ${label} in ${rows.map((r) => r.label).join(', ')}`);
  return found;
};

describe('GET /api/orgs/:orgId/attribution/revenue', () => {
  it('when leads pay in several currencies, one has both payments and a deal value, and a post is gone, then each is credited once, by currency', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { accountId: eurAccount } = await seedBooks(t.deps, { orgId: org.id, currency: 'EUR' });
    const usdAccount = (
      await t.deps.db.financeAccount.create({
        data: { orgId: org.id, name: 'US bank', kind: 'bank', currency: 'USD' },
        select: { id: true },
      })
    ).id;
    const post = await seedPost(org, 'Spring offer');
    const gonePost = await seedPost(org, 'Old news');
    const campaign = await seedCampaign(org, 'March newsletter');
    // Paid in two currencies, and a deal value that must NOT count because payments exist.
    const ada = await seedLead(org, { name: 'Ada', stage: 'won', valueCents: 999_00, first: fromPost(post) });
    await seedPayment(org, {
      accountId: eurAccount,
      currency: 'EUR',
      amountMinor: 1_200_00,
      date: '2026-03-05',
      leadId: ada,
    });
    await seedPayment(org, {
      accountId: eurAccount,
      currency: 'EUR',
      amountMinor: 300_00,
      date: '2026-03-20',
      leadId: ada,
    });
    await seedPayment(org, {
      accountId: usdAccount,
      currency: 'USD',
      amountMinor: 500_00,
      date: '2026-03-21',
      leadId: ada,
    });
    // Outside the period: not counted, and it still means Ada's deal value is not used.
    await seedPayment(org, {
      accountId: eurAccount,
      currency: 'EUR',
      amountMinor: 77_00,
      date: '2026-04-02',
      leadId: ada,
    });
    // Won without a matched payment: its deal value counts, in the org's currency.
    await seedLead(org, { name: 'Bo', stage: 'won', valueCents: 2_000_00, first: fromPost(gonePost) });
    await t.deps.db.contentPost.delete({ where: { id: gonePost } });
    await seedLead(org, { name: 'Cy', stage: 'won', valueCents: 400_00, first: fromCampaign(campaign) });
    await seedLead(org, { name: 'Di', stage: 'new', valueCents: 50_00, first: fromGoogle });
    await seedLead(org, { name: 'Ed', stage: 'lost', valueCents: 80_00 });
    // Won in April: outside March.
    await seedLead(org, { name: 'Fy', stage: 'won', valueCents: 10_00, first: fromPost(post), at: IN_APRIL });
    // Act
    const res = await revenue(org, MARCH);
    // Assert
    expect(res.status).toBe(200);
    const body = res.body as RevenueBySource;
    expect(body).toMatchObject({ ...MARCH, model: 'first', currency: 'EUR' });
    expect(body.totals).toEqual({
      leads: 5,
      won: 3,
      wonFromPayments: 1,
      wonFromDealValues: 2,
      revenue: [
        { currency: 'EUR', amountMinor: 3_900_00, fromPaymentsMinor: 1_500_00, fromDealValuesMinor: 2_400_00 },
        { currency: 'USD', amountMinor: 500_00, fromPaymentsMinor: 500_00, fromDealValuesMinor: 0 },
      ],
    });
    expect(row(body.posts, 'Spring offer')).toMatchObject({
      ref: { kind: 'post', id: post, exists: true },
      leads: 1,
      won: 1,
      wonFromPayments: 1,
      revenue: [
        { currency: 'EUR', amountMinor: 1_500_00, fromPaymentsMinor: 1_500_00, fromDealValuesMinor: 0 },
        { currency: 'USD', amountMinor: 500_00, fromPaymentsMinor: 500_00, fromDealValuesMinor: 0 },
      ],
    });
    expect(row(body.posts, 'Deleted post')).toMatchObject({
      ref: { kind: 'post', id: gonePost, exists: false },
      won: 1,
      wonFromDealValues: 1,
      revenue: [{ currency: 'EUR', amountMinor: 2_000_00, fromPaymentsMinor: 0, fromDealValuesMinor: 2_000_00 }],
    });
    expect(row(body.campaigns, 'March newsletter').revenue).toEqual([
      { currency: 'EUR', amountMinor: 400_00, fromPaymentsMinor: 0, fromDealValuesMinor: 400_00 },
    ]);
    expect(row(body.channels, 'linkedin / social')).toMatchObject({ leads: 2, won: 2 });
    expect(row(body.channels, 'google.test')).toMatchObject({ leads: 1, won: 0, revenue: [] });
    expect(row(body.channels, 'Not tracked')).toMatchObject({ leads: 1, won: 0 });
    // The channel with the most revenue in the org's currency comes first.
    expect(body.channels[0]?.label).toBe('linkedin / social');
  });

  it('when a lead came first from a post and last from a campaign, then first touch credits the post and last touch the campaign', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await seedBooks(t.deps, { orgId: org.id, currency: 'GBP' });
    const post = await seedPost(org, 'How we work');
    const campaign = await seedCampaign(org, 'Winter deal');
    await seedLead(org, {
      name: 'Gil',
      stage: 'won',
      valueCents: 750_00,
      first: fromPost(post),
      last: fromCampaign(campaign),
    });
    // Act
    const first = (await revenue(org, { ...MARCH, model: 'first' })).body as RevenueBySource;
    const last = (await revenue(org, { ...MARCH, model: 'last' })).body as RevenueBySource;
    // Assert
    const gbp = [{ currency: 'GBP', amountMinor: 750_00, fromPaymentsMinor: 0, fromDealValuesMinor: 750_00 }];
    expect(first.posts.map((r) => [r.label, r.revenue])).toEqual([['How we work', gbp]]);
    expect(first.campaigns).toEqual([]);
    expect(first.channels.map((r) => r.label)).toEqual(['linkedin / social']);
    expect(last.posts).toEqual([]);
    expect(last.campaigns.map((r) => [r.label, r.revenue])).toEqual([['Winter deal', gbp]]);
    expect(last.channels.map((r) => r.label)).toEqual(['email / email']);
  });

  it('when a member, another org or a bad period asks, then it answers 403, 404 (not theirs to know of) and 400 with no figures', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const asMember = await revenue(org, MARCH, member.token);
    const asOther = await revenue(org, MARCH, other.owner.token);
    const backwards = await revenue(org, { from: '2026-03-31', to: '2026-03-01' });
    const badModel = await revenue(org, { ...MARCH, model: 'middle' });
    const missing = await revenue(org, {});
    // Assert
    expect(asMember.status).toBe(403);
    expect(asOther.status).toBe(404);
    expect(JSON.stringify(asOther.body)).not.toContain('revenue');
    for (const res of [backwards, badModel, missing]) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(backwards.body.error.details.issues[0]).toMatchObject({ path: 'to' });
  });
});

describe('PUT /api/orgs/:orgId/attribution/payments/:transactionId', () => {
  const put = (org: SeededOrg, transactionId: string, leadId: unknown, token = org.owner.token) =>
    request(t.app).put(`/api/orgs/${org.id}/attribution/payments/${transactionId}`).set(bearer(token)).send({ leadId });

  it('when an admin matches income to a lead and then unmatches it, then the transaction says so each time', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const { accountId } = await seedBooks(t.deps, { orgId: org.id });
    const leadId = await seedLead(org, { name: 'Hana' });
    const txId = await seedPayment(org, { accountId, currency: 'EUR', amountMinor: 90_00, date: '2026-03-03' });
    // Act
    const matched = await put(org, txId, leadId, admin.token);
    const read = await request(t.app).get(`/api/orgs/${org.id}/attribution/payments/${txId}`).set(bearer(admin.token));
    const unmatched = await put(org, txId, null, admin.token);
    // Assert
    expect(matched.status).toBe(200);
    expect(matched.body).toMatchObject({
      transaction: { id: txId, amountMinor: 90_00, currency: 'EUR', date: '2026-03-03' },
      lead: { id: leadId, name: 'Hana' },
    });
    expect(read.body.lead).toMatchObject({ id: leadId });
    expect(unmatched.body.lead).toBeNull();
    expect((await t.deps.db.financeTransaction.findUniqueOrThrow({ where: { id: txId } })).leadId).toBeNull();
  });

  it("when the row is money out, the caller a member, or the lead or transaction another org's, then nothing is matched", async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const { accountId } = await seedBooks(t.deps, { orgId: org.id });
    const { accountId: otherAccount } = await seedBooks(t.deps, { orgId: other.id });
    const leadId = await seedLead(org, { name: 'Ivo' });
    const otherLead = await seedLead(other, { name: 'Jo' });
    const expense = await seedPayment(org, { accountId, currency: 'EUR', amountMinor: -40_00, date: '2026-03-03' });
    const income = await seedPayment(org, { accountId, currency: 'EUR', amountMinor: 40_00, date: '2026-03-03' });
    const otherIncome = await seedPayment(other, {
      accountId: otherAccount,
      currency: 'EUR',
      amountMinor: 40_00,
      date: '2026-03-03',
    });
    // Act
    const moneyOut = await put(org, expense, leadId);
    const asMember = await put(org, income, leadId, member.token);
    const theirLead = await put(org, income, otherLead);
    const theirTx = await put(org, otherIncome, leadId);
    // The other org's owner, in their own org, naming our lead on their transaction.
    const crossFromThem = await put(other, otherIncome, leadId, other.owner.token);
    const badId = await put(org, 'nope', leadId);
    const badLead = await put(org, income, 'not-a-uuid');
    // Assert
    expect(moneyOut.status).toBe(400);
    expect(moneyOut.body.error.message).toBe('Only money in can be matched to a lead');
    expect(asMember.status).toBe(403);
    expect(theirLead.status).toBe(404);
    expect(theirLead.body.error.message).toBe('Lead not found');
    expect(theirTx.status).toBe(404);
    expect(crossFromThem.status).toBe(404);
    expect(badId.status).toBe(400);
    expect(badLead.status).toBe(400);
    expect(badLead.body.error.details.issues[0]).toMatchObject({
      path: 'leadId',
      message: 'Pick a lead from the list',
    });
    const matched = await t.deps.db.financeTransaction.count({
      where: { leadId: { not: null }, orgId: { in: [org.id, other.id] } },
    });
    expect(matched).toBe(0);
  });
});

describe('GET /api/orgs/:orgId/attribution/payment-suggestions', () => {
  it("when unmatched income names a won lead's email, company or name, then it is suggested once, and matched rows are not", async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { accountId } = await seedBooks(t.deps, { orgId: org.id });
    const leadId = await seedLead(org, { name: 'Kai Rivers', stage: 'won' });
    await t.deps.db.lead.update({ where: { id: leadId }, data: { company: 'Riverstone Ltd' } });
    await seedLead(org, { name: 'Lou Open', stage: 'new' });
    const byCompany = await seedPayment(org, {
      accountId,
      currency: 'EUR',
      amountMinor: 10_00,
      date: '2026-03-01',
      counterparty: 'RIVERSTONE LTD INV 42',
    });
    const byEmail = await seedPayment(org, {
      accountId,
      currency: 'EUR',
      amountMinor: 20_00,
      date: '2026-03-02',
      counterparty: 'Transfer from kai.rivers@buyer.test',
    });
    await seedPayment(org, {
      accountId,
      currency: 'EUR',
      amountMinor: 30_00,
      date: '2026-03-03',
      counterparty: 'Lou Open',
    });
    await seedPayment(org, {
      accountId,
      currency: 'EUR',
      amountMinor: -5_00,
      date: '2026-03-04',
      counterparty: 'Kai Rivers',
    });
    await seedPayment(org, {
      accountId,
      currency: 'EUR',
      amountMinor: 50_00,
      date: '2026-03-05',
      counterparty: 'Kai Rivers',
      leadId,
    });
    // Act
    const wonLeads = await request(t.app)
      .get(`/api/orgs/${org.id}/attribution/payment-suggestions`)
      .set(bearer(org.owner.token));
    const other = await seedOrg(t.deps);
    const foreign = await request(t.app)
      .get(`/api/orgs/${other.id}/attribution/payment-suggestions`)
      .query({ leadId })
      .set(bearer(other.owner.token));
    // Assert
    expect(wonLeads.status).toBe(200);
    expect(
      wonLeads.body.items.map((s: { transaction: { id: string }; matchedOn: string }) => [
        s.transaction.id,
        s.matchedOn,
      ]),
    ).toEqual([
      [byEmail, 'email'],
      [byCompany, 'company'],
    ]);
    expect(foreign.status).toBe(404);
  });
});

describe('GET /api/orgs/:orgId/leads/:leadId/attribution', () => {
  it('when a member reads a lead, then they see its touches but not its payments; an admin sees both', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const { accountId } = await seedBooks(t.deps, { orgId: org.id });
    const post = await seedPost(org, 'Case study');
    const leadId = await seedLead(org, { name: 'Mo', stage: 'won', first: fromPost(post), last: fromGoogle });
    await seedPayment(org, { accountId, currency: 'EUR', amountMinor: 60_00, date: '2026-03-03', leadId });
    const url = `/api/orgs/${org.id}/leads/${leadId}/attribution`;
    // Act
    const asMember = await request(t.app).get(url).set(bearer(member.token));
    const asOwner = await request(t.app).get(url).set(bearer(org.owner.token));
    const other = await seedOrg(t.deps);
    const asOther = await request(t.app)
      .get(`/api/orgs/${other.id}/leads/${leadId}/attribution`)
      .set(bearer(other.owner.token));
    // Assert
    expect(asMember.status).toBe(200);
    expect(asMember.body).toMatchObject({
      leadId,
      firstTouch: { channel: 'linkedin / social', ref: { kind: 'post', id: post, name: 'Case study', exists: true } },
      lastTouch: { channel: 'google.test', ref: null, referrer: 'https://www.google.test/search?q=plumber' },
      payments: null,
    });
    expect(asOwner.body.payments).toEqual([
      {
        id: expect.any(String),
        date: '2026-03-03',
        amountMinor: 60_00,
        currency: 'EUR',
        counterparty: '',
        description: '',
      },
    ]);
    expect(asOther.status).toBe(404);
  });
});
