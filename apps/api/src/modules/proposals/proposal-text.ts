import { shortDayInWords } from '@aiceo/shared/dates-in-words';
import { formatMoney } from '@aiceo/shared/money';
import { PROPOSAL_VALID_DAYS_DEFAULT } from '@aiceo/shared/proposals';

// The words a proposal starts with (title, terms) and the email that carries its link. Pure, so
// the service and the tests agree on them.

const DAY_MS = 86_400_000;

/** Today's calendar day ('YYYY-MM-DD') in an IANA timezone (UTC when the zone is unknown). */
export const localToday = (now: Date, timeZone: string): string => {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
};

export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const defaultValidUntil = (now: Date, timeZone: string): string =>
  addDays(localToday(now, timeZone), PROPOSAL_VALID_DAYS_DEFAULT);

/** "1 Jan 2027" for a calendar day. */
export const dayText = (day: string): string => shortDayInWords(`${day}T00:00:00.000Z`);

export const proposalLabel = (number: number): string => `P-${number}`;

export const defaultTitle = (options: {
  firstTemplateName: string | null;
  clientName: string;
  clientCompany: string;
}): string => {
  const who = options.clientCompany.trim() || options.clientName.trim();
  const title = options.firstTemplateName ? `${options.firstTemplateName} for ${who}` : `Proposal for ${who}`;
  return title.slice(0, 200);
};

/**
 * Plain default terms. They name the deposit and the valid-until day, so the service writes them
 * again when those change while the owner has not edited the terms.
 */
export const defaultTerms = (options: { orgName: string; depositPercent: number; validUntil: string }): string =>
  [
    `1. Scope: ${options.orgName} delivers the items and deliverables listed in this proposal. Work not listed is quoted separately.`,
    options.depositPercent > 0
      ? `2. Payment: a deposit of ${options.depositPercent} % of the total is due on acceptance; the balance is due on delivery.`
      : '2. Payment: the total is due on delivery.',
    `3. Validity: this proposal is valid until ${dayText(options.validUntil)}.`,
    '4. Acceptance: accept online on this page by typing your full name and ticking the box to agree to these terms. Your name, the time and your address are recorded.',
  ].join('\n');

export type ProposalMailFacts = {
  orgName: string;
  number: number;
  title: string;
  clientName: string;
  message: string;
  totalMinor: number;
  depositMinor: number;
  currency: string;
  validUntil: string;
  publicUrl: string;
  isReminder: boolean;
};

/** Subject and plain-text body of the email that sends (or reminds of) a proposal. */
export const proposalMail = (facts: ProposalMailFacts): { subject: string; text: string } => {
  const subject = `Proposal ${proposalLabel(facts.number)}: ${facts.title}`.replace(/\s+/g, ' ').trim();
  const firstName = facts.clientName.trim().split(/\s+/)[0] ?? '';
  const deposit =
    facts.depositMinor > 0 ? ` (deposit on acceptance: ${formatMoney(facts.depositMinor, facts.currency)})` : '';
  const lines = [
    firstName ? `Hello ${firstName},` : 'Hello,',
    '',
    ...(facts.message.trim() ? [facts.message.trim(), ''] : []),
    facts.isReminder
      ? `A reminder of the proposal ${facts.orgName} sent you: ${proposalLabel(facts.number)}, "${facts.title}".`
      : `${facts.orgName} has sent you a proposal: ${proposalLabel(facts.number)}, "${facts.title}".`,
    '',
    `Total: ${formatMoney(facts.totalMinor, facts.currency)}${deposit}`,
    `Valid until: ${dayText(facts.validUntil)}`,
    '',
    'Read it, and accept or decline it online (no account needed):',
    facts.publicUrl,
  ];
  return { subject, text: lines.join('\n') };
};
