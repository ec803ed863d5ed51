import {
  approvalKinds,
  approvalRisks,
  createApprovalRuleInputSchema,
  type ApprovalRule,
  type ApprovalRisk,
} from '@aiceo/shared/approvals';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { SelectField, TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { parseMoneyInput, toMoneyInput, withMoneyField } from '@/utils/money-input';
import { useCreateApprovalRule, useDeleteApprovalRule, useUpdateApprovalRule } from '../api/save-rule';
import { approvalKindLabels } from '../format';
import './approvals.css';

const riskCeiling: Record<ApprovalRisk, string> = {
  low: 'Low risk only',
  medium: 'Up to medium risk',
  high: 'Any risk (up to high)',
};

type RuleFormProps = { orgId: string; currency: string; timeZone: string };

/** A new auto-approve rule: which kind, up to which risk, under which amount, on weekdays only. */
export const RuleForm = ({ orgId, currency, timeZone }: RuleFormProps) => {
  const create = useCreateApprovalRule(orgId);
  const toast = useToast();
  const form = useZodForm({
    schema: withMoneyField(createApprovalRuleInputSchema, { field: 'maxMoneyMinor', currency }),
    toInput: (values) => ({
      kind: values['kind'],
      maxRisk: values['maxRisk'],
      maxMoneyMinor: parseMoneyInput(values['maxMoneyMinor'], currency) ?? null,
      weekdaysOnly: values['weekdaysOnly'] === 'on',
    }),
    onSubmit: (input, element) =>
      create.mutateAsync(input).then((rule) => {
        element.reset();
        toast(`Rule added: ${rule.description}`);
      }),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="New auto-approve rule">
      <FormError>{form.formError}</FormError>
      <div className="form-row">
        <SelectField
          label="Kind"
          name="kind"
          defaultValue="lead_email"
          options={approvalKinds.map((kind) => ({ value: kind, label: approvalKindLabels[kind].plural }))}
          error={form.errors['kind']}
        />
        <SelectField
          label="Risk"
          name="maxRisk"
          defaultValue="low"
          options={approvalRisks.map((risk) => ({ value: risk, label: riskCeiling[risk] }))}
          error={form.errors['maxRisk']}
        />
      </div>
      <TextField
        label={`Only under this amount (${currency}, optional)`}
        name="maxMoneyMinor"
        inputMode="decimal"
        autoComplete="off"
        placeholder={toMoneyInput(100_000, currency)}
        hint="The deal value of the lead, or the money the action involves. Empty: any amount."
        error={form.errors['maxMoneyMinor']}
      />
      <label className="check">
        <input type="checkbox" name="weekdaysOnly" />
        Only Monday to Friday ({timeZone})
      </label>
      <div className="actions">
        <Button type="submit" isPending={create.isPending} pendingLabel="Adding…">
          Add rule
        </Button>
      </div>
    </form>
  );
};

type RuleListProps = { orgId: string; rules: readonly ApprovalRule[]; canEdit: boolean };

const RuleItem = ({ orgId, rule, canEdit }: { orgId: string; rule: ApprovalRule; canEdit: boolean }) => {
  const update = useUpdateApprovalRule(orgId);
  const remove = useDeleteApprovalRule(orgId);
  const toast = useToast();
  const onToggle = () =>
    update.mutate(
      { ruleId: rule.id, input: { enabled: !rule.enabled } },
      {
        onSuccess: (saved) => toast(saved.enabled ? 'Rule resumed' : 'Rule paused: its items wait in the inbox'),
        onError: (error) => toast(errorMessage(error), 'error'),
      },
    );
  return (
    <li className="card rule-item" data-enabled={rule.enabled} data-rule-id={rule.id}>
      <p>{rule.description}</p>
      <span className={`badge${rule.enabled ? ' good' : ''}`}>{rule.enabled ? 'Active' : 'Paused'}</span>
      {canEdit ? (
        <div className="actions">
          <Button
            variant="secondary"
            size="small"
            isPending={update.isPending}
            pendingLabel={rule.enabled ? 'Pausing…' : 'Resuming…'}
            onClick={onToggle}
            aria-label={`${rule.enabled ? 'Pause' : 'Resume'}: ${rule.description}`}
          >
            {rule.enabled ? 'Pause' : 'Resume'}
          </Button>
          <ConfirmButton
            title="Delete this rule?"
            description={`“${rule.description}”. Items it would have approved will wait in the inbox.`}
            confirmLabel="Delete rule"
            pendingLabel="Deleting…"
            aria-label={`Delete: ${rule.description}`}
            onConfirm={() => remove.mutateAsync(rule.id).then(() => toast('Rule deleted'))}
          >
            Delete
          </ConfirmButton>
        </div>
      ) : null}
    </li>
  );
};

/** The auto-approve rules, each with pause/resume and delete for admins. */
export const RuleList = ({ orgId, rules, canEdit }: RuleListProps) => (
  <ul className="rule-list" aria-label="Auto-approve rules">
    {rules.map((rule) => (
      <RuleItem key={rule.id} orgId={orgId} rule={rule} canEdit={canEdit} />
    ))}
  </ul>
);
