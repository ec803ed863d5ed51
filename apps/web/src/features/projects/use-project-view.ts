import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { projectPriorities, type ProjectPriority } from '@aiceo/shared/projects';
import type { ProjectFilter } from './api/list-projects';

export type ProjectView = ProjectFilter & { view: 'list' | 'board' };

const isPriority = (value: string | null): value is ProjectPriority =>
  (projectPriorities as readonly string[]).includes(value ?? '');

/** Reads the page's view from the URL; anything malformed there is dropped, not an error page. */
export const viewFromSearch = (search: URLSearchParams): ProjectView => {
  const priority = search.get('priority');
  const q = search.get('q')?.trim().slice(0, 200);
  return {
    view: search.get('view') === 'board' ? 'board' : 'list',
    ...(isPriority(priority) ? { priority } : {}),
    ...(q ? { q } : {}),
  };
};

/** The query the list and the board share: the filters without the way they are shown. */
export const filterOf = ({ q, priority }: ProjectView): ProjectFilter => ({
  ...(q ? { q } : {}),
  ...(priority ? { priority } : {}),
});

const toSearch = (view: ProjectView): URLSearchParams => {
  const search = new URLSearchParams();
  // The same order as paths.orgs.projects.getHref(orgId, 'board') writes it.
  if (view.view === 'board') search.set('view', 'board');
  if (view.priority) search.set('priority', view.priority);
  if (view.q) search.set('q', view.q);
  return search;
};

/** List or board, the priority and the search: kept in the query string so a view can be shared. */
export const useProjectView = () => {
  const [search, setSearch] = useSearchParams();
  const view = useMemo(() => viewFromSearch(search), [search]);
  const setView = useCallback(
    // Filters replace the entry (no history step per keystroke); list vs board is a step back can undo.
    (change: Partial<ProjectView>) =>
      setSearch((current) => toSearch({ ...viewFromSearch(current), ...change }), { replace: !('view' in change) }),
    [setSearch],
  );
  return { view, setView };
};
