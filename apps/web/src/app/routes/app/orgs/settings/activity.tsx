import { useId } from 'react';
import { useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { ACTIVITY_DEFAULT_DAYS, activityQuerySchema } from '@aiceo/shared/dashboard';
import { preloadCharts } from '@/components/charts/chart-panel';
import { QueryView } from '@/components/ui/states';
import { activityQueryOptions, useActivity } from '@/features/dashboard/api/get-activity';
import { ActivityCharts, StatCards } from '@/features/dashboard/components/activity-view';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

const PERIODS = [7, 30, 90] as const;

const daysOf = (search: URLSearchParams): number => {
  const parsed = activityQuerySchema.safeParse({ days: search.get('days') ?? undefined });
  return parsed.success ? parsed.data.days : ACTIVITY_DEFAULT_DAYS;
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(activityQueryOptions(params.orgId ?? '', daysOf(new URL(request.url).searchParams)));
  preloadCharts();
  await requireUser({ request });
  return null;
};

/** Settings -> Activity: the account's numbers (members, invitations, API keys, sign-ins, API calls). */
export const Component = () => {
  const { orgId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const days = daysOf(search);
  const activity = useActivity(orgId, days);
  const periodId = useId();

  return (
    <section aria-labelledby="activity-heading" className="stack">
      <div className="page-header" style={{ marginBottom: 0 }}>
        <div>
          <h2 id="activity-heading">Organisation activity</h2>
          <p className="muted">Members, invitations, API keys, sign-ins and API calls.</p>
        </div>
        <div className="field" style={{ flexDirection: 'row', alignItems: 'center' }}>
          <label htmlFor={periodId}>Period</label>
          <select
            id={periodId}
            value={PERIODS.includes(days as (typeof PERIODS)[number]) ? days : ACTIVITY_DEFAULT_DAYS}
            onChange={(event) => setSearch({ days: event.target.value }, { replace: true })}
            style={{ width: 'auto' }}
          >
            {PERIODS.map((n) => (
              <option key={n} value={n}>
                Last {n} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryView query={activity} loadingLabel="Loading the activity…" errorTitle="Could not load the activity">
        {(data) => (
          <div aria-busy={activity.isPlaceholderData || undefined}>
            <StatCards totals={data.totals} />
            <ActivityCharts activity={data} />
          </div>
        )}
      </QueryView>
    </section>
  );
};
