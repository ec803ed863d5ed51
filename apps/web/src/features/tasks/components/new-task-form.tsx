import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  DEFAULT_TASK_ATTEMPTS,
  MAX_TASK_ATTEMPTS,
  createTaskInputSchema,
  reportPeriods,
  type Task,
} from '@aiceo/shared/tasks';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { ActionError } from '@/components/ui/action-error';
import { useFocusFirstError } from '@/components/ui/form';
import { ApiError, validationError } from '@/lib/api-client';
import { useCreateTask } from '../api/create-task';
import { useLeadChoices } from '../api/search-leads';
import { taskTypeLabels } from '../format';
import './tasks.css';

const creatableTypes = ['social_media_post', 'email_campaign', 'lead_followup', 'report'] as const;
type CreatableType = (typeof creatableTypes)[number];
const periodLabels: Record<(typeof reportPeriods)[number], string> = {
  day: 'Last day',
  week: 'Last week',
  month: 'Last month',
};
const LEAD_SEARCH_DEBOUNCE_MS = 300;

type Values = Record<string, string | boolean>;
const initialValues: Values = {
  type: 'social_media_post',
  publish: true,
  send: true,
  sendEmail: false,
  emailOwner: false,
  period: 'week',
};

const optionalText = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** The flat form values as the API's body: per-type fields go under `input`. */
const toBody = (values: Values) => {
  const type = values['type'] as CreatableType;
  const runAfter = optionalText(values['runAfter']);
  const maxAttempts = optionalText(values['maxAttempts']);
  const common = {
    type,
    title: optionalText(values['title']),
    runAfter: runAfter ? new Date(runAfter).toISOString() : undefined,
    maxAttempts: maxAttempts === undefined ? undefined : Number(maxAttempts),
  };
  switch (type) {
    case 'social_media_post':
      return {
        ...common,
        input: {
          brief: values['brief'] ?? '',
          tone: optionalText(values['tone']),
          publish: values['publish'] === true,
        },
      };
    case 'email_campaign':
      return {
        ...common,
        input: {
          brief: values['brief'] ?? '',
          name: optionalText(values['name']),
          audience: { tag: optionalText(values['audienceTag']) },
          send: values['send'] === true,
        },
      };
    case 'lead_followup':
      return {
        ...common,
        input: {
          leadId: values['leadId'] ?? '',
          brief: optionalText(values['brief']),
          sendEmail: values['sendEmail'] === true,
        },
      };
    case 'report':
      return { ...common, input: { period: values['period'], emailOwner: values['emailOwner'] === true } };
  }
};

// The API names nested fields by their path (input.brief); the form names some of them differently.
const fieldOfPath: Record<string, string> = { 'input.audience.tag': 'audienceTag', 'input.audience': 'audienceTag' };
const fieldOf = (path: string) => fieldOfPath[path] ?? path.replace(/^input\./, '');

type LeadPickerProps = { orgId: string; value: string; error?: string; onChange: (leadId: string) => void };

