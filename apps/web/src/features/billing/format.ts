import { usageResourceLabels, type UsageResource } from '@aiceo/shared/plans';

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** "1 Dec": months are UTC calendar months, so the reset day is shown in UTC too. */
export const formatResetDay = (iso: string): string => dayMonth.format(new Date(iso));

export const formatPrice = (cents: number): string => (cents === 0 ? 'Free' : `${price.format(cents / 100)} / month`);

/** "1 task", "10 tasks", "1,000 AI messages". */
export const countOf = (count: number, resource: UsageResource): string => {
  const label = usageResourceLabels[resource];
  return `${count.toLocaleString('en-US')} ${count === 1 ? label.one : label.other}`;
};
