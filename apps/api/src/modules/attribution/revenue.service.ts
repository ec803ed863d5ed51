import {
  channelOf,
  type RevenueBySource,
  type RevenueQuery,
  type SourceRef,
  type SourceRevenue,
  type SourceRow,
  type Touch,
} from '@aiceo/shared/attribution';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../http/app-error';
import { refKey, refOf, resolveRefs } from './attribution.queries';

type TouchFields = Pick<Touch, 'source' | 'medium' | 'referrer' | 'content'>;
type TouchCols = { source: string | null; medium: string | null; referrer: string | null; content: string | null };

// The touch column is picked from this fixed map, never from input text.
const TOUCH_COLUMN = { first: Prisma.raw('"firstTouch"'), last: Prisma.raw('"lastTouch"') } as const;

const touchColumns = (column: Prisma.Sql) => Prisma.sql`
  ${column}->>'source' AS source, ${column}->>'medium' AS medium,
  ${column}->>'referrer' AS referrer, ${column}->>'content' AS content`;

/** The touch fields of a row, or null when the lead has no touch (added by hand, imported). */
const touchOf = (cols: TouchCols): TouchFields | null =>
  cols.source === null && cols.medium === null && cols.referrer === null && cols.content === null
    ? null
    : {
        source: cols.source ?? '',
        medium: cols.medium ?? '',
        referrer: cols.referrer ?? '',
        content: cols.content ?? '',
      };

type Money = { payments: bigint; deals: bigint };
type Acc = {
  key: string;
  label: string;
  ref: { kind: SourceRef['kind']; id: string } | null;
  leads: number;
  fromPayments: Set<string>;
  fromDeals: Set<string>;
  revenue: Map<string, Money>;
};
type Groups = { channels: Map<string, Acc>; posts: Map<string, Acc>; campaigns: Map<string, Acc>; totals: Acc };

const newAcc = (key: string, label: string, ref: Acc['ref']): Acc => ({
  key,
  label,
  ref,
  leads: 0,
  fromPayments: new Set(),
  fromDeals: new Set(),
  revenue: new Map(),
});

/** The rows one touch credits: the totals, its channel, and its post or campaign if it names one. */
const rowsFor = (groups: Groups, touch: TouchFields | null): Acc[] => {
  const channel = channelOf(touch);
  const rows = [groups.totals, getOr(groups.channels, channel.key, () => newAcc(channel.key, channel.label, null))];
  const ref = refOf(touch);
  if (ref?.kind === 'post' || ref?.kind === 'campaign') {
    const table = ref.kind === 'post' ? groups.posts : groups.campaigns;
    rows.push(getOr(table, refKey(ref), () => newAcc(refKey(ref), '', ref)));
  }
  return rows;
};

const getOr = <V>(map: Map<string, V>, key: string, make: () => V): V => {
  const found = map.get(key);
  if (found) return found;
  const made = make();
  map.set(key, made);
  return made;
};

const addMoney = (acc: Acc, { currency, amount, basis }: { currency: string; amount: bigint; basis: keyof Money }) => {
  const money = getOr(acc.revenue, currency, () => ({ payments: 0n, deals: 0n }));
  money[basis] += amount;
};

const toRevenue = (revenue: Map<string, Money>): SourceRevenue[] =>
  [...revenue.entries()]
    .map(([currency, { payments, deals }]) => ({
      currency,
      amountMinor: Number(payments + deals),
      fromPaymentsMinor: Number(payments),
      fromDealValuesMinor: Number(deals),
    }))
    .sort((a, b) => b.amountMinor - a.amountMinor || a.currency.localeCompare(b.currency));

const toCounts = (acc: Acc) => ({
  leads: acc.leads,
  won: acc.fromPayments.size + acc.fromDeals.size,
  wonFromPayments: acc.fromPayments.size,
  wonFromDealValues: acc.fromDeals.size,
  revenue: toRevenue(acc.revenue),
});

/** Most revenue in the org's currency first, then most won, then most leads. */
const byWorth =
  (currency: string) =>
  (a: SourceRow, b: SourceRow): number => {
    const inCurrency = (row: SourceRow) => row.revenue.find((r) => r.currency === currency)?.amountMinor ?? 0;
    return inCurrency(b) - inCurrency(a) || b.won - a.won || b.leads - a.leads || a.label.localeCompare(b.label);
  };

type Period = { orgId: string; from: string; to: string; timezone: string; column: Prisma.Sql };

