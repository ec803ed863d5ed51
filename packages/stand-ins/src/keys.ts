import { randomBytes } from 'node:crypto';

/**
 * The stand-ins own their credentials: fresh random ones at every start, handed to whoever started
 * the stand-in (the API, a test, or printed by a stand-alone one). Nothing guards anything real, but a
 * fixed key would let any local process drive a developer's stand-in, and would end up copied into code.
 */
export const newStripeKeys = (): { secretKey: string; webhookSecret: string } => ({
  secretKey: `sk_test_local_${randomBytes(12).toString('hex')}`,
  webhookSecret: `whsec_${randomBytes(24).toString('base64url')}`,
});

export const newLinkedInKeys = (): { clientId: string; clientSecret: string } => ({
  clientId: `local-${randomBytes(8).toString('hex')}`,
  clientSecret: randomBytes(32).toString('base64url'),
});
