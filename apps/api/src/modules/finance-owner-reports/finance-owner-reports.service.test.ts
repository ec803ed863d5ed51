import { formatMoney } from '@aiceo/shared/money';
import { mailPart, parseMail } from '../../testing/mail-parts';
import { addMember, seedOrg, seedUser, type SeededOrg } from '../../testing/seed';
import { seedBooks } from '../../testing/seed-books';
import { startTestSmtpServer } from '../../testing/smtp-server';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { profitAndLoss } from '../finance-reports/finance-reports.service';
import { sendDueFinanceReports } from './finance-owner-reports.service';
import { duePeriods, isoWeekOf, lastFullMonth, lastFullWeek, localNow } from './report-periods';

describe('report periods', () => {
  it('when it is Monday 30 Nov 2026, then the last full week is 23 to 29 Nov (2026-W48) and the one before 16 to 22 Nov', () => {
    expect(lastFullWeek('2026-11-30')).toEqual({
      kind: 'weekly',
      key: 'weekly:2026-W48',
      from: '2026-11-23',
      to: '2026-11-29',
      previous: { from: '2026-11-16', to: '2026-11-22' },
    });
    // On a Sunday the week still running is not full.
    expect(lastFullWeek('2026-11-29').key).toBe('weekly:2026-W47');
  });

  it('when it is 1 Jan 2027, then the last full month is December 2026 and the one before November', () => {
    expect(lastFullMonth('2027-01-01')).toEqual({
      kind: 'monthly',
      key: 'monthly:2026-12',
      from: '2026-12-01',
      to: '2026-12-31',
      previous: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(lastFullMonth('2026-03-01')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('when days cross a year, then the ISO week follows ISO 8601', () => {
    expect(isoWeekOf('2026-12-28')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
  });

  it('when the same instant is read in three timezones, then the local day, weekday and hour differ', () => {
    const instant = new Date('2026-11-30T07:05:00.000Z');
    expect(localNow(instant, 'Europe/Berlin')).toEqual({ day: '2026-11-30', weekday: 1, hour: 8 });
    expect(localNow(instant, 'America/New_York')).toEqual({ day: '2026-11-30', weekday: 1, hour: 2 });
    expect(localNow(instant, 'Pacific/Auckland')).toEqual({ day: '2026-11-30', weekday: 1, hour: 20 });
    expect(localNow(new Date('2026-11-29T23:30:00.000Z'), 'Pacific/Auckland')).toMatchObject({ weekday: 1 });
  });

  it('when the hour has not come, or it is another weekday or not the 1st, then nothing is due', () => {
    const schedule = { weeklyEnabled: true, weeklyWeekday: 1, monthlyEnabled: true, hour: 8 };
    expect(duePeriods(schedule, { day: '2026-11-30', weekday: 1, hour: 7 })).toEqual([]);
    expect(duePeriods(schedule, { day: '2026-12-01', weekday: 2, hour: 23 }).map((p) => p.key)).toEqual([
      'monthly:2026-11',
    ]);
    expect(duePeriods(schedule, { day: '2026-12-02', weekday: 3, hour: 9 })).toEqual([]);
    expect(
      duePeriods({ ...schedule, monthlyEnabled: false }, { day: '2027-03-01', weekday: 1, hour: 8 }).map((p) => p.key),
    ).toEqual(['weekly:2027-W08']);
  });
});

describe('sendDueFinanceReports', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let t: TestContext;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestContext({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'AI CEO <no-reply@aiceo.test>',
        FRONTEND_URL: 'https://app.aiceo.test/',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  afterEach(() => t.clock.set(new Date()));

  const mailsTo = (email: string) => smtp.received.filter((mail) => mail.to.includes(email));

  /** A Berlin bakery with weekly (Monday 8:00) and monthly emails, and books for November's last weeks. */
  const seedBakery = async (name: string, options: { timezone?: string } = {}) => {
    const org = await seedOrg(t.deps, { name });
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await seedBooks(t.deps, {
      orgId: org.id,
      currency: 'EUR',
      timezone: options.timezone ?? 'Europe/Berlin',
      openingBalanceMinor: 5_000_00,
      categories: { Sales: 'income', Services: 'income', Rent: 'expense', Software: 'expense' },
      transactions: [
        { date: '2026-10-20', amountMinor: 800_00, category: 'Sales' },
        { date: '2026-11-17', amountMinor: 1_500_00, category: 'Sales' },
        { date: '2026-11-18', amountMinor: -300_00, category: 'Software' },
        { date: '2026-11-23', amountMinor: -1_200_00, category: 'Rent' },
        { date: '2026-11-24', amountMinor: 2_000_00, category: 'Sales' },
        { date: '2026-11-26', amountMinor: 1_000_00, category: 'Services' },
        { date: '2026-11-27', amountMinor: -300_00, category: 'Software' },
        { date: '2026-11-28', amountMinor: -50_00, counterparty: 'Corner shop' },
        { date: '2026-11-30', amountMinor: 999_00, category: 'Sales' },
      ],
    });
    await t.deps.db.financeReportSettings.create({
      data: { orgId: org.id, weeklyEnabled: true, weeklyWeekday: 1, monthlyEnabled: true, hour: 8 },
    });
    return { org, admin, member };
  };
  const sendsOf = (org: SeededOrg) =>
    t.deps.db.financeReportSend.findMany({ where: { orgId: org.id }, orderBy: { period: 'asc' } });

  it('when it is 7:30 in Berlin on the weekday, then nothing is sent; at 8:05 the weekly P&L goes to the owners and admins once, with both parts and the figures of profitAndLoss', async () => {
    // Arrange
    const { org, admin, member } = await seedBakery('Brightside Bakery');
    // Act
    t.clock.set(new Date('2026-11-30T06:30:00.000Z'));
    await sendDueFinanceReports(t.deps);
    const beforeHour = mailsTo(org.owner.email).length;
    t.clock.set(new Date('2026-11-30T07:05:00.000Z'));
    const first = await sendDueFinanceReports(t.deps);
    t.clock.set(new Date('2026-11-30T07:20:00.000Z'));
    await sendDueFinanceReports(t.deps);

    // Assert
    expect(beforeHour).toBe(0);
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(mailsTo(org.owner.email)).toHaveLength(1);
    expect(mailsTo(admin.email)).toHaveLength(1);
    expect(mailsTo(member.email)).toHaveLength(0);
    expect(await sendsOf(org)).toEqual([
      expect.objectContaining({ period: 'weekly:2026-W48', sentTo: `${org.owner.email}, ${admin.email}` }),
    ]);

    const raw = mailsTo(org.owner.email)[0]?.raw ?? '';
    const mail = parseMail(raw);
    expect(mail.subject).toBe('Brightside Bakery: weekly profit and loss for the week 23 Nov 2026 to 29 Nov 2026');
    expect(mail.parts.map((part) => part.contentType.split(';')[0])).toEqual(['text/plain', 'text/html']);
    const text = mailPart(raw, 'text/plain') ?? '';
    const html = mailPart(raw, 'text/html') ?? '';
    // The figures are profitAndLoss's for the week and the week before ...
    const pnl = await profitAndLoss(t.deps, { orgId: org.id, from: '2026-11-23', to: '2026-11-29' });
    const before = await profitAndLoss(t.deps, { orgId: org.id, from: '2026-11-16', to: '2026-11-22' });
    const eur = (minor: number) => formatMoney(minor, 'EUR');
    for (const line of [...pnl.income, ...pnl.expenses]) {
      expect(text).toContain(`- ${line.name}: ${eur(line.amountMinor)}`);
      expect(html).toContain(
        `${line.name}</td><td style="padding:4px 12px 4px 0;text-align:right">${eur(line.amountMinor)}`,
      );
    }
    expect(text).toContain(`- Uncategorised money out: ${eur(pnl.uncategorisedOutMinor)}`);
    expect(text).toContain(`- Total income: ${eur(pnl.incomeMinor)} (`);
    expect(text).toContain(`- Total expenses: ${eur(pnl.expenseMinor)} (`);
    expect(text).toContain(`- Net profit: ${eur(pnl.netMinor)} (`);
    expect(text).toContain(`- Margin: ${pnl.marginPercent}%`);
    expect(text).toContain(`vs ${eur(before.incomeMinor)} the week before`);
    // ... which are, worked out by hand from the transactions:
    expect(text).toContain(
      [
        'Income',
        '- Sales: €2,000.00',
        '- Services: €1,000.00',
        '- Total income: €3,000.00 (+€1,500.00 (+100%) vs €1,500.00 the week before)',
        '',
        'Expenses',
        '- Rent: €1,200.00',
        '- Software: €300.00',
        '- Uncategorised money out: €50.00',
        '- Total expenses: €1,550.00 (+€1,250.00 (+416.7%) vs €300.00 the week before)',
        '',
        'Result',
        '- Net profit: €1,450.00 (+€250.00 (+20.8%) vs €1,200.00 the week before)',
        '- Margin: 48.3% (80% the week before)',
      ].join('\n'),
    );
    const link = `https://app.aiceo.test/orgs/${org.id}/money/reports`;
    expect(text).toContain(`See the full report: ${link}`);
    expect(html).toContain(`<a href="${link}">See the full report</a>`);
  });

  it('when the weekly and monthly runs of two instances race, then each recipient still gets one mail per period', async () => {
    // Arrange
    const { org, admin } = await seedBakery('Twin Ovens');
    // Act: Tuesday 1 December, 8:30 in Berlin: the monthly report is due (the weekly one is not).
    t.clock.set(new Date('2026-12-01T07:30:00.000Z'));
    const results = await Promise.all([sendDueFinanceReports(t.deps), sendDueFinanceReports(t.deps)]);
    // Assert
    expect(mailsTo(org.owner.email)).toHaveLength(1);
    expect(mailsTo(admin.email)).toHaveLength(1);
    expect(results.reduce((sum, r) => sum + r.alreadySent, 0)).toBeGreaterThanOrEqual(1);
    expect((await sendsOf(org)).map((send) => send.period)).toEqual(['monthly:2026-11']);
    const raw = mailsTo(org.owner.email)[0]?.raw ?? '';
    const november = await profitAndLoss(t.deps, { orgId: org.id, from: '2026-11-01', to: '2026-11-30' });
    expect(parseMail(raw).subject).toBe('Twin Ovens: monthly profit and loss for November 2026');
    expect(mailPart(raw, 'text/plain')).toContain(
      `- Total income: ${formatMoney(november.incomeMinor, 'EUR')} (+€4,699.00 (+587.4%) vs €800.00 the month before)`,
    );
  });

  it('when the org is in New York, then 8:05 in Berlin is 2:05 there and nothing is due yet; at 8:00 New York time it is sent', async () => {
    // Arrange
    const { org } = await seedBakery('Hudson Bagels', { timezone: 'America/New_York' });
    // Act
    t.clock.set(new Date('2026-11-30T07:05:00.000Z'));
    await sendDueFinanceReports(t.deps);
    const early = mailsTo(org.owner.email).length;
    t.clock.set(new Date('2026-11-30T13:00:00.000Z'));
    await sendDueFinanceReports(t.deps);
    // Assert
    expect(early).toBe(0);
    expect(mailsTo(org.owner.email)).toHaveLength(1);
    expect((await sendsOf(org)).map((send) => send.period)).toEqual(['weekly:2026-W48']);
  });

  it('when no recipient could be mailed, then the period stays unclaimed so a later tick retries', async () => {
    // Arrange: the test SMTP server refuses addresses starting with reject-.
    const owner = await seedUser(t.deps, { email: `reject-owner-${Date.now()}@example.test` });
    const org = await seedOrg(t.deps, { owner });
    await seedBooks(t.deps, {
      orgId: org.id,
      timezone: 'UTC',
      transactions: [{ date: '2026-11-24', amountMinor: 10_00 }],
    });
    await t.deps.db.financeReportSettings.create({
      data: { orgId: org.id, weeklyEnabled: true, weeklyWeekday: 1, monthlyEnabled: false, hour: 6 },
    });
    // Act
    t.clock.set(new Date('2026-11-30T06:10:00.000Z'));
    const result = await sendDueFinanceReports(t.deps);
    // Assert
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(await sendsOf(org)).toEqual([]);
  });
});
