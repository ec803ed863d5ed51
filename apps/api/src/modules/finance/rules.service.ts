import { RE2JS } from 're2js';
import { z } from 'zod';
import {
  counterpartyKey,
  financeRuleActionsSchema,
  financeRuleConditionSchema,
  PROPOSAL_THRESHOLD,
  type FinanceRule,
  type FinanceRuleActions,
  type FinanceRuleCondition,
  type FinanceRuleInput,
  type FinanceRulePreview,
  type FinanceRuleProposal,
  type UpdateFinanceRuleInput,
} from '@aiceo/shared/finance';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import {
  badField,
  ensureFinanceSetup,
  requireAccount,
  requireCategory,
  toTransactionDto,
  transactionSelect,
} from './finance.service';

// Categorisation rules: ordered, all conditions must hold, the first match sets each field its
// actions name (a later rule never overwrites it; tags add up), and `stopHere` ends the walk.
// Also the rules learned from corrections: proposed after three, never applied silently.

type Db = Deps['db'] | Prisma.TransactionClient;
type OrgOptions = { orgId: string };

/** What a rule looks at in a transaction (or in a statement row before it is one). */
export type RuleRow = { counterparty: string; description: string; amountMinor: number; accountId: string };
/** What the rules set: null fields were not set by any rule; `tags` are to be added. */
export type RuleOutcome = { categoryId: string | null; counterparty: string | null; tags: string[]; ruleId: string };

type Matcher = (row: RuleRow) => boolean;
/** A rule ready to run (its patterns compiled once). */
export type LoadedRule = { id: string; actions: FinanceRuleActions; stopHere: boolean; matches: Matcher };

// Long imported descriptions are cut before matching, so each test costs at most this much text.
const MAX_MATCH_TEXT = 1_000;

const compilePattern = (pattern: string) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);

const textMatcher = (op: 'contains' | 'equals' | 'matches', value: string): ((text: string) => boolean) => {
  if (op === 'matches') {
    // RE2 runs in time linear in the text: no pattern can hang the server (no catastrophic backtracking).
    const re = compilePattern(value);
    return (text) => re.matcher(text).find();
  }
  const lower = value.toLowerCase();
  const key = counterpartyKey(value);
  if (op === 'contains')
    return (text) => text.toLowerCase().includes(lower) || (key !== '' && counterpartyKey(text).includes(key));
  return (text) => text.trim().toLowerCase() === lower || (key !== '' && counterpartyKey(text) === key);
};

const conditionMatcher = (condition: FinanceRuleCondition): Matcher => {
  switch (condition.field) {
    case 'counterparty': {
      const test = textMatcher(condition.op, condition.value);
      return (row) => test(row.counterparty.slice(0, MAX_MATCH_TEXT));
    }
    case 'description': {
      const test = textMatcher(condition.op, condition.value);
      return (row) => test(row.description.slice(0, MAX_MATCH_TEXT));
    }
    case 'amount': {
      const { min, max } = condition.value;
      return (row) => {
        const size = Math.abs(row.amountMinor);
        return (min === undefined || size >= min) && (max === undefined || size <= max);
      };
    }
    case 'account':
      return (row) => row.accountId === condition.value;
    case 'direction':
      return (row) => (condition.value === 'in' ? row.amountMinor > 0 : row.amountMinor < 0);
  }
};

const storedConditionsSchema = z.array(financeRuleConditionSchema);

/** A stored rule made runnable; null when what is stored no longer parses (it then never matches). */
const loadRule = (rule: {
  id: string;
  conditions: unknown;
  actions: unknown;
  stopHere: boolean;
}): LoadedRule | null => {
  const conditions = storedConditionsSchema.safeParse(rule.conditions);
  const actions = financeRuleActionsSchema.safeParse(rule.actions);
  if (!conditions.success || !actions.success || conditions.data.length === 0) return null;
  try {
    const matchers = conditions.data.map(conditionMatcher);
    return {
      id: rule.id,
      actions: actions.data,
      stopHere: rule.stopHere,
      matches: (row) => matchers.every((m) => m(row)),
    };
  } catch {
    return null;
  }
};

