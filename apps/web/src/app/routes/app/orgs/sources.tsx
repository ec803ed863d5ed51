// Placeholder: replaced by the feature's page.
export const Component = () => <p>Coming soon.</p>;
