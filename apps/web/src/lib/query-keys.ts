/** Query keys more than one feature uses: one feature reads what another invalidates. */

/** Every list query of an org starts with this key, so one invalidation refreshes them all. */
export const leadsKey = (orgId: string) => ['orgs', orgId, 'leads'] as const;

/** Client projects: the books invalidate them when a transaction tagged to one changes (budget vs actual). */
export const projectsKey = (orgId: string) => ['orgs', orgId, 'projects'] as const;
