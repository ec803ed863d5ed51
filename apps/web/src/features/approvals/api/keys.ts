/** Every cached query of the approval inbox of an org (pages, count, rules): one invalidation refreshes them all. */
export const approvalsKey = (orgId: string) => ['orgs', orgId, 'approvals'] as const;
