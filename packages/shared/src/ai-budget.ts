// The margin guard's AI budgets: stub registered by the integrator; H5 fills it.
export const aiBudgetEndpoints = {};
