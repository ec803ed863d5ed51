import {
  channelOf,
  MAX_PAYMENT_SUGGESTIONS,
  type AttributedTouch,
  type LeadAttribution,
  type LeadRef,
  type Payment,
  type PaymentMatch,
  type PaymentSuggestion,
  type Touch,
} from '@aiceo/shared/attribution';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { parseTouch, refKey, refOf, resolveRefs } from './attribution.queries';

type Db = Deps['db'];

const paymentSelect = {
  id: true,
  date: true,
  amountMinor: true,
  currency: true,
  counterparty: true,
  description: true,
} satisfies Prisma.FinanceTransactionSelect;
type PaymentRow = Prisma.FinanceTransactionGetPayload<{ select: typeof paymentSelect }>;
const toPayment = (row: PaymentRow): Payment => ({
  ...row,
  date: row.date.toISOString().slice(0, 10),
  amountMinor: Number(row.amountMinor),
});

const leadRefSelect = {
  id: true,
  name: true,
  company: true,
  email: true,
  stage: true,
} satisfies Prisma.LeadSelect;

const attributed = (touch: Touch | null, refs: Awaited<ReturnType<typeof resolveRefs>>): AttributedTouch | null => {
  if (!touch) return null;
  const ref = refOf(touch);
  return { ...touch, channel: channelOf(touch).label, ref: ref ? (refs.get(refKey(ref)) ?? null) : null };
};

/**
 * A lead's first and latest touch with their channel and the post or campaign they name, and the
 * income matched to it. Payments are money, which only admins and owners (and API keys) read.
 */
export const getLeadAttribution = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId, canSeeMoney }: { orgId: string; leadId: string; canSeeMoney: boolean },
): Promise<LeadAttribution> => {
  const lead = await db.lead.findFirst({
    where: { orgId, id: leadId },
    select: { firstTouch: true, lastTouch: true },
  });
  if (!lead) throw notFound('Lead');
  const first = parseTouch(lead.firstTouch);
  const last = parseTouch(lead.lastTouch);
  const [refs, payments] = await Promise.all([
    resolveRefs(db, { orgId, refs: [refOf(first), refOf(last)] }),
    canSeeMoney
      ? db.financeTransaction.findMany({
          where: { orgId, leadId, amountMinor: { gt: 0 } },
          orderBy: [{ date: 'desc' }, { id: 'desc' }],
          take: 200,
          select: paymentSelect,
        })
      : null,
  ]);
  return {
    leadId,
    firstTouch: attributed(first, refs),
    lastTouch: attributed(last, refs),
    payments: payments ? payments.map(toPayment) : null,
  };
};

// --- payments matched to leads --------------------------------------------------------------

const matchSelect = { ...paymentSelect, lead: { select: leadRefSelect } } satisfies Prisma.FinanceTransactionSelect;

export const getPaymentMatch = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, transactionId }: { orgId: string; transactionId: string },
): Promise<PaymentMatch> => {
  const row = await db.financeTransaction.findFirst({ where: { orgId, id: transactionId }, select: matchSelect });
  if (!row) throw notFound('Transaction');
  const { lead, ...transaction } = row;
  return { transaction: toPayment(transaction), lead };
};

const moneyInOnly = () => {
  const message = 'Only money in can be matched to a lead';
  return new AppError('VALIDATION_FAILED', message, {
    issues: [{ location: 'params', path: 'transactionId', message }],
  });
};

/**
 * Matches an income transaction to the lead it came from (or unmatches it with null). Both must
 * be the org's: another org's transaction or lead is not found. Expenses are never revenue.
 */
export const matchPayment = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, transactionId, leadId }: { orgId: string; transactionId: string; leadId: string | null },
): Promise<PaymentMatch> => {
  const tx = await db.financeTransaction.findFirst({
    where: { orgId, id: transactionId },
    select: { amountMinor: true },
  });
  if (!tx) throw notFound('Transaction');
  if (tx.amountMinor <= 0n) throw moneyInOnly();
  if (leadId && !(await db.lead.findFirst({ where: { orgId, id: leadId }, select: { id: true } })))
    throw notFound('Lead');
  // Conditional on the org and on money in, so the checks above cannot be raced past.
  const { count } = await db.financeTransaction.updateMany({
    where: { orgId, id: transactionId, amountMinor: { gt: 0 } },
    data: { leadId },
  });
  if (count === 0) throw notFound('Transaction');
  return getPaymentMatch({ db }, { orgId, transactionId });
};

// --- suggestions ----------------------------------------------------------------------------

/** Won leads looked at when no lead is named: the most recently changed ones. */
const SUGGESTION_LEADS = 50;
/** Shorter names or companies ("Al", "AB") would match half the bank statement. */
const MIN_TERM_LENGTH = 3;

// An email names one person; a company or a name may be shared, so they count after it.
const TERM_ORDER: readonly PaymentSuggestion['matchedOn'][] = ['email', 'company', 'name'];

type Term = { lead: LeadRef; text: string; matchedOn: PaymentSuggestion['matchedOn'] };

const termsOf = (lead: LeadRef): Term[] => {
  const terms: Term[] = [];
  if (lead.email) terms.push({ lead, text: lead.email.toLowerCase(), matchedOn: 'email' });
  if (lead.company.trim().length >= MIN_TERM_LENGTH)
    terms.push({ lead, text: lead.company.trim().toLowerCase(), matchedOn: 'company' });
  if (lead.name.trim().length >= MIN_TERM_LENGTH)
    terms.push({ lead, text: lead.name.trim().toLowerCase(), matchedOn: 'name' });
  return terms;
};

const leadsToSuggestFor = async (db: Db, { orgId, leadId }: { orgId: string; leadId?: string | undefined }) => {
  if (leadId) {
    const lead = await db.lead.findFirst({ where: { orgId, id: leadId }, select: leadRefSelect });
    if (!lead) throw notFound('Lead');
    return [lead];
  }
  return db.lead.findMany({
    where: { orgId, stage: 'won' },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: SUGGESTION_LEADS,
    select: leadRefSelect,
  });
};

/**
 * Unmatched income whose counterparty or description mentions a lead's email, company or name
 * (one ILIKE query over the org's income, newest first); each transaction is suggested once, for
 * the first lead it names (email before company before name).
 */
export const listPaymentSuggestions = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId }: { orgId: string; leadId?: string | undefined },
): Promise<{ items: PaymentSuggestion[] }> => {
  const terms = (await leadsToSuggestFor(db, { orgId, leadId }))
    .flatMap(termsOf)
    .sort((a, b) => TERM_ORDER.indexOf(a.matchedOn) - TERM_ORDER.indexOf(b.matchedOn));
  if (terms.length === 0) return { items: [] };
  const rows = await db.financeTransaction.findMany({
    where: {
      orgId,
      leadId: null,
      amountMinor: { gt: 0 },
      OR: terms.flatMap(({ text }) => [
        { counterparty: { contains: text, mode: 'insensitive' as const } },
        { description: { contains: text, mode: 'insensitive' as const } },
      ]),
    },
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    take: MAX_PAYMENT_SUGGESTIONS,
    select: paymentSelect,
  });
  const items: PaymentSuggestion[] = [];
  for (const row of rows) {
    const haystack = `${row.counterparty}\n${row.description}`.toLowerCase();
    const term = terms.find(({ text }) => haystack.includes(text));
    if (term) items.push({ transaction: toPayment(row), lead: term.lead, matchedOn: term.matchedOn });
  }
  return { items };
};
