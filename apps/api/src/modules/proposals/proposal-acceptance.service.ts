import { fromCenti, type PricingModel, type ProposalStatus } from '@aiceo/shared/proposals';
import { formatMoney } from '@aiceo/shared/money';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';
import type { Prisma } from '../../generated/prisma/client';
import { publicLinkUrl, publicTokenHash } from '../../lib/public-links';
import type { Db } from '../auth/sessions.service';
import { logLeadActivity, markLeadWonInTx } from '../leads/leads.service';
import { createProjectInTx, orgToday, type ProjectFromProposal } from '../projects/projects.service';

// The client's side of a proposal, found by the token of its public link: the page, viewing,
// accepting (lead won + project, in one transaction) and declining. No login: the token is the key.

type PageDeps = Pick<Deps, 'db' | 'env' | 'clock'>;
type Deliverable = { title: string; description: string; dueAfterDays: number };

/** Everything the client's page shows, and nothing else of the org. */
export type ProposalForClient = {
  id: string;
  orgId: string;
  number: number;
  title: string;
  /** As stored; an open proposal past its valid-until day is shown (and refused) as expired. */
  status: ProposalStatus;
  isPastValidUntil: boolean;
  clientName: string;
  clientCompany: string;
  clientEmail: string;
  currency: string;
  discountPercent: number;
  taxPercent: number;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  depositMinor: number;
  coverLetter: string;
  terms: string;
  /** yyyy-mm-dd */
  validUntil: string;
  /** When it was sent (else created): the proposal's date. */
  issuedAt: Date;
  acceptedName: string | null;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  depositUrl: string | null;
  depositPaidAt: Date | null;
  /** The project's progress page, once accepted. */
  projectUrl: string | null;
  projectId: string | null;
  leadId: string | null;
  /** The proposal page's own address (Stripe's return URLs). */
  publicUrl: string;
  org: { name: string; brandColor: string; logoUrl: string; timezone: string };
  items: {
    name: string;
    description: string;
    pricingModel: PricingModel;
    unitPriceMinor: number;
    quantity: number;
    amountMinor: number;
    deliverables: Deliverable[];
    durationDays: number;
  }[];
};

const proposalSelect = {
  id: true,
  orgId: true,
  number: true,
  leadId: true,
  title: true,
  status: true,
  clientName: true,
  clientCompany: true,
  clientEmail: true,
  currency: true,
  discountBps: true,
  taxBps: true,
  subtotalMinor: true,
  discountMinor: true,
  taxMinor: true,
  totalMinor: true,
  depositMinor: true,
  coverLetter: true,
  terms: true,
  validUntil: true,
  tokenSealed: true,
  sentAt: true,
  createdAt: true,
  acceptedName: true,
  acceptedAt: true,
  declinedAt: true,
  depositUrl: true,
  depositPaidAt: true,
  org: { select: { name: true, brandColor: true, logoUrl: true, timezone: true } },
  project: { select: { id: true, tokenSealed: true } },
  items: {
    orderBy: { position: 'asc' },
    select: {
      name: true,
      description: true,
      pricingModel: true,
      unitPriceMinor: true,
      quantityCenti: true,
      amountMinor: true,
      deliverables: true,
      durationDays: true,
    },
  },
} satisfies Prisma.ProposalSelect;
type ProposalRow = Prisma.ProposalGetPayload<{ select: typeof proposalSelect }>;

const toDay = (date: Date): string => date.toISOString().slice(0, 10);
const fromDay = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
const addDays = (day: string, days: number): string => toDay(new Date(fromDay(day).getTime() + days * 86_400_000));

/** Deliverables are JSON copied from a template; anything malformed is left out rather than trusted. */
const deliverablesOf = (value: Prisma.JsonValue): Deliverable[] =>
  (Array.isArray(value) ? value : []).flatMap((entry) => {
    const d = entry as Partial<Deliverable> | null;
    if (!d || typeof d.title !== 'string') return [];
    const days = typeof d.dueAfterDays === 'number' && Number.isInteger(d.dueAfterDays) ? d.dueAfterDays : 0;
    return [
      { title: d.title, description: typeof d.description === 'string' ? d.description : '', dueAfterDays: days },
    ];
  });

const isOpen = (status: ProposalStatus): boolean => status === 'sent' || status === 'viewed';

