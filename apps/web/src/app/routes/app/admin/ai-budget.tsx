import { QueryView } from '@/components/ui/states';
import { adminAiBudgetsQueryOptions, useAdminAiBudgets } from '@/features/ai-budget/api/get-admin-ai-budgets';
import { platformAlertsQueryOptions, usePlatformAlerts } from '@/features/ai-budget/api/list-platform-alerts';
import { AlertsList } from '@/features/ai-budget/components/alerts-list';
import { OrgBudgetsTable } from '@/features/ai-budget/components/org-budgets-table';
import { PlanBudgetsForm } from '@/features/ai-budget/components/plan-budgets-form';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request }: { request: Request }) => {
  const user = await requireUser({ request });
  if (user.isPlatformAdmin) {
    void queryClient.prefetchQuery(adminAiBudgetsQueryOptions());
    void queryClient.prefetchQuery(platformAlertsQueryOptions());
  }
  return null;
};

export const Component = () => {
  const budgets = useAdminAiBudgets();
  const alerts = usePlatformAlerts();
  return (
    <div className="stack">
      <QueryView query={budgets} loadingLabel="Loading AI budgets…" errorTitle="Could not load the AI budgets">
        {(data) => (
          <>
            <section className="card" aria-labelledby="plan-budgets-heading">
              <h2 id="plan-budgets-heading">AI budget per plan</h2>
              <p className="muted">
                Each organisation may spend this much on AI models a month. Past 80% its answers use the cheaper economy
                models; at 100% its AI stops until the month ends or you raise it. Admins get an alert at 50, 80 and
                100%.
              </p>
              <PlanBudgetsForm rows={data.plans} />
            </section>
            <section aria-labelledby="org-budgets-heading" className="stack">
              <h2 id="org-budgets-heading">Organisations this month ({data.month})</h2>
              <OrgBudgetsTable orgs={data.orgs} />
            </section>
          </>
        )}
      </QueryView>
      <section aria-labelledby="alerts-heading" className="stack">
        <h2 id="alerts-heading">Alerts</h2>
        <QueryView query={alerts} loadingLabel="Loading alerts…" errorTitle="Could not load the alerts">
          {(data) => <AlertsList alerts={data.items} />}
        </QueryView>
      </section>
    </div>
  );
};
