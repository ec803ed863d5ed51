import type { InsightKind } from '@aiceo/shared/agentic';
import type { GoalMetric } from '@aiceo/shared/goals';
import type { LeadStage } from '@aiceo/shared/leads';
import type { SeedTransaction } from '../../../testing/seed-books';

/** Every scenario is judged at this instant (a Wednesday morning): the test clock stands here. */
export const SCENARIO_NOW = new Date('2026-11-18T10:00:00.000Z');

/** Days before SCENARIO_NOW; fractions are hours (13.8 is 13 days and 19 hours). */
type DaysAgo = number;

export type LeadSpec = {
  name: string;
  company?: string;
  stage: LeadStage;
  /** Deal value in whole dollars (0 when left out). */
  value?: number;
  /** When the lead came in; 60 days ago, or 5 days before its contact, when left out. */
  createdDaysAgo?: DaysAgo;
  /** The last real contact (a call logged on the lead); left out: never contacted. */
  contactedDaysAgo?: DaysAgo;
  unsubscribedDaysAgo?: DaysAgo;
  /** A meeting booked with the lead, starting this many days from now. */
  meetingInDays?: number;
  /**
   * A follow-up the owner queued by hand: still waiting in the queue (queued an hour ago), or run
   * `daysAgo` in offline mode, which left a template drafted and never sent.
   */
  ownerFollowup?:
    | { state: 'pending' | 'running' }
    | { state: 'drafted'; daysAgo: DaysAgo }
    /** Written and emailed `daysAgo`: a real contact. */
    | { state: 'sent'; daysAgo: DaysAgo };
};

export type OrgSpec = {
  /** How old the organisation is (400 days when left out). */
  ageDays?: DaysAgo;
  /** LinkedIn posts published, days ago (default [5, 12]: a steady rhythm). */
  publishedDaysAgo?: DaysAgo[];
  /** Posts scheduled ahead, in days from now (default [3]). */
  scheduledInDays?: number[];
  /** Draft posts waiting. */
  drafts?: number;
  leads?: LeadSpec[];
  /** Report tasks that failed with `error`, the last one `daysAgo`, one a day before it. */
  failedTasks?: { count: number; error: string; daysAgo: DaysAgo };
  /** Report tasks due `hoursLate` hours ago and still waiting. */
  overdueTasks?: { count: number; hoursLate: number };
  /** A goal measured by a live number; the steps that came due ran. */
  goal?: { title: string; metric: GoalMetric; target: number; createdDaysAgo: DaysAgo; dueInDays: number };
  /**
   * The engine already ran `daysAgo` (an earlier hourly run) and the follow-ups it queued then were
   * written offline: drafts, never sent.
   */
  earlierRun?: { daysAgo: DaysAgo };
  /** Books: one bank account with an opening balance and categorised transactions. */
  books?: {
    openingBalanceMinor: number;
    categories: Record<string, 'income' | 'expense'>;
    transactions: SeedTransaction[];
  };
};

export type Scenario = {
  id: string;
  /** What an experienced operator sees in this business. */
  story: string;
  org: OrgSpec;
  expect: {
    /** The situations they would flag, and nothing else. */
    situations: InsightKind[];
    /** The leads (by name) they would follow up now. */
    followUps: string[];
    /** The leads nobody may act on: unsubscribed, won or lost, meeting ahead, follow-up pending or just done, just contacted. */
    mustNot: string[];
  };
};

const noContent = { publishedDaysAgo: [], scheduledInDays: [] };

const staleTail = Array.from({ length: 14 }, (_, i): LeadSpec => {
  const n = i + 1;
  return {
    name: `Stale Lead ${String(n).padStart(2, '0')}`,
    company: `Tail Co ${n}`,
    stage: 'contacted',
    value: n * 1_000,
    contactedDaysAgo: 20 + n,
  };
});

