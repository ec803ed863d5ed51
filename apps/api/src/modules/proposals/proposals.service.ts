import { z } from 'zod';
import { fromNameOf } from '@aiceo/shared/branding';
import { renderTemplate, UNSUBSCRIBE_FOOTER } from '@aiceo/shared/campaigns';
import { shortDayInWords } from '@aiceo/shared/dates-in-words';
import { formatMoney } from '@aiceo/shared/money';
import {
  fromCenti,
  proposalCreateSchema,
  proposalItemInputSchema,
  proposalListQuerySchema,
  proposalTotals,
  proposalUpdateSchema,
  toCenti,
  type Proposal,
  type ProposalPage,
  type ProposalStatus,
  type ProposalSummary,
} from '@aiceo/shared/proposals';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/pagination';
import { newPublicLink, publicLinkUrl } from '../../lib/public-links';
import { aiMessagesPerAnswer } from '../ai/ai.service';
import { unsubscribeUrl } from '../campaigns/unsubscribe.service';
import { advanceLeadStageInTx, logLeadActivity } from '../leads/leads.service';
import { templatesForProposal } from '../service-templates/service-templates.service';
import { spendUsage } from '../usage/usage.service';
import { writeLetter, type LetterFacts } from './proposal-letter';
import {
  dayText,
  defaultTerms,
  defaultTitle,
  defaultValidUntil,
  localToday,
  proposalLabel,
  proposalMail,
} from './proposal-text';

type Db = Deps['db'];
type Tx = Prisma.TransactionClient;
type OrgScope = { orgId: string };
type ProposalRef = OrgScope & { proposalId: string };
type ReadDeps = Pick<Deps, 'db' | 'env'>;
type AiDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log' | 'mailer'>;
type SendDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'mailer' | 'env' | 'tokens'>;

const itemSelect = {
  id: true,
  templateId: true,
  name: true,
  description: true,
  pricingModel: true,
  unitPriceMinor: true,
  quantityCenti: true,
  amountMinor: true,
  deliverables: true,
  durationDays: true,
} satisfies Prisma.ProposalItemSelect;

const summarySelect = {
  id: true,
  number: true,
  title: true,
  status: true,
  leadId: true,
  clientName: true,
  clientCompany: true,
  currency: true,
  totalMinor: true,
  validUntil: true,
  sentAt: true,
  viewedAt: true,
  acceptedAt: true,
  declinedAt: true,
  createdAt: true,
  updatedAt: true,
  project: { select: { id: true } },
} satisfies Prisma.ProposalSelect;

/** Everything the wire Proposal is made of (toProposal); readers may add columns of their own. */
export const proposalSelect = {
  ...summarySelect,
  clientEmail: true,
  discountBps: true,
  taxBps: true,
  depositPercent: true,
  subtotalMinor: true,
  discountMinor: true,
  taxMinor: true,
  depositMinor: true,
  coverLetter: true,
  terms: true,
  tokenSealed: true,
  acceptedName: true,
  acceptedIp: true,
  declineReason: true,
  expiredAt: true,
  depositUrl: true,
  depositPaidAt: true,
  items: { select: itemSelect, orderBy: { position: 'asc' } },
} satisfies Prisma.ProposalSelect;
export type ProposalRow = Prisma.ProposalGetPayload<{ select: typeof proposalSelect }>;
type SummaryRow = Prisma.ProposalGetPayload<{ select: typeof summarySelect }>;

const storedDeliverablesSchema = z.array(
  z.object({ title: z.string(), description: z.string().catch(''), dueAfterDays: z.number().int().catch(0) }),
);
/** The deliverables JSON of an item (written by this module; anything unreadable reads as none). */
export const deliverablesOf = (json: Prisma.JsonValue) => {
  const parsed = storedDeliverablesSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
};

/** A `@db.Date` column as the calendar day it holds. */
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const dayDate = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

