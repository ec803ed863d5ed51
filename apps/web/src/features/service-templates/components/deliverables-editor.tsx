import { useId } from 'react';
import { DELIVERABLES_MAX } from '@aiceo/shared/proposals';
import { Button } from '@/components/ui/button';

/** One deliverable as typed: the days stay text until the form is saved. */
export type DeliverableDraft = { key: number; title: string; description: string; dueAfterDays: string };

type DeliverablesEditorProps = {
  deliverables: readonly DeliverableDraft[];
  onChange: (next: DeliverableDraft[]) => void;
  /** Field errors by path (`deliverables.0.title`). */
  errors: Readonly<Record<string, string>>;
};

let nextKey = 0;
/** A key that stays with a row while rows move, so React keeps each row's inputs. */
export const deliverableKey = (): number => ++nextKey;

const move = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
};

const FieldError = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <p className="error" id={id}>
      {message}
    </p>
  ) : null;

/** The template's deliverables: each becomes a project milestone due N days after the start. */
export const DeliverablesEditor = ({ deliverables, onChange, errors }: DeliverablesEditorProps) => {
  const id = useId();
  const update = (index: number, patch: Partial<DeliverableDraft>) =>
    onChange(deliverables.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const add = () =>
    onChange([
      ...deliverables,
      {
        key: deliverableKey(),
        title: '',
        description: '',
        dueAfterDays: deliverables.at(-1)?.dueAfterDays ?? '0',
      },
    ]);
  const listError = errors['deliverables'];
  return (
    <fieldset className="field template-deliverables" aria-describedby={listError ? `${id}-error` : undefined}>
      <legend>Deliverables</legend>
      <p className="hint">Each one becomes a milestone of the client project, due this many days after the start.</p>
      {deliverables.length === 0 ? <p className="muted">No deliverables yet.</p> : null}
      <ol className="template-deliverable-list">
        {deliverables.map((item, index) => {
          const rowId = `${id}-${item.key}`;
          const label = item.title.trim() || `deliverable ${index + 1}`;
          const titleError = errors[`deliverables.${index}.title`];
          const daysError = errors[`deliverables.${index}.dueAfterDays`];
          const descriptionError = errors[`deliverables.${index}.description`];
          return (
            <li key={item.key} className="template-deliverable">
              <div className="template-deliverable-fields">
                <div className="field">
                  <label htmlFor={`${rowId}-title`}>Deliverable {index + 1}</label>
                  <input
                    id={`${rowId}-title`}
                    value={item.title}
                    maxLength={200}
                    aria-invalid={titleError ? true : undefined}
                    aria-describedby={titleError ? `${rowId}-title-error` : undefined}
                    onChange={(event) => update(index, { title: event.target.value })}
                  />
                  <FieldError id={`${rowId}-title-error`} message={titleError} />
                </div>
                <div className="field template-days">
                  <label htmlFor={`${rowId}-days`}>Due after (days)</label>
                  <input
                    id={`${rowId}-days`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={3650}
                    step={1}
                    value={item.dueAfterDays}
                    aria-invalid={daysError ? true : undefined}
                    aria-describedby={daysError ? `${rowId}-days-error` : undefined}
                    onChange={(event) => update(index, { dueAfterDays: event.target.value })}
                  />
                  <FieldError id={`${rowId}-days-error`} message={daysError} />
                </div>
              </div>
              <div className="field">
                <label htmlFor={`${rowId}-description`}>What it includes (optional)</label>
                <textarea
                  id={`${rowId}-description`}
                  rows={2}
                  maxLength={2_000}
                  value={item.description}
                  aria-invalid={descriptionError ? true : undefined}
                  onChange={(event) => update(index, { description: event.target.value })}
                />
                <FieldError id={`${rowId}-description-error`} message={descriptionError} />
              </div>
              <div className="actions template-deliverable-actions">
                <Button
                  variant="secondary"
                  size="small"
                  disabled={index === 0}
                  aria-label={`Move ${label} up`}
                  onClick={() => onChange(move(deliverables, index, index - 1))}
                >
                  Move up
                </Button>
                <Button
                  variant="secondary"
                  size="small"
                  disabled={index === deliverables.length - 1}
                  aria-label={`Move ${label} down`}
                  onClick={() => onChange(move(deliverables, index, index + 1))}
                >
                  Move down
                </Button>
                <Button
                  variant="secondary"
                  size="small"
                  aria-label={`Remove ${label}`}
                  onClick={() => onChange(deliverables.filter((_item, i) => i !== index))}
                >
                  Remove
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <FieldError id={`${id}-error`} message={listError} />
      <Button variant="secondary" size="small" disabled={deliverables.length >= DELIVERABLES_MAX} onClick={add}>
        Add deliverable
      </Button>
    </fieldset>
  );
};