/** Three steady months, then the November rent leaves little cash: about 0.6 months of runway. */
const lowCashBooks: OrgSpec['books'] = {
  openingBalanceMinor: 12_000_00,
  categories: { Sales: 'income', Rent: 'expense' },
  transactions: [
    ...['2026-08', '2026-09', '2026-10'].flatMap((month): SeedTransaction[] => [
      { date: `${month}-01`, amountMinor: -3_000_00, counterparty: 'Landlord', category: 'Rent' },
      { date: `${month}-15`, amountMinor: 500_00, counterparty: 'Customer', category: 'Sales' },
    ]),
    { date: '2026-11-01', amountMinor: -3_000_00, counterparty: 'Landlord', category: 'Rent' },
  ],
};

/** Healthy cash (sales well above costs), so only what a scenario adds stands out. */
const steadyMonths = (month: string): SeedTransaction[] => [
  { date: `${month}-01`, amountMinor: -3_000_00, counterparty: 'Landlord', category: 'Rent' },
  { date: `${month}-10`, amountMinor: 10_000_00, counterparty: 'Customer', category: 'Sales' },
  { date: `${month}-12`, amountMinor: -450_00, counterparty: 'Figma', category: 'Software' },
  { date: `${month}-05`, amountMinor: -49_99, counterparty: 'Adobe', category: 'Software' },
];
const moneyCategories = { Sales: 'income', Rent: 'expense', Software: 'expense' } as const;