const toSummary = (row: SummaryRow): ProposalSummary => ({
  id: row.id,
  number: row.number,
  title: row.title,
  status: row.status,
  leadId: row.leadId,
  clientName: row.clientName,
  clientCompany: row.clientCompany,
  currency: row.currency,
  totalMinor: Number(row.totalMinor),
  validUntil: isoDay(row.validUntil),
  sentAt: row.sentAt?.toISOString() ?? null,
  viewedAt: row.viewedAt?.toISOString() ?? null,
  acceptedAt: row.acceptedAt?.toISOString() ?? null,
  declinedAt: row.declinedAt?.toISOString() ?? null,
  projectId: row.project?.id ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The wire Proposal of a row read with `proposalSelect` (the public link opened from its sealed token). */
export const toProposal = ({ env }: Pick<Deps, 'env'>, row: ProposalRow): Proposal => ({
  ...toSummary(row),
  clientEmail: row.clientEmail,
  items: row.items.map((item) => ({
    id: item.id,
    templateId: item.templateId,
    name: item.name,
    description: item.description,
    pricingModel: item.pricingModel,
    unitPriceMinor: Number(item.unitPriceMinor),
    quantity: fromCenti(item.quantityCenti),
    amountMinor: Number(item.amountMinor),
    deliverables: deliverablesOf(item.deliverables),
    durationDays: item.durationDays,
  })),
  discountPercent: fromCenti(row.discountBps),
  taxPercent: fromCenti(row.taxBps),
  depositPercent: row.depositPercent,
  subtotalMinor: Number(row.subtotalMinor),
  discountMinor: Number(row.discountMinor),
  taxMinor: Number(row.taxMinor),
  depositMinor: Number(row.depositMinor),
  coverLetter: row.coverLetter,
  terms: row.terms,
  publicUrl: publicLinkUrl(env, 'proposal', row.tokenSealed),
  acceptedName: row.acceptedName,
  acceptedIp: row.acceptedIp,
  declineReason: row.declineReason,
  expiredAt: row.expiredAt?.toISOString() ?? null,
  depositUrl: row.depositUrl,
  depositPaidAt: row.depositPaidAt?.toISOString() ?? null,
});

const proposalNotFound = () => notFound('Proposal');

/** One proposal of the org, with its items and totals; 404 when it is not the org's. */
export const getProposal = async (deps: ReadDeps, { orgId, proposalId }: ProposalRef): Promise<Proposal> => {
  const row = await deps.db.proposal.findFirst({ where: { id: proposalId, orgId }, select: proposalSelect });
  if (!row) throw proposalNotFound();
  return toProposal(deps, row);
};

// ---------------------------------------------------------------------------------------------
// List

type ListQuery = z.output<typeof proposalListQuerySchema>;

const searchWhere = (q: string): Prisma.ProposalWhereInput => {
  const number = /^(?:p-?)?(\d{1,9})$/i.exec(q)?.[1];
  return {
    OR: [
      { title: { contains: q, mode: 'insensitive' } },
      { clientName: { contains: q, mode: 'insensitive' } },
      { clientCompany: { contains: q, mode: 'insensitive' } },
      ...(number ? [{ number: Number(number) }] : []),
    ],
  };
};

/** Newest change first, a page at a time ((updatedAt, id) cursor). */
export const listProposals = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, query }: OrgScope & { query: ListQuery },
): Promise<ProposalPage> => {
  const and: Prisma.ProposalWhereInput[] = [];
  if (query.q) and.push(searchWhere(query.q));
  if (query.cursor) {
    const { at, id } = decodeTimeCursor(query.cursor);
    and.push({ OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { lt: id } }] });
  }
  const rows = await db.proposal.findMany({
    where: {
      orgId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.leadId ? { leadId: query.leadId } : {}),
      ...(and.length > 0 ? { AND: and } : {}),
    },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    select: summarySelect,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.updatedAt, last.id) : null,
  };
};

// ---------------------------------------------------------------------------------------------
// Cover letters

const ACTIVITIES_FOR_LETTER = 5;

type LetterSource = {
  leadId: string | null;
  title: string;
  clientName: string;
  clientCompany: string;
  items: LetterFacts['items'];
};

/** The lead's notes and newest activities (none when the lead was deleted) next to the proposal's facts. */
const letterFacts = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, orgName, source }: OrgScope & { orgName: string; source: LetterSource },
): Promise<LetterFacts> => {
  const [lead, activities] = source.leadId
    ? await Promise.all([
        db.lead.findFirst({ where: { id: source.leadId, orgId }, select: { notes: true } }),
        db.leadActivity.findMany({
          where: { orgId, leadId: source.leadId, kind: { not: 'followup_draft' } },
          orderBy: { occurredAt: 'desc' },
          take: ACTIVITIES_FOR_LETTER,
          select: { kind: true, summary: true, occurredAt: true },
        }),
      ])
    : [null, []];
  return {
    orgName,
    title: source.title,
    clientName: source.clientName,
    clientCompany: source.clientCompany,
    leadNotes: lead?.notes ?? '',
    activities: activities.map((a) => `${shortDayInWords(a.occurredAt)} (${a.kind}): ${a.summary}`),
    items: source.items,
  };
};

