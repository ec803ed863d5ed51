import { useId, useRef, useState, type FormEvent } from 'react';
import {
  createCampaignInputSchema,
  templateVariables,
  type Campaign,
  type CampaignAudience,
  type TemplateVariable,
} from '@aiceo/shared/campaigns';
import { leadPriorities, leadStages, type LeadPriority, type LeadStage } from '@aiceo/shared/leads';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { ApiError, validationError } from '@/lib/api-client';
import { capitalize } from '@/utils/format';
import { useCreateCampaign } from '../api/create-campaign';
import { useUpdateCampaign } from '../api/update-campaign';
import './campaigns.css';

// `email` is a variable too, but nobody writes a lead's own address into their mail.
const chipVariables = templateVariables.filter((name) => name !== 'email');
const DEFAULT_BODY = 'Hi {{firstName}},\n\n\n\nBest regards,\n{{org}}';

type Field = 'subject' | 'body';
type CampaignEditorProps = {
  orgId: string;
  campaign: Campaign | null;
  canEdit: boolean;
  onCreated: (campaign: Campaign) => void;
};

const toggle = <T,>(list: readonly T[], value: T): T[] =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

/** Name, subject and text with variable chips, and the audience as a lead filter; saving a draft refreshes the preview. */
export const CampaignEditor = ({ orgId, campaign, canEdit, onCreated }: CampaignEditorProps) => {
  const id = useId();
  const toast = useToast();
  const create = useCreateCampaign(orgId);
  const update = useUpdateCampaign(orgId, campaign?.id ?? '');
  const [name, setName] = useState(campaign?.name ?? '');
  const [subject, setSubject] = useState(campaign?.subject ?? '');
  const [body, setBody] = useState(campaign?.body ?? DEFAULT_BODY);
  const audience = campaign?.audience;
  const [q, setQ] = useState(audience?.q ?? '');
  const [stages, setStages] = useState<LeadStage[]>(audience?.stage ?? []);
  const [priorities, setPriorities] = useState<LeadPriority[]>(audience?.priority ?? []);
  const [tag, setTag] = useState(audience?.tag ?? '');
  const [minScore, setMinScore] = useState(audience?.minScore === undefined ? '' : String(audience.minScore));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const subjectField = useRef<HTMLInputElement>(null);
  const bodyField = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<Field>('body');
  const isReadOnly = !canEdit || (campaign !== null && campaign.status !== 'draft');
  const isPending = create.isPending || update.isPending;

  const insert = (variable: TemplateVariable) => {
    const field = lastField.current;
    const element = (field === 'subject' ? subjectField : bodyField).current;
    const tagText = `{{${variable}}}`;
    const value = field === 'subject' ? subject : body;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const next = `${value.slice(0, start)}${tagText}${value.slice(end)}`;
    (field === 'subject' ? setSubject : setBody)(next);
    // Put the caret after the inserted tag once React has written the new value.
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + tagText.length, start + tagText.length);
    });
  };

  const audienceInput = (): CampaignAudience => ({
    ...(q.trim() ? { q: q.trim() } : {}),
    ...(stages.length > 0 ? { stage: stages } : {}),
    ...(priorities.length > 0 ? { priority: priorities } : {}),
    ...(tag.trim() ? { tag: tag.trim() } : {}),
    ...(minScore.trim() ? { minScore: Number(minScore) } : {}),
  });

  const show = (error: unknown) => {
    if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
      const next: Record<string, string> = {};
      for (const [path, message] of Object.entries(error.fieldErrors))
        next[path.startsWith('audience.') ? path.slice('audience.'.length) : path] ??= message;
      setErrors(next);
      setFormError(next[''] ?? null);
    } else {
      setErrors({});
      setFormError(errorMessage(error));
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = createCampaignInputSchema.safeParse({ name, subject, body, audience: audienceInput() });
    if (!parsed.success) {
      show(validationError(parsed.error));
      return;
    }
    setErrors({});
    setFormError(null);
    try {
      if (campaign) {
        await update.mutateAsync(parsed.data);
        toast('Campaign saved');
      } else {
        const created = await create.mutateAsync(parsed.data);
        toast('Campaign created');
        onCreated(created);
      }
    } catch (error) {
      show(error);
    }
  };

  const describe = (name: string, hint?: string) =>
    [hint, errors[name] ? `${id}-${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const error = (name: string) =>
    errors[name] ? (
      <p className="error" id={`${id}-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  const invalid = (name: string) => (errors[name] ? true : undefined);

  return (
    <form className="form campaign-form" aria-label="Campaign" onSubmit={(event) => void onSubmit(event)} noValidate>
      <fieldset disabled={isReadOnly} className="campaign-fieldset">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={invalid('name')}
            aria-describedby={describe('name')}
          />
          {error('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-subject`}>Subject</label>
          <input
            id={`${id}-subject`}
            ref={subjectField}
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            onFocus={() => (lastField.current = 'subject')}
            aria-invalid={invalid('subject')}
            aria-describedby={describe('subject')}
          />
          {error('subject')}
        </div>
        <div className="field">
          <span className="label" id={`${id}-chips`}>
            Insert a variable
          </span>
          <div className="variable-chips" role="group" aria-labelledby={`${id}-chips`}>
            {chipVariables.map((variable) => (
              // mousedown would move focus away from the field whose caret the chip inserts at.
              <button
                key={variable}
                type="button"
                className="variable-chip"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(variable)}
              >
                {`{{${variable}}}`}
              </button>
            ))}
          </div>
          <p className="hint">
            Goes where the cursor is, in the subject or the text (whichever you used last). Without{' '}
            {'{{unsubscribeUrl}}'} an unsubscribe line is added at the end.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-body`}>Text</label>
          <textarea
            id={`${id}-body`}
            ref={bodyField}
            rows={10}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            onFocus={() => (lastField.current = 'body')}
            aria-invalid={invalid('body')}
            aria-describedby={describe('body')}
          />
          {error('body')}
        </div>
        <fieldset className="field audience">
          <legend>Audience</legend>
          <p className="hint">Leads matching all of these; leads without an email or who unsubscribed never get it.</p>
          <div className="checks" role="group" aria-label="Stages">
            <span className="muted">Stage:</span>
            {leadStages.map((stage) => (
              <label key={stage} className="check">
                <input
                  type="checkbox"
                  checked={stages.includes(stage)}
                  onChange={() => setStages((all) => toggle(all, stage))}
                />
                {capitalize(stage)}
              </label>
            ))}
          </div>
          <div className="checks" role="group" aria-label="Priorities">
            <span className="muted">Priority:</span>
            {leadPriorities.map((priority) => (
              <label key={priority} className="check">
                <input
                  type="checkbox"
                  checked={priorities.includes(priority)}
                  onChange={() => setPriorities((all) => toggle(all, priority))}
                />
                {capitalize(priority)}
              </label>
            ))}
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-tag`}>Tag</label>
              <input
                id={`${id}-tag`}
                value={tag}
                onChange={(e) => setTag(e.target.value)}
                aria-invalid={invalid('tag')}
                aria-describedby={describe('tag')}
              />
              {error('tag')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-min-score`}>Minimum score</label>
              <input
                id={`${id}-min-score`}
                type="number"
                min={0}
                max={100}
                value={minScore}
                onChange={(e) => setMinScore(e.target.value)}
                aria-invalid={invalid('minScore')}
                aria-describedby={describe('minScore')}
              />
              {error('minScore')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-q`}>Search</label>
              <input
                id={`${id}-q`}
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder="Name, email or company"
              />
            </div>
          </div>
        </fieldset>
      </fieldset>
      {formError ? (
        <p className="alert error" role="alert">
          {formError}
        </p>
      ) : null}
      {!isReadOnly ? (
        <div className="actions">
          <Button type="submit" isPending={isPending}>
            {campaign ? 'Save and preview' : 'Create campaign'}
          </Button>
        </div>
      ) : null}
    </form>
  );
};
