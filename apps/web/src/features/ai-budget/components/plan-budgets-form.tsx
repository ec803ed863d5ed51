import { useState, type FormEvent } from 'react';
import { aiBudgetPlansSchema, type AdminPlanAiBudget, type AiBudgetPlans } from '@aiceo/shared/ai-budget';
import { plans } from '@aiceo/shared/plans';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError } from '@/components/ui/form';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useUpdateAiBudgetPlans } from '../api/update-ai-budget-plans';
import { usd } from '../format';

type Draft = Record<string, { share: string; floor: string }>;

const toDraft = (rows: AdminPlanAiBudget[]): Draft =>
  Object.fromEntries(
    rows.map((row) => [row.plan, { share: String(row.sharePercent), floor: (row.floorCents / 100).toFixed(2) }]),
  );

/** Per plan: the share of its price the AI may cost, and a floor (what the free plan gets). */
export const PlanBudgetsForm = ({ rows }: { rows: AdminPlanAiBudget[] }) => {
  const [draft, setDraft] = useState<Draft>(() => toDraft(rows));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useUpdateAiBudgetPlans();
  const toast = useToast();
  const set = (plan: string, field: 'share' | 'floor', value: string) =>
    setDraft((d) => ({ ...d, [plan]: { ...d[plan]!, [field]: value } }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = Object.fromEntries(
      plans.map((plan) => [
        plan,
        {
          sharePercent: draft[plan]?.share.trim() === '' ? Number.NaN : Number(draft[plan]?.share),
          floorCents: draft[plan]?.floor.trim() === '' ? Number.NaN : Math.round(Number(draft[plan]?.floor) * 100),
        },
      ]),
    );
    const parsed = aiBudgetPlansSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(
          parsed.error.issues.map((issue) => [
            issue.path.join('.'),
            issue.code === 'invalid_type' ? 'Enter a number' : issue.message,
          ]),
        ),
      );
      return;
    }
    setErrors({});
    const saved = await save.mutateAsync(parsed.data as AiBudgetPlans).catch(() => null);
    if (saved) toast('AI budgets saved');
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="AI budget per plan">
      {save.error ? <FormError>{errorMessage(save.error)}</FormError> : null}
      {rows.map((row) => (
        <fieldset key={row.plan} className="stack" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <legend>
            <strong>{row.name}</strong>{' '}
            <span className="muted">
              ({row.priceCents === 0 ? 'free' : `${usd(row.priceCents)} / month`}; budget now {usd(row.budgetCents)})
            </span>
          </legend>
          <div className="form-row">
            <TextField
              label="Share of the price (%)"
              name={`${row.plan}.sharePercent`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              value={draft[row.plan]?.share ?? ''}
              onChange={(e) => set(row.plan, 'share', e.target.value)}
              error={errors[`${row.plan}.sharePercent`]}
            />
            <TextField
              label="Floor (USD)"
              name={`${row.plan}.floorCents`}
              type="number"
              inputMode="decimal"
              min={0}
              step="0.01"
              value={draft[row.plan]?.floor ?? ''}
              onChange={(e) => set(row.plan, 'floor', e.target.value)}
              hint="The least budget, whatever the price."
              error={errors[`${row.plan}.floorCents`]}
            />
          </div>
        </fieldset>
      ))}
      <div>
        <Button type="submit" isPending={save.isPending} pendingLabel="Saving…">
          Save budgets
        </Button>
      </div>
    </form>
  );
};
