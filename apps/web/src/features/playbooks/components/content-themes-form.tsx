import { useId, useState, type FormEvent } from 'react';
import { MAX_CONTENT_THEMES } from '@aiceo/shared/ai';
import { updateContentThemesInputSchema } from '@aiceo/shared/playbooks';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { ApiError, validationError } from '@/lib/api-client';
import { useUpdateContentThemes } from '../api/update-content-themes';
import './playbooks.css';

type Theme = { key: number; text: string };
let nextKey = 1;
const themesOf = (texts: readonly string[]): Theme[] => texts.map((text) => ({ key: nextKey++, text }));

type ContentThemesFormProps = { orgId: string; themes: readonly string[]; canEdit: boolean };

/** What posts are about: the AI uses them as guidance when it drafts. */
export const ContentThemesForm = ({ orgId, themes, canEdit }: ContentThemesFormProps) => {
  const id = useId();
  const update = useUpdateContentThemes(orgId);
  const toast = useToast();
  const [items, setItems] = useState<Theme[]>(() => themesOf(themes));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const show = (error: unknown) => {
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
    setErrors(fieldErrors);
    const general = fieldErrors['themes'] ?? (error instanceof ApiError ? null : 'Something went wrong; try again');
    const onFields = Object.keys(fieldErrors).some((path) => path.startsWith('themes.'));
    setFormError(onFields ? null : (general ?? (error instanceof ApiError ? error.message : null)));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = updateContentThemesInputSchema.safeParse({ themes: items.map((t) => t.text) });
    if (!parsed.success) {
      show(validationError(parsed.error));
      return;
    }
    setErrors({});
    setFormError(null);
    update.mutateAsync(parsed.data).then(() => toast('Content themes saved'), show);
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Content themes">
      <FormError>{formError}</FormError>
      {items.length === 0 ? <p className="muted">No themes yet: posts follow each brief alone.</p> : null}
      <ol className="playbook-themes">
        {items.map((theme, index) => (
          <li key={theme.key}>
            <label htmlFor={`${id}-${theme.key}`} className="visually-hidden">
              Theme {index + 1}
            </label>
            <input
              id={`${id}-${theme.key}`}
              value={theme.text}
              maxLength={120}
              disabled={!canEdit}
              aria-invalid={errors[`themes.${index}`] ? true : undefined}
              onChange={(e) =>
                setItems((all) => all.map((t) => (t.key === theme.key ? { ...t, text: e.target.value } : t)))
              }
            />
            {canEdit ? (
              <Button
                variant="secondary"
                size="small"
                aria-label={`Remove theme ${index + 1}`}
                onClick={() => setItems((all) => all.filter((t) => t.key !== theme.key))}
              >
                Remove
              </Button>
            ) : null}
            {errors[`themes.${index}`] ? <p className="error">{errors[`themes.${index}`]}</p> : null}
          </li>
        ))}
      </ol>
      {canEdit ? (
        <div className="button-row">
          <Button
            variant="secondary"
            size="small"
            disabled={items.length >= MAX_CONTENT_THEMES}
            onClick={() => setItems((all) => [...all, ...themesOf([''])])}
          >
            Add theme
          </Button>
          <Button type="submit" isPending={update.isPending}>
            Save themes
          </Button>
        </div>
      ) : null}
    </form>
  );
};
