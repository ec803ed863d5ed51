import { useEffect, useId, useRef, useState } from 'react';
import { leadPriorities, leadStages, type LeadPriority, type LeadStage } from '@aiceo/shared/leads';
import { Button } from '@/components/ui/button';
import type { LeadView } from '../api/list-leads';
import { useStageLabels } from '@/hooks/use-stage-labels';
import { priorityLabels } from '../format';
import './leads.css';

const SEARCH_DEBOUNCE_MS = 300;

export type OwnerOption = { id: string; name: string };

type LeadFiltersProps = {
  view: LeadView;
  owners: readonly OwnerOption[];
  onChange: (change: Partial<LeadView>) => void;
};

type DebouncedFieldProps = {
  label: string;
  value: string;
  type?: 'search' | 'text';
  placeholder?: string;
  onCommit: (value: string | undefined) => void;
};

/** Typing waits for a pause before it changes the URL (and so the query). */
const DebouncedField = ({ label, value, type = 'text', placeholder, onCommit }: DebouncedFieldProps) => {
  const [text, setText] = useState(value);
  const id = useId();
  // The parent passes a new callback on every render; only the typed text restarts the wait.
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  }, [onCommit]);
  // A new value from the URL (back button, cleared filters) replaces the text, adjusted while rendering.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = setTimeout(() => commit.current(text.trim() || undefined), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
      />
    </div>
  );
};

const toggle = <T extends string>(list: readonly T[] | undefined, item: T, on: boolean): T[] =>
  on ? [...(list ?? []).filter((x) => x !== item), item] : (list ?? []).filter((x) => x !== item);

export const LeadFilters = ({ view, owners, onChange }: LeadFiltersProps) => {
  const ids = useId();
  const stageLabels = useStageLabels();
  const hasFilter = Boolean(
    view.q || view.stage?.length || view.priority?.length || view.ownerId || view.tag || view.minScore !== undefined,
  );
  return (
    <section className="lead-filters" aria-label="Filters">
      <DebouncedField
        label="Search"
        type="search"
        placeholder="Name, email or company"
        value={view.q ?? ''}
        onCommit={(q) => onChange({ q })}
      />
      <fieldset className="field lead-filter-stages">
        <legend>Stage</legend>
        <div className="checks">
          {leadStages.map((stage: LeadStage) => (
            <label key={stage} className="check">
              <input
                type="checkbox"
                checked={view.stage?.includes(stage) ?? false}
                onChange={(e) => onChange({ stage: toggle(view.stage, stage, e.target.checked) })}
              />
              {stageLabels[stage]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-priority`}>Priority</label>
        <select
          id={`${ids}-priority`}
          value={view.priority?.[0] ?? ''}
          onChange={(e) => onChange({ priority: e.target.value ? [e.target.value as LeadPriority] : undefined })}
        >
          <option value="">Any</option>
          {leadPriorities.map((priority) => (
            <option key={priority} value={priority}>
              {priorityLabels[priority]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-owner`}>Owner</label>
        <select
          id={`${ids}-owner`}
          value={view.ownerId ?? ''}
          onChange={(e) => onChange({ ownerId: e.target.value || undefined })}
        >
          <option value="">Anyone</option>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.name}
            </option>
          ))}
        </select>
      </div>
      <DebouncedField label="Tag" value={view.tag ?? ''} onCommit={(tag) => onChange({ tag })} />
      <div className="field">
        <label htmlFor={`${ids}-score`}>Min. score</label>
        <select
          id={`${ids}-score`}
          value={view.minScore ?? ''}
          onChange={(e) => onChange({ minScore: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">Any</option>
          {[20, 40, 50, 60, 70, 80, 90].map((score) => (
            <option key={score} value={score}>
              {score}+
            </option>
          ))}
        </select>
      </div>
      {hasFilter ? (
        <Button
          variant="ghost"
          size="small"
          onClick={() =>
            onChange({
              q: undefined,
              stage: undefined,
              priority: undefined,
              ownerId: undefined,
              tag: undefined,
              minScore: undefined,
            })
          }
        >
          Clear filters
        </Button>
      ) : null}
    </section>
  );
};
