import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { moneySnapshot } from '../finance-reports/finance-reports.service';
import { DAY_MS, UNCATEGORISED_WINDOW_DAYS, type MoneyFacts, type MoneyTransactionFact } from './insights';

/** Payments listed as a spiking category's evidence. */
const TOP_PAYMENTS = 3;
/** How far back a counterparty's last three payments are looked for (three monthly ones fit). */
const PAYMENTS_LOOKBACK_DAYS = 120;
const COUNTERPARTIES_LISTED = 3;

const shiftDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** 'YYYY-MM' of the month `offset` months from the month of `day`. */
const monthOf = (day: string, offset: number): string => {
  const date = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + offset, 1));
  return date.toISOString().slice(0, 7);
};

type TxRow = {
  id: string;
  day: string;
  counterparty: string;
  description: string;
  amountMinor: bigint;
};
const toFact = (row: TxRow): MoneyTransactionFact => ({
  id: row.id,
  date: row.day,
  counterparty: row.counterparty,
  description: row.description,
  amountMinor: Number(row.amountMinor),
});

// Transfers between own accounts are neither income nor expense: by their link or their category's kind.
const NOT_TRANSFER = Prisma.sql`t."transferId" IS NULL AND (c.kind IS NULL OR c.kind <> 'transfer')`;

/**
 * The books as the CFO insights read them, or null when the org has no transactions. Totals,
 * cash and runway come from the reports' moneySnapshot; the per-category months, the last
 * payments per counterparty and the recent uncategorised share are read here, every query with
 * the org's id and in the org's currency (a transaction in another currency is not added in).
 */
