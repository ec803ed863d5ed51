import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, type Endpoint } from './contract';

// The weekly and monthly P&L email schedule.

/**
 * When the org's owners and admins get the P&L email. The weekly one covers the last full week
 * (Monday to Sunday) and goes out on `weeklyWeekday` (1 = Monday ... 7 = Sunday); the monthly one
 * covers the last full month and goes out on the 1st; both at `hour` in the org's timezone.
 */
export const financeReportSettingsInputSchema = z
  .object({
    weeklyEnabled: z.boolean(),
    weeklyWeekday: z.number().int().min(1, 'Use 1 (Monday) to 7 (Sunday)').max(7, 'Use 1 (Monday) to 7 (Sunday)'),
    monthlyEnabled: z.boolean(),
    hour: z.number().int().min(0, 'Use an hour from 0 to 23').max(23, 'Use an hour from 0 to 23'),
  })
  .strict();
export type FinanceReportSettingsInput = z.infer<typeof financeReportSettingsInputSchema>;

/** One P&L email sent: `period` is `weekly:2026-W48` or `monthly:2026-11`. */
export const financeReportSendSchema = z.object({
  period: z.string(),
  sentTo: z.string(),
  sentAt: isoDateSchema,
});
export type FinanceReportSend = z.infer<typeof financeReportSendSchema>;

export const financeReportSettingsSchema = financeReportSettingsInputSchema.extend({
  /** The org's timezone, in which `hour` and the weekday are counted. */
  timezone: z.string(),
  /** Who gets the emails: the org's owners and admins. */
  recipients: z.array(z.string()),
  /** The latest emails sent, newest first. */
  recentSends: z.array(financeReportSendSchema),
  /** Null until the settings are first saved (the defaults apply: no emails). */
  updatedAt: isoDateSchema.nullable(),
});
export type FinanceReportSettings = z.infer<typeof financeReportSettingsSchema>;

const tag = 'Finance reports';
const orgParams = z.object({ orgId: z.uuid() });
const path = '/api/orgs/:orgId/finance/report-settings';

export const financeOwnerReportEndpoints = {
  getSettings: defineEndpoint({
    method: 'GET',
    path,
    summary: 'When the weekly and monthly P&L emails go out, to whom, and the latest sent (admin+)',
    tag,
    auth: orgAuth('admin', 'read'),
    params: orgParams,
    status: 200,
    response: financeReportSettingsSchema,
  }),
  updateSettings: defineEndpoint({
    method: 'PUT',
    path,
    summary:
      'Choose the weekly and monthly P&L emails: on or off, the weekday and the hour in the org timezone (admin+)',
    tag,
    auth: orgAuth('admin', 'write'),
    params: orgParams,
    body: financeReportSettingsInputSchema,
    status: 200,
    response: financeReportSettingsSchema,
  }),
} satisfies Record<string, Endpoint>;
