export const contentEndpoints = {};
