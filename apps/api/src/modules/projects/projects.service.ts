import type { Prisma } from '../../generated/prisma/client';
import {
  MILESTONES_MAX,
  projectProgress,
  projectStatusLabels,
  type Milestone,
  type Project,
  type ProjectPage,
  type ProjectStatus,
  type ProjectSummary,
  type milestoneUpdateSchema,
  type projectInputSchema,
  type projectListQuerySchema,
  type projectUpdateSchema,
} from '@aiceo/shared/projects';
import type { z } from 'zod';
import type { Env } from '../../config/env';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/pagination';
import { newPublicLink, publicLinkUrl, publicTokenHash } from '../../lib/public-links';
import type { Db } from '../auth/sessions.service';

/** A project made by an accepted proposal, inside the acceptance's transaction (client-pages calls this). */
export type ProjectFromProposal = {
  orgId: string;
  name: string;
  description: string;
  clientName: string;
  clientEmail: string;
  leadId: string | null;
  proposalId: string;
  /** The proposal's total, in minor units of `currency`. */
  budgetMinor: number;
  currency: string;
  /** yyyy-mm-dd in the org's timezone: the day it was accepted. */
  startDate: string;
  /** yyyy-mm-dd: the start plus the longest item duration; null when no item has one. */
  dueDate: string | null;
  milestones: { title: string; description: string; deliverables: string[]; dueDate: string | null }[];
};

type ProjectDeps = Pick<Deps, 'db' | 'env' | 'clock'>;
type NewMilestone = { title: string; description: string; deliverables: string[]; dueDate: string | null };

/** Calendar days travel as 'YYYY-MM-DD'; the database keeps them as DATE (midnight UTC in JS). */
const toDate = (day: string | null): Date | null => (day === null ? null : new Date(`${day}T00:00:00.000Z`));
const toDay = (date: Date | null): string | null => (date === null ? null : date.toISOString().slice(0, 10));

/**
 * Today in the org's timezone, computed by the database the way the dashboard does, so "overdue"
 * flips at the org's midnight and not the server's.
 */
export const orgToday = async (db: Db, { orgId, now }: { orgId: string; now: Date }): Promise<string> => {
  const rows = await db.$queryRaw<{ today: string }[]>`
    SELECT to_char(${now}::timestamptz AT TIME ZONE o.timezone, 'YYYY-MM-DD') AS today
      FROM "Organization" o WHERE o.id = ${orgId}::uuid`;
  return rows[0]?.today ?? now.toISOString().slice(0, 10);
};

const milestoneSelect = {
  id: true,
  position: true,
  title: true,
  description: true,
  deliverables: true,
  dueDate: true,
  doneAt: true,
} as const;
type MilestoneRow = Prisma.ProjectMilestoneGetPayload<{ select: typeof milestoneSelect }>;

const milestonesOrder = [
  { position: 'asc' },
  { id: 'asc' },
] as const satisfies Prisma.ProjectMilestoneOrderByWithRelationInput[];

const summarySelect = {
  id: true,
  name: true,
  clientName: true,
  status: true,
  priority: true,
  leadId: true,
  proposalId: true,
  proposal: { select: { number: true } },
  startDate: true,
  dueDate: true,
  currency: true,
  budgetMinor: true,
  createdAt: true,
  updatedAt: true,
  milestones: { select: milestoneSelect, orderBy: [...milestonesOrder] },
} as const satisfies Prisma.ProjectSelect;
type SummaryRow = Prisma.ProjectGetPayload<{ select: typeof summarySelect }>;

const detailSelect = {
  ...summarySelect,
  description: true,
  clientEmail: true,
  lead: { select: { name: true } },
  tokenSealed: true,
  completedAt: true,
} as const satisfies Prisma.ProjectSelect;

const isOverdue = (row: Pick<MilestoneRow, 'doneAt' | 'dueDate'>, today: string): boolean => {
  const due = toDay(row.dueDate);
  return row.doneAt === null && due !== null && due < today;
};

