import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { projectEndpoints, type ProjectPriority } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { projectsKey } from '@/lib/query-keys';

// The board groups one list by status: a page big enough that a small agency sees every project.
const PAGE_SIZE = 100;

export type ProjectFilter = { q?: string; priority?: ProjectPriority };

export const projectsQueryOptions = (orgId: string, filter: ProjectFilter = {}) =>
  infiniteQueryOptions({
    queryKey: [...projectsKey(orgId), 'list', filter],
    queryFn: ({ pageParam, signal }) =>
      request(projectEndpoints.list, {
        params: { orgId },
        query: { ...filter, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new search loads, the old rows stay instead of a spinner on every keystroke.
    placeholderData: keepPreviousData,
  });

export const useProjects = (orgId: string, filter: ProjectFilter = {}) =>
  useInfiniteQuery(projectsQueryOptions(orgId, filter));