export const gatherMoneyFacts = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock'>,
  { orgId }: { orgId: string },
): Promise<MoneyFacts | null> => {
  const { db } = deps;
  const snapshot = await moneySnapshot(deps, { orgId });
  if (snapshot.transactionCount === 0) return null;
  // "Today" is the org's, in its timezone, as the reports count it.
  const { currency, today } = snapshot;
  const previousMonths: MoneyFacts['previousMonths'] = [monthOf(today, -3), monthOf(today, -2), monthOf(today, -1)];
  const windowStart = `${previousMonths[0]}-01`;
  const monthStart = `${today.slice(0, 7)}-01`;
  const recentStart = shiftDays(today, -(UNCATEGORISED_WINDOW_DAYS - 1));
  const paymentsStart = shiftDays(today, -PAYMENTS_LOOKBACK_DAYS);

  const [first, spend, top, payments, recent, counterparties] = await Promise.all([
    db.financeTransaction.findFirst({
      where: { orgId, currency },
      orderBy: { date: 'asc' },
      select: { date: true },
    }),
    db.$queryRaw<
      { categoryId: string; name: string; month: string; spent: bigint }[]
    >`SELECT c.id AS "categoryId", c.name, to_char(t.date, 'YYYY-MM') AS month, -SUM(t."amountMinor") AS spent
       FROM "FinanceTransaction" t JOIN "FinanceCategory" c ON c.id = t."categoryId" AND c."orgId" = t."orgId"
       WHERE t."orgId" = ${orgId}::uuid AND t.currency = ${currency} AND c.kind = 'expense' AND ${NOT_TRANSFER}
         AND t.date >= ${windowStart}::date AND t.date <= ${today}::date
       GROUP BY c.id, c.name, month`,
    db.$queryRaw<
      (TxRow & { categoryId: string })[]
    >`SELECT id, "categoryId", day, counterparty, description, "amountMinor" FROM (
         SELECT t.id, t."categoryId", to_char(t.date, 'YYYY-MM-DD') AS day, t.counterparty, t.description, t."amountMinor",
           row_number() OVER (PARTITION BY t."categoryId" ORDER BY t."amountMinor" ASC, t.id) AS pos
         FROM "FinanceTransaction" t JOIN "FinanceCategory" c ON c.id = t."categoryId" AND c."orgId" = t."orgId"
         WHERE t."orgId" = ${orgId}::uuid AND t.currency = ${currency} AND c.kind = 'expense' AND ${NOT_TRANSFER}
           AND t."amountMinor" < 0 AND t.date >= ${monthStart}::date AND t.date <= ${today}::date
       ) ranked WHERE pos <= ${TOP_PAYMENTS} ORDER BY "categoryId", pos`,
    db.$queryRaw<(TxRow & { key: string })[]>`SELECT id, key, day, counterparty, description, "amountMinor" FROM (
         SELECT t.id, lower(btrim(t.counterparty)) AS key, to_char(t.date, 'YYYY-MM-DD') AS day, t.counterparty,
           t.description, t."amountMinor",
           row_number() OVER (PARTITION BY lower(btrim(t.counterparty)) ORDER BY t.date DESC, t.id DESC) AS pos
         FROM "FinanceTransaction" t LEFT JOIN "FinanceCategory" c ON c.id = t."categoryId" AND c."orgId" = t."orgId"
         WHERE t."orgId" = ${orgId}::uuid AND t.currency = ${currency} AND ${NOT_TRANSFER}
           AND t."amountMinor" < 0 AND btrim(t.counterparty) <> '' AND t.date >= ${paymentsStart}::date AND t.date <= ${today}::date
       ) ranked WHERE pos <= 3 ORDER BY key, pos DESC`,
    db.$queryRaw<
      { count: bigint; uncategorised: bigint; in_minor: bigint | null; out_minor: bigint | null }[]
    >`SELECT count(*) AS count, count(*) FILTER (WHERE t."categoryId" IS NULL) AS uncategorised,
         SUM(t."amountMinor") FILTER (WHERE t."categoryId" IS NULL AND t."amountMinor" > 0) AS in_minor,
         -SUM(t."amountMinor") FILTER (WHERE t."categoryId" IS NULL AND t."amountMinor" < 0) AS out_minor
       FROM "FinanceTransaction" t LEFT JOIN "FinanceCategory" c ON c.id = t."categoryId" AND c."orgId" = t."orgId"
       WHERE t."orgId" = ${orgId}::uuid AND t.currency = ${currency} AND ${NOT_TRANSFER} AND t.date >= ${recentStart}::date AND t.date <= ${today}::date`,
    db.financeTransaction.groupBy({
      by: ['counterparty'],
      where: {
        orgId,
        currency,
        categoryId: null,
        transferId: null,
        counterparty: { not: '' },
        date: { gte: new Date(`${recentStart}T00:00:00.000Z`), lte: new Date(`${today}T00:00:00.000Z`) },
      },
      _count: { _all: true },
      orderBy: [{ _count: { counterparty: 'desc' } }, { counterparty: 'asc' }],
      take: COUNTERPARTIES_LISTED,
    }),
  ]);

  const byCategory = new Map<string, MoneyFacts['categorySpend'][number]>();
  for (const row of spend) {
    const entry = byCategory.get(row.categoryId) ?? {
      categoryId: row.categoryId,
      name: row.name,
      thisMonthMinor: 0,
      previousMonthsMinor: [0, 0, 0],
      top: [],
    };
    const index = previousMonths.indexOf(row.month);
    if (index >= 0) entry.previousMonthsMinor[index] = Number(row.spent);
    else if (row.month === today.slice(0, 7)) entry.thisMonthMinor = Number(row.spent);
    byCategory.set(row.categoryId, entry);
  }
  for (const row of top) byCategory.get(row.categoryId)?.top.push(toFact(row));

  const byCounterparty = new Map<string, MoneyFacts['lastPayments'][number]>();
  for (const row of payments) {
    const entry = byCounterparty.get(row.key) ?? { counterparty: row.counterparty.trim(), payments: [] };
    entry.payments.push(toFact(row));
    byCounterparty.set(row.key, entry);
  }

  const totals = recent[0];
  return {
    currency,
    today,
    previousMonths,
    coversPreviousMonths: first !== null && first.date.toISOString().slice(0, 10) <= windowStart,
    categorySpend: [...byCategory.values()].sort((a, b) => b.thisMonthMinor - a.thisMonthMinor),
    lastPayments: [...byCounterparty.values()],
    cashMinor: snapshot.cashMinor,
    runway: snapshot.runway,
    recent: {
      count: Number(totals?.count ?? 0),
      uncategorised: Number(totals?.uncategorised ?? 0),
      uncategorisedInMinor: Number(totals?.in_minor ?? 0),
      uncategorisedOutMinor: Number(totals?.out_minor ?? 0),
      topCounterparties: counterparties.map((row) => ({ counterparty: row.counterparty, count: row._count._all })),
    },
  };
};