/** The org's enabled rules in order, ready for `applyRules`. Load once per import or batch. */
export const loadRules = async ({ db }: { db: Db }, { orgId }: OrgOptions): Promise<LoadedRule[]> => {
  const rows = await db.financeRule.findMany({
    where: { orgId, enabled: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, conditions: true, actions: true, stopHere: true },
  });
  return rows.map(loadRule).filter((rule): rule is LoadedRule => rule !== null);
};

/**
 * Runs ordered rules over one row: each matching rule sets the fields its actions name unless an
 * earlier match already did (tags add up), and one with `stopHere` ends the walk. `ruleId` is the
 * rule that set the category, else the first that matched. Null when no rule matches.
 */
export const applyRules = (rules: readonly LoadedRule[], row: RuleRow): RuleOutcome | null => {
  let outcome: RuleOutcome | null = null;
  for (const rule of rules) {
    if (!rule.matches(row)) continue;
    outcome ??= { categoryId: null, counterparty: null, tags: [], ruleId: rule.id };
    const { categoryId, counterparty, tags } = rule.actions;
    if (categoryId && outcome.categoryId === null) {
      outcome.categoryId = categoryId;
      outcome.ruleId = rule.id;
    }
    if (counterparty && outcome.counterparty === null) outcome.counterparty = counterparty;
    for (const tag of tags ?? []) if (!outcome.tags.includes(tag)) outcome.tags.push(tag);
    if (rule.stopHere) break;
  }
  return outcome;
};

// --- CRUD ---------------------------------------------------------------------------------