const toMilestone = (row: MilestoneRow, today: string): Milestone => ({
  id: row.id,
  position: row.position,
  title: row.title,
  description: row.description,
  deliverables: row.deliverables,
  dueDate: toDay(row.dueDate),
  done: row.doneAt !== null,
  doneAt: row.doneAt?.toISOString() ?? null,
  overdue: isOverdue(row, today),
});

type Money = { spentMinor: number; receivedMinor: number };
const NO_MONEY: Money = { spentMinor: 0, receivedMinor: 0 };

const toSummary = (row: SummaryRow, { today, money }: { today: string; money: Money }): ProjectSummary => {
  const done = row.milestones.filter((milestone) => milestone.doneAt !== null).length;
  const next = row.milestones.find((milestone) => milestone.doneAt === null);
  return {
    id: row.id,
    name: row.name,
    clientName: row.clientName,
    status: row.status,
    priority: row.priority,
    leadId: row.leadId,
    proposalId: row.proposalId,
    proposalNumber: row.proposal?.number ?? null,
    startDate: toDay(row.startDate),
    dueDate: toDay(row.dueDate),
    currency: row.currency,
    budgetMinor: Number(row.budgetMinor),
    ...money,
    milestonesTotal: row.milestones.length,
    milestonesDone: done,
    milestonesOverdue: row.milestones.filter((milestone) => isOverdue(milestone, today)).length,
    progressPercent: projectProgress(done, row.milestones.length),
    nextMilestone: next ? { title: next.title, dueDate: toDay(next.dueDate) } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
};

/**
 * Budget vs actual per project, in one query for a whole page: money out (as a positive amount)
 * and money in tagged to each project. Only transactions in the project's own currency count:
 * a tagged payment in another currency stays in the project's transaction list but is left out of
 * these sums, since adding two currencies would be a wrong number. Transfers between own accounts
 * are neither spending nor income.
 */
const moneyByProject = async (db: Db, { orgId, ids }: { orgId: string; ids: string[] }) => {
  if (ids.length === 0) return new Map<string, Money>();
  const rows = await db.$queryRaw<{ projectId: string; spent: bigint; received: bigint }[]>`
    SELECT t."projectId" AS "projectId",
           COALESCE(SUM(-t."amountMinor") FILTER (WHERE t."amountMinor" < 0), 0)::bigint AS spent,
           COALESCE(SUM(t."amountMinor") FILTER (WHERE t."amountMinor" > 0), 0)::bigint AS received
      FROM "FinanceTransaction" t
      JOIN "Project" p ON p.id = t."projectId" AND p."orgId" = t."orgId"
     WHERE t."orgId" = ${orgId}::uuid AND t."projectId" = ANY(${ids}::uuid[])
       AND t.currency = p.currency AND t."transferId" IS NULL
     GROUP BY t."projectId"`;
  return new Map(
    rows.map((row) => [row.projectId, { spentMinor: Number(row.spent), receivedMinor: Number(row.received) }]),
  );
};

type ListQuery = z.output<typeof projectListQuerySchema>;

const listWhere = (orgId: string, query: ListQuery): Prisma.ProjectWhereInput => {
  const and: Prisma.ProjectWhereInput[] = [];
  if (query.q) {
    const contains = { contains: query.q, mode: 'insensitive' } as const;
    and.push({ OR: [{ name: contains }, { clientName: contains }] });
  }
  if (query.cursor) {
    const { at, id } = decodeTimeCursor(query.cursor);
    and.push({ OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { lt: id } }] });
  }
  return {
    orgId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(and.length > 0 ? { AND: and } : {}),
  };
};

/** The org's projects, the most recently changed first, with progress and budget vs actual. */
export const listProjects = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, query }: { orgId: string; query: ListQuery },
): Promise<ProjectPage> => {
  const rows = await deps.db.project.findMany({
    where: listWhere(orgId, query),
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    select: summarySelect,
  });
  const page = rows.slice(0, query.limit);
  const [today, money] = await Promise.all([
    orgToday(deps.db, { orgId, now: deps.clock.now() }),
    moneyByProject(deps.db, { orgId, ids: page.map((row) => row.id) }),
  ]);
  const last = page.at(-1);
  return {
    items: page.map((row) => toSummary(row, { today, money: money.get(row.id) ?? NO_MONEY })),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.updatedAt, last.id) : null,
  };
};

