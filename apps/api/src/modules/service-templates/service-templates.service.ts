import {
  deliverableSchema,
  fromCenti,
  toCenti,
  type Deliverable,
  type serviceTemplateInputSchema,
  type serviceTemplateListQuerySchema,
  type ServiceTemplate,
  type ServiceTemplateDraft,
  type ServiceTemplatePage,
  type serviceTemplateUpdateSchema,
} from '@aiceo/shared/proposals';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { AiFailure } from '../../lib/ai/gateway';
import { aiMessagesPerAnswer, runAi } from '../ai/ai.service';
import { spendUsage } from '../usage/usage.service';
import { draftTask, offlineDraft, parseDraft } from './template-draft';

type ServiceTemplateListQuery = z.output<typeof serviceTemplateListQuerySchema>;

type OrgScope = { orgId: string };

const templateSelect = {
  id: true,
  name: true,
  description: true,
  deliverables: true,
  pricingModel: true,
  priceMinor: true,
  defaultQuantityCenti: true,
  durationDays: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { items: true } },
} satisfies Prisma.ServiceTemplateSelect;
type TemplateRow = Prisma.ServiceTemplateGetPayload<{ select: typeof templateSelect }>;

const storedDeliverablesSchema = z.array(deliverableSchema);

/** The stored list; a row that does not parse is a bug, never something to guess around. */
const deliverablesOf = (row: Pick<TemplateRow, 'id' | 'deliverables'>): Deliverable[] => {
  const parsed = storedDeliverablesSchema.safeParse(row.deliverables);
  if (!parsed.success)
    throw new AppError('INTERNAL', `Service template ${row.id} has invalid deliverables`, undefined, {
      cause: parsed.error,
    });
  return parsed.data;
};

const toTemplate = (row: TemplateRow, currency: string): ServiceTemplate => ({
  id: row.id,
  name: row.name,
  description: row.description,
  deliverables: deliverablesOf(row),
  pricingModel: row.pricingModel,
  priceMinor: Number(row.priceMinor),
  currency,
  defaultQuantity: fromCenti(row.defaultQuantityCenti),
  durationDays: row.durationDays,
  // ProposalItem.templateId is set null when a template goes, so the relation count is the number of uses.
  usedInProposals: row._count.items,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const orgCurrency = async ({ db }: Pick<Deps, 'db'>, { orgId }: OrgScope): Promise<string> => {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { currency: true } });
  if (!org) throw notFound('Organization');
  return org.currency;
};

const templateNotFound = () => notFound('Service template');

/**
 * The org's templates for a new proposal, in the order given (a repeated id comes back
 * repeated); 404 when any id is not one of the org's templates.
 */
export const templatesForProposal = async (
  deps: Pick<Deps, 'db'>,
  { orgId, templateIds }: { orgId: string; templateIds: string[] },
): Promise<ServiceTemplate[]> => {
  if (templateIds.length === 0) return [];
  const [rows, currency] = await Promise.all([
    deps.db.serviceTemplate.findMany({
      where: { orgId, id: { in: [...new Set(templateIds)] } },
      select: templateSelect,
    }),
    orgCurrency(deps, { orgId }),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return templateIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw templateNotFound();
    return toTemplate(row, currency);
  });
};

const templateCursorSchema = z.object({ n: z.string(), id: z.uuid() });

/** An opaque cursor naming the last row of a page of the name-ordered list. */
const encodeCursor = (row: { name: string; id: string }): string =>
  Buffer.from(JSON.stringify({ n: row.name, id: row.id })).toString('base64url');

const decodeCursor = (cursor: string): { name: string; id: string } => {
  try {
    const decoded = templateCursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { name: decoded.n, id: decoded.id };
  } catch {
    const message = 'This page link is out of date; open the list again';
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ location: 'query', path: 'cursor', message }] });
  }
};

/** By name, then id; the cursor carries both, so a page follows even when its last row was deleted. */
export const listServiceTemplates = async (
  deps: Pick<Deps, 'db'>,
  { orgId, query }: OrgScope & { query: ServiceTemplateListQuery },
): Promise<ServiceTemplatePage> => {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  // Prisma sends `contains` to LIKE as it is: % and _ would be wildcards, so they are escaped.
  const text = query.q?.replace(/[\\%_]/g, (char) => `\\${char}`);
  const search = text
    ? {
        OR: [
          { name: { contains: text, mode: 'insensitive' as const } },
          { description: { contains: text, mode: 'insensitive' as const } },
        ],
      }
    : {};
  const where: Prisma.ServiceTemplateWhereInput = {
    orgId,
    AND: [search, after ? { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] } : {}],
  };
  const [rows, currency] = await Promise.all([
    deps.db.serviceTemplate.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
      select: templateSelect,
    }),
    orgCurrency(deps, { orgId }),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toTemplate(row, currency)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
};

