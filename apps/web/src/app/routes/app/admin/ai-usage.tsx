import { useSearchParams } from 'react-router';
import { QueryView } from '@/components/ui/states';
import { useAdminAiUsage } from '@/features/admin/api/get-ai-usage';
import { AiUsageView } from '@/features/admin/components/ai-usage-view';

const RANGES = [7, 30, 90, 365] as const;
const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

export const Component = () => {
  const [params, setParams] = useSearchParams();
  const chosen = Number(params.get('days'));
  const days = (RANGES as readonly number[]).includes(chosen) ? chosen : 30;
  const now = new Date();
  const usage = useAdminAiUsage({ from: dayOf(new Date(now.getTime() - (days - 1) * 86_400_000)), to: dayOf(now) });
  return (
    <section aria-labelledby="ai-usage-heading" className="stack">
      <h2 id="ai-usage-heading">AI usage</h2>
      <div className="field" style={{ maxWidth: '16rem' }}>
        <label htmlFor="ai-usage-period">Period</label>
        <select
          id="ai-usage-period"
          value={days}
          onChange={(event) => setParams({ days: event.target.value }, { replace: true })}
        >
          {RANGES.map((n) => (
            <option key={n} value={n}>
              Last {n} days
            </option>
          ))}
        </select>
      </div>
      <QueryView query={usage} loadingLabel="Loading AI usage…" errorTitle="Could not load the AI usage">
        {(data) => <AiUsageView usage={data} />}
      </QueryView>
    </section>
  );
};
