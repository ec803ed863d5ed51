import { queryOptions, useQuery } from '@tanstack/react-query';
import { projectEndpoints } from '@aiceo/shared/projects';
import { request } from '@/lib/api-client';
import { projectsKey } from '@/lib/query-keys';

// The API's largest page: enough for a select; a tag to a project beyond it still shows in the books.
const LIMIT = 200;

/** The org's projects as choices (id and name, by name), e.g. for tagging a transaction in Money. */
export const projectOptionsQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: [...projectsKey(orgId), 'options'],
    queryFn: async ({ signal }) => {
      const page = await request(projectEndpoints.list, { params: { orgId }, query: { limit: LIMIT }, signal });
      return page.items
        .map(({ id, name, clientName }) => ({ id, name: clientName ? `${name} (${clientName})` : name }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
  });

export const useProjectOptions = (orgId: string) => useQuery(projectOptionsQueryOptions(orgId));