const ruleSelect = {
  id: true,
  name: true,
  position: true,
  conditions: true,
  actions: true,
  stopHere: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.FinanceRuleSelect;
type RuleDbRow = Prisma.FinanceRuleGetPayload<{ select: typeof ruleSelect }>;

const toRule = (row: RuleDbRow): FinanceRule => {
  const conditions = storedConditionsSchema.safeParse(row.conditions);
  const actions = financeRuleActionsSchema.safeParse(row.actions);
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    conditions: conditions.success ? conditions.data : [],
    actions: actions.success ? actions.data : {},
    stopHere: row.stopHere,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
};

/** Ids and patterns inside a rule body must make sense in this org: each bad one is a 400 naming it. */
const checkRuleBody = async (
  db: Db,
  { orgId, conditions, actions }: OrgOptions & { conditions?: FinanceRuleCondition[]; actions?: FinanceRuleActions },
) => {
  for (const [index, condition] of (conditions ?? []).entries()) {
    const path = `conditions.${index}.value`;
    if (condition.field === 'account') await requireAccount(db, { orgId, accountId: condition.value, path });
    if ((condition.field === 'counterparty' || condition.field === 'description') && condition.op === 'matches') {
      try {
        compilePattern(condition.value);
      } catch (error) {
        const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : 'invalid';
        throw badField(path, `Not a pattern this app can run: ${reason}`);
      }
    }
  }
  if (actions?.categoryId)
    await requireCategory(db, { orgId, categoryId: actions.categoryId, path: 'actions.categoryId' });
};

const ruleData = (input: { conditions?: FinanceRuleCondition[]; actions?: FinanceRuleActions }) => ({
  ...(input.conditions ? { conditions: input.conditions as Prisma.InputJsonValue } : {}),
  ...(input.actions
    ? { actions: { ...input.actions, ...(input.actions.tags ? { tags: [...new Set(input.actions.tags)] } : {}) } }
    : {}),
});

export const listRules = async (deps: Pick<Deps, 'db'>, { orgId }: OrgOptions) => {
  await ensureFinanceSetup(deps, { orgId });
  const rows = await deps.db.financeRule.findMany({
    where: { orgId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    select: ruleSelect,
  });
  return { items: rows.map(toRule) };
};

const nextPosition = async (db: Db, { orgId }: OrgOptions) =>
  ((await db.financeRule.aggregate({ where: { orgId }, _max: { position: true } }))._max.position ?? 0) + 1;

export const createRule = async (
  deps: Pick<Deps, 'db'>,
  { orgId, input }: OrgOptions & { input: FinanceRuleInput },
): Promise<FinanceRule> => {
  await ensureFinanceSetup(deps, { orgId });
  await checkRuleBody(deps.db, { orgId, ...input });
  const row = await deps.db.financeRule.create({
    data: {
      orgId,
      name: input.name,
      position: await nextPosition(deps.db, { orgId }),
      conditions: input.conditions as Prisma.InputJsonValue,
      actions: ruleData(input).actions ?? {},
      stopHere: input.stopHere,
      enabled: input.enabled,
    },
    select: ruleSelect,
  });
  return toRule(row);
};

export const updateRule = async (
  deps: Pick<Deps, 'db'>,
  { orgId, ruleId, input }: OrgOptions & { ruleId: string; input: UpdateFinanceRuleInput },
): Promise<FinanceRule> => {
  await ensureFinanceSetup(deps, { orgId });
  if (!(await deps.db.financeRule.findFirst({ where: { id: ruleId, orgId }, select: { id: true } })))
    throw notFound('Rule');
  await checkRuleBody(deps.db, { orgId, ...input });
  const row = await deps.db.financeRule.update({
    where: { id: ruleId, orgId },
    data: { name: input.name, stopHere: input.stopHere, enabled: input.enabled, ...ruleData(input) },
    select: ruleSelect,
  });
  return toRule(row);
};

export const deleteRule = async (deps: Pick<Deps, 'db'>, { orgId, ruleId }: OrgOptions & { ruleId: string }) => {
  await ensureFinanceSetup(deps, { orgId });
  // What the rule set stays; its transactions forget the rule (ON DELETE SET NULL).
  const { count } = await deps.db.financeRule.deleteMany({ where: { id: ruleId, orgId } });
  if (count === 0) throw notFound('Rule');
};

export const reorderRules = async (deps: Pick<Deps, 'db'>, { orgId, ids }: OrgOptions & { ids: string[] }) => {
  await ensureFinanceSetup(deps, { orgId });
  await deps.db.$transaction(async (tx) => {
    const rules = await tx.financeRule.findMany({ where: { orgId }, select: { id: true } });
    const known = new Set(rules.map((r) => r.id));
    if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id)))
      throw badField('ids', 'List every rule of this organisation exactly once');
    for (const [index, id] of ids.entries())
      await tx.financeRule.update({ where: { id, orgId }, data: { position: index + 1 } });
  });
  return listRules(deps, { orgId });
};

// --- effect on past transactions ----------------------------------------------------------

const SCAN_BATCH = 2_000;
const SAMPLE_SIZE = 20;

const scanSelect = {
  id: true,
  date: true,
  counterparty: true,
  description: true,
  amountMinor: true,
  accountId: true,
  categoryId: true,
  tags: true,
} satisfies Prisma.FinanceTransactionSelect;
type ScanRow = Prisma.FinanceTransactionGetPayload<{ select: typeof scanSelect }>;

/** The cheap conditions as SQL, so a scan reads only rows that can match. */
const prefilter = (conditions: FinanceRuleCondition[]): Prisma.FinanceTransactionWhereInput[] =>
  conditions.flatMap((c): Prisma.FinanceTransactionWhereInput[] => {
    if (c.field === 'account') return [{ accountId: c.value }];
    if (c.field === 'direction') return [{ amountMinor: c.value === 'in' ? { gt: 0 } : { lt: 0 } }];
    return [];
  });

/**
 * Every transaction of the org except transfer legs (which stay in the transfer category), newest
 * first, a batch at a time by (date, id) so memory stays flat.
 */
