// Only the id of the organisation last opened, so that `/` returns there; never anything secret.
const KEY = 'aiceo.lastOrgId';

export const lastOrgId = (): string | null => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
};

export const rememberOrg = (orgId: string): void => {
  try {
    localStorage.setItem(KEY, orgId);
  } catch {
    // Storage can be unavailable (private windows); forgetting the last org is harmless.
  }
};
