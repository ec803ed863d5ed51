import { formatMoney, minorDigits } from '@aiceo/shared/money';
import { usageResourceLabels, type UsageResource } from '@aiceo/shared/plans';

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
