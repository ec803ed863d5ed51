import { useId, type SelectHTMLAttributes } from 'react';
import type { OptionGroup } from '../money-options';
import './money.css';

type GroupedSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> & {
  label: string;
  name: string;
  groups: readonly OptionGroup[];
  error?: string;
  hint?: string;
};

/** A labelled select with option groups (common currencies first, then all of them). */
export const GroupedSelect = ({ label, name, groups, error, hint, ...select }: GroupedSelectProps) => {
  const id = `${useId()}-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {error ? (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
};