/** Search the org's leads by name, email or company, then pick one. */
const LeadPicker = ({ orgId, value, error, onChange }: LeadPickerProps) => {
  const id = useId();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), LEAD_SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search]);
  const leads = useLeadChoices(orgId, q);
  const items = leads.data?.items ?? [];
  return (
    <fieldset className="field">
      <legend>Lead</legend>
      <label htmlFor={`${id}-search`}>Find a lead</label>
      <input
        id={`${id}-search`}
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder="Name, email or company"
        autoComplete="off"
      />
      <label htmlFor={`${id}-lead`}>Lead to follow up</label>
      <select
        id={`${id}-lead`}
        name="leadId"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">
          {leads.isPending ? 'Loading leads…' : items.length === 0 ? 'No leads match' : 'Choose a lead'}
        </option>
        {items.map((lead) => (
          <option key={lead.id} value={lead.id}>
            {lead.name}
            {lead.company ? ` (${lead.company})` : ''}
          </option>
        ))}
      </select>
      {error ? (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
};

const Check = ({
  name,
  label,
  checked,
  onChange,
}: {
  name: string;
  label: ReactNode;
  checked: boolean;
  onChange: (on: boolean) => void;
}) => (
  <label className="check">
    <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
    {label}
  </label>
);

type NewTaskFormProps = { orgId: string; onCreated: (task: Task) => void; onCancel: () => void };

/** Queue a task by hand: the fields follow the type's input schema, and errors show by field. */
export const NewTaskForm = ({ orgId, onCreated, onCancel }: NewTaskFormProps) => {
  const id = useId();
  const create = useCreateTask(orgId);
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(initialValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const type = values['type'] as CreatableType;
  const set = (name: string) => (value: string | boolean) => setValues((current) => ({ ...current, [name]: value }));
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');

  useFocusFirstError(formRef, attempt);

  const show = (error: unknown) => {
    const byField: Record<string, string> = {};
    if (error instanceof ApiError)
      for (const [path, message] of Object.entries(error.fieldErrors)) byField[fieldOf(path)] ??= message;
    setErrors(byField);
    const hasFieldErrors = Object.keys(byField).some(
      (name) => name !== '' && formRef.current?.elements.namedItem(name),
    );
    setFailure(hasFieldErrors ? null : error);
    setAttempt((n) => n + 1);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = createTaskInputSchema.safeParse(toBody(values));
    if (!parsed.success) {
      show(validationError(parsed.error));
      return;
    }
    setErrors({});
    setFailure(null);
    create.mutateAsync(parsed.data).then(onCreated, show);
  };

  const textField = (name: string, label: string, hint?: string) => (
    <TextField
      label={label}
      name={name}
      value={str(name)}
      onChange={(e) => set(name)(e.target.value)}
      error={errors[name]}
      hint={hint}
    />
  );
  const briefField = (label: string, hint: string, required: boolean) => (
    <div className="field">
      <label htmlFor={`${id}-brief`}>{label}</label>
      <p className="hint" id={`${id}-brief-hint`}>
        {hint}
      </p>
      <textarea
        id={`${id}-brief`}
        name="brief"
        rows={3}
        value={str('brief')}
        onChange={(e) => set('brief')(e.target.value)}
        required={required}
        aria-invalid={errors['brief'] ? true : undefined}
        aria-describedby={`${id}-brief-hint${errors['brief'] ? ` ${id}-brief-error` : ''}`}
      />
      {errors['brief'] ? (
        <p className="error" id={`${id}-brief-error`}>
          {errors['brief']}
        </p>
      ) : null}
    </div>
  );

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-label="New task">
      {failure ? <ActionError error={failure} /> : null}
      <SelectField
        label="Type"
        name="type"
        value={type}
        onChange={(e) => {
          set('type')(e.target.value);
          setErrors({});
        }}
        options={creatableTypes.map((value) => ({ value, label: taskTypeLabels[value] }))}
        error={errors['type']}
      />
      {type === 'social_media_post' ? (
        <>
          {briefField('Brief', 'What the post should be about.', true)}
          {textField('tone', 'Tone (optional)', 'For example: friendly, bold, formal.')}
          <Check
            name="publish"
            label="Publish on LinkedIn (otherwise it stays a draft)"
            checked={values['publish'] === true}
            onChange={set('publish')}
          />
        </>
      ) : null}
      {type === 'email_campaign' ? (
        <>
          {briefField('Brief', 'What the email should say and why.', true)}
          {textField('name', 'Campaign name (optional)')}
          {textField(
            'audienceTag',
            'Audience tag (optional)',
            'Only leads with this tag; every lead with an email when left empty.',
          )}
          <Check
            name="send"
            label="Send when written (otherwise it stays a draft to review)"
            checked={values['send'] === true}
            onChange={set('send')}
          />
        </>
      ) : null}
      {type === 'lead_followup' ? (
        <>
          <LeadPicker orgId={orgId} value={str('leadId')} error={errors['leadId']} onChange={set('leadId')} />
          {briefField('Brief (optional)', 'Anything the follow-up should mention.', false)}
          <Check
            name="sendEmail"
            label="Email the message to the lead"
            checked={values['sendEmail'] === true}
            onChange={set('sendEmail')}
          />
        </>
      ) : null}
      {type === 'report' ? (
        <>
          <SelectField
            label="Period"
            name="period"
            value={str('period')}
            onChange={(e) => set('period')(e.target.value)}
            options={reportPeriods.map((value) => ({ value, label: periodLabels[value] }))}
            error={errors['period']}
          />
          <Check
            name="emailOwner"
            label="Email the report to the owner"
            checked={values['emailOwner'] === true}
            onChange={set('emailOwner')}
          />
        </>
      ) : null}
      <details open={Boolean(errors['title'] || errors['runAfter'] || errors['maxAttempts']) || undefined}>
        <summary>Title, timing and attempts</summary>
        {textField('title', 'Title (optional)', 'Made from the type and brief when left empty.')}
        <TextField
          label="Run after (optional)"
          name="runAfter"
          type="datetime-local"
          value={str('runAfter')}
          onChange={(e) => set('runAfter')(e.target.value)}
          error={errors['runAfter']}
          hint="Right away when left empty."
        />
        <TextField
          label="Maximum attempts (optional)"
          name="maxAttempts"
          type="number"
          min={1}
          max={MAX_TASK_ATTEMPTS}
          value={str('maxAttempts')}
          onChange={(e) => set('maxAttempts')(e.target.value)}
          error={errors['maxAttempts']}
          hint={`1 to ${MAX_TASK_ATTEMPTS}; ${DEFAULT_TASK_ATTEMPTS} when left empty.`}
        />
      </details>
      <div className="actions">
        <Button type="submit" isPending={create.isPending} pendingLabel="Queuing…">
          Queue task
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
};
