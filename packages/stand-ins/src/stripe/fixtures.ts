import fixtures from './fixtures.json';

/**
 * Real example objects from stripe/openapi fixtures3.json (commit f6c2a48): the stand-in copies and
 * fills them in, so its answers have Stripe's full shape. The data lives in fixtures.json.
 */
export const stripeFixtures: Readonly<Record<string, Record<string, unknown>>> = fixtures;
