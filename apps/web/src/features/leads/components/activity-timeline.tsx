import { useId } from 'react';
import { createLeadActivityInputSchema, loggableLeadActivityKinds } from '@aiceo/shared/leads';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/utils/format';
import { useCreateActivity } from '../api/create-activity';
import { useActivities } from '../api/list-activities';
import { activityKindLabels } from '../format';

const kindOptions = loggableLeadActivityKinds.map((kind) => ({ value: kind, label: activityKindLabels[kind] }));

const LogActivityForm = ({ orgId, leadId }: { orgId: string; leadId: string }) => {
  const create = useCreateActivity(orgId, leadId);
  const toast = useToast();
  const summaryId = useId();
  const form = useZodForm({
    schema: createLeadActivityInputSchema,
    onSubmit: (input, element) =>
      create.mutateAsync(input).then(() => {
        element.reset();
        toast('Activity logged');
      }),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Log activity">
      <FormError>{form.formError}</FormError>
      <SelectField label="Kind" name="kind" options={kindOptions} defaultValue="call" error={form.errors.kind} />
      <div className="field">
        <label htmlFor={summaryId}>Summary</label>
        <textarea
          id={summaryId}
          name="summary"
          rows={3}
          aria-invalid={form.errors.summary ? true : undefined}
          aria-describedby={form.errors.summary ? `${summaryId}-error` : undefined}
        />
        {form.errors.summary ? (
          <p className="error" id={`${summaryId}-error`}>
            {form.errors.summary}
          </p>
        ) : null}
      </div>
      <div>
        <Button type="submit" isPending={create.isPending} pendingLabel="Logging…">
          Log activity
        </Button>
      </div>
    </form>
  );
};

/** What happened with a lead, newest first, and a form to add to it. */
export const ActivityTimeline = ({ orgId, leadId }: { orgId: string; leadId: string }) => {
  const activities = useActivities(orgId, leadId);
  return (
    <section className="card stack" aria-labelledby="activities-heading">
      <h2 id="activities-heading">Activities</h2>
      <LogActivityForm orgId={orgId} leadId={leadId} />
      <QueryView
        query={activities}
        loadingLabel="Loading activities…"
        errorTitle="Could not load the activities"
        isEmpty={(data) => data.items.length === 0}
        empty={<p className="muted">Nothing logged yet.</p>}
      >
        {(data) => (
          <ol className="timeline" aria-label="Activity timeline">
            {data.items.map((activity) => (
              <li key={activity.id}>
                <div className="timeline-meta">
                  <strong>{activityKindLabels[activity.kind]}</strong> ·{' '}
                  <time dateTime={activity.occurredAt}>{formatDateTime(activity.occurredAt)}</time>
                </div>
                <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{activity.summary}</p>
              </li>
            ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
};
