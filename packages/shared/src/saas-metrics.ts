// SaaS metrics folded from the MRR movement history, with ChartMogul's published definitions:
//   MRR movements (new business, expansion, contraction, churn, reactivation):
//     https://help.chartmogul.com/hc/en-us/articles/203299912
//   Gross and net MRR churn rate, Standard (B2B) formula:
//     https://help.chartmogul.com/hc/en-us/articles/203359341-Metric-MRR-Churn-Rate
//   ARPA = sum of the customers' MRR / number of customers:
//     https://help.chartmogul.com/hc/en-us/articles/203359301-Metric-Average-Revenue-Per-Account-ARPA-
// A customer here is an organisation. Pure: no clock, no I/O.

export const mrrMovementKinds = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MrrMovementKind = (typeof mrrMovementKinds)[number];

/**
 * What a change of one customer's MRR from `fromCents` to `toCents` is:
 * 0 -> x is new business the first time the customer pays and reactivation after a churn;
 * x -> 0 is churn (a contraction to zero is churn); up is expansion, down contraction; no change is
 * no movement (null).
 */
export const classifyMrrChange = ({
  fromCents,
  toCents,
  hadMrrBefore,
}: {
  fromCents: number;
  toCents: number;
  /** Whether the customer ever had MRR above zero before this change. */
  hadMrrBefore: boolean;
}): MrrMovementKind | null => {
  if (toCents === fromCents) return null;
  if (fromCents === 0) return hadMrrBefore ? 'reactivation' : 'new';
  if (toCents === 0) return 'churn';
  return toCents > fromCents ? 'expansion' : 'contraction';
};

/** One recorded change of one customer's MRR (minor units of one currency). */
export type MrrMovementInput = {
  orgId: string;
  occurredAt: Date;
  kind: MrrMovementKind;
  fromCents: number;
  toCents: number;
};

export type MonthMetrics = {
  /** 'YYYY-MM' (UTC). */
  month: string;
  mrrStartCents: number;
  mrrEndCents: number;
  newCents: number;
  expansionCents: number;
  contractionCents: number;
  churnCents: number;
  reactivationCents: number;
  /** new + expansion + reactivation - contraction - churn = end - start. */
  netNewCents: number;
  /** (churn + contraction) / MRR at start; null when the month started at zero MRR. */
  grossMrrChurnRate: number | null;
  /** (churn + contraction - expansion - reactivation) / MRR at start; negative is net expansion; null when MRR started at zero. */
  netMrrChurnRate: number | null;
  /** MRR at the end of the month / customers paying then; null with no paying customer. */
  arpaCents: number | null;
  customersStart: number;
  customersEnd: number;
  /** Customers with at least one movement of that kind in the month. */
  newCustomers: number;
  churnedCustomers: number;
  reactivatedCustomers: number;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first instant (UTC) of a 'YYYY-MM' month. */
export const monthStart = (month: string): Date => {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`Not a month: ${month}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
};

const monthOf = (date: Date): string => `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

/** Every month from `from` to `to`, both included ('YYYY-MM'); empty when `to` is before `from`. */
export const monthsBetween = (from: string, to: string): string[] => {
  const months: string[] = [];
  const end = monthStart(to).getTime();
  for (let d = monthStart(from); d.getTime() <= end; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)))
    months.push(monthOf(d));
  return months;
};

/** Gross MRR churn rate (ChartMogul, Standard formula): (churn + contraction) / MRR at start. */
export const grossMrrChurnRate = (m: { mrrStartCents: number; churnCents: number; contractionCents: number }) =>
  m.mrrStartCents === 0 ? null : (m.churnCents + m.contractionCents) / m.mrrStartCents;

/** Net MRR churn rate (ChartMogul, Standard formula): (churn + contraction - expansion - reactivation) / MRR at start. */
export const netMrrChurnRate = (m: {
  mrrStartCents: number;
  churnCents: number;
  contractionCents: number;
  expansionCents: number;
  reactivationCents: number;
}) =>
  m.mrrStartCents === 0
    ? null
    : (m.churnCents + m.contractionCents - m.expansionCents - m.reactivationCents) / m.mrrStartCents;

/** ARPA (ChartMogul): the customers' MRR summed / the number of customers paying; null with none. */
export const arpaCents = (customerMrrCents: number[]): number | null => {
  const paying = customerMrrCents.filter((cents) => cents > 0);
  return paying.length === 0 ? null : paying.reduce((sum, cents) => sum + cents, 0) / paying.length;
};

const amountOf = (movement: MrrMovementInput): number => Math.abs(movement.toCents - movement.fromCents);

/**
 * The metrics of each month from `from` to `to` (UTC months), folded from every movement ever
 * recorded (those before `from` give the MRR the first month starts with). Each customer's MRR
 * is the `toCents` of its latest movement; movements are taken in `occurredAt` order.
 */
export const foldMrrMetrics = ({
  movements,
  from,
  to,
}: {
  movements: readonly MrrMovementInput[];
  from: string;
  to: string;
}): MonthMetrics[] => {
  const sorted = [...movements].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const mrrByOrg = new Map<string, number>();
  const totalOf = () => [...mrrByOrg.values()].reduce((sum, cents) => sum + cents, 0);
  const payingOf = () => [...mrrByOrg.values()].filter((cents) => cents > 0).length;
  let next = 0;
  const applyUntil = (end: number, onEach?: (movement: MrrMovementInput) => void) => {
    while (next < sorted.length && (sorted[next] as MrrMovementInput).occurredAt.getTime() < end) {
      const movement = sorted[next] as MrrMovementInput;
      mrrByOrg.set(movement.orgId, movement.toCents);
      onEach?.(movement);
      next += 1;
    }
  };
  const months = monthsBetween(from, to);
  applyUntil(monthStart(from).getTime());
  return months.map((month) => {
    const mrrStartCents = totalOf();
    const customersStart = payingOf();
    const sums: Record<MrrMovementKind, number> = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0 };
    const customers: Record<MrrMovementKind, Set<string>> = {
      new: new Set(),
      expansion: new Set(),
      contraction: new Set(),
      churn: new Set(),
      reactivation: new Set(),
    };
    const startOfNext = monthStart(month);
    startOfNext.setUTCMonth(startOfNext.getUTCMonth() + 1);
    applyUntil(startOfNext.getTime(), (movement) => {
      sums[movement.kind] += amountOf(movement);
      customers[movement.kind].add(movement.orgId);
    });
    const totals = {
      mrrStartCents,
      newCents: sums.new,
      expansionCents: sums.expansion,
      contractionCents: sums.contraction,
      churnCents: sums.churn,
      reactivationCents: sums.reactivation,
    };
    return {
      month,
      ...totals,
      mrrEndCents: totalOf(),
      netNewCents: sums.new + sums.expansion + sums.reactivation - sums.contraction - sums.churn,
      grossMrrChurnRate: grossMrrChurnRate(totals),
      netMrrChurnRate: netMrrChurnRate(totals),
      arpaCents: arpaCents([...mrrByOrg.values()]),
      customersStart,
      customersEnd: payingOf(),
      newCustomers: customers.new.size,
      churnedCustomers: customers.churn.size,
      reactivatedCustomers: customers.reactivation.size,
    };
  });
};
