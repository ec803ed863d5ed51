/** Every attribution query of an org sits under this key, so a match refreshes the report and the lead. */
export const attributionKey = (orgId: string) => ['orgs', orgId, 'attribution'] as const;