const leadsCameIn = (db: Deps['db'], { orgId, from, to, timezone, column }: Period) =>
  db.$queryRaw<(TouchCols & { n: number })[]>`
    SELECT ${touchColumns(column)}, COUNT(*)::int AS n
    FROM "Lead"
    WHERE "orgId" = ${orgId}::uuid
      AND ("createdAt" AT TIME ZONE ${timezone})::date BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1, 2, 3, 4`;

/** Won leads' matched income dated in the period, per lead and currency. */
const wonPayments = (db: Deps['db'], { orgId, from, to, column }: Period) =>
  db.$queryRaw<(TouchCols & { leadId: string; currency: string; amount: string })[]>`
    SELECT l.id AS "leadId", ${touchColumns(Prisma.sql`l.${column}`)}, tx.currency, SUM(tx."amountMinor")::text AS amount
    FROM "FinanceTransaction" tx
    JOIN "Lead" l ON l.id = tx."leadId" AND l."orgId" = tx."orgId"
    WHERE tx."orgId" = ${orgId}::uuid AND tx."amountMinor" > 0 AND l.stage = 'won'
      AND tx.date BETWEEN ${from}::date AND ${to}::date
    GROUP BY l.id, tx.currency`;

/**
 * Won leads with no matched income at all, won in the period: their deal value counts. There is
 * no stage history, so the won date is the lead's last change (updatedAt), as goals count deals.
 */
const wonDealValues = (db: Deps['db'], { orgId, from, to, timezone, column }: Period) =>
  db.$queryRaw<(TouchCols & { leadId: string; valueCents: number })[]>`
    SELECT l.id AS "leadId", l."valueCents", ${touchColumns(Prisma.sql`l.${column}`)}
    FROM "Lead" l
    WHERE l."orgId" = ${orgId}::uuid AND l.stage = 'won'
      AND (l."updatedAt" AT TIME ZONE ${timezone})::date BETWEEN ${from}::date AND ${to}::date
      AND NOT EXISTS (
        SELECT 1 FROM "FinanceTransaction" tx
        WHERE tx."orgId" = l."orgId" AND tx."leadId" = l.id AND tx."amountMinor" > 0
      )`;

const finish = (groups: Groups, refs: Map<string, SourceRef>, currency: string) => {
  const rowOf = (acc: Acc): SourceRow => {
    const ref = acc.ref ? (refs.get(refKey(acc.ref)) ?? null) : null;
    return { key: acc.key, label: ref?.name ?? acc.label, ref, ...toCounts(acc) };
  };
  const table = (map: Map<string, Acc>) => [...map.values()].map(rowOf).sort(byWorth(currency));
  return {
    channels: table(groups.channels),
    posts: table(groups.posts),
    campaigns: table(groups.campaigns),
    totals: toCounts(groups.totals),
  };
};

/**
 * Revenue by source for a period: each lead is credited to its first or its last touch. A won
 * lead earns the sum of its matched income dated in the period, per currency; only when it has no
 * matched income at all, its deal value (in the org's currency) when it was won in the period.
 * A lead is never counted both ways, and different currencies are never added together.
 */
export const getRevenueBySource = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, query }: { orgId: string; query: RevenueQuery },
): Promise<RevenueBySource> => {
  const org = await db.organization.findFirst({ where: { id: orgId }, select: { currency: true, timezone: true } });
  if (!org) throw notFound('Organisation');
  const period: Period = { orgId, ...query, timezone: org.timezone, column: TOUCH_COLUMN[query.model] };
  const [cameIn, payments, deals] = await Promise.all([
    leadsCameIn(db, period),
    wonPayments(db, period),
    wonDealValues(db, period),
  ]);
  const groups: Groups = {
    channels: new Map(),
    posts: new Map(),
    campaigns: new Map(),
    totals: newAcc('total', 'Total', null),
  };
  for (const row of cameIn) for (const acc of rowsFor(groups, touchOf(row))) acc.leads += row.n;
  for (const row of payments)
    for (const acc of rowsFor(groups, touchOf(row))) {
      acc.fromPayments.add(row.leadId);
      addMoney(acc, { currency: row.currency, amount: BigInt(row.amount), basis: 'payments' });
    }
  for (const row of deals)
    for (const acc of rowsFor(groups, touchOf(row))) {
      acc.fromDeals.add(row.leadId);
      addMoney(acc, { currency: org.currency, amount: BigInt(row.valueCents), basis: 'deals' });
    }
  const refs = await resolveRefs(db, {
    orgId,
    refs: [...groups.posts.values(), ...groups.campaigns.values()].map((acc) => acc.ref),
  });
  return {
    from: query.from,
    to: query.to,
    model: query.model,
    currency: org.currency,
    ...finish(groups, refs, org.currency),
    generatedAt: clock.now().toISOString(),
  };
};
