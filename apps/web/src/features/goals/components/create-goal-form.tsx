import { useState } from 'react';
import { z } from 'zod';
import {
  createGoalInputSchema,
  goalMetricSchema,
  goalMetrics,
  type GoalDetail,
  type GoalMetric,
} from '@aiceo/shared/goals';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useOrgCurrency } from '@/hooks/use-org-currency';
import { ApiError } from '@/lib/api-client';
import { parseMoneyInput, toMoneyInput, withMoneyField } from '@/utils/money-input';
import { useCreateGoal } from '../api/create-goal';
import { goalMetricLabels, isMoneyMetric } from '../format';
import './goals.css';

// A date input gives a day; the goal is due by the end of it, in the owner's time zone.
const endOfDay = (day: unknown) =>
  typeof day === 'string' && day ? new Date(`${day}T23:59:59`).toISOString() : undefined;

const metricOf = (value: unknown): GoalMetric | undefined => {
  const parsed = goalMetricSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

// A count is a whole number; anything else is NaN for the schema to refuse in plain words.
const parseCount = (value: unknown): number | undefined => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim().replace(/[\s,.'’]/g, '');
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
};

// The same plain words as a money field's when the target's text was no whole number.
const withCountField = <S extends z.ZodType>(schema: S) =>
  z
    .unknown()
    .superRefine((values, ctx) => {
      if (typeof values === 'object' && values !== null && Number.isNaN((values as Record<string, unknown>)['target']))
        ctx.addIssue({ code: 'custom', path: ['target'], message: 'Enter a whole number, such as 5' });
    })
    .pipe(schema);

const metricOptions = [
  { value: '', label: 'Nothing: it is a plan, measured by its steps' },
  ...goalMetrics.map((metric) => ({ value: metric, label: goalMetricLabels[metric].option })),
];

const targetHint = (metric: GoalMetric, currency: string): string =>
  isMoneyMetric(metric)
    ? `An amount in ${currency}, such as ${toMoneyInput(500_000, currency)}.`
    : 'A whole number, counted from today to the target date.';

type CreateGoalFormProps = { orgId: string; onCreated: (goal: GoalDetail) => void };

/** Set a goal; the AI breaks it into steps while the request runs, which takes a few seconds. */
export const CreateGoalForm = ({ orgId, onCreated }: CreateGoalFormProps) => {
  const create = useCreateGoal(orgId);
  const currency = useOrgCurrency();
  const [metric, setMetric] = useState<GoalMetric | undefined>(undefined);
  const isMoney = metric !== undefined && isMoneyMetric(metric);
  const form = useZodForm({
    schema: isMoney
      ? withMoneyField(createGoalInputSchema, { field: 'target', currency })
      : withCountField(createGoalInputSchema),
    optional: ['targetDate', 'metric'],
    toInput: (values) => {
      const chosen = metricOf(values['metric']);
      const target =
        chosen && isMoneyMetric(chosen) ? parseMoneyInput(values['target'], currency) : parseCount(values['target']);
      return {
        ...values,
        metric: chosen,
        target: chosen ? target : undefined,
        targetDate: endOfDay(values['targetDate']),
      };
    },
    onSubmit: async (input) => onCreated(await create.mutateAsync(input)),
  });
  const failure = create.error;
  const isQuota = failure instanceof ApiError && failure.code === 'QUOTA_EXCEEDED';
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="New goal">
      {/* A used-up plan is said once, by the app-wide notice. */}
      {isQuota ? null : <FormError>{form.formError}</FormError>}
      <TextField
        label="Goal"
        name="title"
        error={form.errors['title']}
        hint="What you want to reach, e.g. “Sign 5 new customers”."
        required
        maxLength={200}
        disabled={create.isPending}
      />
      <div className="field">
        <label htmlFor="goal-description">Details (optional)</label>
        <textarea
          id="goal-description"
          name="description"
          rows={3}
          maxLength={2000}
          aria-invalid={form.errors['description'] ? true : undefined}
          aria-describedby={form.errors['description'] ? 'goal-description-error' : undefined}
          disabled={create.isPending}
        />
        {form.errors['description'] ? (
          <p className="error" id="goal-description-error">
            {form.errors['description']}
          </p>
        ) : null}
      </div>
      <SelectField
        label="Measure by"
        name="metric"
        options={metricOptions}
        value={metric ?? ''}
        onChange={(event) => setMetric(metricOf(event.target.value))}
        hint="A live number shows the goal's progress; without one, the steps done do."
        error={form.errors['metric']}
        disabled={create.isPending}
      />
      {metric ? (
        <TextField
          key={isMoney ? 'money' : 'count'}
          label={isMoney ? `Target (${currency})` : 'Target'}
          name="target"
          inputMode={isMoney ? 'decimal' : 'numeric'}
          autoComplete="off"
          error={form.errors['target']}
          hint={targetHint(metric, currency)}
          required
          disabled={create.isPending}
        />
      ) : null}
      <TextField
        label="Target date (optional)"
        name="targetDate"
        type="date"
        error={form.errors['targetDate']}
        hint="30 days from now when left empty."
        disabled={create.isPending}
      />
      <div className="actions">
        <Button type="submit" isPending={create.isPending} pendingLabel="Planning…">
          Set goal
        </Button>
        {create.isPending ? (
          <p className="goal-planning muted" role="status">
            <span className="spinner" aria-hidden="true" /> Your AI CEO is planning the steps…
          </p>
        ) : null}
      </div>
    </form>
  );
};
