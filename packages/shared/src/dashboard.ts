import { z } from 'zod';
import { defineEndpoint, orgAuth } from './contract';

export const DASHBOARD_MIN_DAYS = 7;
export const DASHBOARD_MAX_DAYS = 90;
export const DASHBOARD_DEFAULT_DAYS = 30;

/** How many days the series covers, ending today (UTC). */
export const dashboardQuerySchema = z.object({
  days: z.coerce.number().int().min(DASHBOARD_MIN_DAYS).max(DASHBOARD_MAX_DAYS).default(DASHBOARD_DEFAULT_DAYS),
});
export type DashboardQuery = z.input<typeof dashboardQuerySchema>;

const countSchema = z.number().int().min(0);

/** One UTC day of activity in the organisation. */
export const dashboardDaySchema = z.object({
  /** UTC calendar day, `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** Memberships created that day (still present today). */
  membersJoined: countSchema,
  /** Sign-ins (signup or login) that day by people who are members now. */
  signIns: countSchema,
  /** Requests made with the organisation's API keys that day. */
  apiCalls: countSchema,
});
export type DashboardDay = z.infer<typeof dashboardDaySchema>;

export const dashboardSchema = z.object({
  days: z.number().int(),
  totals: z.object({
    members: countSchema,
    /** Members who can administer the organisation: admins and owners. */
    admins: countSchema,
    /** Invitations neither accepted, revoked nor expired. */
    pendingInvitations: countSchema,
    /** API keys not revoked. */
    activeApiKeys: countSchema,
  }),
  /** One entry per day, oldest first, the last one today (UTC); days without activity are zeros. */
  series: z.array(dashboardDaySchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

const tag = 'Dashboard';
const orgParams = z.object({ orgId: z.uuid() });
export const dashboardEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/dashboard',
    summary: 'The organisation at a glance: totals now and daily activity (members joined, sign-ins, API calls)',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    query: dashboardQuerySchema,
    status: 200,
    response: dashboardSchema,
  }),
};
