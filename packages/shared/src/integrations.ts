export const integrationEndpoints = {};
