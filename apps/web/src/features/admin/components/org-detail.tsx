import { useId } from 'react';
import { adjustCreditsInputSchema } from '@aiceo/shared/credits';
import { plans, planDefinitions } from '@aiceo/shared/plans';
import { updateOrgPlanInputSchema, type AdminOrgDetail, type MrrMovement } from '@aiceo/shared/platform';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { SelectField, TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { formatDate, formatDateTime } from '@/utils/format';
import { useAdjustCredits } from '../api/adjust-credits';
import { useUpdateOrgPlan } from '../api/update-org-plan';
import { count, percent, usd, usdFromNano } from '../utils/format';

const movementLabels: Record<MrrMovement['kind'], string> = {
  new: 'New business',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  reactivation: 'Reactivation',
};
const sourceLabels: Record<string, string> = { stripe: 'Stripe', admin: 'Set by hand', backfill: 'Plan at start' };

const movementColumns: DataTableColumn<MrrMovement>[] = [
  { header: 'When', isRowHeader: true, cell: (m) => formatDateTime(m.occurredAt) },
  { header: 'Movement', cell: (m) => movementLabels[m.kind] },
  { header: 'MRR', cell: (m) => `${usd(m.fromCents)} → ${usd(m.toCents)}` },
  {
    header: 'Plan',
    cell: (m) =>
      `${m.planFrom ? planDefinitions[m.planFrom].name : '—'} → ${m.planTo ? planDefinitions[m.planTo].name : '—'}`,
  },
  { header: 'Source', cell: (m) => sourceLabels[m.source] ?? m.source },
];

const PlanForm = ({ org }: { org: AdminOrgDetail }) => {
  const update = useUpdateOrgPlan(org.id);
  const toast = useToast();
  const form = useZodForm({
    schema: updateOrgPlanInputSchema,
    onSubmit: (input) =>
      update.mutateAsync(input).then((answer) => toast(`${org.name} is now on ${planDefinitions[answer.plan].name}`)),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Change the plan">
      <FormError>{form.formError}</FormError>
      <SelectField
        label="Plan"
        name="plan"
        defaultValue={org.plan}
        key={org.plan}
        options={plans.map((plan) => ({
          value: plan,
          label: `${planDefinitions[plan].name} (${usd(planDefinitions[plan].priceCents)} a month)`,
        }))}
        hint="Writes an MRR movement. Where Stripe bills the organisation, its next subscription event sets the plan again."
        error={form.errors.plan}
      />
      <div>
        <Button type="submit" isPending={update.isPending} pendingLabel="Changing…">
          Change plan
        </Button>
      </div>
    </form>
  );
};

const CreditsForm = ({ org }: { org: AdminOrgDetail }) => {
  const adjust = useAdjustCredits(org.id);
  const toast = useToast();
  const form = useZodForm({
    schema: adjustCreditsInputSchema,
    numbers: ['amount'],
    onSubmit: (input, element) =>
      adjust.mutateAsync(input).then((answer) => {
        element.reset();
        toast(`Credits adjusted by ${input.amount > 0 ? '+' : ''}${input.amount}; the balance is ${answer.balance}`);
      }),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Adjust credits">
      <FormError>{form.formError}</FormError>
      <TextField
        label="Credits to add or remove"
        name="amount"
        type="number"
        inputMode="numeric"
        step={1}
        hint="Negative removes credits; the balance never goes below zero."
        required
        error={form.errors.amount}
      />
      <TextField label="Reason" name="reason" maxLength={500} required error={form.errors.reason} />
      <div>
        <Button type="submit" variant="secondary" isPending={adjust.isPending} pendingLabel="Adjusting…">
          Adjust credits
        </Button>
      </div>
    </form>
  );
};

/** One organisation: money this month, billing, members, plan change, credit adjustment and MRR history. */
export const OrgDetail = ({ org }: { org: AdminOrgDetail }) => {
  const headingId = useId();
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{org.name}</h2>
      <p className="muted">
        {org.slug} · {planDefinitions[org.plan].name} plan · since {formatDate(org.createdAt)}
      </p>
      <dl className="grid stats">
        <div className="stat">
          <dt>MRR</dt>
          <dd data-testid="org-mrr">{usd(org.mrrCents)}</dd>
        </div>
        <div className="stat">
          <dt>Paid this month</dt>
          <dd>{usd(org.paidThisMonthCents)}</dd>
        </div>
        <div className="stat">
          <dt>AI cost this month</dt>
          <dd>{usdFromNano(org.aiCostNanoUsd)}</dd>
        </div>
        <div className="stat">
          <dt>Margin</dt>
          <dd>
            {usd(org.marginCents)} <small>({percent(org.marginRate)})</small>
          </dd>
        </div>
        <div className="stat">
          <dt>Credits</dt>
          <dd data-testid="org-credits">{count(org.creditBalance)}</dd>
        </div>
        <div className="stat">
          <dt>AI calls this month</dt>
          <dd>{count(org.aiCallsThisMonth)}</dd>
        </div>
      </dl>
      <p>
        {org.billing
          ? `Stripe subscription: ${org.billing.subscriptionStatus ?? 'none yet'}${
              org.billing.currentPeriodEnd ? `, period ends ${formatDate(org.billing.currentPeriodEnd)}` : ''
            }${org.billing.pastDueSince ? `, past due since ${formatDate(org.billing.pastDueSince)}` : ''}.`
          : 'No Stripe customer: the plan is set by hand.'}
      </p>
      <div className="grid charts">
        <div className="stack">
          <h3>Plan</h3>
          <PlanForm org={org} />
        </div>
        <div className="stack">
          <h3>Credits</h3>
          <CreditsForm org={org} />
        </div>
      </div>
      <h3>Members ({count(org.members)})</h3>
      <DataTable
        caption="Members"
        columns={[
          { header: 'Name', isRowHeader: true, cell: (m) => m.name },
          { header: 'Email', cell: (m) => m.email },
          { header: 'Role', cell: (m) => m.role },
        ]}
        rows={org.memberList}
        rowKey={(m) => m.userId}
      />
      <h3>MRR history</h3>
      <DataTable
        caption="MRR movements"
        columns={movementColumns}
        rows={org.movements}
        empty={<p className="muted">No MRR movement: this organisation has never paid.</p>}
      />
    </section>
  );
};
