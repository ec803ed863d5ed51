import { Component, lazy, Suspense, useId, type ReactNode } from 'react';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Loading } from '@/components/ui/states';
import type { ChartSeries, TimeSeriesChartProps } from './time-series-chart';

// chart.js loads on first use, in its own chunk, never with the initial JavaScript.
const loadChart = () => import('./time-series-chart');
const TimeSeriesChart = lazy(() => loadChart().then((module) => ({ default: module.TimeSeriesChart })));

/** Starts downloading the chart code early (e.g. from a route loader, alongside the data). */
export const preloadCharts = (): void => {
  loadChart().catch(() => undefined);
};

class ChartErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? (
      <p className="state">The chart could not load; the numbers are in the table below.</p>
    ) : (
      this.props.children
    );
  }
}

type ChartPanelProps = Omit<TimeSeriesChartProps, 'labels'> & {
  title: string;
  /** Shown under the title, e.g. the period's total. */
  summary?: ReactNode;
  /** Full, readable label of each point (for the table), and the short one for the axis. */
  rows: readonly { label: string; axisLabel: string }[];
  /** The table's first column header ("Day" unless told). */
  rowHeader?: string;
  /** Shown under the chart (e.g. a link to the page behind it). */
  footer?: ReactNode;
};

/** A titled chart with a data table behind a disclosure, so the numbers are there without the canvas. */
export const ChartPanel = ({
  title,
  summary,
  rows,
  kind,
  series,
  ariaLabel,
  formatValue,
  rowHeader = 'Day',
  footer,
}: ChartPanelProps) => {
  const headingId = useId();
  const axisLabels = rows.map((row) => row.axisLabel);
  const tableColumns: DataTableColumn<ChartPanelProps['rows'][number]>[] = [
    { header: rowHeader, isRowHeader: true, cell: (row) => row.label },
    ...series.map((s: ChartSeries) => ({
      header: s.label,
      cell: (_row: unknown, index: number) =>
        formatValue ? formatValue(s.values[index] ?? 0) : (s.values[index] ?? 0),
    })),
  ];
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {summary ? <p className="muted">{summary}</p> : null}
      <div className="chart-box">
        <ChartErrorBoundary>
          <Suspense fallback={<Loading label="Loading chart…" />}>
            <TimeSeriesChart
              kind={kind}
              labels={axisLabels}
              series={series}
              ariaLabel={ariaLabel}
              {...(formatValue ? { formatValue } : {})}
            />
          </Suspense>
        </ChartErrorBoundary>
      </div>
      <details className="data-table">
        <summary>Show the numbers</summary>
        <DataTable
          caption={title}
          columns={tableColumns}
          rows={rows}
          rowKey={(row) => row.label}
          wrapStyle={{ marginTop: '0.5rem', maxHeight: '16rem', overflowY: 'auto' }}
        />
      </details>
      {footer}
    </section>
  );
};
