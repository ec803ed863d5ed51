import {
  detectInsights,
  followupKey,
  goalLag,
  isoWeek,
  MAX_FOLLOWUPS_PER_RUN,
  type AgenticFacts,
  type LeadFact,
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
  },
  staleLeads: [],
  quietDeals: [],
  content: { recentPosts: 3, scheduledAhead: 1, queuedPostTasks: 0 },
  backlog: { overdueCount: 0, oldestDueAt: null, oldestTaskId: null },
  failures: { count: 0, errors: [] },
  goals: [],
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
        input: { leadId: 'b', sendEmail: false },
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
    const [insight] = detectInsights(facts({ content: { recentPosts: 1, scheduledAhead: 0, queuedPostTasks: 0 } }));
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

  it('when a post is scheduled ahead or a post task is queued, then content output is not low', () => {
    expect(detectInsights(facts({ content: { recentPosts: 0, scheduledAhead: 1, queuedPostTasks: 0 } }))).toEqual([]);
    expect(detectInsights(facts({ content: { recentPosts: 0, scheduledAhead: 0, queuedPostTasks: 1 } }))).toEqual([]);
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
