import { useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { preloadCharts } from '@/components/charts/chart-panel';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/states';
import { dashboardQueryOptions, useDashboard } from '@/features/dashboard/api/get-dashboard';
import { onboardingQueryOptions } from '@/features/dashboard/api/get-onboarding';
import { BusinessCharts } from '@/features/dashboard/components/business-charts';
import { BusinessTiles } from '@/features/dashboard/components/business-tiles';
import { GoalsCard } from '@/features/dashboard/components/goals-card';
import { OnboardingCard } from '@/features/dashboard/components/onboarding-card';
import { goalsQueryOptions, useGoals } from '@/features/goals/api/list-goals';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

// The dashboard payload has no goals; the card asks for the five newest active ones.
const ACTIVE_GOALS = { status: 'active', limit: 5 } as const;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  // Started at once, awaited by the page: the data and the chart code download while the
  // session is restored (the client waits for that refresh itself) and the page renders.
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(dashboardQueryOptions(orgId));
  void queryClient.prefetchQuery(onboardingQueryOptions(orgId));
  void queryClient.prefetchQuery(goalsQueryOptions(orgId, ACTIVE_GOALS));
  preloadCharts();
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const dashboard = useDashboard(orgId);
  const goals = useGoals(orgId, ACTIVE_GOALS);
  const isAdmin = org.role !== null && hasRole(org.role, 'admin');

  return (
    <>
      <PageHeader title="Dashboard" description={`${org.name} at a glance`} />
      <OnboardingCard orgId={orgId} isAdmin={isAdmin} />
      <QueryView query={dashboard} loadingLabel="Loading the dashboard…" errorTitle="Could not load the dashboard">
        {(data) => (
          <>
            <BusinessTiles orgId={orgId} dashboard={data} />
            {goals.data ? <GoalsCard orgId={orgId} goals={goals.data.items} /> : null}
            <BusinessCharts orgId={orgId} dashboard={data} />
          </>
        )}
      </QueryView>
    </>
  );
};
