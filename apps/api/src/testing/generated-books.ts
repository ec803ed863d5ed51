import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps';

// Builders for the finance tests: books generated from a seeded random source, written
// straight to the database.

/** A small deterministic random source (mulberry32). */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
};

export type TestTransaction = {
  accountId: string;
  date: string;
  amountMinor: number;
  currency: string;
  categoryId: string | null;
  counterparty: string;
  transferId: string | null;
};

export const insertTransactions = async (deps: Pick<Deps, 'db'>, orgId: string, rows: TestTransaction[]) => {
  for (let i = 0; i < rows.length; i += 500) {
    await deps.db.financeTransaction.createMany({
      data: rows.slice(i, i + 500).map((row) => ({
        orgId,
        accountId: row.accountId,
        date: new Date(`${row.date}T00:00:00.000Z`),
        amountMinor: BigInt(row.amountMinor),
        currency: row.currency,
        categoryId: row.categoryId,
        counterparty: row.counterparty,
        transferId: row.transferId,
        source: 'manual' as const,
      })),
    });
  }
};

export const createAccount = async (
  deps: Pick<Deps, 'db'>,
  options: { orgId: string; name: string; currency: string; openingBalanceMinor: number },
): Promise<string> =>
  (
    await deps.db.financeAccount.create({
      data: {
        orgId: options.orgId,
        name: options.name,
        kind: 'bank',
        currency: options.currency,
        openingBalanceMinor: BigInt(options.openingBalanceMinor),
      },
      select: { id: true },
    })
  ).id;

export const createCategory = async (
  deps: Pick<Deps, 'db'>,
  options: { orgId: string; name: string; kind: 'income' | 'expense' | 'transfer'; key?: string },
): Promise<string> =>
  (
    await deps.db.financeCategory.create({
      data: { orgId: options.orgId, name: options.name, kind: options.kind, key: options.key ?? null },
      select: { id: true },
    })
  ).id;

/** Both sides of a transfer between two own accounts. */
export const transferPair = (options: {
  from: string;
  to: string;
  date: string;
  amountMinor: number;
  currency: string;
  categoryId: string | null;
}): TestTransaction[] => {
  const transferId = randomUUID();
  const side = (accountId: string, amountMinor: number): TestTransaction => ({
    accountId,
    date: options.date,
    amountMinor,
    currency: options.currency,
    categoryId: options.categoryId,
    counterparty: 'Own transfer',
    transferId,
  });
  return [side(options.from, -options.amountMinor), side(options.to, options.amountMinor)];
};