export const scenarios: Scenario[] = [
  {
    id: 'consultancy-big-deals-quiet',
    story:
      'A consultancy whose three biggest proposals have gone quiet for 9 to 20 days; one small client was called two days ago; past clients are won or lost.',
    org: {
      leads: [
        { name: 'Harper & Vale', stage: 'proposal', value: 48_000, contactedDaysAgo: 9 },
        { name: 'Northwind Legal', stage: 'qualified', value: 22_500, contactedDaysAgo: 11 },
        { name: 'Brightline Capital', stage: 'proposal', value: 15_000, contactedDaysAgo: 20 },
        { name: 'Kestrel Foods', stage: 'contacted', value: 2_000, contactedDaysAgo: 2 },
        { name: 'Old Mill Co', stage: 'won', value: 30_000, contactedDaysAgo: 60 },
        { name: 'Ashford Group', stage: 'lost', value: 12_000, contactedDaysAgo: 45 },
      ],
    },
    expect: {
      situations: ['deals_at_risk'],
      followUps: ['Harper & Vale', 'Northwind Legal', 'Brightline Capital'],
      mustNot: ['Kestrel Foods', 'Old Mill Co', 'Ashford Group'],
    },
  },
  {
    id: 'shop-stopped-posting',
    story: 'A shop that last posted 24 days ago, has nothing scheduled and two drafts waiting; its leads are fresh.',
    org: {
      publishedDaysAgo: [24, 31],
      scheduledInDays: [],
      drafts: 2,
      leads: [
        { name: 'Maya Brooks', stage: 'new', value: 120, createdDaysAgo: 3 },
        { name: 'Tom Reyes', stage: 'contacted', value: 80, contactedDaysAgo: 1 },
      ],
    },
    expect: { situations: ['low_content_output'], followUps: [], mustNot: ['Tom Reyes'] },
  },
  {
    id: 'healthy-business',
    story:
      'Posts go out every week, every lead was reached in the last 9 days, a proposal has its meeting booked and the lead goal is ahead of pace: nothing to flag.',
    org: {
      leads: [
        { name: 'Quinn Analytics', stage: 'qualified', value: 8_000, createdDaysAgo: 8, contactedDaysAgo: 4 },
        { name: 'Riverside Cafe', stage: 'contacted', value: 900, createdDaysAgo: 9, contactedDaysAgo: 9 },
        { name: 'Sofia Lind', stage: 'new', createdDaysAgo: 2 },
        { name: 'Tall Pines Hotel', stage: 'proposal', value: 16_000, contactedDaysAgo: 5, meetingInDays: 6 },
        { name: 'Umbra Studio', stage: 'won', value: 6_000, contactedDaysAgo: 30 },
      ],
      goal: { title: 'Bring in 3 new leads', metric: 'new_leads', target: 3, createdDaysAgo: 10, dueInDays: 20 },
    },
    expect: {
      situations: [],
      followUps: [],
      mustNot: ['Quinn Analytics', 'Tall Pines Hotel', 'Umbra Studio'],
    },
  },
  {
    id: 'season-all-won-or-lost',
    story: 'The season is over: every lead is won or lost, some months ago. Nothing is open to chase.',
    org: {
      leads: [
        { name: 'Alder Farms', stage: 'won', value: 18_000, contactedDaysAgo: 25 },
        { name: 'Birch Bakery', stage: 'won', value: 4_000, contactedDaysAgo: 40 },
        { name: 'Cedar Clinic', stage: 'won', value: 26_000, contactedDaysAgo: 90 },
        { name: 'Dogwood Dental', stage: 'lost', value: 9_000, contactedDaysAgo: 21 },
        { name: 'Elm Street Gym', stage: 'lost', value: 1_500, contactedDaysAgo: 60 },
        { name: 'Fir & Co', stage: 'lost', value: 50_000, contactedDaysAgo: 15 },
      ],
    },
    expect: {
      situations: [],
      followUps: [],
      mustNot: ['Alder Farms', 'Birch Bakery', 'Cedar Clinic', 'Dogwood Dental', 'Elm Street Gym', 'Fir & Co'],
    },
  },
  {
    id: 'stale-day-boundary-13-vs-14',
    story:
      'One lead quiet 13 days (not yet stale), one 14 days (stale); a new lead never contacted in 15 days (stale) and one in 13 (not yet).',
    org: {
      leads: [
        { name: 'Thirteen Days', stage: 'contacted', value: 2_000, contactedDaysAgo: 13.8 },
        { name: 'Fourteen Days', stage: 'contacted', value: 2_000, contactedDaysAgo: 14.1 },
        { name: 'Never Called 15', stage: 'new', value: 500, createdDaysAgo: 15.1 },
        { name: 'Never Called 13', stage: 'new', value: 500, createdDaysAgo: 13.8 },
      ],
    },
    expect: { situations: ['stale_leads'], followUps: ['Fourteen Days', 'Never Called 15'], mustNot: [] },
  },
  {
    id: 'deal-day-boundary-6-vs-7',
    story: 'Two $9,000 proposals: one quiet 6 days (fine), one 7 days (at risk).',
    org: {
      leads: [
        { name: 'Six Days Quiet', stage: 'proposal', value: 9_000, contactedDaysAgo: 6.8 },
        { name: 'Seven Days Quiet', stage: 'proposal', value: 9_000, contactedDaysAgo: 7.1 },
      ],
    },
    expect: { situations: ['deals_at_risk'], followUps: ['Seven Days Quiet'], mustNot: [] },
  },
  {
    id: 'deal-size-boundary-4999-vs-5000',
    story: 'Two qualified deals quiet 10 days: $4,999 is not yet a deal at risk (nor stale), $5,000 is.',
    org: {
      leads: [
        { name: 'Just Under', stage: 'qualified', value: 4_999, contactedDaysAgo: 10 },
        { name: 'Right At', stage: 'qualified', value: 5_000, contactedDaysAgo: 10 },
      ],
    },
    expect: { situations: ['deals_at_risk'], followUps: ['Right At'], mustNot: [] },
  },
  {
    id: 'unsubscribed-and-just-contacted',
    story:
      'A stale lead that unsubscribed, a $30,000 proposal called yesterday, and one ordinary stale lead: only the last gets a follow-up.',
    org: {
      leads: [
        { name: 'Uma Unsubscribed', stage: 'contacted', value: 1_200, contactedDaysAgo: 30, unsubscribedDaysAgo: 20 },
        { name: 'Victor Yesterday', stage: 'proposal', value: 30_000, contactedDaysAgo: 1 },
        { name: 'Wendy Stale', stage: 'contacted', value: 1_500, contactedDaysAgo: 20 },
      ],
    },
    expect: {
      situations: ['stale_leads'],
      followUps: ['Wendy Stale'],
      mustNot: ['Uma Unsubscribed', 'Victor Yesterday'],
    },
  },
  {
    id: 'meeting-booked-for-22k-proposal',
    story:
      'A $22,000 proposal quiet 10 days with the contract meeting booked for the day after tomorrow (not at risk), next to a $7,000 deal quiet 9 days with nothing booked.',
    org: {
      leads: [
        { name: 'Lumen Architects', stage: 'proposal', value: 22_000, contactedDaysAgo: 10, meetingInDays: 2 },
        { name: 'Pine Dental', stage: 'qualified', value: 7_000, contactedDaysAgo: 9 },
      ],
    },
    expect: { situations: ['deals_at_risk'], followUps: ['Pine Dental'], mustNot: ['Lumen Architects'] },
  },
  {
    id: 'meeting-booked-only-deal',
    story: 'The only open deal, $22,000, has its contract meeting the day after tomorrow: nothing is at risk.',
    org: {
      leads: [{ name: 'Lumen Partners', stage: 'proposal', value: 22_000, contactedDaysAgo: 10, meetingInDays: 2 }],
    },
    expect: { situations: [], followUps: [], mustNot: ['Lumen Partners'] },
  },
  {
    id: 'org-created-a-minute-ago',
    story: 'An organisation created a minute ago: no posts, no leads. That is onboarding, not low output.',
    org: { ageDays: 1 / 1_440, ...noContent },
    expect: { situations: [], followUps: [], mustNot: [] },
  },
  {
    id: 'org-13-days-never-published',
    story: 'Thirteen days old and never published: still a calm start.',
    org: { ageDays: 13, ...noContent },
    expect: { situations: [], followUps: [], mustNot: [] },
  },
  {
    id: 'org-15-days-never-published',
    story: 'Fifteen days old and never published, nothing scheduled: the LinkedIn is quiet now.',
    org: { ageDays: 15, ...noContent },
    expect: { situations: ['low_content_output'], followUps: [], mustNot: [] },
  },
  {
    id: 'owner-followup-already-queued',
    story:
      'The owner queued a follow-up for Greta an hour ago; Hugo, also stale, has nothing queued: only Hugo gets one from the engine.',
    org: {
      leads: [
        {
          name: 'Greta Holm',
          stage: 'contacted',
          value: 4_000,
          contactedDaysAgo: 20,
          ownerFollowup: { state: 'pending' },
        },
        { name: 'Hugo Brandt', stage: 'contacted', value: 3_000, contactedDaysAgo: 16 },
      ],
    },
    expect: { situations: ['stale_leads'], followUps: ['Hugo Brandt'], mustNot: ['Greta Holm'] },
  },
  {
    id: 'drafted-not-sent',
    story:
      'Three days ago a follow-up for Nora was written offline and never sent: she is still stale (no real contact in 20 days) but already has a follow-up for this quiet spell. Omar, stale, gets one.',
    org: {
      leads: [
        {
          name: 'Nora Quinn',
          stage: 'contacted',
          value: 3_500,
          contactedDaysAgo: 20,
          ownerFollowup: { state: 'drafted', daysAgo: 3 },
        },
        { name: 'Omar Haddad', stage: 'contacted', value: 2_500, contactedDaysAgo: 18 },
      ],
    },
    expect: { situations: ['stale_leads'], followUps: ['Omar Haddad'], mustNot: ['Nora Quinn'] },
  },
  {
    id: 'more-than-ten-stale-leads',
    story: 'Fourteen stale leads from $1,000 to $14,000: the ten most valuable get a follow-up this run.',
    org: { leads: staleTail },
    expect: {
      situations: ['stale_leads'],
      followUps: staleTail.filter((lead) => (lead.value ?? 0) >= 5_000).map((lead) => lead.name),
      mustNot: [],
    },
  },
  {
    id: 'failing-tasks-week',
    story: 'Four reports failed this week on the same mail server error.',
    org: { failedTasks: { count: 4, error: 'The mail server refused the connection', daysAgo: 1 } },
    expect: { situations: ['failing_tasks'], followUps: [], mustNot: [] },
  },
  {
    id: 'task-queue-behind',
    story: 'Twelve reports have waited three hours past their time: the worker is not keeping up.',
    org: { overdueTasks: { count: 12, hoursLate: 3 } },
    expect: { situations: ['task_backlog'], followUps: [], mustNot: [] },
  },
  {
    id: 'short-runway',
    story: 'Rent eats $2,500 a month more than sales bring in and $1,500 is left: about three weeks of cash.',
    org: { books: lowCashBooks },
    expect: { situations: ['short_runway'], followUps: [], mustNot: [] },
  },
  {
    id: 'goal-off-track',
    story: 'A goal to win 5 deals in 30 days, two thirds of the time gone and none won: off track.',
    org: {
      leads: [{ name: 'Yara Costa', stage: 'qualified', value: 3_000, contactedDaysAgo: 3 }],
      goal: { title: 'Win 5 deals this month', metric: 'deals_won', target: 5, createdDaysAgo: 20, dueInDays: 10 },
    },
    expect: { situations: ['goal_off_track'], followUps: [], mustNot: ['Yara Costa'] },
  },
  {
    id: 'owner-followup-running',
    story: 'The worker is writing the follow-up the owner asked for Ivan right now; Jana, stale, has nothing queued.',
    org: {
      leads: [
        {
          name: 'Ivan Petrov',
          stage: 'qualified',
          value: 4_500,
          contactedDaysAgo: 17,
          ownerFollowup: { state: 'running' },
        },
        { name: 'Jana Novak', stage: 'contacted', value: 1_000, contactedDaysAgo: 15 },
      ],
    },
    expect: { situations: ['stale_leads'], followUps: ['Jana Novak'], mustNot: ['Ivan Petrov'] },
  },
  {
    id: 'stale-lead-with-meeting-next-week',
    story:
      'Karim has been quiet 20 days but his meeting is booked for next week: leave him be. Lena, quiet 22 days with nothing booked, gets a follow-up.',
    org: {
      leads: [
        { name: 'Karim Aziz', stage: 'contacted', value: 2_500, contactedDaysAgo: 20, meetingInDays: 5 },
        { name: 'Lena Fischer', stage: 'contacted', value: 2_000, contactedDaysAgo: 22 },
      ],
    },
    expect: { situations: ['stale_leads'], followUps: ['Lena Fischer'], mustNot: ['Karim Aziz'] },
  },
  {
    id: 'engine-draft-from-last-week-unsent',
    story:
      "Ten days ago the engine's follow-up for Paula was written offline and never sent: she is still stale (25 days without contact) but has had her follow-up for this quiet spell. Rafael went stale since and gets one.",
    org: {
      earlierRun: { daysAgo: 10 },
      leads: [
        { name: 'Paula Reis', stage: 'contacted', value: 2_800, contactedDaysAgo: 25 },
        { name: 'Rafael Ortiz', stage: 'contacted', value: 1_800, contactedDaysAgo: 16 },
      ],
    },
    expect: { situations: ['stale_leads'], followUps: ['Rafael Ortiz'], mustNot: ['Paula Reis'] },
  },
  {
    id: 'followup-sent-5-vs-8-days-ago',
    story:
      'Two $6,000 deals the owner followed up by email: Sven 5 days ago (just contacted, leave him), Tessa 8 days ago without an answer since (at risk again).',
    org: {
      leads: [
        {
          name: 'Sven Berg',
          stage: 'proposal',
          value: 6_000,
          contactedDaysAgo: 20,
          ownerFollowup: { state: 'sent', daysAgo: 5 },
        },
        {
          name: 'Tessa Marsh',
          stage: 'qualified',
          value: 6_000,
          contactedDaysAgo: 20,
          ownerFollowup: { state: 'sent', daysAgo: 8 },
        },
      ],
    },
    expect: { situations: ['deals_at_risk'], followUps: ['Tessa Marsh'], mustNot: ['Sven Berg'] },
  },
  {
    id: 'software-bill-shock',
    story:
      'Cash is healthy, but this month Figma cost $1,200 against $450 a month before, and Adobe went from $49.99 to $59.99.',
    org: {
      books: {
        openingBalanceMinor: 20_000_00,
        categories: moneyCategories,
        transactions: [
          ...['2026-08', '2026-09', '2026-10'].flatMap(steadyMonths),
          { date: '2026-11-01', amountMinor: -3_000_00, counterparty: 'Landlord', category: 'Rent' },
          { date: '2026-11-05', amountMinor: -59_99, counterparty: 'Adobe', category: 'Software' },
          { date: '2026-11-12', amountMinor: -1_200_00, counterparty: 'Figma', category: 'Software' },
        ],
      },
    },
    expect: { situations: ['spending_spike', 'recurring_charge_up'], followUps: [], mustNot: [] },
  },
  {
    id: 'uncategorised-imports-piling-up',
    story: 'A healthy month, but the last bank import left 24 card payments without a category.',
    org: {
      books: {
        openingBalanceMinor: 20_000_00,
        categories: moneyCategories,
        transactions: [
          ...['2026-08', '2026-09', '2026-10'].flatMap(steadyMonths),
          { date: '2026-11-01', amountMinor: -3_000_00, counterparty: 'Landlord', category: 'Rent' },
          ...Array.from({ length: 24 }, (_, i) => ({
            date: `2026-11-${String(2 + (i % 15)).padStart(2, '0')}`,
            amountMinor: -(15_00 + i * 100),
            counterparty: i % 3 === 0 ? 'Shell' : 'Amazon',
          })),
        ],
      },
    },
    expect: { situations: ['uncategorised_backlog'], followUps: [], mustNot: [] },
  },
  {
    id: 'agency-mixed-week',
    story:
      'An agency with a bit of everything: a big deal gone quiet, a stale lead, an unsubscribed one, a deal with a meeting booked, a client just called, a won client, and no post in three weeks.',
    org: {
      publishedDaysAgo: [21],
      scheduledInDays: [],
      leads: [
        { name: 'Zenith Media', stage: 'proposal', value: 35_000, contactedDaysAgo: 12 },
        { name: 'Atlas Freight', stage: 'contacted', value: 2_200, contactedDaysAgo: 19 },
        { name: 'Bruno Unsubscribed', stage: 'contacted', value: 2_000, contactedDaysAgo: 25, unsubscribedDaysAgo: 24 },
        { name: 'Clover Events', stage: 'qualified', value: 14_000, contactedDaysAgo: 8, meetingInDays: 1 },
        { name: 'Delta Print', stage: 'contacted', value: 700, contactedDaysAgo: 0.2 },
        { name: 'Echo Labs', stage: 'won', value: 20_000, contactedDaysAgo: 40 },
      ],
    },
    expect: {
      situations: ['deals_at_risk', 'stale_leads', 'low_content_output'],
      followUps: ['Zenith Media', 'Atlas Freight'],
      mustNot: ['Bruno Unsubscribed', 'Clover Events', 'Delta Print', 'Echo Labs'],
    },
  },
];
