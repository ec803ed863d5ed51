// Stub registered by the integrator; H3 replaces it.
export const Component = () => <p className="muted">Business and playbook</p>;
