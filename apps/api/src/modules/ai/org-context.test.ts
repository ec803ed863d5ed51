import request from 'supertest';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { addMember, bearer, seedOrg, type SeededOrg, type SeededUser } from '../../testing/seed';
import { seedBooks } from '../../testing/seed-books';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { offlineTopicOf } from './offline-answers';
import { gatherOrgFacts, renderOrgContext } from './org-context';

// The AI CEO and the books: the Money section of the org context (admins and owners only, as all
// of finance) and "how much money did we make?" answered from it, offline and online.

const NOW = new Date('2026-11-20T12:00:00.000Z');

/** October: +3,000 sales, -1,000 rent. November so far: +2,500 sales, -1,000 rent, -200 software, -50 uncategorised. */
const seedShopBooks = (t: TestContext, org: SeededOrg) =>
  seedBooks(t.deps, {
    orgId: org.id,
    currency: 'EUR',
    openingBalanceMinor: 10_000_00,
    categories: { Sales: 'income', Rent: 'expense', Software: 'expense' },
    transactions: [
      { date: '2026-10-01', amountMinor: -1_000_00, counterparty: 'Landlord', category: 'Rent' },
      { date: '2026-10-15', amountMinor: 3_000_00, counterparty: 'Market stall', category: 'Sales' },
      { date: '2026-11-01', amountMinor: -1_000_00, counterparty: 'Landlord', category: 'Rent' },
      { date: '2026-11-03', amountMinor: 2_500_00, counterparty: 'Market stall', category: 'Sales' },
      { date: '2026-11-04', amountMinor: -200_00, counterparty: 'Figma', category: 'Software' },
      { date: '2026-11-05', amountMinor: -50_00, counterparty: 'Corner shop' },
    ],
  });

const chatBase = (org: SeededOrg) => `/api/orgs/${org.id}/chat/conversations`;
const ask = async (t: TestContext, org: SeededOrg, user: SeededUser, content: string) => {
  const conversation = await request(t.app).post(chatBase(org)).set(bearer(user.token)).send({});
  expect(conversation.status).toBe(201);
  return request(t.app)
    .post(`${chatBase(org)}/${conversation.body.id as string}/messages`)
    .set(bearer(user.token))
    .send({ content });
};

describe('offlineTopicOf', () => {
  it.each([
    'How much money did we make?',
    'how much did we make this month',
    'What was our profit?',
    'Revenue this month?',
    'What is our income this month?',
    'How much did we spend?',
    'How much cash do we have?',
    "What's our runway?",
    'Are we profitable?',
  ])('when the owner asks "%s", then the topic is money', (question) => {
    expect(offlineTopicOf(question)).toBe('money');
  });

  it.each([
    ['What is our AI spend this month?', 'usage'],
    ['How many credits are left on our plan?', 'usage'],
    ['Who is on my team?', 'team'],
    ['Give me a summary of the business', 'summary'],
  ])('when the owner asks "%s", then the topic is %s, not money', (question, topic) => {
    expect(offlineTopicOf(question)).toBe(topic);
  });
});

describe('the money in the org context', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when an admin is the viewer, then the context has a Money section with every figure in the org currency', async () => {
    // Arrange
    t.clock.set(NOW);
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    await seedShopBooks(t, org);
    // Act
    const facts = await gatherOrgFacts(t.deps, { orgId: org.id, viewer: { userId: admin.id } });
    const context = renderOrgContext(facts, 2_000);
    // Assert
    expect(context.sections.map((s) => s.title)).toContain('Money (books in EUR)');
    expect(context.text).toContain(
      [
        '## Money (books in EUR)',
        'This month so far (to 2026-11-20): income €2,500.00, expenses €1,250.00, profit €1,250.00',
        'Last month: income €3,000.00, expenses €1,000.00, profit €2,000.00',
        'Profit this month so far vs all of last month: -€750.00',
        'Top expenses this month: Rent €1,000.00, Software €200.00',
        'Cash: €13,250.00',
        'Runway: cash-flow positive: the last complete months gained money on average',
        'Uncategorised transactions: 1 of 6',
      ].join('\n'),
    );
  });

  it('when a member is the viewer (finance is admin+) or no viewer is named, then the context holds no money figures', async () => {
    // Arrange
    t.clock.set(NOW);
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await seedShopBooks(t, org);
    // Act
    const asMember = await gatherOrgFacts(t.deps, { orgId: org.id, viewer: { userId: member.id } });
    const background = await gatherOrgFacts(t.deps, { orgId: org.id });
    // Assert
    for (const facts of [asMember, background]) {
      expect(facts.money).toEqual({ access: 'hidden' });
      const text = renderOrgContext(facts, 4_000).text;
      expect(text).not.toContain('Money');
      expect(text).not.toContain('€');
    }
  });
});