type TemplateRef = OrgScope & { templateId: string };

export const getServiceTemplate = async (deps: Pick<Deps, 'db'>, { orgId, templateId }: TemplateRef) => {
  const [row, currency] = await Promise.all([
    deps.db.serviceTemplate.findFirst({ where: { orgId, id: templateId }, select: templateSelect }),
    orgCurrency(deps, { orgId }),
  ]);
  if (!row) throw templateNotFound();
  return toTemplate(row, currency);
};

type TemplateFields = z.output<typeof serviceTemplateUpdateSchema>;

/** The columns of the fields given (quantities in hundredths, prices as BigInt). */
const columnsOf = (input: TemplateFields) => ({
  ...(input.name !== undefined ? { name: input.name } : {}),
  ...(input.description !== undefined ? { description: input.description } : {}),
  ...(input.deliverables !== undefined ? { deliverables: input.deliverables } : {}),
  ...(input.pricingModel !== undefined ? { pricingModel: input.pricingModel } : {}),
  ...(input.priceMinor !== undefined ? { priceMinor: BigInt(input.priceMinor) } : {}),
  ...(input.defaultQuantity !== undefined ? { defaultQuantityCenti: toCenti(input.defaultQuantity) } : {}),
  ...(input.durationDays !== undefined ? { durationDays: input.durationDays } : {}),
});

export const createServiceTemplate = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, userId, input }: OrgScope & { userId: string | null; input: z.output<typeof serviceTemplateInputSchema> },
): Promise<ServiceTemplate> => {
  const now = deps.clock.now();
  const [row, currency] = await Promise.all([
    deps.db.serviceTemplate.create({
      data: {
        orgId,
        name: input.name,
        description: input.description,
        deliverables: input.deliverables,
        pricingModel: input.pricingModel,
        priceMinor: BigInt(input.priceMinor),
        defaultQuantityCenti: toCenti(input.defaultQuantity),
        durationDays: input.durationDays,
        createdById: userId,
        createdAt: now,
        updatedAt: now,
      },
      select: templateSelect,
    }),
    orgCurrency(deps, { orgId }),
  ]);
  return toTemplate(row, currency);
};

export const updateServiceTemplate = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, templateId, input }: TemplateRef & { input: TemplateFields },
): Promise<ServiceTemplate> => {
  // Proposals keep their own copy of a template's lines, so a change never reaches them.
  const { count } = await deps.db.serviceTemplate.updateMany({
    where: { orgId, id: templateId },
    data: { ...columnsOf(input), updatedAt: deps.clock.now() },
  });
  if (count === 0) throw templateNotFound();
  return getServiceTemplate(deps, { orgId, templateId });
};

export const deleteServiceTemplate = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, templateId }: TemplateRef,
): Promise<void> => {
  // Proposal items keep their copy; their templateId is set null by the foreign key.
  const { count } = await db.serviceTemplate.deleteMany({ where: { orgId, id: templateId } });
  if (count === 0) throw templateNotFound();
};

const DRAFT_MAX_TOKENS = 1_200;

type DraftDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log'>;

/**
 * The AI writes a template from one sentence (one AI message; 402 when the allowance is used up).
 * Nothing is saved: the owner edits and saves it with create. With no provider, or when the
 * provider fails, the offline writer's template comes back marked 'offline' and the message is
 * given back; an answer that is not a usable template is counted (the provider answered) but
 * is replaced by the offline one, also marked 'offline'.
 */
export const draftServiceTemplate = (
  deps: DraftDeps,
  { orgId, userId, brief }: OrgScope & { userId: string | null; brief: string },
): Promise<ServiceTemplateDraft> =>
  spendUsage(deps, { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async (hold) => {
    const offline = (): ServiceTemplateDraft => ({ draft: offlineDraft(brief), source: 'offline' });
    if (deps.ai.status().mode === 'offline') return offline();
    const currency = await orgCurrency(deps, { orgId });
    let text: string;
    try {
      const result = await runAi(deps, {
        orgId,
        userId,
        purpose: 'creative',
        turns: [{ role: 'user', content: brief }],
        task: draftTask(currency),
        maxTokens: DRAFT_MAX_TOKENS,
      });
      if (result.provider === 'offline') {
        await hold.giveBack();
        return offline();
      }
      text = result.text;
    } catch (error) {
      // Only a provider failure falls back; a 402 of the AI budget and anything else is answered as it is.
      if (!(error instanceof AiFailure)) throw error;
      deps.log.warn({ err: error, orgId }, 'service template draft: the AI failed; using the offline writer');
      await hold.giveBack();
      return offline();
    }
    const draft = parseDraft(text);
    if (draft) return { draft, source: 'ai' };
    deps.log.warn(
      { orgId },
      'service template draft: the AI answer was not a usable template; using the offline writer',
    );
    return offline();
  });
