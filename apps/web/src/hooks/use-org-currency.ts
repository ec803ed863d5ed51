import { useCurrentOrg } from './use-current-org';

/** The ISO 4217 currency every money figure of the URL's organisation is in (lead values, the books). */
export const useOrgCurrency = (): string => useCurrentOrg().currency;
