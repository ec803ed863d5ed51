import {
  campaignRecipientCapFor,
  campaignRecipientCapText,
  campaignTooLargeMessage,
  limitFor,
  monthKey,
  nextMonthStart,
  nextPlan,
  type Plan,
  type UsageResource,
} from './plans';

describe('limitFor', () => {
  const table: [Plan, UsageResource, number][] = [
    ['free', 'tasks', 10],
    ['free', 'posts', 5],
    ['free', 'emails', 3],
    ['free', 'aiMessages', 50],
    ['pro', 'tasks', 100],
    ['pro', 'posts', 50],
    ['pro', 'emails', 25],
    ['pro', 'aiMessages', 1000],
    ['enterprise', 'tasks', 1000],
    ['enterprise', 'posts', 500],
    ['enterprise', 'emails', 250],
    ['enterprise', 'aiMessages', 10000],
  ];
  it.each(table)('when the plan is %s and the resource %s, then the monthly limit is %d', (plan, resource, limit) => {
    expect(limitFor(plan, resource)).toBe(limit);
  });
});

describe('nextPlan', () => {
  it.each<[Plan, Plan | null]>([
    ['free', 'pro'],
    ['pro', 'enterprise'],
    ['enterprise', null],
  ])('when the plan is %s, then the upgrade is %s', (plan, next) => {
    expect(nextPlan(plan)).toBe(next);
  });
});

describe('monthKey', () => {
  it.each([
    ['2026-11-22T09:00:00.000Z', '2026-11'],
    ['2026-01-01T00:00:00.000Z', '2026-01'],
    ['2026-12-31T23:59:59.999Z', '2026-12'],
    // 23:30 on 30 Nov in New York is already December in UTC.
    ['2026-11-30T23:30:00.000-05:00', '2026-12'],
    ['2027-01-01T00:30:00.000+01:00', '2026-12'],
  ])('when the date is %s, then the UTC month is %s', (iso, key) => {
    expect(monthKey(new Date(iso))).toBe(key);
  });
});

describe('nextMonthStart', () => {
  it.each([
    ['2026-11-22T09:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', '2027-01-01T00:00:00.000Z'],
    ['2026-01-31T12:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    ['2028-02-29T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
    ['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
  ])('when the date is %s, then the next month starts at %s', (iso, next) => {
    expect(nextMonthStart(new Date(iso)).toISOString()).toBe(next);
  });
});

describe('campaign recipient caps', () => {
  it.each<[Plan, number]>([
    ['free', 100],
    ['pro', 2_500],
    ['enterprise', 25_000],
  ])('when the plan is %s, then one campaign may go to at most %d recipients', (plan, cap) => {
    expect(campaignRecipientCapFor(plan)).toBe(cap);
  });

  it('when the plans list their limits, then the cap reads in words', () => {
    expect(campaignRecipientCapText('pro')).toBe('Up to 2,500 recipients per campaign');
  });

  it('when a campaign is over the cap, then the message names its size, the plan and the cap', () => {
    expect(campaignTooLargeMessage('pro', 3_412)).toBe(
      'This campaign has 3,412 recipients; the Pro plan sends to at most 2,500 per campaign. Narrow the audience or upgrade.',
    );
    // The largest plan has nothing to upgrade to.
    expect(campaignTooLargeMessage('enterprise', 30_000)).toBe(
      'This campaign has 30,000 recipients; the Enterprise plan sends to at most 25,000 per campaign. Narrow the audience.',
    );
  });
});
