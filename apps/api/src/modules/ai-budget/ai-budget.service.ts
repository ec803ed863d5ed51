import { randomUUID } from 'node:crypto';
import {
  aiBudgetAlertPercents,
  aiBudgetPlansFrom,
  ECONOMY_PERCENT,
  NANO_USD_PER_CENT,
  planAiBudgetCents,
  type AdminAiBudgets,
  type AdminOrgAiBudget,
  type AiAllowance,
  type AiAllowanceExceededDetails,
  type AiAllowanceState,
  type AiBudgetPlans,
  type PlatformAlert,
  type RaiseAiBudgetInput,
} from '@aiceo/shared/ai-budget';
import { monthInWords, shortDayInWords } from '@aiceo/shared/dates-in-words';
import { monthKey, nextMonthStart, planDefinitions, plans, type Plan } from '@aiceo/shared/plans';
import { hasRole, type OrgRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import type { AiTier } from '../../lib/ai/routing';

/**
 * The margin guard: each org's AI cost this month against its plan's AI budget (a share of the
 * price, PlatformSettings.aiBudgets) plus what a platform admin added for the month. A call's
 * estimated cost is reserved before it is sent, in one conditional upsert, so concurrent calls
 * never pass the budget together; the real cost is settled after. Amounts are nano-dollars.
 */

const CENT = BigInt(NANO_USD_PER_CENT);
const big = (value: unknown): bigint => (value == null ? 0n : BigInt(String(value)));
const toCents = (nano: bigint): number => Number((nano + CENT / 2n) / CENT);
/** Share of the allowance used, rounded down (so 100 means all of it); an allowance of 0 is used up. */
const percentOf = (used: bigint, allowance: bigint): number =>
  allowance <= 0n ? 100 : Number((used * 100n) / allowance);

/** '$8.70', '$1,234.00'. */
export const usd = (cents: number): string =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

type BudgetRow = {
  plan: Plan;
  name: string;
  budgets: unknown;
  reserved: unknown;
  spent: unknown;
  extra: unknown;
  alerted: number | null;
};

type Budget = {
  orgId: string;
  orgName: string;
  plan: Plan;
  month: string;
  /** The plan's budget this month (without the admin's extra). */
  budget: bigint;
  extra: bigint;
  reserved: bigint;
  spent: bigint;
  alerted: number;
};

type GuardDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'log'> & Partial<Pick<Deps, 'mailer'>>;

const allowanceOf = (b: Pick<Budget, 'budget' | 'extra'>): bigint => b.budget + b.extra;

const stateOf = (b: Budget): AiAllowanceState => {
  const allowance = allowanceOf(b);
  if (b.spent >= allowance) return 'stopped';
  // What is shown: spent so far (calls in flight are not counted until settled).
  return percentOf(b.spent, allowance) >= ECONOMY_PERCENT ? 'economy' : 'normal';
};

const readBudgetPlans = async ({ database }: Pick<Deps, 'database'>): Promise<AiBudgetPlans> => {
  const [row] = await database.query<{ aiBudgets: unknown }>('SELECT "aiBudgets" FROM "PlatformSettings" WHERE id = 1');
  return aiBudgetPlansFrom(row?.aiBudgets ?? null);
};

/** The org's plan, budget and this month's row (zeros when it has none yet), in one read. */
const readBudget = async (
  { database }: Pick<Deps, 'database'>,
  { orgId, month }: { orgId: string; month: string },
): Promise<Budget> => {
  const [row] = await database.query<BudgetRow>(
    `SELECT o.plan, o.name, (SELECT s."aiBudgets" FROM "PlatformSettings" s WHERE s.id = 1) AS budgets,
            m."reservedNanoUsd" AS reserved, m."spentNanoUsd" AS spent, m."extraNanoUsd" AS extra,
            m."alertedPercent" AS alerted
     FROM "Organization" o LEFT JOIN "AiBudgetMonth" m ON m."orgId" = o.id AND m.month = $2
     WHERE o.id = $1`,
    [orgId, month],
  );
  if (!row) throw notFound('Organisation');
  const budgets = aiBudgetPlansFrom(row.budgets ?? null);
  return {
    orgId,
    orgName: row.name,
    plan: row.plan,
    month,
    budget: BigInt(planAiBudgetCents(row.plan, budgets)) * CENT,
    extra: big(row.extra),
    reserved: big(row.reserved),
    spent: big(row.spent),
    alerted: row.alerted ?? 0,
  };
};

/** The alert for `threshold`; `percent` (the share really used) only for the one being sent now. */
const alertMessage = (b: Budget, threshold: number, percent: number | null): string => {
  const allowance = usd(toCents(allowanceOf(b)));
  const plan = planDefinitions[b.plan].name;
  const month = monthInWords(b.month);
  if (percent === null)
    return `${b.orgName} passed ${threshold}% of its AI budget for ${month} (${allowance} on the ${plan} plan).`;
  if (threshold >= 100)
    return `${b.orgName} has used up its AI budget for ${month} (${allowance} on the ${plan} plan): its AI answers are paused until ${shortDayInWords(nextMonthStart(new Date(`${b.month}-01T00:00:00Z`)))} unless you raise it.`;
  const tail = percent >= ECONOMY_PERCENT ? ' Its answers now use the cheaper economy models.' : '';
  return `${b.orgName} has used ${percent}% of its AI budget for ${month} (${usd(toCents(b.spent))} of ${allowance} on the ${plan} plan).${tail}`;
};

/**
 * Writes the alert for each threshold the org has reached and not been alerted about this month.
 * The alert's unique dedupeKey decides who sends it: of concurrent callers only the one whose
 * insert lands mails the platform admins. Failures are logged, never thrown (the AI call stands).
 */
const sendAlerts = async (deps: GuardDeps, b: Budget) => {
  const percent = percentOf(b.spent, allowanceOf(b));
  const due = aiBudgetAlertPercents.filter((threshold) => percent >= threshold && b.alerted < threshold);
  if (due.length === 0) return;
  try {
    // Only the highest threshold reached is worth a mail; the lower ones are recorded as passed.
    const top = due[due.length - 1]!;
    const now = deps.clock.now();
    const keyOf = (threshold: number) => `ai-budget:${b.orgId}:${b.month}:${threshold}`;
    let inserted = false;
    for (const threshold of due) {
      const rows = await deps.database.query<{ id: string }>(
        `INSERT INTO "PlatformAlert" (id, kind, "orgId", message, "dedupeKey", "createdAt", "readAt")
         VALUES ($1::uuid, 'ai-budget', $2::uuid, $3, $4, $5, $6)
         ON CONFLICT ("dedupeKey") DO NOTHING RETURNING id`,
        [
          randomUUID(),
          b.orgId,
          alertMessage(b, threshold, threshold === top ? percent : null),
          keyOf(threshold),
          now,
          // A lower threshold passed in the same step is kept for the record, already read.
          threshold === top ? null : now,
        ],
      );
      if (threshold === top) inserted = rows.length > 0;
    }
    await deps.database.query(
      `UPDATE "AiBudgetMonth" SET "alertedPercent" = GREATEST("alertedPercent", $3::int)
       WHERE "orgId" = $1::uuid AND month = $2`,
      [b.orgId, b.month, top],
    );
    if (!inserted) return;
    const admins = await deps.db.user.findMany({ where: { isPlatformAdmin: true }, select: { email: true } });
    const subject = top >= 100 ? `AI budget used up: ${b.orgName}` : `AI budget at ${top}%: ${b.orgName}`;
    const text = `${alertMessage(b, top, percent)}\n\nSee Admin > AI budgets to raise it or change the plan budgets.`;
    if (!deps.mailer) {
      deps.log.warn({ orgId: b.orgId }, 'AI budget alert recorded but not mailed (no mailer passed)');
      return;
    }
    for (const admin of admins) await deps.mailer.send({ to: admin.email, subject, text });
  } catch (error) {
    deps.log.error({ err: error, orgId: b.orgId, month: b.month }, 'could not send AI budget alerts');
  }
};

/** A reservation on this month's budget; `settle` is called once, with what the attempts really cost. */
export type AiBudgetHold = {
  tier: AiTier;
  estimateNanoUsd: number;
  settle: (costNanoUsd: number) => Promise<void>;
};

const refusal = (b: Budget, estimate: bigint): AppError => {
  const allowance = allowanceOf(b);
  const resetsAt = nextMonthStart(new Date(`${b.month}-01T00:00:00Z`));
  const plan = planDefinitions[b.plan].name;
  const head =
    b.spent >= allowance
      ? `This month's AI allowance (${usd(toCents(allowance))} on the ${plan} plan) is used up.`
      : `This month's AI allowance (${usd(toCents(allowance))} on the ${plan} plan) is nearly used up: what is left is less than this answer could cost (about ${usd(Math.max(1, toCents(estimate)))}).`;
  const details: AiAllowanceExceededDetails = {
    reason: 'ai_allowance',
    plan: b.plan,
    percentUsed: Math.min(100, percentOf(b.spent, allowance)),
    resetsAt: resetsAt.toISOString(),
  };
  return new AppError(
    'QUOTA_EXCEEDED',
    `${head} It resets on ${shortDayInWords(resetsAt)}, or a platform admin can raise it.`,
    details,
  );
};

/**
 * Reserves a call's estimated cost before it is sent. Picks the tier first (past ECONOMY_PERCENT of
 * the allowance, counting what is reserved, the cheaper models), asks `estimateFor` what the call
 * can cost on that tier, then takes it in one conditional upsert: reserved + spent + estimate must
 * stay within budget + extra, re-checked under the row lock, so concurrent calls never pass it
 * together. Throws 402 QUOTA_EXCEEDED with a plain message (and alerts the admins) when it does not fit.
 */
export const reserveAiBudget = async (
  deps: GuardDeps,
  { orgId, estimateFor }: { orgId: string; estimateFor: (tier: AiTier) => number },
): Promise<AiBudgetHold> => {
  const month = monthKey(deps.clock.now());
  const before = await readBudget(deps, { orgId, month });
  const tier: AiTier =
    percentOf(before.spent + before.reserved, allowanceOf(before)) >= ECONOMY_PERCENT ? 'budget' : 'standard';
  const estimate = BigInt(Math.max(0, Math.ceil(estimateFor(tier))));
  const now = deps.clock.now();
  const reserved = await deps.database.query<{ reserved: unknown }>(
    `INSERT INTO "AiBudgetMonth" AS m ("orgId", month, "reservedNanoUsd", "updatedAt")
     SELECT $1::uuid, $2, $3::bigint, $5 WHERE $3::bigint <= $4::bigint
     ON CONFLICT ("orgId", month) DO UPDATE
       SET "reservedNanoUsd" = m."reservedNanoUsd" + EXCLUDED."reservedNanoUsd", "updatedAt" = EXCLUDED."updatedAt"
       WHERE m."reservedNanoUsd" + m."spentNanoUsd" + EXCLUDED."reservedNanoUsd" <= $4::bigint + m."extraNanoUsd"
     RETURNING "reservedNanoUsd" AS reserved`,
    [orgId, month, estimate.toString(), before.budget.toString(), now],
  );
  if (reserved.length === 0) {
    const current = await readBudget(deps, { orgId, month });
    // The org's AI stops here: the admins hear about it once, even if spending never reaches 100%.
    await sendAlerts(deps, {
      ...current,
      spent: current.spent >= allowanceOf(current) ? current.spent : allowanceOf(current),
    });
    throw refusal(current, estimate);
  }
  let settled = false;
  const settle = async (costNanoUsd: number) => {
    if (settled) return;
    settled = true;
    try {
      const [row] = await deps.database.query<{ spent: unknown; reserved: unknown; extra: unknown; alerted: number }>(
        `UPDATE "AiBudgetMonth"
         SET "reservedNanoUsd" = GREATEST("reservedNanoUsd" - $3::bigint, 0), "spentNanoUsd" = "spentNanoUsd" + $4::bigint,
             "updatedAt" = $5
         WHERE "orgId" = $1::uuid AND month = $2
         RETURNING "spentNanoUsd" AS spent, "reservedNanoUsd" AS reserved, "extraNanoUsd" AS extra, "alertedPercent" AS alerted`,
        [orgId, month, estimate.toString(), String(Math.max(0, Math.round(costNanoUsd))), deps.clock.now()],
      );
      if (!row) return;
      await sendAlerts(deps, {
        ...before,
        spent: big(row.spent),
        reserved: big(row.reserved),
        extra: big(row.extra),
        alerted: row.alerted,
      });
    } catch (error) {
      deps.log.error({ err: error, orgId, month, costNanoUsd }, 'could not settle an AI budget reservation');
    }
  };
  return { tier, estimateNanoUsd: Number(estimate), settle };
};

/** 402 at once when this month's allowance is used up (before work that would call the AI is started). */
export const assertAiAllowanceLeft = async (
  deps: GuardDeps & Pick<Deps, 'ai'>,
  { orgId }: { orgId: string },
): Promise<void> => {
  if (deps.ai.status().mode === 'offline') return;
  const b = await readBudget(deps, { orgId, month: monthKey(deps.clock.now()) });
  if (b.spent < allowanceOf(b)) return;
  await sendAlerts(deps, b);
  throw refusal(b, 0n);
};

export const getAiAllowance = async (
  deps: Pick<Deps, 'database' | 'clock' | 'ai'>,
  { orgId, role }: { orgId: string; role: OrgRole | null },
): Promise<AiAllowance> => {
  const now = deps.clock.now();
  const b = await readBudget(deps, { orgId, month: monthKey(now) });
  const allowance = allowanceOf(b);
  const state = stateOf(b);
  return {
    plan: b.plan,
    month: b.month,
    state,
    percentUsed: state === 'stopped' ? 100 : Math.min(99, percentOf(b.spent, allowance)),
    economyPercent: ECONOMY_PERCENT,
    resetsAt: nextMonthStart(now).toISOString(),
    aiOnline: deps.ai.status().mode === 'online',
    money:
      role && hasRole(role, 'admin')
        ? {
            currency: 'USD',
            budgetCents: toCents(b.budget),
            extraCents: toCents(b.extra),
            spentCents: toCents(b.spent),
            remainingCents: Math.max(0, toCents(allowance) - toCents(b.spent)),
            priceCents: planDefinitions[b.plan].priceCents,
          }
        : null,
  };
};

const adminRowOf = (b: Budget): AdminOrgAiBudget => {
  const priceCents = planDefinitions[b.plan].priceCents;
  const costCents = toCents(b.spent);
  const state = stateOf(b);
  return {
    orgId: b.orgId,
    name: b.orgName,
    plan: b.plan,
    state,
    percentUsed: state === 'stopped' ? 100 : Math.min(99, percentOf(b.spent, allowanceOf(b))),
    priceCents,
    budgetCents: toCents(b.budget),
    extraCents: toCents(b.extra),
    costCents,
    costNanoUsd: Number(b.spent),
    marginCents: priceCents - costCents,
  };
};

const ORG_LIST_LIMIT = 100;

export const getAdminAiBudgets = async (deps: Pick<Deps, 'database' | 'clock'>): Promise<AdminAiBudgets> => {
  const month = monthKey(deps.clock.now());
  const budgets = await readBudgetPlans(deps);
  const rows = await deps.database.query<{
    orgId: string;
    name: string;
    plan: Plan;
    reserved: unknown;
    spent: unknown;
    extra: unknown;
    alerted: number;
  }>(
    `SELECT m."orgId", o.name, o.plan, m."reservedNanoUsd" AS reserved, m."spentNanoUsd" AS spent,
            m."extraNanoUsd" AS extra, m."alertedPercent" AS alerted
     FROM "AiBudgetMonth" m JOIN "Organization" o ON o.id = m."orgId"
     WHERE m.month = $1`,
    [month],
  );
  const orgs = rows
    .map((row) =>
      adminRowOf({
        orgId: row.orgId,
        orgName: row.name,
        plan: row.plan,
        month,
        budget: BigInt(planAiBudgetCents(row.plan, budgets)) * CENT,
        extra: big(row.extra),
        reserved: big(row.reserved),
        spent: big(row.spent),
        alerted: row.alerted,
      }),
    )
    .sort((a, b) => b.percentUsed - a.percentUsed || b.costNanoUsd - a.costNanoUsd || a.name.localeCompare(b.name))
    .slice(0, ORG_LIST_LIMIT);
  return {
    month,
    plans: plans.map((plan) => ({
      plan,
      name: planDefinitions[plan].name,
      priceCents: planDefinitions[plan].priceCents,
      ...budgets[plan],
      budgetCents: planAiBudgetCents(plan, budgets),
    })),
    orgs,
  };
};

export const updateAiBudgetPlans = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock'>,
  { input }: { input: AiBudgetPlans },
): Promise<AdminAiBudgets> => {
  await deps.db.platformSettings.upsert({
    where: { id: 1 },
    create: { id: 1, aiBudgets: input },
    update: { aiBudgets: input },
  });
  return getAdminAiBudgets(deps);
};

