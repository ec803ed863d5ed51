import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

type FieldShellProps = {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (describedBy: string | undefined) => ReactNode;
};

const FieldShell = ({ id, label, error, hint, children }: FieldShellProps) => {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children(describedBy)}
      {error ? (
        <p className="error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
};

export type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'name'> & {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
};

/** A labelled input whose error and hint are wired to it with aria-describedby. */
export const TextField = ({ label, name, error, hint, id, ...input }: TextFieldProps) => {
  const generated = useId();
  const fieldId = id ?? `${generated}-${name}`;
  return (
    <FieldShell id={fieldId} label={label} error={error} hint={hint}>
      {(describedBy) => (
        <input
          id={fieldId}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
    </FieldShell>
  );
};

export type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> & {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
};

export const SelectField = ({ label, name, error, hint, id, options, ...select }: SelectFieldProps) => {
  const generated = useId();
  const fieldId = id ?? `${generated}-${name}`;
  return (
    <FieldShell id={fieldId} label={label} error={error} hint={hint}>
      {(describedBy) => (
        <select
          id={fieldId}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...select}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
};

export type CheckboxGroupProps = {
  legend: string;
  name: string;
  options: readonly { value: string; label: string; description?: string }[];
  defaultValue?: readonly string[];
  error?: string;
  hint?: ReactNode;
};

/** Checkboxes sharing one name, grouped under a fieldset so the legend is read with each. */
export const CheckboxGroup = ({ legend, name, options, defaultValue = [], error, hint }: CheckboxGroupProps) => {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="field" aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="checks">
        {options.map((option) => (
          <label key={option.value} className="check">
            <input
              type="checkbox"
              name={name}
              value={option.value}
              defaultChecked={defaultValue.includes(option.value)}
            />
            {option.label}
            {option.description ? <span className="muted">({option.description})</span> : null}
          </label>
        ))}
      </div>
      {error ? (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
};
