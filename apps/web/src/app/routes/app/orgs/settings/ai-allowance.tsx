// Stub registered by the integrator; H6 replaces it.
export const Component = () => <p className="muted">AI allowance</p>;
