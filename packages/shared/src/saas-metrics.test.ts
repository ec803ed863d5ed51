import {
  arpaCents,
  classifyMrrChange,
  foldMrrMetrics,
  monthsBetween,
  type MrrMovementInput,
  type MrrMovementKind,
} from './saas-metrics';

const at = (iso: string) => new Date(iso);
const move = (
  orgId: string,
  occurredAt: string,
  kind: MrrMovementKind,
  fromCents: number,
  toCents: number,
): MrrMovementInput => ({ orgId, occurredAt: at(occurredAt), kind, fromCents, toCents });

describe('foldMrrMetrics with ChartMogul’s worked examples', () => {
  // https://help.chartmogul.com/hc/en-us/articles/203359341-Metric-MRR-Churn-Rate
  // "If you had $100 MRR at the beginning of the month, and during the month you lost $10 to churn
  // MRR, and $10 to contraction MRR, while one customer increased their MRR by $10, your Gross MRR
  // churn rate would be 20% ... your Net MRR churn rate would be 10%."
  it('when a $100 month loses $10 to churn and $10 to contraction and gains $10 expansion, then gross churn is 20% and net 10%', () => {
    // Arrange: $100 at the start of March, from four customers.
    const movements = [
      move('a', '2026-01-05T00:00:00Z', 'new', 0, 4_000),
      move('b', '2026-01-06T00:00:00Z', 'new', 0, 3_000),
      move('c', '2026-02-07T00:00:00Z', 'new', 0, 2_000),
      move('d', '2026-02-08T00:00:00Z', 'new', 0, 1_000),
      move('d', '2026-03-10T00:00:00Z', 'churn', 1_000, 0),
      move('a', '2026-03-11T00:00:00Z', 'contraction', 4_000, 3_000),
      move('b', '2026-03-12T00:00:00Z', 'expansion', 3_000, 4_000),
    ];

    // Act
    const [march] = foldMrrMetrics({ movements, from: '2026-03', to: '2026-03' });

    // Assert
    expect(march).toEqual({
      month: '2026-03',
      mrrStartCents: 10_000,
      mrrEndCents: 9_000,
      newCents: 0,
      expansionCents: 1_000,
      contractionCents: 1_000,
      churnCents: 1_000,
      reactivationCents: 0,
      netNewCents: -1_000,
      grossMrrChurnRate: 0.2,
      netMrrChurnRate: 0.1,
      arpaCents: 3_000,
      customersStart: 4,
      customersEnd: 3,
      newCustomers: 0,
      churnedCustomers: 1,
      reactivatedCustomers: 0,
    });
  });

  // https://help.chartmogul.com/hc/en-us/articles/203359301-Metric-Average-Revenue-Per-Account-ARPA-
  // "Customers 1 and 2 are paying $1 per month. Customer 3 is paying $3 per month. Customers 4 and 5
  // are paying $5 per month. $15 (total MRR) / 5 (number of customers) = $3 ARPA"
  it('when five customers pay $1, $1, $3, $5 and $5, then ARPA is $3', () => {
    const movements = [100, 100, 300, 500, 500].map((cents, i) =>
      move(`c${i}`, '2026-04-02T00:00:00Z', 'new', 0, cents),
    );

    const [april] = foldMrrMetrics({ movements, from: '2026-04', to: '2026-04' });

    expect(april?.arpaCents).toBe(300);
    expect(april?.mrrEndCents).toBe(1_500);
    expect(april?.newCustomers).toBe(5);
    expect(arpaCents([100, 100, 300, 500, 500, 0])).toBe(300);
  });
});

