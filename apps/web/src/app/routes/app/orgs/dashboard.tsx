import { useId } from 'react';
import { useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { DASHBOARD_DEFAULT_DAYS, dashboardQuerySchema } from '@aiceo/shared/dashboard';
import { preloadCharts } from '@/components/charts/chart-panel';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/states';
import { dashboardQueryOptions, useDashboard } from '@/features/dashboard/api/get-dashboard';
import { ActivityCharts, StatCards } from '@/features/dashboard/components/dashboard-view';
import { GoalsCard } from '@/features/dashboard/components/goals-card';
import { goalsQueryOptions, useGoals } from '@/features/goals/api/list-goals';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

const PERIODS = [7, 30, 90] as const;
// The dashboard payload has no goals; the card asks for the five newest active ones.
const ACTIVE_GOALS = { status: 'active', limit: 5 } as const;

const daysOf = (search: URLSearchParams): number => {
  const parsed = dashboardQuerySchema.safeParse({ days: search.get('days') ?? undefined });
  return parsed.success ? parsed.data.days : DASHBOARD_DEFAULT_DAYS;
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  // Started at once, awaited by the page: the data and the chart code download while the
  // session is restored (the client waits for that refresh itself) and the page renders.
  void queryClient.prefetchQuery(dashboardQueryOptions(params.orgId ?? '', daysOf(new URL(request.url).searchParams)));
  void queryClient.prefetchQuery(goalsQueryOptions(params.orgId ?? '', ACTIVE_GOALS));
  preloadCharts();
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const [search, setSearch] = useSearchParams();
  const days = daysOf(search);
  const dashboard = useDashboard(orgId, days);
  const goals = useGoals(orgId, ACTIVE_GOALS);
  const periodId = useId();

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`${org.name} at a glance`}
        actions={
          <div className="field" style={{ flexDirection: 'row', alignItems: 'center' }}>
            <label htmlFor={periodId}>Period</label>
            <select
              id={periodId}
              value={PERIODS.includes(days as (typeof PERIODS)[number]) ? days : DASHBOARD_DEFAULT_DAYS}
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
        }
      />
      <QueryView query={dashboard} loadingLabel="Loading the dashboard…" errorTitle="Could not load the dashboard">
        {(data) => (
          <div aria-busy={dashboard.isPlaceholderData || undefined}>
            <StatCards totals={data.totals} />
            {goals.data ? <GoalsCard orgId={orgId} goals={goals.data.items} /> : null}
            <ActivityCharts dashboard={data} />
          </div>
        )}
      </QueryView>
    </>
  );
};
