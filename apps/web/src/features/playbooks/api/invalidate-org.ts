import type { QueryClient } from '@tanstack/react-query';

/** Everything cached for one org (its stage names live on the org itself), and the org list. */
export const invalidateOrg = (queryClient: QueryClient, orgId: string) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: ['orgs', orgId] }),
    queryClient.invalidateQueries({ queryKey: ['orgs'], exact: true }),
  ]);
