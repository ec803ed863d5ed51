import type { MonthMetrics, SaasMetrics } from '@aiceo/shared/platform';
import { ChartPanel } from '@/components/charts/chart-panel';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { count, monthLabel, percent, usd } from '../utils/format';

const columns: DataTableColumn<MonthMetrics>[] = [
  { header: 'Month', isRowHeader: true, cell: (m) => monthLabel(m.month) },
  { header: 'MRR at start', cell: (m) => usd(m.mrrStartCents) },
  { header: 'New', cell: (m) => usd(m.newCents) },
  { header: 'Expansion', cell: (m) => usd(m.expansionCents) },
  { header: 'Reactivation', cell: (m) => usd(m.reactivationCents) },
  { header: 'Contraction', cell: (m) => usd(-m.contractionCents) },
  { header: 'Churn', cell: (m) => usd(-m.churnCents) },
  { header: 'Net new', cell: (m) => usd(m.netNewCents, true) },
  { header: 'MRR at end', cell: (m) => usd(m.mrrEndCents) },
  { header: 'Gross MRR churn', cell: (m) => percent(m.grossMrrChurnRate) },
  { header: 'Net MRR churn', cell: (m) => percent(m.netMrrChurnRate) },
  { header: 'ARPA', cell: (m) => (m.arpaCents === null ? '—' : usd(m.arpaCents)) },
  { header: 'Paying orgs', cell: (m) => count(m.customersEnd) },
  {
    header: 'New / churned / back',
    cell: (m) => `${m.newCustomers} / ${m.churnedCustomers} / ${m.reactivatedCustomers}`,
  },
];

/** MRR now, the last month's rates, subscriptions, a chart of MRR and the movements month by month. */
export const SaasMetricsView = ({ metrics }: { metrics: SaasMetrics }) => {
  const last = metrics.months.at(-1);
  const subs = metrics.subscriptions;
  return (
    <div className="stack">
      <dl className="grid stats" aria-label="SaaS metrics now">
        <div className="stat card">
          <dt>MRR</dt>
          <dd data-testid="mrr-now">{usd(metrics.mrrNowCents)}</dd>
        </div>
        <div className="stat card">
          <dt>Paying organisations</dt>
          <dd>{count(metrics.payingCustomersNow)}</dd>
        </div>
        <div className="stat card">
          <dt>ARPA ({last ? monthLabel(last.month) : '—'})</dt>
          <dd>{last?.arpaCents == null ? '—' : usd(last.arpaCents)}</dd>
        </div>
        <div className="stat card">
          <dt>Gross MRR churn ({last ? monthLabel(last.month) : '—'})</dt>
          <dd>{percent(last?.grossMrrChurnRate ?? null)}</dd>
        </div>
        <div className="stat card">
          <dt>Net MRR churn ({last ? monthLabel(last.month) : '—'})</dt>
          <dd>{percent(last?.netMrrChurnRate ?? null)}</dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">Subscriptions now</h2>
        <dl className="grid stats" aria-labelledby="subscriptions-heading">
          {[
            ['Active', subs.active],
            ['Past due', subs.pastDue],
            ['Cancelled', subs.cancelled],
            ['Trialing', subs.trialing],
            ...(subs.other > 0 ? [['Other statuses', subs.other] as const] : []),
            ['Plan set by hand', subs.manual],
          ].map(([label, value]) => (
            <div className="stat" key={label}>
              <dt>{label}</dt>
              <dd>{count(Number(value))}</dd>
            </div>
          ))}
        </dl>
      </section>
      <ChartPanel
        title="MRR by month"
        summary={`From ${monthLabel(metrics.from)} to ${monthLabel(metrics.to)}, at the end of each month`}
        kind="line"
        rowHeader="Month"
        rows={metrics.months.map((m) => ({ label: monthLabel(m.month), axisLabel: m.month }))}
        series={[{ label: 'MRR', values: metrics.months.map((m) => m.mrrEndCents), color: 'chart-1' }]}
        ariaLabel="Monthly recurring revenue at the end of each month"
        formatValue={(cents) => usd(cents)}
      />
      <section aria-labelledby="movements-heading" className="stack">
        <h2 id="movements-heading">MRR movements</h2>
        <DataTable labelledBy="movements-heading" columns={columns} rows={metrics.months} rowKey={(m) => m.month} />
        <p className="muted">
          Definitions follow ChartMogul: new business is an organisation’s first paid MRR, reactivation a churned one
          paying again, expansion and contraction any rise or fall, churn the MRR lost when an organisation stops
          paying. Gross MRR churn = (churn + contraction) / MRR at the start of the month; net MRR churn subtracts
          expansion and reactivation (negative means existing organisations grew). ARPA = MRR / paying organisations. A
          past-due subscription counts in MRR until Stripe ends it; a trial counts once it turns active.
        </p>
      </section>
    </div>
  );
};
