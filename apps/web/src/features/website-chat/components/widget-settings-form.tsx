import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  MAX_WIDGET_DOMAINS,
  WIDGET_GREETING_MAX,
  updateWidgetSettingsInputSchema,
  type WidgetSettings,
} from '@aiceo/shared/widget-inbox';
import { Button } from '@/components/ui/button';
import { FormError, useFocusFirstError } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { ApiError, validationError } from '@/lib/api-client';
import { useUpdateWidgetSettings } from '../api/update-widget-settings';

const MAX_FAQ = 30;

type Row = { key: number; text: string };
type FaqRow = { key: number; question: string; answer: string };
let nextKey = 1;
const rowsOf = (texts: readonly string[]): Row[] => texts.map((text) => ({ key: nextKey++, text }));
const faqRowsOf = (faq: readonly { question: string; answer: string }[]): FaqRow[] =>
  faq.map((item) => ({ key: nextKey++, ...item }));

type WidgetSettingsFormProps = { orgId: string; settings: WidgetSettings; canEdit: boolean };

/** On or off, where the chat may run, what it says first and what it knows about the offer. */
export const WidgetSettingsForm = ({ orgId, settings, canEdit }: WidgetSettingsFormProps) => {
  const id = useId();
  const update = useUpdateWidgetSettings(orgId);
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [enabled, setEnabled] = useState(settings.enabled);
  const [domains, setDomains] = useState<Row[]>(() => rowsOf(settings.domains.length ? settings.domains : ['']));
  const [greeting, setGreeting] = useState(settings.greeting);
  const [services, setServices] = useState(settings.offer.services);
  const [prices, setPrices] = useState(settings.offer.prices);
  const [hours, setHours] = useState(settings.offer.hours);
  const [faq, setFaq] = useState<FaqRow[]>(() => faqRowsOf(settings.offer.faq));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useFocusFirstError(formRef, attempt);

  const show = (error: unknown) => {
    if (error instanceof ApiError) {
      const fieldErrors = { ...error.fieldErrors };
      setErrors(fieldErrors);
      setFormError(Object.keys(fieldErrors).length > 0 ? (fieldErrors[''] ?? null) : error.message);
    } else {
      setErrors({});
      setFormError('Something went wrong; try again');
    }
    setAttempt((n) => n + 1);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = updateWidgetSettingsInputSchema.safeParse({
      enabled,
      // An empty line is left out rather than refused: it is how a new list starts.
      domains: domains.map((row) => row.text).filter((text) => text.trim() !== ''),
      greeting,
      offer: { services, prices, hours, faq: faq.map(({ question, answer }) => ({ question, answer })) },
    });
    if (!parsed.success) {
      show(validationError(parsed.error));
      return;
    }
    setErrors({});
    setFormError(null);
    update.mutateAsync(parsed.data).then((saved) => {
      setDomains(rowsOf(saved.domains.length ? saved.domains : ['']));
      toast('Website chat settings saved');
    }, show);
  };

  const invalid = (path: string) => ({
    'aria-invalid': errors[path] ? true : undefined,
    'aria-describedby': errors[path] ? `${id}-${path}-error` : undefined,
  });
  const errorText = (path: string): ReactNode =>
    errors[path] ? (
      <p className="error" id={`${id}-${path}-error`}>
        {errors[path]}
      </p>
    ) : null;
  // Errors name a domain by its place among the non-empty lines the form sent.
  const filledIndex = (key: number) =>
    domains.filter((row) => row.text.trim() !== '').findIndex((row) => row.key === key);

  return (
    <form ref={formRef} className="form stack" onSubmit={onSubmit} noValidate aria-label="Website chat settings">
      {canEdit ? null : <p className="alert warning">Only admins and owners can change these.</p>}
      <FormError>{formError}</FormError>

      <label className="check">
        <input
          type="checkbox"
          name="enabled"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          disabled={!canEdit}
        />
        <strong>Show the chat on my website</strong>
      </label>

      <fieldset className="field" aria-describedby={`${id}-domains-hint`}>
        <legend>Domains</legend>
        <p className="hint" id={`${id}-domains-hint`}>
          The chat runs only on these sites (our server checks every call of the chat). Enter a domain such as
          example.com (any port), a domain with its port such as localhost:4100, or *.example.com for every subdomain.
          At most {MAX_WIDGET_DOMAINS}.
        </p>
        <ul className="website-chat-rows">
          {domains.map((row, index) => {
            const path = `domains.${filledIndex(row.key)}`;
            return (
              <li key={row.key}>
                <label htmlFor={`${id}-domain-${row.key}`} className="visually-hidden">
                  Domain {index + 1}
                </label>
                <input
                  id={`${id}-domain-${row.key}`}
                  name="domains"
                  value={row.text}
                  placeholder="example.com"
                  autoCapitalize="none"
                  spellCheck={false}
                  onChange={(e) =>
                    setDomains((all) => all.map((r) => (r.key === row.key ? { ...r, text: e.target.value } : r)))
                  }
                  disabled={!canEdit}
                  {...invalid(path)}
                />
                {canEdit ? (
                  <Button
                    variant="secondary"
                    size="small"
                    aria-label={`Remove domain ${index + 1}`}
                    onClick={() => setDomains((all) => all.filter((r) => r.key !== row.key))}
                  >
                    Remove
                  </Button>
                ) : null}
                {errorText(path)}
              </li>
            );
          })}
        </ul>
        {canEdit ? (
          <div>
            <Button
              variant="secondary"
              size="small"
              disabled={domains.length >= MAX_WIDGET_DOMAINS}
              onClick={() => setDomains((all) => [...all, ...rowsOf([''])])}
            >
              Add domain
            </Button>
          </div>
        ) : null}
        {errorText('domains')}
      </fieldset>

      <div className="field">
        <label htmlFor={`${id}-greeting`}>Greeting</label>
        <p className="hint" id={`${id}-greeting-hint`}>
          The first thing the chat says when a visitor opens it (empty: a friendly default).
        </p>
        <textarea
          id={`${id}-greeting`}
          name="greeting"
          rows={2}
          value={greeting}
          maxLength={WIDGET_GREETING_MAX}
          onChange={(e) => setGreeting(e.target.value)}
          disabled={!canEdit}
          {...invalid('greeting')}
        />
        {errorText('greeting')}
      </div>

      <fieldset className="field">
        <legend>What the assistant knows about your offer</legend>
        <p className="hint">The assistant answers your visitors’ questions from what you write here.</p>
        {(
          [
            ['services', 'Services', services, setServices, 4, 4000],
            ['prices', 'Prices', prices, setPrices, 3, 4000],
            ['hours', 'Opening hours', hours, setHours, 2, 1000],
          ] as const
        ).map(([key, label, value, setValue, rows, max]) => (
          <div className="field" key={key}>
            <label htmlFor={`${id}-${key}`}>{label}</label>
            <textarea
              id={`${id}-${key}`}
              name={`offer.${key}`}
              rows={rows}
              value={value}
              maxLength={max}
              onChange={(e) => setValue(e.target.value)}
              disabled={!canEdit}
              {...invalid(`offer.${key}`)}
            />
            {errorText(`offer.${key}`)}
          </div>
        ))}
      </fieldset>

      <fieldset className="field">
        <legend>Frequently asked questions</legend>
        {faq.length === 0 ? <p className="muted">No questions yet.</p> : null}
        <ol className="website-chat-faq">
          {faq.map((item, index) => (
            <li key={item.key} className="website-chat-faq-item">
              <div className="field">
                <label htmlFor={`${id}-q-${item.key}`}>Question {index + 1}</label>
                <input
                  id={`${id}-q-${item.key}`}
                  value={item.question}
                  maxLength={500}
                  onChange={(e) =>
                    setFaq((all) => all.map((f) => (f.key === item.key ? { ...f, question: e.target.value } : f)))
                  }
                  disabled={!canEdit}
                  {...invalid(`offer.faq.${index}.question`)}
                />
                {errorText(`offer.faq.${index}.question`)}
              </div>
              <div className="field">
                <label htmlFor={`${id}-a-${item.key}`}>Answer {index + 1}</label>
                <textarea
                  id={`${id}-a-${item.key}`}
                  rows={2}
                  value={item.answer}
                  maxLength={2000}
                  onChange={(e) =>
                    setFaq((all) => all.map((f) => (f.key === item.key ? { ...f, answer: e.target.value } : f)))
                  }
                  disabled={!canEdit}
                  {...invalid(`offer.faq.${index}.answer`)}
                />
                {errorText(`offer.faq.${index}.answer`)}
              </div>
              {canEdit ? (
                <div>
                  <Button
                    variant="secondary"
                    size="small"
                    aria-label={`Remove question ${index + 1}`}
                    onClick={() => setFaq((all) => all.filter((f) => f.key !== item.key))}
                  >
                    Remove
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
        {canEdit ? (
          <div>
            <Button
              variant="secondary"
              size="small"
              disabled={faq.length >= MAX_FAQ}
              onClick={() => setFaq((all) => [...all, ...faqRowsOf([{ question: '', answer: '' }])])}
            >
              Add question
            </Button>
          </div>
        ) : null}
        {errorText('offer.faq')}
      </fieldset>

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
