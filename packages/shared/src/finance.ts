import type { Endpoint } from './contract';

// Money settings, accounts, categories, transactions, rules and proposed rules.

export const financeEndpoints = {} satisfies Record<string, Endpoint>;