/**
 * Runs `write` with one AI message reserved (none in offline mode; 402 when the plan has none
 * left). A letter that fell back to the template after a provider failure gives the message back.
 * The answer says who wrote the letter (coverLetterSource).
 */
const withLetter = (
  deps: AiDeps,
  { orgId, userId, facts }: OrgScope & { userId: string | null; facts: () => Promise<LetterFacts> },
  write: (letter: string) => Promise<Proposal>,
): Promise<Proposal> =>
  spendUsage(deps, { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async (hold) => {
    const letter = await writeLetter(deps, { orgId, userId, facts: await facts() });
    if (letter.source === 'offline') await hold.giveBack();
    return { ...(await write(letter.text)), coverLetterSource: letter.source };
  });

// ---------------------------------------------------------------------------------------------
// Create

type CreateInput = z.output<typeof proposalCreateSchema>;
type ItemInput = z.output<typeof proposalItemInputSchema>;

const orgFor = async ({ db }: Pick<Deps, 'db'>, { orgId }: OrgScope) => {
  const org = await db.organization.findFirst({
    where: { id: orgId },
    select: { name: true, currency: true, timezone: true, emailFromName: true, emailReplyTo: true },
  });
  if (!org) throw notFound('Organisation');
  return org;
};

const itemRows = (orgId: string, proposalId: string, items: readonly ItemInput[], amounts: number[]) =>
  items.map((item, position) => ({
    orgId,
    proposalId,
    templateId: item.templateId,
    position,
    name: item.name,
    description: item.description,
    pricingModel: item.pricingModel,
    unitPriceMinor: BigInt(item.unitPriceMinor),
    quantityCenti: toCenti(item.quantity),
    amountMinor: BigInt(amounts[position] ?? 0),
    deliverables: item.deliverables,
    durationDays: item.durationDays,
  }));

const letterItems = (items: readonly ItemInput[]): LetterFacts['items'] =>
  items.map((item) => ({
    name: item.name,
    description: item.description,
    pricingModel: item.pricingModel,
    quantity: item.quantity,
    deliverables: item.deliverables.map((d) => d.title),
  }));

type NewProposal = Omit<Prisma.ProposalUncheckedCreateInput, 'id' | 'number' | 'orgId' | 'tokenHash' | 'tokenSealed'>;

/**
 * Inserts a proposal with the org's next number. The org row is locked (NO KEY UPDATE: rows that
 * reference the org can still be written) so two creates cannot take the same number; the unique
 * (orgId, number) index stays the backstop.
 */
const insertProposal = async (
  deps: Pick<Deps, 'db' | 'env'>,
  { orgId, data, items, amounts }: OrgScope & { data: NewProposal; items: readonly ItemInput[]; amounts: number[] },
): Promise<string> => {
  const link = newPublicLink(deps.env);
  return deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId}::uuid FOR NO KEY UPDATE`;
    const { _max } = await tx.proposal.aggregate({ where: { orgId }, _max: { number: true } });
    const created = await tx.proposal.create({
      data: {
        ...data,
        orgId,
        number: (_max.number ?? 0) + 1,
        tokenHash: link.tokenHash,
        tokenSealed: link.tokenSealed,
      },
      select: { id: true },
    });
    await tx.proposalItem.createMany({ data: itemRows(orgId, created.id, items, amounts) });
    return created.id;
  });
};

/**
 * A draft for a lead of the org from service templates (each at its default quantity, with its
 * deliverables and duration), in the org's currency, valid for 30 days of the org's calendar,
 * with default terms; the AI writes the cover letter when asked (one AI message).
 */
export const createProposal = async (
  deps: AiDeps,
  { orgId, userId, input }: OrgScope & { userId: string | null; input: CreateInput },
): Promise<Proposal> => {
  const [lead, org] = await Promise.all([
    deps.db.lead.findFirst({
      where: { id: input.leadId, orgId },
      select: { id: true, name: true, email: true, company: true },
    }),
    orgFor(deps, { orgId }),
  ]);
  if (!lead) throw notFound('Lead');
  const templates = await templatesForProposal(deps, { orgId, templateIds: input.templateIds });
  const items: ItemInput[] = templates.map((template) => ({
    templateId: template.id,
    name: template.name,
    description: template.description,
    pricingModel: template.pricingModel,
    unitPriceMinor: template.priceMinor,
    quantity: template.defaultQuantity,
    deliverables: template.deliverables,
    durationDays: template.durationDays,
  }));
  const totals = proposalTotals({ items, discountPercent: 0, taxPercent: 0, depositPercent: 0 });
  const validUntil = defaultValidUntil(deps.clock.now(), org.timezone);
  const title =
    input.title?.trim() ||
    defaultTitle({ firstTemplateName: templates[0]?.name ?? null, clientName: lead.name, clientCompany: lead.company });
  const data: NewProposal = {
    leadId: lead.id,
    title,
    clientName: lead.name,
    clientEmail: lead.email ?? '',
    clientCompany: lead.company,
    currency: org.currency,
    subtotalMinor: BigInt(totals.subtotalMinor),
    discountMinor: BigInt(totals.discountMinor),
    taxMinor: BigInt(totals.taxMinor),
    totalMinor: BigInt(totals.totalMinor),
    depositMinor: BigInt(totals.depositMinor),
    terms: defaultTerms({ orgName: org.name, depositPercent: 0, validUntil }),
    validUntil: dayDate(validUntil),
    createdById: userId,
  };
  const insert = async (coverLetter: string) => {
    const proposalId = await insertProposal(deps, {
      orgId,
      data: { ...data, coverLetter },
      items,
      amounts: totals.lines,
    });
    return getProposal(deps, { orgId, proposalId });
  };
  if (!input.writeCoverLetter) return insert('');
  const source: LetterSource = {
    leadId: lead.id,
    title,
    clientName: lead.name,
    clientCompany: lead.company,
    items: letterItems(items),
  };
  return withLetter(
    deps,
    { orgId, userId, facts: () => letterFacts(deps, { orgId, orgName: org.name, source }) },
    insert,
  );
};

// ---------------------------------------------------------------------------------------------
// Update, cover letter, revise, remove

type UpdateInput = z.output<typeof proposalUpdateSchema>;

const notDraft = (number: number, status: ProposalStatus): AppError => {
  const label = proposalLabel(number);
  if (status === 'accepted') return new AppError('CONFLICT', `${label} was accepted; it can no longer be changed`);
  return new AppError(
    'CONFLICT',
    `${label} is ${status}: only a draft can be changed. Revise it first (it goes back to draft)`,
  );
};

/** Locks the proposal row for the rest of the transaction; 404 when it is not the org's. */
const lockProposal = async (tx: Tx, { orgId, proposalId }: ProposalRef) => {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Proposal" WHERE id = ${proposalId}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw proposalNotFound();
};

const pastDayIssue = (today: string) => {
  const message = `The valid-until date cannot be before today (${dayText(today)})`;
  return new AppError('VALIDATION_FAILED', message, { issues: [{ location: 'body', path: 'validUntil', message }] });
};

/**
 * Changes a draft: `items` replaces every line; the totals are computed again by proposalTotals
 * from what is stored and what changed. Default terms that were never edited follow a new
 * deposit or valid-until date. 409 once it is no longer a draft.
 */
export const updateProposal = async (
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  { orgId, proposalId, input }: ProposalRef & { input: UpdateInput },
): Promise<Proposal> => {
  const org = await orgFor(deps, { orgId });
  if (input.validUntil) {
    const today = localToday(deps.clock.now(), org.timezone);
    if (input.validUntil < today) throw pastDayIssue(today);
  }
  await deps.db.$transaction(async (tx) => {
    await lockProposal(tx, { orgId, proposalId });
    const current = await tx.proposal.findFirstOrThrow({ where: { id: proposalId, orgId }, select: proposalSelect });
    if (current.status !== 'draft') throw notDraft(current.number, current.status);
    const items: ItemInput[] =
      input.items ??
      current.items.map((item) => ({
        templateId: item.templateId,
        name: item.name,
        description: item.description,
        pricingModel: item.pricingModel,
        unitPriceMinor: Number(item.unitPriceMinor),
        quantity: fromCenti(item.quantityCenti),
        deliverables: deliverablesOf(item.deliverables),
        durationDays: item.durationDays,
      }));
    const discountPercent = input.discountPercent ?? fromCenti(current.discountBps);
    const taxPercent = input.taxPercent ?? fromCenti(current.taxBps);
    const depositPercent = input.depositPercent ?? current.depositPercent;
    const validUntil = input.validUntil ?? isoDay(current.validUntil);
    const totals = proposalTotals({ items, discountPercent, taxPercent, depositPercent });
    const oldTerms = defaultTerms({
      orgName: org.name,
      depositPercent: current.depositPercent,
      validUntil: isoDay(current.validUntil),
    });
    const terms =
      input.terms ??
      (current.terms === oldTerms ? defaultTerms({ orgName: org.name, depositPercent, validUntil }) : current.terms);
    // A line's amount depends on its own price and quantity only: unchanged lines keep their rows.
    if (input.items) {
      await tx.proposalItem.deleteMany({ where: { orgId, proposalId } });
      await tx.proposalItem.createMany({ data: itemRows(orgId, proposalId, items, totals.lines) });
    }
    await tx.proposal.update({
      where: { id: proposalId, orgId },
      data: {
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.coverLetter === undefined ? {} : { coverLetter: input.coverLetter }),
        terms,
        validUntil: dayDate(validUntil),
        discountBps: toCenti(discountPercent),
        taxBps: toCenti(taxPercent),
        depositPercent,
        subtotalMinor: BigInt(totals.subtotalMinor),
        discountMinor: BigInt(totals.discountMinor),
        taxMinor: BigInt(totals.taxMinor),
        totalMinor: BigInt(totals.totalMinor),
        depositMinor: BigInt(totals.depositMinor),
      },
    });
  });
  return getProposal(deps, { orgId, proposalId });
};

/** The AI writes a draft's cover letter (one AI message; the template offline). 409 once sent. */
export const writeProposalCoverLetter = async (
  deps: AiDeps,
  { orgId, proposalId, userId }: ProposalRef & { userId: string | null },
): Promise<Proposal> => {
  const [row, org] = await Promise.all([
    deps.db.proposal.findFirst({ where: { id: proposalId, orgId }, select: proposalSelect }),
    orgFor(deps, { orgId }),
  ]);
  if (!row) throw proposalNotFound();
  if (row.status !== 'draft') throw notDraft(row.number, row.status);
  const proposal = toProposal(deps, row);
  const source: LetterSource = { ...proposal, items: letterItems(proposal.items) };
  return withLetter(
    deps,
    { orgId, userId, facts: () => letterFacts(deps, { orgId, orgName: org.name, source }) },
    async (coverLetter) => {
      const { count } = await deps.db.proposal.updateMany({
        where: { id: proposalId, orgId, status: 'draft' },
        data: { coverLetter },
      });
      // Sent (or deleted) while the AI wrote: nothing is stored, and the AI message is given back.
      if (count === 0) throw new AppError('CONFLICT', `${proposalLabel(row.number)} is no longer a draft`);
      return getProposal(deps, { orgId, proposalId });
    },
  );
};

const REVISABLE: ProposalStatus[] = ['sent', 'viewed', 'declined', 'expired'];

/**
 * Back to draft to change it (the same link; the client's page says it is being revised). A draft
 * stays as it is; 409 once accepted.
 */
export const reviseProposal = async (deps: ReadDeps, { orgId, proposalId }: ProposalRef): Promise<Proposal> => {
  const { count } = await deps.db.proposal.updateMany({
    where: { id: proposalId, orgId, status: { in: REVISABLE } },
    data: { status: 'draft', viewedAt: null, declinedAt: null, declineReason: null, expiredAt: null },
  });
  if (count === 0) {
    const row = await deps.db.proposal.findFirst({
      where: { id: proposalId, orgId },
      select: { number: true, status: true },
    });
    if (!row) throw proposalNotFound();
    if (row.status === 'accepted')
      throw new AppError('CONFLICT', `${proposalLabel(row.number)} was accepted; it cannot go back to draft`);
  }
  return getProposal(deps, { orgId, proposalId });
};

/** Deletes a proposal that was not accepted (its public link stops working); 409 when accepted. */
export const deleteProposal = async ({ db }: Pick<Deps, 'db'>, { orgId, proposalId }: ProposalRef): Promise<void> => {
  const { count } = await db.proposal.deleteMany({ where: { id: proposalId, orgId, status: { not: 'accepted' } } });
  if (count > 0) return;
  const row = await db.proposal.findFirst({ where: { id: proposalId, orgId }, select: { number: true } });
  if (!row) throw proposalNotFound();
  throw new AppError(
    'CONFLICT',
    `${proposalLabel(row.number)} was accepted and its project depends on it; it cannot be deleted`,
  );
};

// ---------------------------------------------------------------------------------------------
// Send

const SENDABLE: ProposalStatus[] = ['draft', 'sent', 'viewed'];
/** Stages a sent proposal moves a lead forward from; won and lost never move. */
const BEFORE_PROPOSAL = ['new', 'contacted', 'qualified'] as const;

const cannotSend = (number: number, status: ProposalStatus): AppError => {
  const label = proposalLabel(number);
  if (status === 'accepted') return new AppError('CONFLICT', `${label} was already accepted; there is nothing to send`);
  return new AppError('CONFLICT', `${label} is ${status}: revise it first, then send it again`);
};

/** Not sent past its valid-until day (the expiry job would take it away from the client at once). */
const pastValidity = (row: Pick<ProposalRow, 'number' | 'status' | 'validUntil'>): AppError => {
  const label = proposalLabel(row.number);
  const day = dayText(isoDay(row.validUntil));
  return new AppError(
    'CONFLICT',
    row.status === 'draft'
      ? `${label} was valid until ${day}, which has passed: set a new valid-until date, then send it`
      : `${label} was valid until ${day}, which has passed: revise it and set a new valid-until date, then send it`,
  );
};

type Recipient = { email: string; unsubscribe: { url: string } | null };

/** Where the mail goes: the address on the proposal, else the lead's (added since); 422 without one. */
const recipientOf = async (
  deps: SendDeps,
  { orgId, row }: OrgScope & { row: Pick<ProposalRow, 'leadId' | 'clientEmail' | 'clientName' | 'number'> },
): Promise<Recipient> => {
  const lead = row.leadId
    ? await deps.db.lead.findFirst({
        where: { id: row.leadId, orgId },
        select: { id: true, email: true, name: true, unsubscribedAt: true },
      })
    : null;
  if (lead?.unsubscribedAt)
    throw new AppError(
      'CONFLICT',
      `${lead.name} unsubscribed on ${shortDayInWords(lead.unsubscribedAt)} and must not be emailed; share the proposal's link another way`,
    );
  const email = row.clientEmail || lead?.email || '';
  if (!email)
    throw new AppError(
      'UNPROCESSABLE',
      `${row.clientName} has no email address: add one to the lead, then send ${proposalLabel(row.number)}`,
    );
  return { email, unsubscribe: lead ? { url: unsubscribeUrl(deps, { orgId, leadId: lead.id }) } : null };
};

