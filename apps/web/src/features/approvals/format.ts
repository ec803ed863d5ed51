import type { ApprovalItem, ApprovalKind, ApprovalRisk, ApprovalStatus } from '@aiceo/shared/approvals';
import { formatMoney } from '@aiceo/shared/money';
import { formatDateTime } from '@/utils/format';

/** Each kind's label, and an icon that only decorates it. */
export const approvalKindLabels: Record<ApprovalKind, { label: string; plural: string; icon: string }> = {
  lead_email: { label: 'Follow-up email', plural: 'Follow-up emails', icon: '✉' },
  post_publish: { label: 'LinkedIn post', plural: 'LinkedIn posts', icon: '✎' },
  campaign_send: { label: 'Campaign', plural: 'Campaigns', icon: '📣' },
};

export const approvalStatusLabels: Record<ApprovalStatus, string> = {
  pending: 'Waiting',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  executed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const approvalRiskLabels: Record<ApprovalRisk, string> = {
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
};

/** The badge tone of a risk and of a status (`good`, `bad` or plain). */
export const riskTone: Record<ApprovalRisk, string> = { low: 'good', medium: 'warn', high: 'bad' };
export const statusTone: Record<ApprovalStatus, string> = {
  pending: 'warn',
  approved: 'good',
  executed: 'good',
  rejected: '',
  expired: '',
  failed: 'bad',
  cancelled: '',
};

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** "Dana Whitfield (1 person)", "Newsletter subscribers (240 people)". */
export const audienceText = (item: Pick<ApprovalItem, 'audience' | 'audienceSize'>): string =>
  `${item.audience} (${plural(item.audienceSize, 'person', 'people')})`;

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** "lastContactAt" -> "Last contact at", "days_quiet" -> "Days quiet". */
export const humanKey = (key: string): string => {
  const words = key
    .replace(/(Minor|Cents)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const isPrimitive = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** One value of evidence or of a result in words; null when it has no short form. */
const valueText = (key: string, value: unknown, currency: string): string | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' && /(Minor|Cents)$/.test(key)) return formatMoney(value, currency);
  if (typeof value === 'number') return value.toLocaleString();
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && isoDate.test(value)) return formatDateTime(value);
  // Codes such as "stale_leads" read as words.
  if (typeof value === 'string') return /^[a-z]+(_[a-z]+)+$/.test(value) ? value.replace(/_/g, ' ') : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.every(isPrimitive)) return value.map(String).join(', ');
    return plural(value.length, 'item');
  }
  return null;
};

/** Ids mean nothing to a reader; they are left out of the summary. */
const isIdKey = (key: string) => /(^id$|Id$|Ids$|_id$)/.test(key);

/**
 * A record (an item's evidence, an action's result) as label/value pairs a person can read:
 * money in its currency, dates in the reader's format, nested objects and ids left out.
 */
export const summarise = (
  record: Record<string, unknown> | null,
  currency: string,
  limit = 8,
): { label: string; value: string }[] =>
  Object.entries(record ?? {})
    .filter(([key]) => !isIdKey(key))
    .flatMap(([key, value]) => {
      const text = valueText(key, value, currency);
      return text === null ? [] : [{ label: humanKey(key), value: text }];
    })
    .slice(0, limit);