const toView = (deps: PageDeps, row: ProposalRow, today: string): ProposalForClient => ({
  id: row.id,
  orgId: row.orgId,
  number: row.number,
  title: row.title,
  status: row.status,
  isPastValidUntil: isOpen(row.status) && toDay(row.validUntil) < today,
  clientName: row.clientName,
  clientCompany: row.clientCompany,
  clientEmail: row.clientEmail,
  currency: row.currency,
  discountPercent: fromCenti(row.discountBps),
  taxPercent: fromCenti(row.taxBps),
  subtotalMinor: Number(row.subtotalMinor),
  discountMinor: Number(row.discountMinor),
  taxMinor: Number(row.taxMinor),
  totalMinor: Number(row.totalMinor),
  depositMinor: Number(row.depositMinor),
  coverLetter: row.coverLetter,
  terms: row.terms,
  validUntil: toDay(row.validUntil),
  issuedAt: row.sentAt ?? row.createdAt,
  acceptedName: row.acceptedName,
  acceptedAt: row.acceptedAt,
  declinedAt: row.declinedAt,
  depositUrl: row.depositUrl,
  depositPaidAt: row.depositPaidAt,
  projectUrl: row.project ? publicLinkUrl(deps.env, 'project', row.project.tokenSealed) : null,
  projectId: row.project?.id ?? null,
  leadId: row.leadId,
  publicUrl: publicLinkUrl(deps.env, 'proposal', row.tokenSealed),
  org: row.org,
  items: row.items.map((item) => ({
    name: item.name,
    description: item.description,
    pricingModel: item.pricingModel,
    unitPriceMinor: Number(item.unitPriceMinor),
    quantity: fromCenti(item.quantityCenti),
    amountMinor: Number(item.amountMinor),
    deliverables: deliverablesOf(item.deliverables),
    durationDays: item.durationDays,
  })),
});

const findRow = (db: Deps['db'] | Db, token: string) =>
  db.proposal.findUnique({ where: { tokenHash: publicTokenHash(token) }, select: proposalSelect });

/**
 * The proposal behind a public token, or null. With `countView`, the first look while it is sent
 * marks it viewed (any visit of the link counts, the owner's own included); no other status moves.
 */
export const findProposalForClient = async (
  deps: PageDeps,
  { token, countView = false }: { token: string; countView?: boolean },
): Promise<ProposalForClient | null> => {
  const row = await findRow(deps.db, token);
  if (!row) return null;
  if (countView && row.status === 'sent') {
    const now = deps.clock.now();
    // Conditional: an acceptance or a revision that landed meanwhile is never turned back into "viewed".
    const { count } = await deps.db.proposal.updateMany({
      where: { orgId: row.orgId, id: row.id, status: 'sent' },
      data: { status: 'viewed', viewedAt: now },
    });
    if (count === 1) row.status = 'viewed';
  }
  const today = await orgToday(deps.db, { orgId: row.orgId, now: deps.clock.now() });
  return toView(deps, row, today);
};

/**
 * The owner's preview: the proposal of this org as its client page shows it, in any status. Never
 * marks it viewed (the owner looking is not the client looking). 404 when it is not this org's.
 */
export const findProposalForPreview = async (
  deps: PageDeps,
  { orgId, proposalId }: { orgId: string; proposalId: string },
): Promise<ProposalForClient> => {
  const row = await deps.db.proposal.findFirst({ where: { orgId, id: proposalId }, select: proposalSelect });
  if (!row) throw notFound('Proposal');
  const today = await orgToday(deps.db, { orgId, now: deps.clock.now() });
  return toView(deps, row, today);
};

/** Why the client can no longer accept or decline. */
export type ClosedReason = 'accepted' | 'declined' | 'expired' | 'draft';

const closedReasonOf = (view: ProposalForClient): ClosedReason | null => {
  if (view.status === 'draft') return 'draft';
  if (view.status === 'accepted' || view.status === 'declined') return view.status;
  if (view.status === 'expired' || view.isPastValidUntil) return 'expired';
  return null;
};

export type ClientAnswer =
  | { outcome: 'not_found' }
  | { outcome: 'closed'; reason: ClosedReason; proposal: ProposalForClient }
  | { outcome: 'done'; proposal: ProposalForClient };

/** The project an accepted proposal makes: a milestone per deliverable (or per item without any), by due date. */
export const projectFromProposal = (view: ProposalForClient, startDate: string): ProjectFromProposal => {
  type Planned = ProjectFromProposal['milestones'][number] & { days: number; order: number };
  const milestones = view.items
    .flatMap((item, order): Planned[] => {
      if (item.deliverables.length === 0) {
        const days = item.durationDays > 0 ? item.durationDays : Infinity;
        const dueDate = item.durationDays > 0 ? addDays(startDate, item.durationDays) : null;
        return [{ title: item.name, description: item.description, deliverables: [], dueDate, days, order }];
      }
      return item.deliverables.map((d) => ({
        title: d.title,
        description: d.description,
        deliverables: [item.name],
        dueDate: addDays(startDate, d.dueAfterDays),
        days: d.dueAfterDays,
        order,
      }));
    })
    // Stable: same-day milestones keep the proposal's order.
    .sort((a, b) => a.days - b.days || a.order - b.order)
    .map(({ title, description, deliverables, dueDate }) => ({ title, description, deliverables, dueDate }));
  const longest = Math.max(0, ...view.items.map((item) => item.durationDays));
  return {
    orgId: view.orgId,
    name: view.title,
    description: `From proposal P-${view.number}, accepted by ${view.acceptedName ?? view.clientName}.`,
    clientName: view.clientCompany ? `${view.clientName} (${view.clientCompany})` : view.clientName,
    clientEmail: view.clientEmail,
    leadId: view.leadId,
    proposalId: view.id,
    budgetMinor: view.totalMinor,
    currency: view.currency,
    startDate,
    dueDate: longest > 0 ? addDays(startDate, longest) : null,
    milestones,
  };
};

