import type { Endpoint } from './contract';

// Bank-statement imports: preview and commit.

export const financeImportEndpoints = {} satisfies Record<string, Endpoint>;
