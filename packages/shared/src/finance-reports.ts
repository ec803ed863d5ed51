import type { Endpoint } from './contract';

// Profit and loss, cash flow, forecast and runway.

export const financeReportEndpoints = {} satisfies Record<string, Endpoint>;
