export const campaignEndpoints = {};
