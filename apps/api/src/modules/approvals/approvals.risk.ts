import type { ApprovalKind, ApprovalRisk } from '@aiceo/shared/approvals';
import { formatMoney, minorDigits } from '@aiceo/shared/money';

const DAY_MS = 86_400_000;

/** How long an item waits for a decision before it expires (nothing is sent then). */
export const EXPIRY_DAYS = { lead_email: 3, post_publish: 2, campaign_send: 7 } as const satisfies Record<
  ApprovalKind,
  number
>;

/** More people than this: at least medium risk; this many or more: high. */
export const MEDIUM_AUDIENCE = 2;
export const HIGH_AUDIENCE = 50;
/** Money involved, in major units of its currency: from this, medium risk; from the second, high. */
export const MEDIUM_MONEY_MAJOR = 1_000;
export const HIGH_MONEY_MAJOR = 10_000;

export const expiresAtFor = (kind: ApprovalKind, now: Date): Date =>
  new Date(now.getTime() + EXPIRY_DAYS[kind] * DAY_MS);

const RANK: Record<ApprovalRisk, number> = { low: 0, medium: 1, high: 2 };
export const riskRank = (risk: ApprovalRisk): number => RANK[risk];
const higher = (a: ApprovalRisk, b: ApprovalRisk): ApprovalRisk => (RANK[a] >= RANK[b] ? a : b);

const BASE: Record<ApprovalKind, { risk: ApprovalRisk; reason: string }> = {
  lead_email: { risk: 'low', reason: 'An email to one lead' },
  post_publish: { risk: 'medium', reason: 'A public post: anyone can see it' },
  campaign_send: { risk: 'medium', reason: 'A campaign email to a list of leads' },
};

export type RiskInput = { kind: ApprovalKind; audienceSize: number; moneyMinor: number; currency: string };

/** The risk of an action from its kind, how many people it reaches and the money involved, with the reasons in words. */
export const assessRisk = ({ kind, audienceSize, moneyMinor, currency }: RiskInput) => {
  const base = BASE[kind];
  let risk = base.risk;
  const reasons = [base.reason];
  if (audienceSize >= HIGH_AUDIENCE) {
    risk = 'high';
    reasons.push(`It reaches ${audienceSize} people (${HIGH_AUDIENCE} or more)`);
  } else if (audienceSize >= MEDIUM_AUDIENCE) {
    risk = higher(risk, 'medium');
    reasons.push(`It reaches ${audienceSize} people`);
  }
  const unit = 10 ** minorDigits(currency);
  const money = formatMoney(moneyMinor, currency, { whole: moneyMinor % unit === 0 });
  if (moneyMinor >= HIGH_MONEY_MAJOR * unit) {
    risk = 'high';
    reasons.push(`A deal worth ${money} is involved`);
  } else if (moneyMinor >= MEDIUM_MONEY_MAJOR * unit) {
    risk = higher(risk, 'medium');
    reasons.push(`A deal worth ${money} is involved`);
  }
  return { risk, riskReasons: reasons };
};

/** Monday to Friday at `now` in the org's timezone (an unknown zone counts as UTC). */
export const isWeekday = (now: Date, timezone: string): boolean => {
  let day: string;
  try {
    day = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: timezone }).format(now);
  } catch {
    day = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' }).format(now);
  }
  return day !== 'Sat' && day !== 'Sun';
};

export type RuleTerms = {
  kind: string;
  maxRisk: string;
  maxMoneyMinor: number | null;
  weekdaysOnly: boolean;
  enabled: boolean;
};
export type CoverableItem = {
  kind: ApprovalKind;
  risk: ApprovalRisk;
  moneyMinor: number;
  currency: string;
  needsEdit: boolean;
};

/**
 * Whether an auto-approve rule covers an item: same kind, risk up to the rule's, money under its
 * limit (a limit in another currency than the item's covers nothing), on a weekday when it says so.
 * A template written offline is never approved on its own.
 */
export const ruleCovers = (
  rule: RuleTerms,
  item: CoverableItem,
  context: { now: Date; timezone: string; orgCurrency: string },
): boolean => {
  if (!rule.enabled || rule.kind !== item.kind || item.needsEdit) return false;
  if (RANK[item.risk] > RANK[rule.maxRisk as ApprovalRisk]) return false;
  if (rule.maxMoneyMinor !== null) {
    if (item.currency !== context.orgCurrency || item.moneyMinor >= rule.maxMoneyMinor) return false;
  }
  return !rule.weekdaysOnly || isWeekday(context.now, context.timezone);
};

const KIND_WORDS: Record<ApprovalKind, string> = {
  lead_email: 'Follow-up emails to leads',
  post_publish: 'LinkedIn posts',
  campaign_send: 'Email campaigns',
};

/** The rule in words: "Follow-up emails to leads under $1,000, up to low risk, on weekdays". */
export const describeRule = (rule: RuleTerms, currency: string): string => {
  const unit = 10 ** minorDigits(currency);
  const parts = [KIND_WORDS[rule.kind as ApprovalKind] ?? rule.kind];
  if (rule.maxMoneyMinor !== null) {
    parts[0] += ` under ${formatMoney(rule.maxMoneyMinor, currency, { whole: rule.maxMoneyMinor % unit === 0 })}`;
  }
  parts.push(`up to ${rule.maxRisk} risk`);
  if (rule.weekdaysOnly) parts.push('on weekdays');
  return `${parts.join(', ')}${rule.enabled ? '' : ' (paused)'}`;
};

/** "3 Dec 2026" in the org's timezone. */
export const dayInWords = (date: Date, timezone = 'UTC'): string => {
  const options = { day: 'numeric', month: 'short', year: 'numeric' } as const;
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timezone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  }
};