const TRANSACTIONS_SHOWN = 20;

/** One project with everything its page shows. */
export const getProject = async (
  { db, env, clock }: ProjectDeps,
  { orgId, projectId }: { orgId: string; projectId: string },
): Promise<Project> => {
  const row = await db.project.findFirst({ where: { orgId, id: projectId }, select: detailSelect });
  if (!row) throw notFound('Project');
  const [today, money, transactions] = await Promise.all([
    orgToday(db, { orgId, now: clock.now() }),
    moneyByProject(db, { orgId, ids: [row.id] }),
    db.financeTransaction.findMany({
      where: { orgId, projectId: row.id },
      orderBy: [{ date: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
      take: TRANSACTIONS_SHOWN,
      select: { id: true, date: true, amountMinor: true, currency: true, counterparty: true, description: true },
    }),
  ]);
  return {
    ...toSummary(row, { today, money: money.get(row.id) ?? NO_MONEY }),
    description: row.description,
    clientEmail: row.clientEmail,
    leadName: row.lead?.name ?? null,
    milestones: row.milestones.map((milestone) => toMilestone(milestone, today)),
    transactions: transactions.map((tx) => ({
      id: tx.id,
      date: tx.date.toISOString().slice(0, 10),
      amountMinor: Number(tx.amountMinor),
      currency: tx.currency,
      counterparty: tx.counterparty,
      description: tx.description,
    })),
    publicUrl: publicLinkUrl(env, 'project', row.tokenSealed),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
};

const milestoneRows = (
  { orgId, projectId, from, now }: { orgId: string; projectId: string; from: number; now: Date },
  milestones: NewMilestone[],
): Prisma.ProjectMilestoneCreateManyInput[] =>
  milestones.map((milestone, index) => ({
    orgId,
    projectId,
    position: from + index,
    title: milestone.title,
    description: milestone.description,
    deliverables: milestone.deliverables,
    dueDate: toDate(milestone.dueDate),
    createdAt: now,
    updatedAt: now,
  }));

type NewProject = Omit<ProjectFromProposal, 'proposalId' | 'startDate'> & {
  proposalId: string | null;
  startDate: string | null;
  status: ProjectStatus;
  priority: Prisma.ProjectCreateManyInput['priority'];
  createdById: string | null;
  now: Date;
};

/** Writes a project, its milestones and its public link with the caller's client (a transaction). */
const insertProject = async (tx: Db, env: Env, input: NewProject): Promise<{ id: string; publicUrl: string }> => {
  const link = newPublicLink(env);
  const project = await tx.project.create({
    data: {
      orgId: input.orgId,
      name: input.name,
      description: input.description,
      clientName: input.clientName,
      clientEmail: input.clientEmail,
      status: input.status,
      priority: input.priority,
      leadId: input.leadId,
      proposalId: input.proposalId,
      startDate: toDate(input.startDate),
      dueDate: toDate(input.dueDate),
      budgetMinor: BigInt(input.budgetMinor),
      currency: input.currency,
      tokenHash: link.tokenHash,
      tokenSealed: link.tokenSealed,
      completedAt: input.status === 'completed' ? input.now : null,
      createdById: input.createdById,
      createdAt: input.now,
      updatedAt: input.now,
    },
    select: { id: true },
  });
  if (input.milestones.length > 0)
    await tx.projectMilestone.createMany({
      data: milestoneRows({ orgId: input.orgId, projectId: project.id, from: 0, now: input.now }, input.milestones),
    });
  return { id: project.id, publicUrl: publicLinkUrl(env, 'project', link.tokenSealed) };
};

/**
 * The project an accepted proposal makes, inside the acceptance's transaction: status planning,
 * the proposal's total as budget, milestones in the given order and a fresh progress-page link.
 */
export const createProjectInTx = (
  tx: Db,
  env: Env,
  input: ProjectFromProposal,
): Promise<{ id: string; publicUrl: string }> =>
  insertProject(tx, env, {
    ...input,
    milestones: input.milestones.slice(0, MILESTONES_MAX),
    status: 'planning',
    priority: 'medium',
    createdById: null,
    now: new Date(),
  });

const requireLead = async (db: Db, { orgId, leadId }: { orgId: string; leadId: string | null }) => {
  if (leadId === null) return;
  const lead = await db.lead.findFirst({ where: { orgId, id: leadId }, select: { id: true } });
  if (!lead) throw notFound('Lead');
};

type ProjectInput = z.output<typeof projectInputSchema>;

export const createProject = async (
  deps: ProjectDeps,
  { orgId, userId, input }: { orgId: string; userId: string | null; input: ProjectInput },
): Promise<Project> => {
  await requireLead(deps.db, { orgId, leadId: input.leadId });
  const org = await deps.db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { currency: true } });
  const { id } = await deps.db.$transaction((tx) =>
    insertProject(tx, deps.env, {
      ...input,
      orgId,
      proposalId: null,
      currency: org.currency,
      createdById: userId,
      now: deps.clock.now(),
    }),
  );
  return getProject(deps, { orgId, projectId: id });
};

type ProjectUpdate = z.output<typeof projectUpdateSchema>;

/** completedAt marks the moment a project became completed; leaving that status clears it. */
const completedAtFor = (
  next: ProjectStatus | undefined,
  current: { status: ProjectStatus; completedAt: Date | null },
  now: Date,
): Date | null | undefined => {
  if (next === undefined || next === current.status) return undefined;
  return next === 'completed' ? now : null;
};

export const updateProject = async (
  deps: ProjectDeps,
  { orgId, projectId, input }: { orgId: string; projectId: string; input: ProjectUpdate },
): Promise<Project> => {
  if (input.leadId !== undefined) await requireLead(deps.db, { orgId, leadId: input.leadId });
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const current = await tx.project.findFirst({
      where: { orgId, id: projectId },
      select: { status: true, completedAt: true },
    });
    if (!current) throw notFound('Project');
    const completedAt = completedAtFor(input.status, current, now);
    await tx.project.updateMany({
      where: { orgId, id: projectId },
      data: {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.clientName === undefined ? {} : { clientName: input.clientName }),
        ...(input.clientEmail === undefined ? {} : { clientEmail: input.clientEmail }),
        ...(input.status === undefined ? {} : { status: input.status }),
        ...(input.priority === undefined ? {} : { priority: input.priority }),
        ...(input.leadId === undefined ? {} : { leadId: input.leadId }),
        ...(input.startDate === undefined ? {} : { startDate: toDate(input.startDate) }),
        ...(input.dueDate === undefined ? {} : { dueDate: toDate(input.dueDate) }),
        ...(input.budgetMinor === undefined ? {} : { budgetMinor: BigInt(input.budgetMinor) }),
        ...(completedAt === undefined ? {} : { completedAt }),
        updatedAt: now,
      },
    });
  });
  return getProject(deps, { orgId, projectId });
};

