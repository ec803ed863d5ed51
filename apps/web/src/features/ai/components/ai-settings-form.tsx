import { useId, useRef, useState, type FormEvent } from 'react';
import {
  personalityDefinitions,
  personalityPresets,
  updateAiSettingsInputSchema,
  type AiSettings,
  type CustomPersonality,
  type Personality,
} from '@aiceo/shared/ai';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useFocusFirstError } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { ApiError, validationError } from '@/lib/api-client';
import { useUpdateAiSettings } from '../api/update-ai-settings';
import './ai-settings.css';

const MAX_GOALS = 10;
const emptyCustom: CustomPersonality = {
  businessStyle: '',
  riskTolerance: '',
  pricingStrategy: '',
  marketingApproach: '',
  tone: '',
};
const traitFields: readonly { key: keyof CustomPersonality; label: string }[] = [
  { key: 'businessStyle', label: 'Business style' },
  { key: 'riskTolerance', label: 'Risk tolerance' },
  { key: 'pricingStrategy', label: 'Pricing strategy' },
  { key: 'marketingApproach', label: 'Marketing approach' },
  { key: 'tone', label: 'Tone' },
];

type Goal = { key: number; text: string };
let nextGoalKey = 1;
const goalsOf = (texts: readonly string[]): Goal[] => texts.map((text) => ({ key: nextGoalKey++, text }));

type AiSettingsFormProps = { orgId: string; settings: AiSettings; canEdit: boolean };

