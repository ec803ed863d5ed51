import { formatMoney, minorDigits } from '@aiceo/shared/money';
import { campaignTooLargeMessage, planDefinitions, usageResourceLabels, type UsageResource } from '@aiceo/shared/plans';
import type { QuotaExceededDetails } from '@aiceo/shared/usage';

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "1 Dec": months are UTC calendar months, so the reset day is shown in UTC too. */
export const formatResetDay = (iso: string): string => dayMonth.format(new Date(iso));

/** "$29 / month" in the plan's own currency (we bill in USD, whatever the org's currency); cents only when it has some. */
export const formatPrice = (cents: number, currency: string): string =>
  cents === 0
    ? 'Free'
    : `${formatMoney(cents, currency, { whole: cents % 10 ** minorDigits(currency) === 0 })} / month`;

/** "1 task", "10 tasks", "1,000 AI messages". */
export const countOf = (count: number, resource: UsageResource): string => {
  const label = usageResourceLabels[resource];
  return `${count.toLocaleString('en-US')} ${count === 1 ? label.one : label.other}`;
};

/** The notice's lead-in for a 402 QUOTA_EXCEEDED. */
export const quotaTitle = (details: QuotaExceededDetails): string =>
  details.campaignRecipients
    ? 'Campaign too large for your plan:'
    : details.used >= details.limit
      ? 'Plan limit reached:'
      : 'Not enough left on your plan:';

/**
 * What a 402 QUOTA_EXCEEDED means, from its details: a campaign over the plan's recipient cap;
 * "used up" only when this month's units are all used; otherwise what was asked against what is left.
 */
export const quotaWords = (details: QuotaExceededDetails): string => {
  const { resource, limit, used, plan, campaignRecipients } = details;
  if (campaignRecipients) return campaignTooLargeMessage(plan, campaignRecipients.recipients);
  const planName = planDefinitions[plan].name;
  if (used >= limit)
    return `the ${planName} plan includes ${countOf(limit, resource)} a month, and this month’s are used up.`;
  const requested = details.requested ?? 1;
  return `this needs ${countOf(requested, resource)}, and ${countOf(limit - used, resource)} of the ${planName} plan’s ${limit.toLocaleString('en-US')} are left this month.`;
};
