// Stub registered by the integrator; H4 replaces it.
export const Component = () => <p className="muted">metrics</p>;