async function* scanTransactions(
  db: Db,
  { orgId, where }: OrgOptions & { where: Prisma.FinanceTransactionWhereInput[] },
): AsyncGenerator<ScanRow[]> {
  let after: { date: Date; id: string } | undefined;
  for (;;) {
    const and: Prisma.FinanceTransactionWhereInput[] = [{ orgId, transferId: null }, ...where];
    if (after) and.push({ OR: [{ date: { lt: after.date } }, { date: after.date, id: { lt: after.id } }] });
    const rows = await db.financeTransaction.findMany({
      where: { AND: and },
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      take: SCAN_BATCH,
      select: scanSelect,
    });
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < SCAN_BATCH) return;
    after = { date: last.date, id: last.id };
  }
}

type Change = { id: string; categoryId: string | null; counterparty: string; tags: string[] };

/** What one rule alone would make of a row; null when it does not match or changes nothing. */
const changeBy = (rule: LoadedRule, row: ScanRow): Change | null => {
  const outcome = applyRules([rule], { ...row, amountMinor: Number(row.amountMinor) });
  if (!outcome) return null;
  const categoryId = outcome.categoryId ?? row.categoryId;
  const counterparty = outcome.counterparty ?? row.counterparty;
  const tags = [...row.tags, ...outcome.tags.filter((t) => !row.tags.includes(t))];
  if (categoryId === row.categoryId && counterparty === row.counterparty && tags.length === row.tags.length)
    return null;
  return { id: row.id, categoryId, counterparty, tags };
};

type RuleBody = { conditions: FinanceRuleCondition[]; actions: FinanceRuleActions; stopHere?: boolean };

const loadBody = (body: RuleBody, id: string): LoadedRule => {
  const rule = loadRule({ id, conditions: body.conditions, actions: body.actions, stopHere: false });
  if (!rule) throw badField('conditions', 'The rule cannot run: it needs a condition and something to set');
  return rule;
};

/** How many past transactions each rule would change (transfer legs aside), in one pass over the history. */
const countChanges = async (db: Db, { orgId, bodies }: OrgOptions & { bodies: RuleBody[] }) => {
  const rules = bodies.map((body, index) => loadBody(body, `rule-${index}`));
  const counts = rules.map(() => 0);
  if (rules.length === 0) return counts;
  for await (const rows of scanTransactions(db, { orgId, where: [] }))
    for (const row of rows)
      rules.forEach((rule, index) => {
        if (changeBy(rule, row)) counts[index] = (counts[index] ?? 0) + 1;
      });
  return counts;
};

export const previewRule = async (
  deps: Pick<Deps, 'db'>,
  { orgId, input }: OrgOptions & { input: FinanceRuleInput },
): Promise<FinanceRulePreview> => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  await checkRuleBody(db, { orgId, ...input });
  const rule = loadBody(input, 'preview');
  let wouldChange = 0;
  const sample: Change[] = [];
  for await (const rows of scanTransactions(db, { orgId, where: prefilter(input.conditions) })) {
    for (const row of rows) {
      const change = changeBy(rule, row);
      if (!change) continue;
      wouldChange += 1;
      if (sample.length < SAMPLE_SIZE) sample.push(change);
    }
  }
  const [transactions, categories] = await Promise.all([
    db.financeTransaction.findMany({
      where: { orgId, id: { in: sample.map((c) => c.id) } },
      select: transactionSelect,
    }),
    db.financeCategory.findMany({ where: { orgId }, select: { id: true, name: true } }),
  ]);
  const byId = new Map(transactions.map((t) => [t.id, t]));
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const categoryOf = (id: string | null) => (id ? { id, name: categoryName.get(id) ?? '' } : null);
  return {
    wouldChange,
    sample: sample.flatMap((change) => {
      const row = byId.get(change.id);
      if (!row) return [];
      return [
        {
          transaction: toTransactionDto(row),
          before: { category: categoryOf(row.categoryId), counterparty: row.counterparty, tags: row.tags },
          after: { category: categoryOf(change.categoryId), counterparty: change.counterparty, tags: change.tags },
        },
      ];
    }),
  };
};

// Long enough for a rule over a big history; the rows are written in grouped updates.
const APPLY_TIMEOUT_MS = 5 * 60_000;
const UPDATE_CHUNK = 10_000;