/**
 * The client's answer claims the proposal with one conditional update: still sent or viewed and
 * valid until today or later in the org's timezone. Of two answers at once, exactly one wins.
 */
const claimOpen = async (
  tx: Db,
  found: Pick<ProposalRow, 'orgId' | 'id'>,
  today: string,
  data: Prisma.ProposalUpdateManyMutationInput,
): Promise<boolean> => {
  const { count } = await tx.proposal.updateMany({
    where: {
      orgId: found.orgId,
      id: found.id,
      status: { in: ['sent', 'viewed'] },
      validUntil: { gte: fromDay(today) },
    },
    data,
  });
  return count === 1;
};

type AcceptInput = { token: string; name: string; ip: string; userAgent: string };

/**
 * Accepts in one transaction: the claim is a conditional update (still sent or viewed, valid
 * until today or later in the org's timezone), so of two tabs or a double submit exactly one
 * wins; the winner records the name, time, address and browser, moves the lead (if it still
 * exists) to won with the total, logs it on the lead and makes the project.
 */
export const acceptProposal = async (
  deps: PageDeps,
  { token, name, ip, userAgent }: AcceptInput,
): Promise<ClientAnswer> => {
  const found = await findRow(deps.db, token);
  if (!found) return { outcome: 'not_found' };
  const now = deps.clock.now();
  const accepted = await deps.db.$transaction(async (tx) => {
    const today = await orgToday(tx, { orgId: found.orgId, now });
    const claimed = await claimOpen(tx, found, today, {
      status: 'accepted',
      acceptedAt: now,
      acceptedName: name,
      acceptedIp: ip.slice(0, 100),
      acceptedUserAgent: userAgent.slice(0, 500),
    });
    if (!claimed) return false;
    const view = toView(deps, (await findRow(tx, token)) ?? found, today);
    if (view.leadId) {
      const won = await markLeadWonInTx(tx, { orgId: view.orgId, leadId: view.leadId, valueMinor: view.totalMinor });
      if (won)
        await logLeadActivity(tx, {
          orgId: view.orgId,
          leadId: view.leadId,
          actorId: null,
          kind: 'note',
          summary: `Proposal P-${view.number} accepted by ${name}`,
          occurredAt: now,
        });
    }
    await createProjectInTx(tx, deps.env, projectFromProposal(view, today));
    return true;
  });
  const proposal = await findProposalForClient(deps, { token });
  if (!proposal) return { outcome: 'not_found' };
  if (accepted) return { outcome: 'done', proposal };
  return { outcome: 'closed', reason: closedReasonOf(proposal) ?? 'expired', proposal };
};

/** Declines with the client's reason (conditional, like accepting), logged on the lead. */
export const declineProposal = async (
  deps: PageDeps,
  { token, reason }: { token: string; reason: string },
): Promise<ClientAnswer> => {
  const found = await findRow(deps.db, token);
  if (!found) return { outcome: 'not_found' };
  const now = deps.clock.now();
  const declined = await deps.db.$transaction(async (tx) => {
    const today = await orgToday(tx, { orgId: found.orgId, now });
    const claimed = await claimOpen(tx, found, today, { status: 'declined', declinedAt: now, declineReason: reason });
    if (!claimed) return false;
    if (found.leadId)
      await logLeadActivity(tx, {
        orgId: found.orgId,
        leadId: found.leadId,
        actorId: null,
        kind: 'note',
        summary: `Proposal P-${found.number} declined: ${reason}`,
        occurredAt: now,
      });
    return true;
  });
  const proposal = await findProposalForClient(deps, { token });
  if (!proposal) return { outcome: 'not_found' };
  if (declined) return { outcome: 'done', proposal };
  return { outcome: 'closed', reason: closedReasonOf(proposal) ?? 'expired', proposal };
};

/** Keeps the deposit's Checkout link once (a second one, from a retry, is not stored). */
export const saveDepositLink = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, proposalId, url, sessionId }: { orgId: string; proposalId: string; url: string; sessionId: string },
): Promise<boolean> => {
  const { count } = await db.proposal.updateMany({
    where: { orgId, id: proposalId, status: 'accepted', depositSessionId: null },
    data: { depositUrl: url, depositSessionId: sessionId },
  });
  return count === 1;
};

