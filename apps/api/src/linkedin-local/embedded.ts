import type { Env } from '../config/env';
import { randomToken } from '../lib/crypto';
import { LOCAL_LINKEDIN_KEYS, type LinkedInStandInTarget } from '../lib/linkedin-client';
import { startLinkedInStandIn, type LinkedInStandIn, type LinkedInStandInOptions } from './stand-in';

/**
 * The embedded default of development and tests: no LINKEDIN_CLIENT_ID and no stand-in of one's own
 * (LINKEDIN_AUTH_BASE_URL) means one in-process. Never in production.
 */
export const wantsEmbeddedLinkedInStandIn = (env: Env): boolean =>
  env.NODE_ENV !== 'production' && !env.LINKEDIN_CLIENT_ID && !env.LINKEDIN_AUTH_BASE_URL && !env.LINKEDIN_API_BASE_URL;

/** Starts one with credentials made for this start only, and says where it is and what it accepts. */
export const startEmbeddedLinkedInStandIn = async (
  options: Omit<LinkedInStandInOptions, 'clientId' | 'clientSecret'> = {},
): Promise<{ standIn: LinkedInStandIn; target: LinkedInStandInTarget }> => {
  const keys = { clientId: `local-${randomToken(8)}`, clientSecret: randomToken(32) };
  const standIn = await startLinkedInStandIn({ ...keys, ...options });
  return { standIn, target: { url: standIn.url, ...keys } };
};

/** One on its own (`pnpm linkedin:local`, tests): it accepts the fixed local credentials the API uses for it. */
export const startLocalLinkedInStandIn = (
  options: Omit<LinkedInStandInOptions, 'clientId' | 'clientSecret'> = {},
): Promise<LinkedInStandIn> => startLinkedInStandIn({ ...LOCAL_LINKEDIN_KEYS, ...options });
