import { useState } from 'react';
import { createMeetingInputSchema, type CreateMeetingInput, type Meeting } from '@aiceo/shared/leads';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/utils/format';
import { useCreateMeeting } from '../api/create-meeting';
import { useDeleteMeeting } from '../api/delete-meeting';
import { useMeetings } from '../api/list-meetings';
import { useUpdateMeeting } from '../api/update-meeting';
import { fromLocalInput, toLocalInput } from '../format';

// datetime-local gives local wall time; the wire wants ISO instants.
const toMeetingInput = (values: Record<string, unknown>) => ({
  ...values,
  startsAt: fromLocalInput(values.startsAt),
  endsAt: fromLocalInput(values.endsAt),
});

type MeetingFormProps = {
  label: string;
  meeting?: Meeting;
  submitLabel: string;
  isPending: boolean;
  onSave: (input: CreateMeetingInput) => Promise<unknown>;
  onCancel?: () => void;
};

const MeetingForm = ({ label, meeting, submitLabel, isPending, onSave, onCancel }: MeetingFormProps) => {
  const form = useZodForm({
    schema: createMeetingInputSchema,
    toInput: toMeetingInput,
    onSubmit: (input, element) => onSave(input).then(() => element.reset()),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label={label}>
      <FormError>{form.formError}</FormError>
      <TextField
        label="Title"
        name="title"
        defaultValue={meeting?.title}
        required
        autoComplete="off"
        error={form.errors.title}
      />
      <div className="form-row">
        <TextField
          label="Starts"
          name="startsAt"
          type="datetime-local"
          defaultValue={meeting ? toLocalInput(meeting.startsAt) : undefined}
          required
          error={form.errors.startsAt}
        />
        <TextField
          label="Ends"
          name="endsAt"
          type="datetime-local"
          defaultValue={meeting ? toLocalInput(meeting.endsAt) : undefined}
          required
          error={form.errors.endsAt}
        />
      </div>
      <TextField
        label="Location"
        name="location"
        defaultValue={meeting?.location}
        autoComplete="off"
        error={form.errors.location}
      />
      <div className="actions">
        <Button type="submit" isPending={isPending}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
};

const MeetingItem = ({ orgId, leadId, meeting }: { orgId: string; leadId: string; meeting: Meeting }) => {
  const [isEditing, setEditing] = useState(false);
  const update = useUpdateMeeting(orgId, leadId);
  const remove = useDeleteMeeting(orgId, leadId);
  const toast = useToast();
  if (isEditing) {
    return (
      <li>
        <MeetingForm
          label={`Edit meeting ${meeting.title}`}
          meeting={meeting}
          submitLabel="Save meeting"
          isPending={update.isPending}
          onSave={(body) =>
            update.mutateAsync({ meetingId: meeting.id, body }).then(() => {
              setEditing(false);
              toast('Meeting saved');
            })
          }
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li>
      <strong>{meeting.title}</strong>
      <div className="muted">
        <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time> –{' '}
        <time dateTime={meeting.endsAt}>{formatDateTime(meeting.endsAt)}</time>
        {meeting.location ? ` · ${meeting.location}` : ''}
      </div>
      <div className="actions" style={{ marginTop: '0.4rem' }}>
        <Button
          variant="secondary"
          size="small"
          onClick={() => setEditing(true)}
          aria-label={`Edit meeting ${meeting.title}`}
        >
          Edit
        </Button>
        <ConfirmButton
          aria-label={`Delete meeting ${meeting.title}`}
          title={`Cancel “${meeting.title}”?`}
          description="The meeting is removed from this lead."
          confirmLabel="Delete meeting"
          pendingLabel="Deleting…"
          onConfirm={() => remove.mutateAsync(meeting.id).then(() => toast('Meeting deleted'))}
        >
          Delete
        </ConfirmButton>
      </div>
    </li>
  );
};

/** A lead's meetings by start time, each editable, and a form to schedule one. */
export const MeetingsPanel = ({ orgId, leadId }: { orgId: string; leadId: string }) => {
  const meetings = useMeetings(orgId, leadId);
  const create = useCreateMeeting(orgId, leadId);
  const toast = useToast();
  return (
    <section className="card stack" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Meetings</h2>
      <QueryView
        query={meetings}
        loadingLabel="Loading meetings…"
        errorTitle="Could not load the meetings"
        isEmpty={(data) => data.items.length === 0}
        empty={<p className="muted">No meetings scheduled.</p>}
      >
        {(data) => (
          <ul className="meetings">
            {data.items.map((meeting) => (
              <MeetingItem key={`${meeting.id}-${meeting.updatedAt}`} orgId={orgId} leadId={leadId} meeting={meeting} />
            ))}
          </ul>
        )}
      </QueryView>
      <details>
        <summary>Schedule a meeting</summary>
        <MeetingForm
          label="Schedule a meeting"
          submitLabel="Add meeting"
          isPending={create.isPending}
          onSave={(body) => create.mutateAsync(body).then(() => toast('Meeting scheduled'))}
        />
      </details>
    </section>
  );
};
