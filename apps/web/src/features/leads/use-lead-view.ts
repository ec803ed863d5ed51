import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { leadFilterSchema, leadSortSchema } from '@aiceo/shared/leads';
import type { LeadSort, LeadView } from './api/list-leads';

const DEFAULT_SORT: LeadSort = 'createdAt';

/** Reads the table's view from the URL; anything malformed there is dropped, not an error page. */
export const viewFromSearch = (search: URLSearchParams): LeadView => {
  const view: LeadView = {
    sort: leadSortSchema.safeParse(search.get('sort')).data ?? DEFAULT_SORT,
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
  };
  const fields = ['q', 'stage', 'priority', 'ownerId', 'tag', 'minScore'] as const;
  for (const field of fields) {
    const raw = search.get(field);
    if (raw === null || raw.trim() === '') continue;
    const parsed = leadFilterSchema.shape[field].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) Object.assign(view, { [field]: parsed.data });
  }
  return view;
};

const toSearch = (view: LeadView): URLSearchParams => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(view)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if ((key === 'sort' && value === DEFAULT_SORT) || (key === 'order' && value === 'desc')) continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return search;
};

/** The table's filter, sort and order, kept in the query string so that a view can be shared. */
export const useLeadView = () => {
  const [search, setSearch] = useSearchParams();
  const view = useMemo(() => viewFromSearch(search), [search]);
  const setView = useCallback(
    (change: Partial<LeadView>) =>
      setSearch((current) => toSearch({ ...viewFromSearch(current), ...change }), { replace: true }),
    [setSearch],
  );
  return { view, setView };
};