/** Who the AI CEO is (name, personality) and what it knows the business wants; admins and owners edit. */
export const AiSettingsForm = ({ orgId, settings, canEdit }: AiSettingsFormProps) => {
  const id = useId();
  const update = useUpdateAiSettings(orgId);
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(settings.name);
  const [personality, setPersonality] = useState<Personality>(settings.personality);
  const [custom, setCustom] = useState<CustomPersonality>(settings.customPersonality ?? emptyCustom);
  const [industry, setIndustry] = useState(settings.industry);
  const [companyDescription, setCompanyDescription] = useState(settings.companyDescription);
  const [goals, setGoals] = useState<Goal[]>(() => goalsOf(settings.goals));
  const [tone, setTone] = useState(settings.tone);
  const [themes, setThemes] = useState(settings.contentThemes.join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useFocusFirstError(formRef, attempt);

  const show = (error: unknown) => {
    if (error instanceof ApiError) {
      const fieldErrors = { ...error.fieldErrors };
      const hasFieldErrors = Object.keys(fieldErrors).length > 0;
      setErrors(fieldErrors);
      setFormError(hasFieldErrors ? (fieldErrors[''] ?? null) : error.message);
    } else {
      setErrors({});
      setFormError('Something went wrong; try again');
    }
    setAttempt((n) => n + 1);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = updateAiSettingsInputSchema.safeParse({
      name,
      personality,
      customPersonality: personality === 'custom' ? custom : null,
      industry,
      companyDescription,
      goals: goals.map((goal) => goal.text),
      tone,
      // One theme per line; blank lines are dropped.
      contentThemes: themes
        .split('\n')
        .map((theme) => theme.trim())
        .filter(Boolean),
    });
    if (!parsed.success) {
      show(validationError(parsed.error));
      return;
    }
    setErrors({});
    setFormError(null);
    update.mutateAsync(parsed.data).then(() => toast('AI CEO settings saved'), show);
  };

  const errorProps = (path: string) => ({
    'aria-invalid': errors[path] ? true : undefined,
    'aria-describedby': errors[path] ? `${id}-${path}-error` : undefined,
  });
  const errorText = (path: string) =>
    errors[path] ? (
      <p className="error" id={`${id}-${path}-error`}>
        {errors[path]}
      </p>
    ) : null;

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-label="AI CEO settings">
      {canEdit ? null : <p className="alert warning">Only admins and owners can change these.</p>}
      <FormError>{formError}</FormError>
      <TextField
        label="Name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        disabled={!canEdit}
        error={errors.name}
        hint="How you address your AI CEO."
        required
      />

      <fieldset
        className="field"
        aria-describedby={errors.customPersonality ? `${id}-customPersonality-error` : undefined}
      >
        <legend>Personality</legend>
        <div className="ai-personalities">
          {personalityPresets.map((preset) => {
            const definition = personalityDefinitions[preset];
            return (
              <label key={preset} className={`ai-personality${personality === preset ? ' selected' : ''}`}>
                <span className="check">
                  <input
                    type="radio"
                    name="personality"
                    value={preset}
                    checked={personality === preset}
                    onChange={() => setPersonality(preset)}
                    disabled={!canEdit}
                  />
                  <strong>{definition.name}</strong>
                </span>
                <span>{definition.tagline}</span>
                <span className="muted">Style: {definition.businessStyle}</span>
                <span className="muted">Risk: {definition.riskTolerance}</span>
                <span className="muted">Tone: {definition.tone}</span>
              </label>
            );
          })}
          <label className={`ai-personality${personality === 'custom' ? ' selected' : ''}`}>
            <span className="check">
              <input
                type="radio"
                name="personality"
                value="custom"
                checked={personality === 'custom'}
                onChange={() => setPersonality('custom')}
                disabled={!canEdit}
              />
              <strong>Custom</strong>
            </span>
            <span>Describe your own: style, risk, pricing, marketing and tone.</span>
          </label>
        </div>
        {errorText('customPersonality')}
      </fieldset>

      {personality === 'custom' ? (
        <fieldset className="field">
          <legend>Custom personality</legend>
          {traitFields.map(({ key, label }) => (
            <TextField
              key={key}
              label={label}
              name={`customPersonality.${key}`}
              value={custom[key]}
              onChange={(e) => setCustom((current) => ({ ...current, [key]: e.target.value }))}
              disabled={!canEdit}
              error={errors[`customPersonality.${key}`]}
              maxLength={200}
            />
          ))}
        </fieldset>
      ) : null}

      <TextField
        label="Industry"
        name="industry"
        value={industry}
        onChange={(e) => setIndustry(e.target.value)}
        disabled={!canEdit}
        error={errors.industry}
        maxLength={100}
      />

      <div className="field">
        <label htmlFor={`${id}-description`}>Company description</label>
        <p className="hint" id={`${id}-description-hint`}>
          What the business does, in your words (up to 1,000 characters).
        </p>
        <textarea
          id={`${id}-description`}
          name="companyDescription"
          rows={4}
          value={companyDescription}
          onChange={(e) => setCompanyDescription(e.target.value)}
          disabled={!canEdit}
          maxLength={1000}
          aria-invalid={errors.companyDescription ? true : undefined}
          aria-describedby={[
            `${id}-description-hint`,
            errors.companyDescription ? `${id}-companyDescription-error` : '',
          ]
            .filter(Boolean)
            .join(' ')}
        />
        {errorText('companyDescription')}
      </div>

      <fieldset className="field" aria-describedby={errors.goals ? `${id}-goals-error` : undefined}>
        <legend>Goals</legend>
        <p className="hint">What the business works towards, at most {MAX_GOALS}.</p>
        {goals.length === 0 ? <p className="muted">No goals yet.</p> : null}
        <ol className="ai-goals">
          {goals.map((goal, index) => (
            <li key={goal.key}>
              <label htmlFor={`${id}-goal-${goal.key}`} className="visually-hidden">
                Goal {index + 1}
              </label>
              <input
                id={`${id}-goal-${goal.key}`}
                name="goals"
                value={goal.text}
                maxLength={300}
                onChange={(e) =>
                  setGoals((all) => all.map((g) => (g.key === goal.key ? { ...g, text: e.target.value } : g)))
                }
                disabled={!canEdit}
                {...errorProps(`goals.${index}`)}
              />
              {canEdit ? (
                <Button
                  variant="secondary"
                  size="small"
                  aria-label={`Remove goal ${index + 1}`}
                  onClick={() => setGoals((all) => all.filter((g) => g.key !== goal.key))}
                >
                  Remove
                </Button>
              ) : null}
              {errorText(`goals.${index}`)}
            </li>
          ))}
        </ol>
        {canEdit ? (
          <div>
            <Button
              variant="secondary"
              size="small"
              disabled={goals.length >= MAX_GOALS}
              onClick={() => setGoals((all) => [...all, ...goalsOf([''])])}
            >
              Add goal
            </Button>
          </div>
        ) : null}
        {errorText('goals')}
      </fieldset>

      <TextField
        label="Extra tone guidance"
        name="tone"
        value={tone}
        onChange={(e) => setTone(e.target.value)}
        disabled={!canEdit}
        error={errors.tone}
        hint="Optional, on top of the personality's tone (e.g. “no jargon”)."
        maxLength={200}
      />

      <div className="field">
        <label htmlFor={`${id}-themes`}>Content themes</label>
        <p className="hint" id={`${id}-themes-hint`}>
          What your posts are about, one per line (at most 8). The AI uses the one that fits each brief.
        </p>
        <textarea
          id={`${id}-themes`}
          name="contentThemes"
          rows={5}
          value={themes}
          onChange={(e) => setThemes(e.target.value)}
          disabled={!canEdit}
          aria-invalid={Object.keys(errors).some((path) => path.startsWith('contentThemes')) ? true : undefined}
          aria-describedby={`${id}-themes-hint`}
        />
        {errorText('contentThemes')}
        {Object.entries(errors)
          .filter(([path]) => path.startsWith('contentThemes.'))
          .map(([path, message]) => (
            <p key={path} className="error">
              Theme {Number(path.split('.')[1]) + 1}: {message}
            </p>
          ))}
      </div>

      {canEdit ? (
        <div>
          <Button type="submit" isPending={update.isPending}>
            Save
          </Button>
        </div>
      ) : null}
    </form>
  );
};
