import { useParams, type LoaderFunctionArgs } from 'react-router';
import { planDefinitions } from '@aiceo/shared/plans';
import { QueryView } from '@/components/ui/states';
import { usageQueryOptions, useUsage } from '@/features/billing/api/get-usage';
import { useBillingState } from '@/features/billing/api/stripe-billing';
import { BillingActions } from '@/features/billing/components/billing-actions';
import { PlanCards } from '@/features/billing/components/plan-cards';
import { UsageMeters } from '@/features/billing/components/usage-meters';
import { creditsQueryOptions } from '@/features/credits/api/get-credits';
import { creditDisputesQueryOptions } from '@/features/credits/api/list-credit-disputes';
import { creditPacksQueryOptions } from '@/features/credits/api/list-credit-packs';
import { CreditsSection } from '@/features/credits/components/credits-section';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  await requireUser({ request });
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(usageQueryOptions(orgId));
  void queryClient.prefetchInfiniteQuery(creditsQueryOptions(orgId));
  void queryClient.prefetchQuery(creditDisputesQueryOptions(orgId));
  void queryClient.prefetchQuery(creditPacksQueryOptions());
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const usage = useUsage(orgId);
  const billing = useBillingState(orgId);
  return (
    <div className="stack">
      <QueryView query={usage} loadingLabel="Loading plan and usage…" errorTitle="Could not load the plan and usage">
        {(data) => (
          <div className="stack">
            <section className="card" aria-labelledby="plan-heading">
              <h2 id="plan-heading">Plan: {planDefinitions[data.plan].name}</h2>
              <p className="muted">Limits count per calendar month (UTC); only actions that succeed count.</p>
              {/* BILLING ACTIONS SLOT: the Stripe work adds the Upgrade / Manage subscription buttons here. */}
              <div className="billing-actions" data-slot="billing-actions">
                <BillingActions orgId={orgId} />
              </div>
            </section>
            <section className="card" aria-labelledby="usage-heading">
              <h2 id="usage-heading">Usage this month</h2>
              <UsageMeters usage={data} />
            </section>
            <section aria-labelledby="plans-heading">
              <h2 id="plans-heading">Plans</h2>
              <PlanCards current={data.plan} />
            </section>
          </div>
        )}
      </QueryView>
      <CreditsSection orgId={orgId} canBuy={billing.data?.mode !== 'not-configured'} />
    </div>
  );
};
