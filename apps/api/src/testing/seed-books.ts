import type { Deps } from '../deps';

export type SeedTransaction = {
  /** 'YYYY-MM-DD'. */
  date: string;
  /** Signed minor units: + money in, - money out. */
  amountMinor: number;
  counterparty?: string;
  /** A category name given in `categories`; none leaves the transaction uncategorised. */
  category?: string;
};

/**
 * An org's books straight in the database: its money settings, one bank account with an opening
 * balance, categories by name and kind, and transactions in the account's currency.
 */
export const seedBooks = async (
  deps: Pick<Deps, 'db'>,
  options: {
    orgId: string;
    currency?: string;
    timezone?: string;
    openingBalanceMinor?: number;
    categories?: Record<string, 'income' | 'expense' | 'transfer'>;
    transactions?: SeedTransaction[];
  },
): Promise<{ accountId: string; categoryIds: Record<string, string> }> => {
  const { db } = deps;
  const { orgId, currency = 'EUR' } = options;
  await db.organization.update({
    where: { id: orgId },
    data: { currency, ...(options.timezone ? { timezone: options.timezone } : {}) },
  });
  const account = await db.financeAccount.create({
    data: {
      orgId,
      name: 'Main bank',
      kind: 'bank',
      currency,
      openingBalanceMinor: BigInt(options.openingBalanceMinor ?? 0),
    },
    select: { id: true },
  });
  const categoryIds: Record<string, string> = {};
  for (const [name, kind] of Object.entries(options.categories ?? {})) {
    const row = await db.financeCategory.create({ data: { orgId, name, kind }, select: { id: true } });
    categoryIds[name] = row.id;
  }
  await db.financeTransaction.createMany({
    data: (options.transactions ?? []).map((tx) => ({
      orgId,
      accountId: account.id,
      date: new Date(`${tx.date}T00:00:00.000Z`),
      amountMinor: BigInt(tx.amountMinor),
      currency,
      counterparty: tx.counterparty ?? '',
      categoryId: tx.category ? (categoryIds[tx.category] ?? null) : null,
      source: 'manual' as const,
      tags: [],
    })),
  });
  return { accountId: account.id, categoryIds };
};