/** Applies one rule to past transactions; each changed one records the rule (its source stays). */
const applyToPast = async (
  db: Deps['db'],
  { orgId, ruleId, body }: OrgOptions & { ruleId: string; body: RuleBody },
) => {
  const rule = loadBody(body, ruleId);
  return db.$transaction(
    async (tx) => {
      const groups = new Map<string, { change: Omit<Change, 'id'>; ids: string[] }>();
      for await (const rows of scanTransactions(tx, { orgId, where: prefilter(body.conditions) })) {
        for (const row of rows) {
          const change = changeBy(rule, row);
          if (!change) continue;
          const { id, ...values } = change;
          const key = JSON.stringify(values);
          const group = groups.get(key) ?? { change: values, ids: [] };
          group.ids.push(id);
          groups.set(key, group);
        }
      }
      let changed = 0;
      for (const { change, ids } of groups.values()) {
        // In chunks: PostgreSQL takes at most 65,535 bound parameters per statement.
        for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
          const { count } = await tx.financeTransaction.updateMany({
            where: { orgId, id: { in: ids.slice(i, i + UPDATE_CHUNK) } },
            data: { ...change, ruleId },
          });
          changed += count;
        }
      }
      return { changed };
    },
    { timeout: APPLY_TIMEOUT_MS, maxWait: 10_000 },
  );
};

const ruleBodyOf = (row: RuleDbRow): RuleBody => {
  const rule = toRule(row);
  return { conditions: rule.conditions, actions: rule.actions };
};

export const applyRule = async (deps: Pick<Deps, 'db'>, { orgId, ruleId }: OrgOptions & { ruleId: string }) => {
  await ensureFinanceSetup(deps, { orgId });
  const row = await deps.db.financeRule.findFirst({ where: { id: ruleId, orgId }, select: ruleSelect });
  if (!row) throw notFound('Rule');
  return applyToPast(deps.db, { orgId, ruleId, body: ruleBodyOf(row) });
};

// --- learned from corrections -------------------------------------------------------------

export type Correction = { transactionId: string; counterparty: string; categoryId: string } & Omit<
  RuleRow,
  'counterparty'
>;

/**
 * Notes that the owner moved transactions to a category by hand. When one counterparty has been
 * moved to one category on PROPOSAL_THRESHOLD distinct transactions, and no enabled rule already
 * does it, an open proposal is made (or its count updated; a dismissed one stays dismissed).
 */
