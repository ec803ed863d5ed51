import { useState } from 'react';
import { planDefinitions, plans, type Plan } from '@aiceo/shared/plans';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useSetOrgPlan } from '../api/set-org-plan';

/** For platform admins only: the plan set by hand (the way plans change on a server without billing). */
export const AdminPlanSwitch = ({ orgId, current }: { orgId: string; current: Plan }) => {
  const [plan, setPlan] = useState<Plan>(current);
  const setOrgPlan = useSetOrgPlan(orgId);
  const toast = useToast();
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        setOrgPlan.mutate(plan, { onSuccess: () => toast(`Plan set to ${planDefinitions[plan].name}`) });
      }}
    >
      <label htmlFor="admin-plan">Plan (platform admin)</label>
      <select id="admin-plan" value={plan} onChange={(event) => setPlan(event.target.value as Plan)}>
        {plans.map((value) => (
          <option key={value} value={value}>
            {planDefinitions[value].name}
          </option>
        ))}
      </select>
      <Button
        type="submit"
        variant="secondary"
        isPending={setOrgPlan.isPending}
        pendingLabel="Saving…"
        disabled={plan === current}
      >
        Set plan
      </Button>
      {setOrgPlan.error ? (
        <p className="alert error" role="alert">
          {errorMessage(setOrgPlan.error)}
        </p>
      ) : null}
    </form>
  );
};
