import { dayInWords } from '@aiceo/shared/dates-in-words';
import { mailPart } from '../../testing/mail-parts';
import { addMember, seedOrg, seedUser } from '../../testing/seed';
import { seedBooks } from '../../testing/seed-books';
import { startTestSmtpServer } from '../../testing/smtp-server';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { sendOwnerSummaries } from './owner-summary.service';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The decoded text of a received mail (quoted-printable soft breaks and escapes undone). */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('sendOwnerSummaries', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let t: TestContext;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestContext({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'AI CEO <no-reply@aiceo.test>',
        FRONTEND_URL: 'https://app.aiceo.test',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when an org had a day of work, then each owner gets one mail with tasks, leads, posts, emails, AI spend, insights and goals; a second run the same day sends nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside Bakery' });
    const coOwner = await addMember(t.deps, { orgId: org.id, role: 'owner' });
    await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const now = t.clock.now();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const task = (title: string, status: 'COMPLETED' | 'FAILED', finishedAt: Date, error?: string) =>
      t.deps.db.task.create({
        data: {
          orgId: org.id,
          type: 'report',
          title,
          input: {},
          runAfter: finishedAt,
          origin: 'user',
          status,
          finishedAt,
          error: error ?? null,
        },
      });
    await task('Weekly report', 'COMPLETED', ago(2 * HOUR_MS));
    await task('LinkedIn post: spring menu', 'COMPLETED', ago(20 * HOUR_MS));
    await task('Report from last week', 'COMPLETED', ago(2 * DAY_MS));
    await task('Email campaign: Easter', 'FAILED', ago(HOUR_MS), 'SMTP refused the audience');
    await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Ada Byron', company: 'Engines Ltd', tags: [], createdAt: ago(3 * HOUR_MS) },
    });
    await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Quiet Quentin', stage: 'contacted', tags: [], createdAt: ago(30 * DAY_MS) },
    });
    await t.deps.db.contentPost.create({
      data: { orgId: org.id, body: 'Fresh bread', status: 'published', publishedAt: ago(5 * HOUR_MS) },
    });
    const campaign = await t.deps.db.emailCampaign.create({
      data: { orgId: org.id, name: 'Easter', subject: 'Hi', body: 'Body', audience: {} },
    });
    await t.deps.db.campaignRecipient.createMany({
      data: ['a@example.test', 'b@example.test', 'c@example.test'].map((email, i) => ({
        orgId: org.id,
        campaignId: campaign.id,
        email,
        status: i < 2 ? 'sent' : 'pending',
        sentAt: i < 2 ? ago(HOUR_MS) : null,
      })),
    });
    await t.deps.db.aiCall.create({
      data: {
        orgId: org.id,
        requestId: 'r1',
        attempt: 1,
        provider: 'openai',
        model: 'gpt-4o-mini',
        purpose: 'chat',
        outcome: 'success',
        latencyMs: 10,
        costNanoUsd: 1_250_000_000n,
        createdAt: ago(HOUR_MS),
      },
    });
    const run = await t.deps.db.agenticRun.create({
      data: { orgId: org.id, trigger: 'schedule', startedAt: ago(HOUR_MS) },
    });
    await t.deps.db.insight.create({
      data: {
        orgId: org.id,
        runId: run.id,
        kind: 'stale_leads',
        confidence: 0.9,
        title: '1 lead has gone quiet',
        reason: 'r',
        data: {},
        actions: [],
      },
    });
    const goal = await t.deps.db.goal.create({ data: { orgId: org.id, title: 'Open a second shop' } });
    await t.deps.db.task.createMany({
      data: ['COMPLETED', 'PENDING', 'CANCELLED'].map((status, i) => ({
        orgId: org.id,
        type: 'goal_step' as const,
        title: `Step ${i + 1}`,
        input: {},
        runAfter: now,
        origin: 'goal' as const,
        goalId: goal.id,
        goalOrder: i + 1,
        status: status as 'COMPLETED',
        // The owner marked the prepared step done: only that makes it count as done.
        stepDoneAt: status === 'COMPLETED' ? now : null,
      })),
    });
    const before = smtp.received.length;

    // Act
    const first = await sendOwnerSummaries(t.deps);
    const second = await sendOwnerSummaries(t.deps);

    // Assert
    const mails = smtp.received
      .slice(before)
      .filter((mail) => mail.to.some((to) => to === org.owner.email || to === coOwner.email));
    expect(mails.map((mail) => mail.to[0]).sort()).toEqual([org.owner.email, coOwner.email].sort());
    const body = decoded(mails[0]?.raw ?? '');
    // A long subject is folded over header lines: unfold it before reading.
    expect(body.replace(/\r?\n /g, ' ')).toContain(
      `Subject: Brightside Bakery: your daily AI CEO summary for ${dayInWords(now)}`,
    );
    expect(body).not.toContain(now.toISOString().slice(0, 10));
    for (const line of [
      'Tasks completed: 2',
      '- Weekly report',
      '- LinkedIn post: spring menu',
      'Tasks failed: 1',
      '- Email campaign: Easter: SMTP refused the audience',
      'New leads: 1',
      '- Ada Byron (Engines Ltd)',
      'Stale leads (open, quiet for 14+ days): 1',
      'Posts published: 1',
      'Emails sent: 2',
      'AI spend: $1.25',
      'Open insights: 1',
      '- 1 lead has gone quiet',
      '- Open a second shop: 50% (1 of 2 steps)',
      'https://app.aiceo.test/orgs/',
    ]) {
      expect(body).toContain(line);
    }
    expect(body).not.toContain('Report from last week');
    expect(body).toContain('<li>Weekly report</li>');
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(second.sent).toBe(0);
    expect(second.alreadySent).toBe(first.sent);
    expect(await t.deps.db.ownerDigest.findMany({ where: { orgId: org.id } })).toEqual([
      expect.objectContaining({
        day: now.toISOString().slice(0, 10),
        sentTo: expect.stringContaining(org.owner.email),
      }),
    ]);
  });

  it('when two instances run it at the same time, then each owner still gets exactly one mail; the next UTC day sends again', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Twin Runs Ltd' });
    const mine = () => smtp.received.filter((mail) => mail.to.includes(org.owner.email)).length;

    // Act
    await Promise.all([sendOwnerSummaries(t.deps), sendOwnerSummaries(t.deps)]);
    const sameDay = mine();
    t.clock.advance(DAY_MS);
    await sendOwnerSummaries(t.deps);

    // Assert
    expect(sameDay).toBe(1);
    expect(mine()).toBe(2);
  });

  it('when the owner’s mail is refused, then the day stays unclaimed so a later run retries', async () => {
    // Arrange: the test SMTP server refuses addresses starting with reject-.
    const org = await seedOrg(t.deps, {
      owner: await seedUser(t.deps, { email: `reject-owner-${Date.now()}@example.test` }),
    });

    // Act
    const result = await sendOwnerSummaries(t.deps);

    // Assert
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(await t.deps.db.ownerDigest.count({ where: { orgId: org.id } })).toBe(0);
  });
  it('when the org has transactions, then the summary tells this month so far, cash and runway in the org currency; without any it has no money lines', async () => {
    // Arrange
    t.clock.set(new Date('2026-11-20T07:00:00.000Z'));
    const withBooks = await seedOrg(t.deps, { name: 'Counted Coffee' });
    const withoutBooks = await seedOrg(t.deps, { name: 'Blank Ledger Ltd' });
    await seedBooks(t.deps, {
      orgId: withBooks.id,
      currency: 'EUR',
      openingBalanceMinor: 10_000_00,
      categories: { Sales: 'income', Rent: 'expense' },
      transactions: [
        { date: '2026-08-01', amountMinor: -1_500_00, category: 'Rent' },
        { date: '2026-09-01', amountMinor: -1_500_00, category: 'Rent' },
        { date: '2026-10-01', amountMinor: -1_500_00, category: 'Rent' },
        { date: '2026-11-01', amountMinor: -1_500_00, category: 'Rent' },
        { date: '2026-11-03', amountMinor: 900_00, category: 'Sales' },
        { date: '2026-11-04', amountMinor: -40_00 },
      ],
    });
    await seedBooks(t.deps, { orgId: withoutBooks.id, categories: { Sales: 'income' } });
    const mailTo = (email: string) => smtp.received.find((mail) => mail.to.includes(email))?.raw ?? '';

    // Act
    await sendOwnerSummaries(t.deps);

    // Assert: cash 10,000 - 4 x 1,500 + 900 - 40 = 4,860; burn 1,500 a month.
    const text = mailPart(mailTo(withBooks.owner.email), 'text/plain') ?? '';
    expect(text).toContain(
      [
        'Money this month so far',
        '- Income €900.00, expenses €1,540.00, loss €640.00',
        '- Cash: €4,860.00',
        '- Runway: about 3.2 months at a burn of €1,500.00 a month',
        '- Uncategorised transactions: 1',
      ].join('\n'),
    );
    expect(mailPart(mailTo(withBooks.owner.email), 'text/html')).toContain('<li>Cash: €4,860.00</li>');
    expect(mailPart(mailTo(withoutBooks.owner.email), 'text/plain')).not.toContain('Money this month so far');
    t.clock.set(new Date());
  });
});
