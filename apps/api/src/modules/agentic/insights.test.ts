import {
  detectInsights,
  followupKey,
  goalLag,
  isoWeek,
  MAX_FOLLOWUPS_PER_RUN,
  type AgenticFacts,
  type LeadFact,
  type MoneyFacts,
  type MoneyTransactionFact,
} from './insights';

const now = new Date('2026-11-20T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

const lead = (over: Partial<LeadFact> & { id: string }): LeadFact => ({
  name: `Lead ${over.id}`,
  company: '',
  stage: 'contacted',
  valueCents: 0,
  lastActivityAt: daysAgo(20),
  createdAt: daysAgo(60),
  ...over,
});

// A healthy org: nothing to notice.
const facts = (over: Partial<AgenticFacts> = {}): AgenticFacts => ({
  now,
  org: {
    name: 'Loaf & Co',
    industry: 'Bakery',
    companyDescription: 'Sourdough for offices',
    goals: ['Win 5 office clients'],
    createdAt: daysAgo(365),
  },
  staleLeads: [],
  quietDeals: [],
  leftAlone: [],
  followupCap: MAX_FOLLOWUPS_PER_RUN,
  whatWorked: { followup: [], post: [] },
  content: { recentPosts: 3, scheduledAhead: 1, queuedPostTasks: 0, lastPublishedAt: daysAgo(3), drafts: 0 },
  backlog: { overdueCount: 0, oldestDueAt: null, oldestTaskId: null },
  failures: { count: 0, errors: [] },
  goals: [],
  money: null,
  projects: [],
  ...over,
});

describe('detectInsights', () => {
  it('when the org is healthy, then nothing is found', () => {
    expect(detectInsights(facts())).toEqual([]);
  });

  it('when open leads are stale, then one insight lists them with days and total value and plans one follow-up each', () => {
    const [insight, ...rest] = detectInsights(
      facts({
        staleLeads: [
          lead({ id: 'a', name: 'Dana Whitfield', valueCents: 30_000_00, lastActivityAt: daysAgo(21) }),
          lead({ id: 'b', name: 'Sam Ortiz', valueCents: 21_000_00, lastActivityAt: null, createdAt: daysAgo(15) }),
        ],
      }),
    );
    expect(rest).toEqual([]);
    expect(insight).toMatchObject({ kind: 'stale_leads', confidence: 0.9, title: '2 leads have gone quiet' });
    expect(insight?.reason).toBe(
      '2 open leads worth $51,000 have had no contact for 14+ days: Dana Whitfield (21 days), Sam Ortiz (15 days).',
    );
    expect(insight?.actions).toHaveLength(2);
    expect(insight?.actions[1]).toMatchObject({
      kind: 'task',
      task: {
        type: 'lead_followup',
        title: 'Follow up with Sam Ortiz',
        input: { leadId: 'b', sendEmail: true },
        dedupeKey: 'followup:b:none',
      },
    });
  });

  it('when more leads are stale than one run follows up, then the first ones get tasks and the reason says the rest come later', () => {
    const many = Array.from({ length: MAX_FOLLOWUPS_PER_RUN + 3 }, (_, i) => lead({ id: `l${i}` }));
    const [insight] = detectInsights(facts({ staleLeads: many }));
    expect(insight?.actions).toHaveLength(MAX_FOLLOWUPS_PER_RUN);
    expect(insight?.reason).toContain(`The ${MAX_FOLLOWUPS_PER_RUN} most valuable get a follow-up now`);
  });

  it('when a big proposal goes quiet, then it is a deal at risk whose brief mentions the proposal, and it is not repeated as a stale lead', () => {
    const deal = lead({ id: 'd', name: 'Acme', stage: 'proposal', valueCents: 12_000_00, lastActivityAt: daysAgo(16) });
    const insights = detectInsights(facts({ quietDeals: [deal], staleLeads: [deal, lead({ id: 's' })] }));
    expect(insights.map((i) => i.kind)).toEqual(['deals_at_risk', 'stale_leads']);
    expect(insights[0]).toMatchObject({ confidence: 0.85, title: '1 deal worth $12,000 is at risk' });
    const action = insights[0]?.actions[0];
    expect(action?.kind === 'task' && action.task.input).toMatchObject({
      leadId: 'd',
      brief: expect.stringContaining('proposal'),
    });
    expect(insights[1]?.actions.map((a) => a.kind === 'task' && a.task.input)).toEqual([
      expect.objectContaining({ leadId: 's' }),
    ]);
  });

  it('when fewer than 2 posts went out in 14 days and nothing is ahead, then one post task is planned for the ISO week', () => {
    const quiet = { recentPosts: 1, scheduledAhead: 0, queuedPostTasks: 0, lastPublishedAt: daysAgo(9), drafts: 2 };
    const [insight] = detectInsights(facts({ content: quiet }));
    expect(insight).toMatchObject({ kind: 'low_content_output', confidence: 0.8 });
    expect(insight?.actions[0]).toMatchObject({
      kind: 'task',
      task: { type: 'social_media_post', dedupeKey: 'content:2026-W47', input: { publish: true } },
    });
    const brief =
      insight?.actions[0]?.kind === 'task' ? String((insight.actions[0].task.input as { brief: string }).brief) : '';
    expect(brief).toContain('Bakery');
    expect(brief).toContain('Win 5 office clients');
  });

  it('when the last post went out 9 days ago and 2 drafts wait, then the reason names both and the brief carries what worked', () => {
    const quiet = { recentPosts: 1, scheduledAhead: 0, queuedPostTasks: 0, lastPublishedAt: daysAgo(9), drafts: 2 };
    const [insight] = detectInsights(
      facts({
        content: quiet,
        whatWorked: { followup: [], post: ['Posts on Tuesday got new leads 3 times out of 4'] },
      }),
    );
    expect(insight?.reason).toContain('The last post went out on 2026-11-11, and 2 drafts wait to be published.');
    expect(insight?.actions[0]).toMatchObject({
      reason: expect.stringContaining('waits for your approval'),
      task: { input: { brief: expect.stringContaining('Posts on Tuesday got new leads 3 times out of 4') } },
    });
  });

  it('when an org that never published is 13 days old, then it is a calm start; at 14 days with nothing out it is low content', () => {
    const never = { recentPosts: 0, scheduledAhead: 0, queuedPostTasks: 0, lastPublishedAt: null, drafts: 0 };
    const young = facts({ content: never, org: { ...facts().org, createdAt: daysAgo(13) } });
    const older = facts({ content: never, org: { ...facts().org, createdAt: daysAgo(14) } });
    expect(detectInsights(young)).toEqual([]);
    expect(detectInsights(older)[0]?.reason).toContain('Nothing has been published yet, and no drafts wait.');
  });

  it('when a post is scheduled ahead or a post task is queued, then content output is not low', () => {
    const none = { recentPosts: 0, lastPublishedAt: daysAgo(30), drafts: 0 };
    expect(detectInsights(facts({ content: { ...none, scheduledAhead: 1, queuedPostTasks: 0 } }))).toEqual([]);
    expect(detectInsights(facts({ content: { ...none, scheduledAhead: 0, queuedPostTasks: 1 } }))).toEqual([]);
  });

  it('when 10 tasks are overdue or the oldest waited a day, then the backlog is a warning without tasks', () => {
    const byCount = detectInsights(
      facts({ backlog: { overdueCount: 10, oldestDueAt: daysAgo(0.1), oldestTaskId: 't1' } }),
    );
    const byAge = detectInsights(facts({ backlog: { overdueCount: 1, oldestDueAt: daysAgo(3), oldestTaskId: 't2' } }));
    const neither = detectInsights(
      facts({ backlog: { overdueCount: 9, oldestDueAt: daysAgo(0.5), oldestTaskId: 't3' } }),
    );
    expect(byCount[0]).toMatchObject({ kind: 'task_backlog', confidence: 0.85, actions: [{ kind: 'warning' }] });
    expect(byAge[0]?.reason).toContain('the oldest has waited 3 days');
    expect(neither).toEqual([]);
  });

  it('when 3 tasks failed this week, then the warning names the most common error', () => {
    const [insight] = detectInsights(
      facts({
        failures: {
          count: 3,
          errors: [
            { message: 'LinkedIn is not connected', count: 2 },
            { message: 'Timeout', count: 1 },
          ],
        },
      }),
    );
    expect(insight).toMatchObject({ kind: 'failing_tasks', confidence: 0.8, actions: [{ kind: 'warning' }] });
    expect(insight?.reason).toContain('"LinkedIn is not connected"');
    expect(detectInsights(facts({ failures: { count: 2, errors: [{ message: 'x', count: 2 }] } }))).toEqual([]);
  });

  it('when a goal trails its elapsed time by 25 points, then a catch-up step is planned at confidence 0.7', () => {
    const goal = {
      id: 'g',
      title: 'Win 5 office clients',
      createdAt: daysAgo(60),
      targetDate: new Date(now.getTime() + 40 * 86_400_000),
      completed: 1,
      total: 4,
      percent: 25,
      live: null,
    };
    expect(goalLag(goal, now)).toEqual({ elapsedPercent: 60, behindBy: 35 });
    const [insight] = detectInsights(facts({ goals: [goal] }));
    expect(insight).toMatchObject({ kind: 'goal_off_track', confidence: 0.7 });
    expect(insight?.reason).toBe(
      '60% of the time to 2026-12-30 has passed but the goal is 25% done (1 of 4 steps): 35 points behind.',
    );
    expect(insight?.actions[0]).toMatchObject({ kind: 'task', task: { type: 'goal_step', input: { goalId: 'g' } } });
    expect(detectInsights(facts({ goals: [{ ...goal, completed: 2, percent: 50 }] }))).toEqual([]);
  });

  it('when a metric goal projects short of its target after 20% of its time, then the reason gives value, target, projection and deadline', () => {
    const live = {
      metric: 'deals_won' as const,
      unit: 'count' as const,
      currency: null,
      value: 1,
      target: 5,
      percent: 20,
      projected: 3,
      onTrack: false,
      elapsedPercent: 30,
      summary: '',
    };
    const goal = {
      id: 'g',
      title: 'Win 5 deals',
      createdAt: daysAgo(9),
      targetDate: new Date(now.getTime() + 21 * 86_400_000),
      completed: 0,
      total: 0,
      percent: 0,
      live,
    };
    const [insight] = detectInsights(facts({ goals: [goal] }));
    expect(insight).toMatchObject({ kind: 'goal_off_track', title: '"Win 5 deals" is off track' });
    expect(insight?.reason).toBe(
      'deals won: 1 of the 5 target so far, with 30% of the time gone. At this pace it reaches 3 by the deadline on 2026-12-11, short of 5.',
    );
    expect(insight?.actions[0]).toMatchObject({
      task: { type: 'goal_step', dedupeKey: 'goal-catchup:g:deals_won:1/5' },
    });
    // Same standing an hour later: the same fingerprint; one more deal won changes it.
    const later = detectInsights(facts({ now: new Date(now.getTime() + 3_600_000), goals: [goal] }))[0];
    const moved = detectInsights(facts({ goals: [{ ...goal, live: { ...live, value: 2 } }] }))[0];
    expect(later?.data.fingerprint).toBe(insight?.data.fingerprint);
    expect(moved?.data.fingerprint).not.toBe(insight?.data.fingerprint);
    // Too early (under 20% of the time, or under 3 days), or on track: nothing.
    const young = { ...goal, createdAt: daysAgo(2), targetDate: new Date(now.getTime() + 5 * 86_400_000) };
    const early = { ...goal, createdAt: daysAgo(4), targetDate: new Date(now.getTime() + 26 * 86_400_000) };
    expect(detectInsights(facts({ goals: [young] }))).toEqual([]);
    expect(detectInsights(facts({ goals: [early] }))).toEqual([]);
    expect(detectInsights(facts({ goals: [{ ...goal, live: { ...live, onTrack: true } }] }))).toEqual([]);
  });

  it('when an unsubscribed lead is quiet too, then it is named as left alone and gets no action; alone it makes no insight', () => {
    const jane = lead({ id: 'j', name: 'Jane Doe' });
    const [insight] = detectInsights(
      facts({
        staleLeads: [lead({ id: 'a', name: 'Dana' })],
        leftAlone: [{ lead: jane, why: 'unsubscribed', deal: false }],
        whatWorked: { followup: ['Follow-ups that mention the proposal got a reply 4 times out of 6'], post: [] },
      }),
    );
    expect(insight?.reason).toContain('Left alone: Jane Doe (unsubscribed).');
    expect(insight?.actions).toHaveLength(1);
    expect(insight?.actions[0]).toMatchObject({
      reason: expect.stringContaining('The proposed email waits for your approval'),
      task: { input: { leadId: 'a', sendEmail: true, brief: expect.stringContaining('got a reply 4 times out of 6') } },
    });
    expect(JSON.stringify(insight?.actions)).not.toMatch(/\bsent\b/i);
    expect(detectInsights(facts({ leftAlone: [{ lead: jane, why: 'unsubscribed', deal: false }] }))).toEqual([]);
  });

  it('when this run has no follow-ups left (the last run used them), then quiet leads wait without an insight', () => {
    expect(detectInsights(facts({ staleLeads: [lead({ id: 'a' })], followupCap: 0 }))).toEqual([]);
  });

  it('when the same evidence is seen twice, then the fingerprint is the same; new activity changes it', () => {
    const first = detectInsights(facts({ staleLeads: [lead({ id: 'a' })] }))[0];
    const again = detectInsights(facts({ staleLeads: [lead({ id: 'a' })] }))[0];
    const after = detectInsights(facts({ staleLeads: [lead({ id: 'a', lastActivityAt: daysAgo(15) })] }))[0];
    expect(again?.data.fingerprint).toBe(first?.data.fingerprint);
    expect(after?.data.fingerprint).not.toBe(first?.data.fingerprint);
  });
});

describe('keys', () => {
  it('when dates cross a year, then the ISO week follows ISO 8601', () => {
    expect(isoWeek(new Date('2026-01-01T00:00:00Z'))).toBe('2026-W01');
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2026-11-22T23:00:00Z'))).toBe('2026-W47');
  });

  it('when a lead has activity, then its follow-up key holds that time', () => {
    expect(followupKey({ id: 'x', lastActivityAt: new Date('2026-11-01T10:00:00.000Z') })).toBe(
      'followup:x:2026-11-01T10:00:00.000Z',
    );
  });
});

// Books in EUR on 2026-11-20 (the org's day): quiet, categorised and cash-flow positive.
const books = (over: Partial<MoneyFacts> = {}): MoneyFacts => ({
  currency: 'EUR',
  today: '2026-11-20',
  previousMonths: ['2026-08', '2026-09', '2026-10'],
  coversPreviousMonths: true,
  categorySpend: [],
  lastPayments: [],
  cashMinor: 50_000_00,
  runway: { kind: 'cash_flow_positive', months: null, burnMinorPerMonth: 0 },
  recent: { count: 40, uncategorised: 2, uncategorisedInMinor: 0, uncategorisedOutMinor: 30_00, topCounterparties: [] },
  ...over,
});
const payment = (id: string, date: string, amountMinor: number, counterparty = 'Adobe'): MoneyTransactionFact => ({
  id,
  date,
  counterparty,
  description: '',
  amountMinor,
});
const moneyInsights = (money: MoneyFacts) => detectInsights(facts({ money }));

describe('CFO insights', () => {
  it('when the org has no transactions or healthy books, then no money insight is found', () => {
    expect(detectInsights(facts({ money: null }))).toEqual([]);
    expect(moneyInsights(books())).toEqual([]);
  });

  it('when a category spent 2.3x its 3-month average, then the insight names it, both figures, the months and the biggest payments', () => {
    // Arrange
    const software = {
      categoryId: 'c-software',
      name: 'Software',
      thisMonthMinor: 1_150_00,
      previousMonthsMinor: [450_00, 520_00, 530_00] as [number, number, number],
      top: [payment('t1', '2026-11-12', -600_00, 'Figma'), payment('t2', '2026-11-03', -300_00, 'Notion')],
    };
    // Act
    const [insight, ...rest] = moneyInsights(books({ categorySpend: [software] }));
    // Assert
    expect(rest).toEqual([]);
    expect(insight).toMatchObject({
      kind: 'spending_spike',
      confidence: 0.75,
      title: 'Software spending is 2.3x its usual: €1,150.00 this month',
      actions: [{ kind: 'warning', title: 'Review Software spending' }],
      data: {
        category: 'Software',
        month: '2026-11',
        thisMonthMinor: 1_150_00,
        averageMinor: 500_00,
        ratio: 2.3,
        currency: 'EUR',
        topTransactions: [
          expect.objectContaining({ id: 't1', amountMinor: -600_00 }),
          expect.objectContaining({ id: 't2' }),
        ],
      },
    });
    expect(insight?.reason).toBe(
      'Software: €1,150.00 spent so far in November 2026 against an average of €500.00 a month over the 3 months before ' +
        '(August 2026 €450.00, September 2026 €520.00, October 2026 €530.00). ' +
        'Biggest payments: 2026-11-12 Figma €600.00; 2026-11-03 Notion €300.00. Check that each was planned.',
    );
  });

  it('when a category is under 1.5x its average, only a little above it, or the books are younger than 3 months, then it is no spike', () => {
    const category = (thisMonthMinor: number, previous: number) => ({
      categoryId: 'c',
      name: 'Travel',
      thisMonthMinor,
      previousMonthsMinor: [previous, previous, previous] as [number, number, number],
      top: [],
    });
    expect(moneyInsights(books({ categorySpend: [category(700_00, 500_00)] }))).toEqual([]);
    // Three times the average, but only €40 above it.
    expect(moneyInsights(books({ categorySpend: [category(60_00, 20_00)] }))).toEqual([]);
    expect(moneyInsights(books({ coversPreviousMonths: false, categorySpend: [category(2_000_00, 500_00)] }))).toEqual(
      [],
    );
    // New spending of €100 or more in a category with nothing before is a spike.
    expect(moneyInsights(books({ categorySpend: [category(250_00, 0)] }))[0]?.title).toBe(
      'Travel: €250.00 this month, nothing in the 3 months before',
    );
  });

  it('when a monthly charge went from €49.99 to €59.99, then the insight names the counterparty, both amounts and the yearly cost', () => {
    // Arrange
    const payments = [
      payment('a1', '2026-09-05', -49_99),
      payment('a2', '2026-10-05', -49_99),
      payment('a3', '2026-11-05', -59_99),
    ];
    // Act
    const [insight] = moneyInsights(books({ lastPayments: [{ counterparty: 'Adobe', payments }] }));
    // Assert
    expect(insight).toMatchObject({
      kind: 'recurring_charge_up',
      confidence: 0.8,
      title: 'Adobe went up 20%: €49.99 to €59.99 a month',
      data: { counterparty: 'Adobe', oldAmountMinor: 49_99, newAmountMinor: 59_99, increasePercent: 20 },
      actions: [{ kind: 'warning' }],
    });
    expect(insight?.reason).toBe(
      'The monthly charge from Adobe was €49.99 (2026-09-05, 2026-10-05) and is €59.99 on 2026-11-05: ' +
        'up €10.00 (20%), about €120.00 a year. Check that the new price was agreed, or look for a cheaper plan.',
    );
  });

  it('when a charge rose under 10%, is not monthly, has only two payments, or rose long ago, then nothing is found', () => {
    const of = (payments: MoneyTransactionFact[]) =>
      moneyInsights(books({ lastPayments: [{ counterparty: 'Adobe', payments }] }));
    expect(
      of([payment('1', '2026-09-05', -49_99), payment('2', '2026-10-05', -49_99), payment('3', '2026-11-05', -54_00)]),
    ).toEqual([]);
    expect(
      of([payment('1', '2026-10-23', -49_99), payment('2', '2026-10-30', -49_99), payment('3', '2026-11-06', -69_99)]),
    ).toEqual([]);
    expect(of([payment('2', '2026-10-05', -49_99), payment('3', '2026-11-05', -69_99)])).toEqual([]);
    expect(
      of([payment('1', '2026-07-30', -49_99), payment('2', '2026-08-30', -49_99), payment('3', '2026-09-30', -69_99)]),
    ).toEqual([]);
    // Two different earlier amounts are not one recurring price.
    expect(
      of([payment('1', '2026-09-05', -20_00), payment('2', '2026-10-05', -49_99), payment('3', '2026-11-05', -69_99)]),
    ).toEqual([]);
  });

  it('when cash lasts 2.1 months, then the runway warning gives cash, burn and months; 3.4 months or a growing cash pile is fine', () => {
    const [insight] = moneyInsights(
      books({ cashMinor: 5_040_00, runway: { kind: 'months', months: 2.1, burnMinorPerMonth: 2_400_00 } }),
    );
    expect(insight).toMatchObject({
      kind: 'short_runway',
      confidence: 0.9,
      title: 'Cash lasts about 2.1 months at this burn',
      data: { cashMinor: 5_040_00, burnMinorPerMonth: 2_400_00, months: 2.1 },
    });
    expect(insight?.reason).toContain('Cash is €5,040.00 and the business burns €2,400.00 a month');
    expect(moneyInsights(books({ runway: { kind: 'months', months: 3.4, burnMinorPerMonth: 1_000_00 } }))).toEqual([]);
    expect(moneyInsights(books({ runway: { kind: 'no_data', months: null, burnMinorPerMonth: 0 } }))).toEqual([]);
  });

  it('when 20 transactions or 20% of the last 30 days lack a category, then the insight counts them with amounts and counterparties', () => {
    // Arrange
    const recent = (count: number, uncategorised: number) => ({
      count,
      uncategorised,
      uncategorisedInMinor: 1_000_00,
      uncategorisedOutMinor: 3_200_00,
      topCounterparties: [
        { counterparty: 'Amazon', count: 5 },
        { counterparty: 'Shell', count: 3 },
      ],
    });
    // Act
    const [byCount] = moneyInsights(books({ recent: recent(200, 20) }));
    const [byShare] = moneyInsights(books({ recent: recent(25, 6) }));
    // Assert
    expect(byCount).toMatchObject({
      kind: 'uncategorised_backlog',
      confidence: 0.8,
      title: '20 transactions need a category',
      data: { uncategorised: 20, count: 200, sharePercent: 10, windowDays: 30 },
    });
    expect(byCount?.reason).toBe(
      '20 of the 200 transactions of the last 30 days (10%) have no category (€3,200.00 out, €1,000.00 in), ' +
        'so the profit and loss and these insights miss them. Most are from Amazon (5), Shell (3). ' +
        'Categorise them on the Money page, or make a rule so the next import does it.',
    );
    expect(byShare).toMatchObject({ kind: 'uncategorised_backlog', data: { sharePercent: 24 } });
    expect(moneyInsights(books({ recent: recent(200, 19) }))).toEqual([]);
    expect(moneyInsights(books({ recent: recent(10, 4) }))).toEqual([]);
  });

  it('when the same money evidence is seen again the same month, then its fingerprint is the same', () => {
    const short = books({ runway: { kind: 'months', months: 2.5, burnMinorPerMonth: 1_000_00 } });
    const first = moneyInsights(short)[0];
    const again = moneyInsights({ ...short, today: '2026-11-28' })[0];
    const nextMonth = moneyInsights({ ...short, today: '2026-12-02' })[0];
    expect(again?.data.fingerprint).toBe(first?.data.fingerprint);
    expect(nextMonth?.data.fingerprint).not.toBe(first?.data.fingerprint);
  });
});
