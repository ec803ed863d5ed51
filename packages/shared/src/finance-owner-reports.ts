import type { Endpoint } from './contract';

// The weekly and monthly P&L email schedule.

export const financeOwnerReportEndpoints = {} satisfies Record<string, Endpoint>;
