import type { AdminAiUsage } from '@aiceo/shared/platform';
import { ChartPanel } from '@/components/charts/chart-panel';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { count, usdFromNano } from '../utils/format';

type Figures = AdminAiUsage['totals'];
const figureColumns = <Row extends Figures>(): DataTableColumn<Row>[] => [
  { header: 'Calls', cell: (r) => count(r.calls) },
  { header: 'Failed', cell: (r) => count(r.failed) },
  { header: 'Tokens in', cell: (r) => count(r.tokensIn) },
  { header: 'Tokens out', cell: (r) => count(r.tokensOut) },
  { header: 'Cost', cell: (r) => usdFromNano(r.costNanoUsd) },
];

type ProviderRow = AdminAiUsage['byProvider'][number];
type ModelRow = AdminAiUsage['byModel'][number];

/** AI calls platform-wide: totals, by provider, by model and a chart of cost by day. */
export const AiUsageView = ({ usage }: { usage: AdminAiUsage }) => (
  <div className="stack">
    <dl className="grid stats" aria-label="AI usage totals">
      <div className="stat card">
        <dt>AI cost</dt>
        <dd data-testid="ai-cost-total">{usdFromNano(usage.totals.costNanoUsd)}</dd>
      </div>
      <div className="stat card">
        <dt>Calls</dt>
        <dd>{count(usage.totals.calls)}</dd>
      </div>
      <div className="stat card">
        <dt>Failed calls</dt>
        <dd>{count(usage.totals.failed)}</dd>
      </div>
      <div className="stat card">
        <dt>Tokens in / out</dt>
        <dd>
          {count(usage.totals.tokensIn)} / {count(usage.totals.tokensOut)}
        </dd>
      </div>
    </dl>
    <ChartPanel
      title="AI cost by day"
      summary={`${usage.from} to ${usage.to} (UTC); days without calls are left out`}
      kind="bar"
      rows={usage.byDay.map((d) => ({ label: d.day, axisLabel: d.day.slice(5) }))}
      series={[{ label: 'Cost (US cents)', values: usage.byDay.map((d) => d.costNanoUsd / 1e7), color: 'chart-2' }]}
      ariaLabel="AI cost per day"
      formatValue={(cents) => usdFromNano(cents * 1e7)}
    />
    <section aria-labelledby="by-provider-heading" className="stack">
      <h2 id="by-provider-heading">By provider</h2>
      <DataTable
        labelledBy="by-provider-heading"
        columns={[
          { header: 'Provider', isRowHeader: true, cell: (r: ProviderRow) => r.provider },
          ...figureColumns<ProviderRow>(),
        ]}
        rows={usage.byProvider}
        rowKey={(r) => r.provider}
        empty={<p className="muted">No AI calls in this period.</p>}
      />
    </section>
    <section aria-labelledby="by-model-heading" className="stack">
      <h2 id="by-model-heading">By model</h2>
      <DataTable
        labelledBy="by-model-heading"
        columns={[
          { header: 'Model', isRowHeader: true, cell: (r: ModelRow) => r.model },
          { header: 'Provider', cell: (r: ModelRow) => r.provider },
          ...figureColumns<ModelRow>(),
        ]}
        rows={usage.byModel}
        rowKey={(r) => `${r.provider}/${r.model}`}
        empty={<p className="muted">No AI calls in this period.</p>}
      />
    </section>
  </div>
);
