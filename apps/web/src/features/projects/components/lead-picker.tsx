import { useEffect, useId, useState } from 'react';
import type { Lead } from '@aiceo/shared/leads';
import { Button } from '@/components/ui/button';
import { useLeadSearch } from '../api/search-leads';
import './projects.css';

const SEARCH_DEBOUNCE_MS = 250;

export type PickedLead = { id: string; name: string };

type LeadPickerProps = {
  orgId: string;
  /** The lead linked now (editing a project), or null. */
  initial: PickedLead | null;
  error?: string | undefined;
  /** A lead was picked: the form may fill in the client from it. */
  onPick?: (lead: Lead) => void;
};

/**
 * The optional lead a project is for: search by name, email or company, pick one of the matches.
 * The choice travels in a hidden `leadId` input, so the form reads it like any other field.
 */
export const LeadPicker = ({ orgId, initial, error, onPick }: LeadPickerProps) => {
  const id = useId();
  const [picked, setPicked] = useState<PickedLead | null>(initial);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useLeadSearch(orgId, q, !picked && q.length > 0);
  const results = q.length > 0 ? (search.data?.items ?? []) : [];

  return (
    <div className="field lead-picker">
      <input type="hidden" name="leadId" value={picked?.id ?? ''} />
      {picked ? (
        <>
          <span className="lead-picker-label" id={`${id}-label`}>
            Lead
          </span>
          <div className="lead-picker-chosen" aria-labelledby={`${id}-label`} role="group">
            <span data-testid="picked-lead">{picked.name}</span>
            <Button
              variant="ghost"
              size="small"
              onClick={() => setPicked(null)}
              aria-label={`Unlink lead ${picked.name}`}
            >
              Remove
            </Button>
          </div>
        </>
      ) : (
        <>
          <label htmlFor={`${id}-search`}>Lead (optional)</label>
          <p className="hint" id={`${id}-hint`}>
            Type a name, email or company, then pick the lead this project is for.
          </p>
          <input
            id={`${id}-search`}
            type="search"
            autoComplete="off"
            maxLength={200}
            value={text}
            aria-describedby={`${id}-hint`}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setText(event.target.value)}
            // Enter in the search box picks nothing and must not submit the whole form.
            onKeyDown={(event) => {
              if (event.key === 'Enter') event.preventDefault();
            }}
          />
          {q ? (
            <ul className="lead-picker-results" aria-label="Matching leads" aria-live="polite">
              {search.isFetching && results.length === 0 ? <li className="muted">Searching…</li> : null}
              {!search.isFetching && results.length === 0 ? <li className="muted">No lead matches “{q}”.</li> : null}
              {results.map((lead) => (
                <li key={lead.id}>
                  <button
                    type="button"
                    className="lead-picker-option"
                    onClick={() => {
                      setPicked({ id: lead.id, name: lead.name });
                      setText('');
                      onPick?.(lead);
                    }}
                  >
                    <strong>{lead.name}</strong>
                    {lead.company || lead.email ? (
                      <span className="muted"> · {[lead.company, lead.email].filter(Boolean).join(' · ')}</span>
                    ) : null}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
};