/** Deletes the project and its milestones; the books keep its transactions, untagged by the foreign key. */
export const deleteProject = async (
  deps: Pick<Deps, 'db'>,
  { orgId, projectId }: { orgId: string; projectId: string },
): Promise<void> => {
  const { count } = await deps.db.project.deleteMany({ where: { orgId, id: projectId } });
  if (count === 0) throw notFound('Project');
};

/** Locks the project row for the transaction, so two milestone edits renumber one after the other. */
const lockProject = async (tx: Db, { orgId, projectId }: { orgId: string; projectId: string }) => {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Project" WHERE "orgId" = ${orgId}::uuid AND id = ${projectId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound('Project');
};

const touchProject = (tx: Db, { orgId, projectId, now }: { orgId: string; projectId: string; now: Date }) =>
  tx.project.updateMany({ where: { orgId, id: projectId }, data: { updatedAt: now } });

/** Writes positions 0..n-1 in the given order, touching only the rows whose place changed. */
const renumber = async (tx: Db, { orgId, rows }: { orgId: string; rows: { id: string; position: number }[] }) => {
  for (const [index, row] of rows.entries()) {
    if (row.position !== index)
      await tx.projectMilestone.updateMany({ where: { orgId, id: row.id }, data: { position: index } });
  }
};

