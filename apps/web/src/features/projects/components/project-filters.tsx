import { useEffect, useId, useRef, useState } from 'react';
import { projectPriorities, projectPriorityLabels, type ProjectPriority } from '@aiceo/shared/projects';
import { Button } from '@/components/ui/button';
import type { ProjectView } from '../use-project-view';
import './projects.css';

const SEARCH_DEBOUNCE_MS = 300;

/** Typing waits for a pause before it changes the URL (and so the query). */
const SearchField = ({ value, onCommit }: { value: string; onCommit: (q: string | undefined) => void }) => {
  const id = useId();
  const [text, setText] = useState(value);
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
    <div className="field project-search">
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Project or client"
        autoComplete="off"
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
      />
    </div>
  );
};

type ProjectFiltersProps = { view: ProjectView; onChange: (change: Partial<ProjectView>) => void };

export const ProjectFilters = ({ view, onChange }: ProjectFiltersProps) => {
  const id = useId();
  return (
    <section className="project-filters" aria-label="Filters">
      <SearchField value={view.q ?? ''} onCommit={(q) => onChange({ q })} />
      <div className="field">
        <label htmlFor={`${id}-priority`}>Priority</label>
        <select
          id={`${id}-priority`}
          value={view.priority ?? ''}
          onChange={(event) => onChange({ priority: (event.target.value || undefined) as ProjectPriority | undefined })}
        >
          <option value="">Any</option>
          {projectPriorities.map((priority) => (
            <option key={priority} value={priority}>
              {projectPriorityLabels[priority]}
            </option>
          ))}
        </select>
      </div>
      {view.q || view.priority ? (
        <Button variant="ghost" size="small" onClick={() => onChange({ q: undefined, priority: undefined })}>
          Clear filters
        </Button>
      ) : null}
    </section>
  );
};

/** List or board: two pressed-or-not buttons, the choice kept in the URL. */
export const ViewToggle = ({ view, onChange }: ProjectFiltersProps) => (
  <div className="segmented project-view-toggle" role="group" aria-label="Show projects as">
    {(['list', 'board'] as const).map((option) => (
      <Button
        key={option}
        variant={view.view === option ? 'primary' : 'secondary'}
        aria-pressed={view.view === option}
        onClick={() => onChange({ view: option })}
      >
        {option === 'list' ? 'List' : 'Board'}
      </Button>
    ))}
  </div>
);
