// Industry playbooks: stub registered by the integrator; H3 fills it.
export const playbookEndpoints = {};