const projectMilestones = (tx: Db, { orgId, projectId }: { orgId: string; projectId: string }) =>
  tx.projectMilestone.findMany({
    where: { orgId, projectId },
    orderBy: [...milestonesOrder],
    select: { id: true, position: true, doneAt: true },
  });

export const addMilestones = async (
  deps: ProjectDeps,
  { orgId, projectId, milestones }: { orgId: string; projectId: string; milestones: NewMilestone[] },
): Promise<Project> => {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await lockProject(tx, { orgId, projectId });
    const existing = await tx.projectMilestone.count({ where: { orgId, projectId } });
    if (existing + milestones.length > MILESTONES_MAX) {
      const message = `A project holds at most ${MILESTONES_MAX} milestones; it has ${existing}`;
      throw new AppError('UNPROCESSABLE', message);
    }
    await tx.projectMilestone.createMany({
      data: milestoneRows({ orgId, projectId, from: existing, now }, milestones),
    });
    await touchProject(tx, { orgId, projectId, now });
  });
  return getProject(deps, { orgId, projectId });
};

type MilestoneChange = z.output<typeof milestoneUpdateSchema>;

export const updateMilestone = async (
  deps: ProjectDeps,
  {
    orgId,
    projectId,
    milestoneId,
    input,
  }: { orgId: string; projectId: string; milestoneId: string; input: MilestoneChange },
): Promise<Project> => {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await lockProject(tx, { orgId, projectId });
    const rows = await projectMilestones(tx, { orgId, projectId });
    const target = rows.find((row) => row.id === milestoneId);
    if (!target) throw notFound('Milestone');
    // Ticking it done again keeps the first time it was done.
    const doneAt = input.done === undefined ? undefined : input.done ? (target.doneAt ?? now) : null;
    await tx.projectMilestone.updateMany({
      where: { orgId, projectId, id: milestoneId },
      data: {
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.deliverables === undefined ? {} : { deliverables: input.deliverables }),
        ...(input.dueDate === undefined ? {} : { dueDate: toDate(input.dueDate) }),
        ...(doneAt === undefined ? {} : { doneAt }),
        updatedAt: now,
      },
    });
    if (input.position !== undefined) {
      const others = rows.filter((row) => row.id !== milestoneId);
      // A place past the end means the end.
      const to = Math.min(input.position, others.length);
      await renumber(tx, { orgId, rows: [...others.slice(0, to), target, ...others.slice(to)] });
    }
    await touchProject(tx, { orgId, projectId, now });
  });
  return getProject(deps, { orgId, projectId });
};

export const deleteMilestone = async (
  deps: ProjectDeps,
  { orgId, projectId, milestoneId }: { orgId: string; projectId: string; milestoneId: string },
): Promise<Project> => {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await lockProject(tx, { orgId, projectId });
    const { count } = await tx.projectMilestone.deleteMany({ where: { orgId, projectId, id: milestoneId } });
    if (count === 0) throw notFound('Milestone');
    await renumber(tx, { orgId, rows: await projectMilestones(tx, { orgId, projectId }) });
    await touchProject(tx, { orgId, projectId, now });
  });
  return getProject(deps, { orgId, projectId });
};

/** True when the project belongs to the org (finance checks a transaction's tag with it). */
export const projectExists = async (
  deps: { db: Db },
  { orgId, projectId }: { orgId: string; projectId: string },
): Promise<boolean> =>
  (await deps.db.project.findFirst({ where: { orgId, id: projectId }, select: { id: true } })) !== null;

/** What the client's progress page shows: the project's progress, nothing of the org's money or other data. */
export type ProjectForClient = {
  orgName: string;
  brandColor: string;
  logoUrl: string;
  name: string;
  clientName: string;
  status: ProjectStatus;
  statusLabel: string;
  progressPercent: number;
  startDate: string | null;
  dueDate: string | null;
  milestones: {
    title: string;
    description: string;
    deliverables: string[];
    dueDate: string | null;
    done: boolean;
    doneAt: string | null;
    overdue: boolean;
  }[];
  updatedAt: string;
};

