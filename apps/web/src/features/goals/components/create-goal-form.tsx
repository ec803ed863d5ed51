import { createGoalInputSchema, type GoalDetail } from '@aiceo/shared/goals';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { ApiError } from '@/lib/api-client';
import { useCreateGoal } from '../api/create-goal';
import './goals.css';

// A date input gives a day; the goal is due by the end of it, in the owner's time zone.
const endOfDay = (day: unknown) =>
  typeof day === 'string' && day ? new Date(`${day}T23:59:59`).toISOString() : undefined;

type CreateGoalFormProps = { orgId: string; onCreated: (goal: GoalDetail) => void };

/** Set a goal; the AI breaks it into steps while the request runs, which takes a few seconds. */
export const CreateGoalForm = ({ orgId, onCreated }: CreateGoalFormProps) => {
  const create = useCreateGoal(orgId);
  const form = useZodForm({
    schema: createGoalInputSchema,
    optional: ['targetDate'],
    toInput: (values) => ({ ...values, targetDate: endOfDay(values['targetDate']) }),
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