export const recordCorrections = async (
  tx: Prisma.TransactionClient,
  { orgId, corrections }: OrgOptions & { corrections: Correction[] },
): Promise<void> => {
  const keyed = corrections
    .map((c) => ({ ...c, counterpartyKey: counterpartyKey(c.counterparty) }))
    .filter((c) => c.counterpartyKey !== '');
  if (keyed.length === 0) return;
  await tx.financeCorrection.createMany({
    data: keyed.map((c) => ({
      orgId,
      transactionId: c.transactionId,
      counterpartyKey: c.counterpartyKey,
      categoryId: c.categoryId,
    })),
  });
  const rules = await loadRules({ db: tx }, { orgId });
  const seen = new Set<string>();
  for (const c of keyed) {
    const pair = `${c.counterpartyKey}\u0001${c.categoryId}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    const distinct = await tx.financeCorrection.groupBy({
      by: ['transactionId'],
      where: { orgId, counterpartyKey: c.counterpartyKey, categoryId: c.categoryId },
    });
    if (distinct.length < PROPOSAL_THRESHOLD) continue;
    if (applyRules(rules, c)?.categoryId === c.categoryId) continue;
    await tx.financeRuleProposal.upsert({
      where: {
        orgId_counterpartyKey_categoryId: { orgId, counterpartyKey: c.counterpartyKey, categoryId: c.categoryId },
      },
      create: {
        orgId,
        counterpartyKey: c.counterpartyKey,
        counterparty: c.counterparty,
        categoryId: c.categoryId,
        corrections: distinct.length,
      },
      update: { corrections: distinct.length, counterparty: c.counterparty },
    });
  }
};

const proposalSelect = {
  id: true,
  counterparty: true,
  counterpartyKey: true,
  corrections: true,
  status: true,
  createdAt: true,
  category: { select: { id: true, name: true, kind: true } },
} satisfies Prisma.FinanceRuleProposalSelect;
type ProposalRow = Prisma.FinanceRuleProposalGetPayload<{ select: typeof proposalSelect }>;

/** The rule a proposal stands for: counterparty contains its key, set the category. */
const proposalBody = (p: Pick<ProposalRow, 'counterpartyKey' | 'category'>): RuleBody => ({
  conditions: [{ field: 'counterparty', op: 'contains', value: p.counterpartyKey }],
  actions: { categoryId: p.category.id },
});

export const listProposals = async (
  deps: Pick<Deps, 'db'>,
  { orgId }: OrgOptions,
): Promise<{ items: FinanceRuleProposal[] }> => {
  await ensureFinanceSetup(deps, { orgId });
  const rows = await deps.db.financeRuleProposal.findMany({
    where: { orgId, status: 'open' },
    orderBy: [{ corrections: 'desc' }, { createdAt: 'asc' }],
    take: 50,
    select: proposalSelect,
  });
  const counts = await countChanges(deps.db, { orgId, bodies: rows.map(proposalBody) });
  return {
    items: rows.map(({ status: _status, createdAt, ...row }, index) => ({
      ...row,
      wouldChange: counts[index] ?? 0,
      createdAt: createdAt.toISOString(),
    })),
  };
};

const openProposal = async (db: Db, { orgId, proposalId }: OrgOptions & { proposalId: string }) => {
  const row = await db.financeRuleProposal.findFirst({ where: { id: proposalId, orgId }, select: proposalSelect });
  if (!row) throw notFound('Proposed rule');
  if (row.status !== 'open') throw new AppError('CONFLICT', `This proposed rule was already ${row.status}`);
  return row;
};

const RULE_NAME_MAX = 100;

export const acceptProposal = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, proposalId, applyToPast: apply }: OrgOptions & { proposalId: string; applyToPast: boolean },
) => {
  await ensureFinanceSetup(deps, { orgId });
  const { db } = deps;
  const rule = await db.$transaction(async (tx) => {
    const proposal = await openProposal(tx, { orgId, proposalId });
    // Claimed first: of two concurrent accepts, one finds it taken.
    const claimed = await tx.financeRuleProposal.updateMany({
      where: { id: proposalId, orgId, status: 'open' },
      data: { status: 'accepted', decidedAt: deps.clock.now() },
    });
    if (claimed.count === 0) throw new AppError('CONFLICT', 'This proposed rule was already decided');
    const body = proposalBody(proposal);
    const created = await tx.financeRule.create({
      data: {
        orgId,
        name: `${proposal.counterparty} → ${proposal.category.name}`.slice(0, RULE_NAME_MAX),
        position: await nextPosition(tx, { orgId }),
        conditions: body.conditions as Prisma.InputJsonValue,
        actions: body.actions,
      },
      select: ruleSelect,
    });
    await tx.financeRuleProposal.update({ where: { id: proposalId, orgId }, data: { ruleId: created.id } });
    return created;
  });
  const { changed } = apply
    ? await applyToPast(db, { orgId, ruleId: rule.id, body: ruleBodyOf(rule) })
    : { changed: 0 };
  return { rule: toRule(rule), changed };
};

export const dismissProposal = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, proposalId }: OrgOptions & { proposalId: string },
): Promise<void> => {
  await ensureFinanceSetup(deps, { orgId });
  await openProposal(deps.db, { orgId, proposalId });
  const { count } = await deps.db.financeRuleProposal.updateMany({
    where: { id: proposalId, orgId, status: 'open' },
    data: { status: 'dismissed', decidedAt: deps.clock.now() },
  });
  if (count === 0) throw new AppError('CONFLICT', 'This proposed rule was already decided');
};