/**
 * The deposit of each proposal arrived (the Stripe sync found its payment, tagged with the
 * proposal's id): depositPaidAt is set once, for proposals of this org that asked a deposit.
 */
export const markDepositsPaid = async (
  db: Deps['db'] | Db,
  { orgId, payments }: { orgId: string; payments: { proposalId: string; paidAt: Date }[] },
): Promise<number> => {
  let marked = 0;
  for (const { proposalId, paidAt } of payments) {
    const { count } = await db.proposal.updateMany({
      where: { orgId, id: proposalId, depositMinor: { gt: 0 }, depositPaidAt: null },
      data: { depositPaidAt: paidAt },
    });
    marked += count;
  }
  return marked;
};

type AnnounceDeps = Pick<Deps, 'db' | 'env' | 'mailer' | 'log'>;

/** Who hears of the client's answer: the proposal's author while still a member, else the owners and admins. */
const answerRecipients = async (db: Deps['db'], { orgId, proposalId }: { orgId: string; proposalId: string }) => {
  const row = await db.proposal.findFirst({ where: { orgId, id: proposalId }, select: { createdById: true } });
  if (row?.createdById) {
    const author = await db.membership.findFirst({
      where: { orgId, userId: row.createdById },
      select: { user: { select: { email: true } } },
    });
    if (author) return [author.user.email];
  }
  const members = await db.membership.findMany({
    where: { orgId, role: { in: ['owner', 'admin'] } },
    orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
    select: { user: { select: { email: true } } },
  });
  return members.map(({ user }) => user.email);
};

const depositWords = (p: ProposalForClient, depositUrl: string | null): string => {
  if (p.depositMinor <= 0) return 'No deposit was asked.';
  const amount = formatMoney(p.depositMinor, p.currency, { locale: 'en' });
  if (p.depositPaidAt) return `Deposit of ${amount}: paid.`;
  if (depositUrl) return `Deposit of ${amount}: due; the client has a Stripe payment link on their page.`;
  return `Deposit of ${amount}: due, but no payment link could be made (is Stripe connected in Money?). Send the client a way to pay.`;
};

type AnswerNews =
  | { kind: 'accepted'; proposal: ProposalForClient; depositUrl: string | null }
  | { kind: 'declined'; proposal: ProposalForClient; reason: string };

/**
 * Mails the team that the client answered: "P-n accepted by <name>" with the total, the deposit and
 * the project in the app, or "P-n declined: <reason>" with the proposal in the app. Called once, by
 * the request whose answer won, after its commit. Never throws: a mail failure is logged, the
 * client's answer stands.
 */
export const announceClientAnswer = async (deps: AnnounceDeps, news: AnswerNews): Promise<void> => {
  const p = news.proposal;
  const app = `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/orgs/${p.orgId}`;
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  const mail =
    news.kind === 'accepted'
      ? {
          subject: oneLine(`P-${p.number} accepted by ${p.acceptedName ?? p.clientName}`).slice(0, 200),
          text: [
            `${p.acceptedName ?? p.clientName} accepted proposal P-${p.number} "${p.title}" for ${p.clientName}${p.clientCompany ? ` (${p.clientCompany})` : ''}.`,
            '',
            `Total: ${formatMoney(p.totalMinor, p.currency, { locale: 'en' })}`,
            depositWords(p, news.depositUrl),
            '',
            p.projectId
              ? `The project is ready: ${app}/projects/${p.projectId}`
              : `The proposal: ${app}/proposals/${p.id}`,
          ].join('\n'),
        }
      : {
          subject: oneLine(`P-${p.number} declined: ${news.reason}`).slice(0, 200),
          text: [
            `${p.clientName}${p.clientCompany ? ` (${p.clientCompany})` : ''} declined proposal P-${p.number} "${p.title}".`,
            '',
            'Their reason:',
            news.reason,
            '',
            `The proposal (revise it to send a new version): ${app}/proposals/${p.id}`,
          ].join('\n'),
        };
  try {
    const recipients = await answerRecipients(deps.db, { orgId: p.orgId, proposalId: p.id });
    const results = await Promise.all(recipients.map((to) => deps.mailer.send({ to, ...mail })));
    const failed = results.filter((result) => result.status === 'failed');
    if (failed.length > 0)
      deps.log.warn(
        { orgId: p.orgId, proposalId: p.id, failed: failed.length },
        `proposal ${news.kind}: team mail failed`,
      );
  } catch (error) {
    deps.log.warn(
      { orgId: p.orgId, proposalId: p.id, problem: error instanceof Error ? error.message : String(error) },
      `proposal ${news.kind}: team mail failed`,
    );
  }
};
