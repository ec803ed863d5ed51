/**
 * Every cached money query of an org (reports, accounts, Stripe, the books' transactions and
 * rules): the same prefix the money-books pages use, so that an import or a recategorisation
 * there refreshes the reports here, and a new account here refreshes their pickers.
 */
export const moneyKey = (orgId: string) => ['orgs', orgId, 'finance'] as const;