describe('"How much money did we make?" in the chat (offline mode)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { AI_OFFLINE_WORD_DELAY_MS: '0' } });
  });
  afterAll(() => t.close());

  it('when the owner asks, then the money template states this month from the books against last month, cash and runway, not the plan usage', async () => {
    // Arrange
    t.clock.set(NOW);
    const org = await seedOrg(t.deps, { name: 'Harbor Bakery' });
    await seedShopBooks(t, org);
    // Act
    const res = await ask(t, org, org.owner, 'How much money did we make?');
    // Assert
    expect(res.status).toBe(201);
    const answer = res.body.assistantMessage.content as string;
    expect(answer).toMatch(/^_Offline mode: this answer is a template/);
    for (const line of [
      '**This month so far** (to 2026-11-20, in EUR):',
      '- Income: **€2,500.00**',
      '- Expenses: **€1,250.00**',
      '- Profit: **€1,250.00**',
      '**Last month**: income €3,000.00, expenses €1,000.00, profit €2,000.00.',
      'So far this month the result is **€750.00 below** the whole of last month.',
      'Biggest expenses this month: Rent €1,000.00, Software €200.00.',
      '**Cash**: €13,250.00. **Runway**: cash-flow positive',
      '1 transaction still has no category',
    ])
      expect(answer).toContain(line);
    expect(answer).not.toContain('AI messages');
  });

  it.each(['What was our profit this month?', 'How much did we spend?', "What's our runway?"])(
    'when the owner asks "%s", then the answer comes from the books too',
    async (question) => {
      t.clock.set(NOW);
      const org = await seedOrg(t.deps);
      await seedShopBooks(t, org);
      const res = await ask(t, org, org.owner, question);
      expect(res.body.assistantMessage.content).toContain('- Income: **€2,500.00**');
    },
  );

  it('when the owner asks for a summary, then it carries a short money block from the books', async () => {
    t.clock.set(NOW);
    const org = await seedOrg(t.deps);
    await seedShopBooks(t, org);
    const res = await ask(t, org, org.owner, 'Give me a summary of the business');
    const answer = res.body.assistantMessage.content as string;
    expect(answer).toContain(
      '**Money this month so far**\n- Income €2,500.00, expenses €1,250.00, profit €1,250.00\n- Cash €13,250.00; runway cash-flow positive',
    );
  });

  it('when there are no transactions yet, then the answer says so plainly and points to the import', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Fresh Start Ltd' });
    // Act
    const res = await ask(t, org, org.owner, 'How much money did we make?');
    // Assert
    const answer = res.body.assistantMessage.content as string;
    expect(answer).toContain("There are no transactions in Fresh Start Ltd's books yet");
    expect(answer).toContain('Import a bank statement on the **Money** page');
    expect(answer).not.toContain('AI messages');
  });

  it("when a member asks (finance is admin+), then the member's context has no money and the answer says the figures are for owners and admins", async () => {
    // Arrange
    t.clock.set(NOW);
    const org = await seedOrg(t.deps, { name: 'Quiet Books Co' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await seedShopBooks(t, org);
    // Act
    const res = await ask(t, org, member, 'How much money did we make?');
    // Assert
    expect(res.status).toBe(201);
    const answer = res.body.assistantMessage.content as string;
    expect(answer).toContain("Quiet Books Co's money figures are for its owners and admins");
    expect(answer).not.toContain('€');
  });
});

describe('"How much money did we make?" in the chat (online: the context is in the prompt)', () => {
  let t: TestContext;
  let fake: FakeAi;
  beforeAll(async () => {
    fake = await startFakeAi({ tokenDelayMs: 0, apiKey: 'test-key' });
    t = await createTestContext({
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fake.baseUrlFor('openai'), OPENAI_MODEL: 'gpt-4o-mini' },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  afterEach(() => fake.reset());

  it('when the owner asks, then the system prompt holds the Money section; when a member asks, it holds no money figure', async () => {
    // Arrange
    t.clock.set(NOW);
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await seedShopBooks(t, org);
    // Act
    const owner = await ask(t, org, org.owner, 'How much money did we make?');
    const ownerSystem = fake.requests('openai')[0]?.messages[0]?.content ?? '';
    fake.reset();
    const asMember = await ask(t, org, member, 'How much money did we make?');
    const memberSystem = fake.requests('openai')[0]?.messages[0]?.content ?? '';
    // Assert
    expect(owner.status).toBe(201);
    expect(asMember.status).toBe(201);
    expect(ownerSystem).toContain('## Money (books in EUR)');
    expect(ownerSystem).toContain(
      'This month so far (to 2026-11-20): income €2,500.00, expenses €1,250.00, profit €1,250.00',
    );
    expect(ownerSystem).toContain('Cash: €13,250.00');
    expect(memberSystem).toContain('Money (what the business made');
    expect(memberSystem).not.toContain('## Money');
    expect(memberSystem).not.toContain('€');
  });
});
