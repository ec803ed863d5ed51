// Stub registered by the integrator; H2 replaces it.
export const Component = () => <p className="muted">Organisation activity</p>;
