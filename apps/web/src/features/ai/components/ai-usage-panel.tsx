import { aiProviderLabels, formatNanoUsd, type AiUsage } from '@aiceo/shared/ai';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';

const count = (n: number) => n.toLocaleString('en-US');

const columns: DataTableColumn<AiUsage['byModel'][number]>[] = [
  { header: 'Provider', isRowHeader: true, cell: (row) => aiProviderLabels[row.provider] },
  { header: 'Model', className: 'mono', cell: (row) => row.model },
  { header: 'Calls', cell: (row) => count(row.calls) },
  { header: 'Failed', cell: (row) => count(row.failedCalls) },
  { header: 'Tokens in', cell: (row) => count(row.tokensIn) },
  { header: 'Tokens out', cell: (row) => count(row.tokensOut) },
  { header: 'Avg latency', cell: (row) => `${count(row.avgLatencyMs)} ms` },
  { header: 'Cost', cell: (row) => formatNanoUsd(row.costNanoUsd) },
];

/** This month's AI calls, tokens and cost, in total and by model. */
export const AiUsagePanel = ({ usage }: { usage: AiUsage }) => (
  <div className="stack">
    <dl className="grid stats">
      <div className="stat">
        <dt>Cost</dt>
        <dd>{formatNanoUsd(usage.totals.costNanoUsd)}</dd>
      </div>
      <div className="stat">
        <dt>Calls</dt>
        <dd>{count(usage.totals.calls)}</dd>
      </div>
      <div className="stat">
        <dt>Failed calls</dt>
        <dd>{count(usage.totals.failedCalls)}</dd>
      </div>
      <div className="stat">
        <dt>Tokens in / out</dt>
        <dd>
          {count(usage.totals.tokensIn)} / {count(usage.totals.tokensOut)}
        </dd>
      </div>
    </dl>
    <DataTable
      caption="AI spend by model"
      columns={columns}
      rows={usage.byModel}
      rowKey={(row) => `${row.provider}/${row.model}`}
      empty={<p className="muted">No AI calls yet this month.</p>}
    />
  </div>
);