describe('classifyMrrChange', () => {
  it.each<[string, number, number, boolean, MrrMovementKind | null]>([
    ['first payment', 0, 2_900, false, 'new'],
    ['paying again after a churn', 0, 2_900, true, 'reactivation'],
    ['an upgrade', 2_900, 29_900, true, 'expansion'],
    ['a downgrade', 29_900, 2_900, true, 'contraction'],
    ['a contraction to zero', 29_900, 0, true, 'churn'],
    ['no change', 2_900, 2_900, true, null],
    ['zero to zero', 0, 0, true, null],
  ])(
    'when the change is %s (%d -> %d, paid before: %s), then it is %s',
    (_name, fromCents, toCents, hadMrrBefore, kind) => {
      expect(classifyMrrChange({ fromCents, toCents, hadMrrBefore })).toBe(kind);
    },
  );
});

describe('foldMrrMetrics edge cases', () => {
  it('when a customer churns and comes back, then the return is reactivation, not new business', () => {
    const movements = [
      move('a', '2026-01-10T00:00:00Z', 'new', 0, 2_900),
      move('a', '2026-02-10T00:00:00Z', 'churn', 2_900, 0),
      move('a', '2026-03-10T00:00:00Z', 'reactivation', 0, 29_900),
    ];

    const [jan, feb, mar] = foldMrrMetrics({ movements, from: '2026-01', to: '2026-03' });

    expect(jan).toMatchObject({ mrrStartCents: 0, newCents: 2_900, mrrEndCents: 2_900, newCustomers: 1 });
    expect(jan?.grossMrrChurnRate).toBeNull();
    expect(feb).toMatchObject({ churnCents: 2_900, mrrEndCents: 0, grossMrrChurnRate: 1, netMrrChurnRate: 1 });
    expect(feb?.arpaCents).toBeNull();
    expect(mar).toMatchObject({
      newCents: 0,
      reactivationCents: 29_900,
      reactivatedCustomers: 1,
      newCustomers: 0,
      mrrEndCents: 29_900,
      grossMrrChurnRate: null,
    });
  });

  it('when expansion outweighs the losses, then the net MRR churn rate is negative', () => {
    const movements = [
      move('a', '2026-01-01T00:00:00Z', 'new', 0, 2_900),
      move('b', '2026-01-01T00:00:00Z', 'new', 0, 2_900),
      move('a', '2026-02-03T00:00:00Z', 'expansion', 2_900, 29_900),
      move('b', '2026-02-04T00:00:00Z', 'churn', 2_900, 0),
    ];

    const [feb] = foldMrrMetrics({ movements, from: '2026-02', to: '2026-02' });

    expect(feb?.grossMrrChurnRate).toBeCloseTo(2_900 / 5_800);
    expect(feb?.netMrrChurnRate).toBeCloseTo((2_900 - 27_000) / 5_800);
    expect(feb?.mrrEndCents).toBe(29_900);
  });

  it('when movements arrive unsorted, then each month still starts where the last one ended', () => {
    const movements = [
      move('a', '2026-03-01T00:00:00Z', 'expansion', 2_900, 29_900),
      move('a', '2026-01-31T23:59:59.999Z', 'new', 0, 2_900),
    ];

    const months = foldMrrMetrics({ movements, from: '2026-01', to: '2026-03' });

    expect(months.map((m) => [m.month, m.mrrStartCents, m.mrrEndCents])).toEqual([
      ['2026-01', 0, 2_900],
      ['2026-02', 2_900, 2_900],
      ['2026-03', 2_900, 29_900],
    ]);
    for (const m of months) expect(m.mrrStartCents + m.netNewCents).toBe(m.mrrEndCents);
  });

  it('when there are no movements at all, then every month is zero with no rates', () => {
    const months = foldMrrMetrics({ movements: [], from: '2025-12', to: '2026-01' });

    expect(months.map((m) => m.month)).toEqual(['2025-12', '2026-01']);
    expect(months[0]).toMatchObject({ mrrStartCents: 0, mrrEndCents: 0, arpaCents: null, netMrrChurnRate: null });
  });
});

describe('monthsBetween', () => {
  it('when the range crosses a year, then it lists every month once', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
  });
});