/** Adds to the org's allowance for this month only, and keeps who did it and why as a (read) alert. */
export const raiseAiBudget = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock'>,
  { orgId, input, adminUserId }: { orgId: string; input: RaiseAiBudgetInput; adminUserId: string },
): Promise<AdminOrgAiBudget> => {
  const now = deps.clock.now();
  const month = monthKey(now);
  const before = await readBudget(deps, { orgId, month });
  const amount = BigInt(input.amountCents) * CENT;
  await deps.database.query(
    `INSERT INTO "AiBudgetMonth" AS m ("orgId", month, "extraNanoUsd", "updatedAt") VALUES ($1::uuid, $2, $3::bigint, $4)
     ON CONFLICT ("orgId", month) DO UPDATE SET "extraNanoUsd" = m."extraNanoUsd" + EXCLUDED."extraNanoUsd",
       "updatedAt" = EXCLUDED."updatedAt"`,
    [orgId, month, amount.toString(), now],
  );
  const admin = await deps.db.user.findUnique({ where: { id: adminUserId }, select: { email: true } });
  await deps.db.platformAlert.create({
    data: {
      kind: 'ai-budget-raise',
      orgId,
      message: `${admin?.email ?? 'A platform admin'} raised the AI allowance of ${before.orgName} for ${monthInWords(month)} by ${usd(input.amountCents)}: ${input.reason}`,
      dedupeKey: `ai-budget-raise:${randomUUID()}`,
      createdAt: now,
      readAt: now,
    },
  });
  return adminRowOf(await readBudget(deps, { orgId, month }));
};

