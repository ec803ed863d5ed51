import { z } from 'zod';
import { defineEndpoint, orgAuth } from './contract';
import { runwaySchema } from './finance-reports';
import { leadStageSchema } from './leads';

// Two endpoints: the dashboard (the business at a glance: sales, money, content, work, AI) and the
// organisation's activity (members, invitations, API keys, sign-ins and API calls per day), which
// Settings -> Activity shows. Money is integer minor units of `currency`.

// ---------------------------------------------------------------- the business at a glance

const count = z.number().int().min(0);
const minor = z.number().int();

/**
 * The SPA page a tile opens. `search` (optional) is the page's query string without `?`.
 * leads: the leads list; leadsBoard: the pipeline board; money: the money overview; content: the
 * content calendar; campaigns; tasks; insights; approvals; billing: Settings -> Billing (AI messages).
 */
export const dashboardPages = [
  'leads',
  'leadsBoard',
  'money',
  'content',
  'campaigns',
  'tasks',
  'insights',
  'approvals',
  'billing',
] as const;
export type DashboardPage = (typeof dashboardPages)[number];
export const dashboardLinkSchema = z.object({
  page: z.enum(dashboardPages),
  search: z.string().optional(),
});
export type DashboardLink = z.infer<typeof dashboardLinkSchema>;

const pipelineStageSchema = z.object({
  /** The stored stage; the SPA shows the org's label for it. */
  stage: leadStageSchema,
  count,
  /** Sum of the leads' deal values, minor units of `currency`. */
  valueMinor: minor,
});

export const dashboardSchema = z.object({
  /** The org's currency (deal values and the books). */
  currency: z.string(),
  /** Today in the org's timezone, `YYYY-MM-DD`; "this month" is the calendar month of this day there. */
  today: z.iso.date(),
  /** Leads per stored stage, every stage in order (zeros included). Deal values are CRM data, shown to every member. */
  pipeline: z.object({
    stages: z.array(pipelineStageSchema),
    /** Stages new, contacted, qualified and proposal. */
    openCount: count,
    openValueMinor: minor,
    link: dashboardLinkSchema,
  }),
  /** Leads in the won stage whose row changed this month (there is no stage history: the closest to "won this month"). */
  dealsWon: z.object({ count, valueMinor: minor, link: dashboardLinkSchema }),
  /** Leads created this month and in the whole of last month. */
  newLeads: z.object({ thisMonth: count, lastMonth: count, link: dashboardLinkSchema }),
  /**
   * The books, or null for a caller who may not see money (a plain member): same rule as the money
   * pages (admins, owners and API keys with the read scope).
   */
  money: z
    .object({
      /** Balances of the accounts in the org's currency today. */
      cashMinor: minor,
      /** This month to date: income, expense and profit (net). */
      monthToDate: z.object({ incomeMinor: minor, expenseMinor: minor, netMinor: minor }),
      runway: runwaySchema,
      link: dashboardLinkSchema,
    })
    .nullable(),
  /** Posts published this month, and posts scheduled and not yet out. */
  posts: z.object({ publishedThisMonth: count, scheduled: count, link: dashboardLinkSchema }),
  /** Campaign emails sent this month. */
  emails: z.object({ sentThisMonth: count, link: dashboardLinkSchema }),
  /** Pending tasks due by the end of today, and tasks that failed in the last seven days. */
  tasks: z.object({ due: count, failed: count, dueLink: dashboardLinkSchema, failedLink: dashboardLinkSchema }),
  insights: z.object({ open: count, link: dashboardLinkSchema }),
  /** Approval items waiting for a decision (pending and not expired). */
  approvals: z.object({ waiting: count, link: dashboardLinkSchema }),
  /** AI messages of the plan this month. */
  aiMessages: z.object({ used: count, limit: count, remaining: count, link: dashboardLinkSchema }),
  charts: z.object({
    /** Twelve calendar months ending with this one (to date), oldest first; null when money is hidden. */
    revenueVsCosts: z
      .array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), incomeMinor: minor, expenseMinor: minor }))
      .nullable(),
    /** The most common sources, most leads first (at most 8; the rest together as "Other"); "" is no source. */
    leadsBySource: z.array(z.object({ source: z.string(), count })),
    /** Posts published per week (Monday to Sunday in the org's timezone), the last 12 weeks, oldest first. */
    postsPerWeek: z.array(
      z.object({
        /** Monday of the week, `YYYY-MM-DD`. */
        weekStart: z.iso.date(),
        /** In words: "Week of 3 Nov". */
        label: z.string(),
        published: count,
      }),
    ),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

// ---------------------------------------------------------------- organisation activity

export const ACTIVITY_MIN_DAYS = 7;
export const ACTIVITY_MAX_DAYS = 90;
export const ACTIVITY_DEFAULT_DAYS = 30;

/** How many days the series covers, ending today (UTC). */
export const activityQuerySchema = z.object({
  days: z.coerce.number().int().min(ACTIVITY_MIN_DAYS).max(ACTIVITY_MAX_DAYS).default(ACTIVITY_DEFAULT_DAYS),
});
export type ActivityQuery = z.input<typeof activityQuerySchema>;

/** One UTC day of activity in the organisation. */
export const activityDaySchema = z.object({
  /** UTC calendar day, `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** Memberships created that day (still present today). */
  membersJoined: count,
  /** Sign-ins (signup or login) that day by people who are members now. */
  signIns: count,
  /** Requests made with the organisation's API keys that day. */
  apiCalls: count,
});
export type ActivityDay = z.infer<typeof activityDaySchema>;

export const activitySchema = z.object({
  days: z.number().int(),
  totals: z.object({
    members: count,
    /** Members who can administer the organisation: admins and owners. */
    admins: count,
    /** Invitations neither accepted, revoked nor expired. */
    pendingInvitations: count,
    /** API keys not revoked. */
    activeApiKeys: count,
  }),
  /** One entry per day, oldest first, the last one today (UTC); days without activity are zeros. */
  series: z.array(activityDaySchema),
});
export type Activity = z.infer<typeof activitySchema>;

const tag = 'Dashboard';
const orgParams = z.object({ orgId: z.uuid() });
export const dashboardEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/dashboard',
    summary:
      'The business at a glance: pipeline, deals won, new leads, cash, profit and runway (admins), posts, emails, tasks, insights, approvals, AI messages left, and the chart series',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: dashboardSchema,
  }),
  activity: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/activity',
    summary: "The organisation's activity: totals now and per day (members joined, sign-ins, API calls)",
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    query: activityQuerySchema,
    status: 200,
    response: activitySchema,
  }),
};
