import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { financeTxSourceSchema, type FinanceTxSource } from '@aiceo/shared/finance';

/** The transactions filter as the URL keeps it; `category` is a category id or `uncategorised`. */
export type TransactionView = {
  from?: string;
  to?: string;
  category?: string;
  accountId?: string;
  q?: string;
  direction?: 'in' | 'out';
  source?: FinanceTxSource;
};

export const UNCATEGORISED = 'uncategorised';

const keys = ['from', 'to', 'category', 'accountId', 'q', 'direction', 'source'] as const;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the view from the URL; a malformed value is dropped rather than sent to the API. */
export const viewFromSearch = (search: URLSearchParams): TransactionView => {
  const view: TransactionView = {};
  for (const key of keys) {
    const raw = search.get(key)?.trim();
    if (!raw) continue;
    if ((key === 'from' || key === 'to') && !dayPattern.test(raw)) continue;
    if (key === 'direction') {
      if (raw === 'in' || raw === 'out') view.direction = raw;
    } else if (key === 'source') {
      view.source = financeTxSourceSchema.safeParse(raw).data;
    } else {
      view[key] = raw;
    }
  }
  return view;
};

export const searchOf = (view: TransactionView): URLSearchParams => {
  const search = new URLSearchParams();
  for (const key of keys) {
    const value = view[key];
    if (value) search.set(key, value);
  }
  return search;
};

/** The filter of the transactions page, kept in the query string so that a view can be shared or bookmarked. */
export const useTransactionView = () => {
  const [search, setSearch] = useSearchParams();
  const view = useMemo(() => viewFromSearch(search), [search]);
  const setView = useCallback(
    (change: Partial<TransactionView>) =>
      setSearch((current) => searchOf({ ...viewFromSearch(current), ...change }), { replace: true }),
    [setSearch],
  );
  return { view, setView };
};
