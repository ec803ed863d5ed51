/** Every money query of an org starts with this key: one invalidation refreshes lists, coverage and reports. */
export const financeKey = (orgId: string) => ['orgs', orgId, 'finance'] as const;
