import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { z } from 'zod';
import { ApiError, validationError } from '@/lib/api-client';

type ReadOptions = {
  /** Fields that may hold several values (checkbox groups). */
  arrays?: readonly string[];
  /** Fields read as numbers (empty stays undefined). */
  numbers?: readonly string[];
  /** Fields whose empty value means "left out" rather than "". */
  optional?: readonly string[];
};

const readForm = (form: HTMLFormElement, options: ReadOptions): Record<string, unknown> => {
  const data = new FormData(form);
  const values: Record<string, unknown> = {};
  for (const name of new Set(data.keys())) {
    const all = data.getAll(name).map((v) => (typeof v === 'string' ? v : ''));
    const first = all[0] ?? '';
    if (options.arrays?.includes(name)) values[name] = all;
    else if (options.numbers?.includes(name)) values[name] = first.trim() === '' ? undefined : Number(first);
    else if (options.optional?.includes(name) && first.trim() === '') values[name] = undefined;
    else values[name] = first;
  }
  // An unticked checkbox group sends nothing; the schema should still see an empty list.
  for (const name of options.arrays ?? []) values[name] ??= [];
  return values;
};

/**
 * After each failed submit (`attempt` counts them; 0 = none yet), moves focus to the form's first
 * invalid field, or to its alert when the problem is not about one field.
 */
export const useFocusFirstError = (formRef: RefObject<HTMLFormElement | null>, attempt: number) => {
  useEffect(() => {
    const form = formRef.current;
    if (attempt === 0 || !form) return;
    const target =
      form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-form-error]');
    if (target instanceof HTMLFieldSetElement) target.querySelector<HTMLElement>('input')?.focus();
    else target?.focus();
  }, [formRef, attempt]);
};

export type ZodForm = {
  errors: Readonly<Record<string, string>>;
  formError: string | null;
  handleSubmit: (event: FormEvent<HTMLFormElement>) => void;
  reset: () => void;
};

type UseZodFormOptions<S extends z.ZodType> = ReadOptions & {
  schema: S;
  /** Receives the input exactly as the API schema parsed it; throw ApiError to show its field errors. */
  onSubmit: (input: z.output<S>, form: HTMLFormElement) => Promise<unknown>;
  /** Adjusts the raw values before validation (e.g. add a token from the URL). */
  toInput?: (values: Record<string, unknown>) => unknown;
};

/**
 * Validates a form with the same zod schema the API uses, and shows either side's field
 * errors next to the fields (by name = issue path). Focus moves to the first invalid field,
 * or to the form's alert when the problem is not about one field.
 */
export const useZodForm = <S extends z.ZodType>({
  schema,
  onSubmit,
  toInput,
  ...read
}: UseZodFormOptions<S>): ZodForm => {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement | null>(null);

  useFocusFirstError(formRef, attempt);

  const show = useCallback((form: HTMLFormElement, error: unknown) => {
    if (!(error instanceof ApiError)) {
      setErrors({});
      setFormError('Something went wrong; try again');
    } else {
      const onForm: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const [path, message] of Object.entries(error.fieldErrors)) {
        // The path is the field's name; a checkbox group's issues (scopes.0) belong to the group.
        const name = path.split('.')[0] ?? path;
        if (name && form.elements.namedItem(name)) onForm[name] ??= message;
        else elsewhere.push(message);
      }
      setErrors(onForm);
      const hasFieldErrors = Object.keys(onForm).length > 0;
      setFormError(elsewhere.length > 0 ? elsewhere.join(' ') : hasFieldErrors ? null : error.message);
    }
    setAttempt((n) => n + 1);
  }, []);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    formRef.current = form;
    const values = readForm(form, read);
    const parsed = schema.safeParse(toInput ? toInput(values) : values);
    if (!parsed.success) {
      show(form, validationError(parsed.error));
      return;
    }
    setErrors({});
    setFormError(null);
    onSubmit(parsed.data, form).catch((error: unknown) => show(form, error));
  };

  const reset = useCallback(() => {
    setErrors({});
    setFormError(null);
  }, []);

  return { errors, formError, handleSubmit, reset };
};

/** The form-level error: an alert that takes focus when it appears. */
export const FormError = ({ children }: { children: ReactNode }) =>
  children ? (
    <p className="alert error" role="alert" tabIndex={-1} data-form-error="">
      {children}
    </p>
  ) : null;