const alertSelect = { id: true, kind: true, orgId: true, message: true, createdAt: true, readAt: true } as const;
type AlertRow = {
  id: string;
  kind: string;
  orgId: string | null;
  message: string;
  createdAt: Date;
  readAt: Date | null;
};

const withOrgNames = async ({ db }: Pick<Deps, 'db'>, rows: AlertRow[]): Promise<PlatformAlert[]> => {
  const ids = [...new Set(rows.flatMap((row) => (row.orgId ? [row.orgId] : [])))];
  const orgs = ids.length
    ? await db.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : [];
  const names = new Map(orgs.map((org) => [org.id, org.name]));
  return rows.map((row) => ({
    ...row,
    orgName: row.orgId ? (names.get(row.orgId) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  }));
};

export const listPlatformAlerts = async (
  deps: Pick<Deps, 'db'>,
  { unreadOnly }: { unreadOnly: boolean },
): Promise<{ items: PlatformAlert[]; unread: number }> => {
  const [rows, unread] = await Promise.all([
    deps.db.platformAlert.findMany({
      where: unreadOnly ? { readAt: null } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
      select: alertSelect,
    }),
    deps.db.platformAlert.count({ where: { readAt: null } }),
  ]);
  return { items: await withOrgNames(deps, rows), unread };
};

export const readPlatformAlert = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { alertId }: { alertId: string },
): Promise<PlatformAlert> => {
  await deps.db.platformAlert.updateMany({ where: { id: alertId, readAt: null }, data: { readAt: deps.clock.now() } });
  const row = await deps.db.platformAlert.findUnique({ where: { id: alertId }, select: alertSelect });
  if (!row) throw notFound('Alert');
  const [alert] = await withOrgNames(deps, [row]);
  return alert!;
};