/**
 * Emails the proposal's link to the client from the org's name (Reply-To the org's address), with
 * the unsubscribe footer and headers, counting one `emails` unit (402 when none is left). A draft
 * becomes sent; a sent or viewed one is reminded and keeps its status. Nothing changes unless the
 * mailer took the mail (a failure answers 503 and gives the unit back). The lead gets an email
 * activity and moves to the proposal stage when it was earlier in the pipeline.
 */
export const sendProposal = async (
  deps: SendDeps,
  { orgId, proposalId, userId, message }: ProposalRef & { userId: string | null; message: string },
): Promise<Proposal> => {
  const [row, org] = await Promise.all([
    deps.db.proposal.findFirst({ where: { id: proposalId, orgId }, select: proposalSelect }),
    orgFor(deps, { orgId }),
  ]);
  if (!row) throw proposalNotFound();
  if (!SENDABLE.includes(row.status)) throw cannotSend(row.number, row.status);
  const today = localToday(deps.clock.now(), org.timezone);
  if (isoDay(row.validUntil) < today) throw pastValidity(row);
  const recipient = await recipientOf(deps, { orgId, row });
  const proposal = toProposal(deps, row);
  const isReminder = row.status !== 'draft';
  const mail = proposalMail({
    orgName: org.name,
    number: row.number,
    title: row.title,
    clientName: row.clientName,
    message,
    totalMinor: proposal.totalMinor,
    depositMinor: proposal.depositMinor,
    currency: row.currency,
    validUntil: proposal.validUntil,
    publicUrl: proposal.publicUrl,
    isReminder,
  });
  const footer = recipient.unsubscribe
    ? renderTemplate(UNSUBSCRIBE_FOOTER, { org: org.name, unsubscribeUrl: recipient.unsubscribe.url })
    : '';
  await spendUsage(deps, { orgId, resource: 'emails' }, async () => {
    const result = await deps.mailer.send({
      to: recipient.email,
      subject: mail.subject,
      text: `${mail.text}${footer}`,
      ...(recipient.unsubscribe
        ? {
            headers: {
              'List-Unsubscribe': `<${recipient.unsubscribe.url}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          }
        : {}),
      fromName: fromNameOf({ orgName: org.name, emailFromName: org.emailFromName }),
      ...(org.emailReplyTo ? { replyTo: org.emailReplyTo } : {}),
    });
    if (result.status === 'failed')
      throw new AppError('UNAVAILABLE', `Could not email ${recipient.email}: ${result.error}. Nothing was changed`);
  });
  await recordSent(deps.db, {
    orgId,
    proposalId,
    userId,
    leadId: row.leadId,
    wasDraft: !isReminder,
    email: recipient.email,
    summary: `${isReminder ? 'Reminder of proposal' : 'Proposal'} ${proposalLabel(row.number)} "${row.title}" emailed to ${recipient.email}: ${formatMoney(proposal.totalMinor, row.currency)}, valid until ${dayText(proposal.validUntil)}`,
    now: deps.clock.now(),
  });
  return getProposal(deps, { orgId, proposalId });
};

/** After the mail went: the status (a draft only), the address used, the lead's activity and stage. */
const recordSent = (
  db: Db,
  options: ProposalRef & {
    userId: string | null;
    leadId: string | null;
    wasDraft: boolean;
    email: string;
    summary: string;
    now: Date;
  },
) =>
  db.$transaction(async (tx) => {
    const { orgId, proposalId, leadId, now } = options;
    // Conditional: a proposal accepted or revised while the mail went keeps what happened to it.
    await tx.proposal.updateMany({
      where: { id: proposalId, orgId, status: options.wasDraft ? 'draft' : { in: ['sent', 'viewed'] } },
      data: options.wasDraft
        ? { status: 'sent', sentAt: now, clientEmail: options.email }
        : { clientEmail: options.email },
    });
    if (!leadId) return;
    await logLeadActivity(tx, {
      orgId,
      leadId,
      actorId: options.userId,
      kind: 'email',
      summary: options.summary,
      occurredAt: now,
    });
    await advanceLeadStageInTx(tx, { orgId, leadId, stage: 'proposal', from: BEFORE_PROPOSAL });
  });

// ---------------------------------------------------------------------------------------------
// Expiry (scheduled)

const OPEN: ProposalStatus[] = ['sent', 'viewed'];
const DAY_MS = 86_400_000;

/**
 * Sent and viewed proposals whose valid-until day is before today in their org's timezone become
 * expired. Each org's change is one conditional UPDATE, so a proposal expires once however many
 * instances run this at the same time. Returns how many expired.
 */
export const expireProposals = async ({ db, clock }: Pick<Deps, 'db' | 'clock'>): Promise<{ expired: number }> => {
  const now = clock.now();
  // No timezone is ahead of UTC by a day or more: only these can be past their day anywhere.
  const latestToday = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
  const due = await db.proposal.findMany({
    where: { status: { in: OPEN }, validUntil: { lt: dayDate(latestToday) } },
    distinct: ['orgId'],
    select: { org: { select: { id: true, timezone: true } } },
  });
  let expired = 0;
  for (const { org } of due) {
    const { count } = await db.proposal.updateMany({
      where: {
        orgId: org.id,
        status: { in: OPEN },
        validUntil: { lt: dayDate(localToday(now, org.timezone)) },
      },
      data: { status: 'expired', expiredAt: now },
    });
    expired += count;
  }
  return { expired };
};