/** The client's view of a project by its public token; null when no project has that token. */
export const projectForClient = async (
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  { token }: { token: string },
): Promise<ProjectForClient | null> => {
  const row = await deps.db.project.findUnique({
    where: { tokenHash: publicTokenHash(token) },
    select: {
      orgId: true,
      name: true,
      clientName: true,
      status: true,
      startDate: true,
      dueDate: true,
      updatedAt: true,
      org: { select: { name: true, brandColor: true, logoUrl: true } },
      milestones: { select: milestoneSelect, orderBy: [...milestonesOrder] },
    },
  });
  if (!row) return null;
  const today = await orgToday(deps.db, { orgId: row.orgId, now: deps.clock.now() });
  const done = row.milestones.filter((milestone) => milestone.doneAt !== null).length;
  return {
    orgName: row.org.name,
    brandColor: row.org.brandColor,
    logoUrl: row.org.logoUrl,
    name: row.name,
    clientName: row.clientName,
    status: row.status,
    statusLabel: projectStatusLabels[row.status],
    progressPercent: projectProgress(done, row.milestones.length),
    startDate: toDay(row.startDate),
    dueDate: toDay(row.dueDate),
    milestones: row.milestones.map((milestone) => {
      const {
        title,
        description,
        deliverables,
        dueDate,
        done: isDone,
        doneAt,
        overdue,
      } = toMilestone(milestone, today);
      return { title, description, deliverables, dueDate, done: isDone, doneAt, overdue };
    }),
    updatedAt: row.updatedAt.toISOString(),
  };
};

/** A running project with milestones past their due date (the agentic engine's "project at risk"). */
export type ProjectAtRisk = {
  id: string;
  name: string;
  clientName: string;
  status: ProjectStatus;
  dueDate: string | null;
  /** Today in the org's timezone, the day the lateness is counted to. */
  today: string;
  /** Milestones not done and due before today, the most overdue first. */
  overdue: { id: string; title: string; dueDate: string; daysLate: number }[];
};

const RISK_STATUSES: ProjectStatus[] = ['planning', 'in_progress', 'review'];
const PROJECTS_AT_RISK_MAX = 20;

const daysFrom = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / 86_400_000);

/**
 * The org's projects at risk: not completed or on hold, with at least one milestone not done and
 * due before today in the org's timezone; the most overdue first.
 */
export const listProjectsAtRisk = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId }: { orgId: string },
): Promise<ProjectAtRisk[]> => {
  const today = await orgToday(deps.db, { orgId, now: deps.clock.now() });
  const late = {
    doneAt: null,
    dueDate: { lt: toDate(today) ?? undefined },
  } satisfies Prisma.ProjectMilestoneWhereInput;
  const rows = await deps.db.project.findMany({
    where: { orgId, status: { in: RISK_STATUSES }, milestones: { some: { orgId, ...late } } },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    take: PROJECTS_AT_RISK_MAX,
    select: {
      id: true,
      name: true,
      clientName: true,
      status: true,
      dueDate: true,
      milestones: {
        where: { orgId, ...late },
        orderBy: [{ dueDate: 'asc' }, { position: 'asc' }],
        select: { id: true, title: true, dueDate: true },
      },
    },
  });
  return rows
    .map((row) => ({
      id: row.id,
      name: row.name,
      clientName: row.clientName,
      status: row.status,
      dueDate: toDay(row.dueDate),
      today,
      overdue: row.milestones.flatMap((milestone) => {
        const due = toDay(milestone.dueDate);
        return due === null
          ? []
          : [{ id: milestone.id, title: milestone.title, dueDate: due, daysLate: daysFrom(due, today) }];
      }),
    }))
    .sort((a, b) => (b.overdue[0]?.daysLate ?? 0) - (a.overdue[0]?.daysLate ?? 0));
};
