import type { Env } from '../config/env';
import { LOCAL_LINKEDIN_KEYS } from '../lib/linkedin-client';
import { startLinkedInStandIn, type LinkedInStandIn, type LinkedInStandInOptions } from './stand-in';

/** The embedded default: no LINKEDIN_CLIENT_ID and no stand-in of one's own (LINKEDIN_AUTH_BASE_URL) means one in-process. */
export const wantsEmbeddedLinkedInStandIn = (env: Env): boolean => !env.LINKEDIN_CLIENT_ID && !env.LINKEDIN_AUTH_BASE_URL && !env.LINKEDIN_API_BASE_URL;

export const startEmbeddedLinkedInStandIn = (options: Omit<LinkedInStandInOptions, 'clientId' | 'clientSecret'> = {}): Promise<LinkedInStandIn> =>
  startLinkedInStandIn({ ...LOCAL_LINKEDIN_KEYS, ...options });
