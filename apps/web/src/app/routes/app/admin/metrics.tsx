import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { QueryView } from '@/components/ui/states';
import { useSaasMetrics } from '@/features/admin/api/get-metrics';
import { SaasMetricsView } from '@/features/admin/components/saas-metrics-view';

const RANGES = [3, 6, 12, 24, 36] as const;

const monthOf = (date: Date): string => `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
const monthsBack = (n: number): string => {
  const now = new Date();
  return monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1), 1)));
};

export const Component = () => {
  const [params, setParams] = useSearchParams();
  const chosen = Number(params.get('months'));
  const months = (RANGES as readonly number[]).includes(chosen) ? chosen : 6;
  const metrics = useSaasMetrics({ from: monthsBack(months), to: monthOf(new Date()) });
  const selectId = useId();
  return (
    <section aria-labelledby="metrics-heading" className="stack">
      <h2 id="metrics-heading">Metrics</h2>
      <div className="field" style={{ maxWidth: '16rem' }}>
        <label htmlFor={selectId}>Period</label>
        <select
          id={selectId}
          value={months}
          onChange={(event) => setParams({ months: event.target.value }, { replace: true })}
        >
          {RANGES.map((n) => (
            <option key={n} value={n}>
              Last {n} months
            </option>
          ))}
        </select>
      </div>
      <QueryView query={metrics} loadingLabel="Loading metrics…" errorTitle="Could not load the metrics">
        {(data) => <SaasMetricsView metrics={data} />}
      </QueryView>
    </section>
  );
};
