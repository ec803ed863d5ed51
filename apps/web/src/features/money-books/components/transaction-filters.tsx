import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { financeTxSources, type FinanceAccount, type FinanceCategory } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { sourceLabels } from '../labels';
import { periodPresets, presetOf } from '../period';
import { UNCATEGORISED, type TransactionView } from '../use-transaction-view';
import { CategoryOptions } from './category-options';

const SEARCH_DEBOUNCE_MS = 300;

type TransactionFiltersProps = {
  view: TransactionView;
  accounts: readonly FinanceAccount[];
  categories: readonly FinanceCategory[];
  timeZone: string;
  fiscalYearStartMonth: number;
  onChange: (change: Partial<TransactionView>) => void;
};

/** Typing waits for a pause before it changes the URL (and so the query). */
const SearchField = ({ value, onCommit }: { value: string; onCommit: (value: string | undefined) => void }) => {
  const [text, setText] = useState(value);
  const id = useId();
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
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Counterparty, description, notes"
        onChange={(event) => setText(event.target.value)}
        autoComplete="off"
      />
    </div>
  );
};

const CUSTOM = 'custom';

export const TransactionFilters = ({
  view,
  accounts,
  categories,
  timeZone,
  fiscalYearStartMonth,
  onChange,
}: TransactionFiltersProps) => {
  const id = useId();
  const presets = useMemo(() => periodPresets({ timeZone, fiscalYearStartMonth }), [timeZone, fiscalYearStartMonth]);
  const preset = presetOf(presets, view);
  const [isCustom, setCustom] = useState(false);
  const showCustom = isCustom || !preset;
  const hasFilter = Boolean(
    view.from || view.to || view.category || view.accountId || view.q || view.direction || view.source,
  );
  return (
    <section className="books-filters" aria-label="Filters">
      <SearchField value={view.q ?? ''} onCommit={(q) => onChange({ q })} />
      <div className="field">
        <label htmlFor={`${id}-period`}>Period</label>
        <select
          id={`${id}-period`}
          value={showCustom ? CUSTOM : (preset?.key ?? 'all')}
          onChange={(event) => {
            const picked = presets.find((p) => p.key === event.target.value);
            setCustom(!picked);
            if (picked) onChange({ from: picked.range.from, to: picked.range.to });
          }}
        >
          {presets.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
          <option value={CUSTOM}>Custom dates…</option>
        </select>
      </div>
      {showCustom ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              type="date"
              value={view.from ?? ''}
              onChange={(event) => onChange({ from: event.target.value || undefined })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input
              id={`${id}-to`}
              type="date"
              value={view.to ?? ''}
              onChange={(event) => onChange({ to: event.target.value || undefined })}
            />
          </div>
        </>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          value={view.category ?? ''}
          onChange={(event) => onChange({ category: event.target.value || undefined })}
        >
          <option value="">Any category</option>
          <option value={UNCATEGORISED}>Uncategorised</option>
          <CategoryOptions categories={categories} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-account`}>Account</label>
        <select
          id={`${id}-account`}
          value={view.accountId ?? ''}
          onChange={(event) => onChange({ accountId: event.target.value || undefined })}
        >
          <option value="">All accounts</option>
          {accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-direction`}>In or out</label>
        <select
          id={`${id}-direction`}
          value={view.direction ?? ''}
          onChange={(event) => {
            const value = event.target.value;
            onChange({ direction: value === 'in' || value === 'out' ? value : undefined });
          }}
        >
          <option value="">In and out</option>
          <option value="in">Money in</option>
          <option value="out">Money out</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-source`}>Source</label>
        <select
          id={`${id}-source`}
          value={view.source ?? ''}
          onChange={(event) => onChange({ source: financeTxSources.find((source) => source === event.target.value) })}
        >
          <option value="">Any source</option>
          {financeTxSources.map((source) => (
            <option key={source} value={source}>
              {sourceLabels[source]}
            </option>
          ))}
        </select>
      </div>
      {hasFilter ? (
        <div>
          <Button
            variant="ghost"
            size="small"
            onClick={() => {
              setCustom(false);
              onChange({
                from: undefined,
                to: undefined,
                category: undefined,
                accountId: undefined,
                q: undefined,
                direction: undefined,
                source: undefined,
              });
            }}
          >
            Clear filters
          </Button>
        </div>
      ) : null}
    </section>
  );
};
