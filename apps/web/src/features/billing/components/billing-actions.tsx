import { planDefinitions } from '@aiceo/shared/plans';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useUser } from '@/lib/auth';
import { useBillingState, useOpenPortal, useStartCheckout } from '../api/stripe-billing';
import { AdminPlanSwitch } from './admin-plan-switch';

/** Upgrade and Manage billing (owner only), and which Stripe the app talks to. */
export const BillingActions = ({ orgId }: { orgId: string }) => {
  const org = useCurrentOrg();
  const user = useUser();
  const billing = useBillingState(orgId);
  const checkout = useStartCheckout(orgId);
  const portal = useOpenPortal(orgId);
  if (!billing.data) return null;
  const state = billing.data;
  const isOwner = org.role === 'owner';
  const live = state.status === 'active' || state.status === 'trialing' || state.status === 'past_due';
  const error = checkout.error ?? portal.error;
  if (state.mode === 'not-configured') {
    return (
      <div className="stack">
        <p className="alert" role="status" data-testid="billing-mode">
          Billing is not set up on this server: it has no Stripe keys, so plans and credits cannot be bought here. The
          platform admin changes an organisation&apos;s plan here.
        </p>
        {user.isPlatformAdmin ? <AdminPlanSwitch orgId={orgId} current={state.plan} /> : null}
      </div>
    );
  }
  return (
    <div className="stack">
      <p className="muted" data-testid="billing-mode">
        {state.mode === 'local-stand-in'
          ? 'Payments: local Stripe stand-in (test mode, no real charges)'
          : 'Payments: Stripe'}
        {state.status ? ` · subscription ${state.status}` : ''}
      </p>
      {state.status === 'past_due' && state.graceEndsAt ? (
        <p role="alert">
          The last payment failed. Update your card before {new Date(state.graceEndsAt).toLocaleDateString()} to keep
          your plan.
        </p>
      ) : null}
      {isOwner ? (
        <div className="row">
          {live
            ? null
            : state.purchasablePlans.map((plan) =>
                plan === 'free' ? null : (
                  <button
                    key={plan}
                    type="button"
                    className="button"
                    disabled={checkout.isPending}
                    onClick={() => checkout.mutate(plan)}
                  >
                    Upgrade to {planDefinitions[plan].name}
                  </button>
                ),
              )}
          {state.hasCustomer ? (
            <button
              type="button"
              className="button secondary"
              disabled={portal.isPending}
              onClick={() => portal.mutate()}
            >
              Manage billing
            </button>
          ) : null}
        </div>
      ) : (
        <p className="muted">Only the owner can change the plan.</p>
      )}
      {error ? <p role="alert">{error.message}</p> : null}
    </div>
  );
};
