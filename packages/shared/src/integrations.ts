import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, publicAuth } from './contract';

export const integrationProviders = ['linkedin'] as const;
export type IntegrationProvider = (typeof integrationProviders)[number];

/** A connected account as the SPA sees it: never its tokens. */
export const integrationSchema = z.object({
  provider: z.enum(integrationProviders),
  connected: z.boolean(),
  accountName: z.string().nullable(),
  /** When the access token expires (it is refreshed before that while a refresh token lasts). */
  expiresAt: isoDateSchema.nullable(),
  /** The last refresh or publish problem, until it works again. */
  lastError: z.string().nullable(),
  /**
   * `local-stand-in` when the server talks to its offline LinkedIn stand-in, not linkedin.com;
   * `not-configured` on a production server without LINKEDIN_CLIENT_ID (LinkedIn cannot be connected).
   */
  mode: z.enum(['linkedin', 'local-stand-in', 'not-configured']),
});
export type Integration = z.infer<typeof integrationSchema>;

/**
 * What the OAuth callback reports to the SPA in `?linkedin=` on the integrations page:
 * connected, denied (the member cancelled), expired (the link was old or used), invalid (unknown
 * link) or error (LinkedIn refused the exchange).
 */
export const linkedinCallbackOutcomes = ['connected', 'denied', 'expired', 'invalid', 'error'] as const;
export type LinkedinCallbackOutcome = (typeof linkedinCallbackOutcomes)[number];

export const linkedinCallbackQuerySchema = z.object({
  code: z.string().max(2_000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2_000).optional(),
});

const tag = 'Integrations';
const orgParams = z.object({ orgId: z.uuid() });
// Connecting acts for a person (the state is bound to them), so API keys cannot.
const admin = orgAuth('admin', null);
export const integrationEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/integrations',
    summary: 'Connected accounts (one entry per provider)',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(integrationSchema) }),
  }),
  connectLinkedin: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/integrations/linkedin/connect',
    summary:
      "The URL of LinkedIn's consent page to send the browser to (admin+); valid 10 minutes, once (503 INTEGRATION_NOT_CONFIGURED on a server without LinkedIn credentials)",
    tag,
    auth: admin,
    params: orgParams,
    status: 200,
    response: z.object({ url: z.url() }),
    errors: [503],
  }),
  disconnectLinkedin: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/integrations/linkedin',
    summary: 'Disconnect LinkedIn (admin+); the token is revoked at LinkedIn when possible',
    tag,
    auth: admin,
    params: orgParams,
    status: 204,
    response: null,
  }),
  linkedinCallback: defineEndpoint({
    method: 'GET',
    path: '/api/integrations/linkedin/callback',
    summary:
      "LinkedIn sends the browser back here after consent; answers a 302 redirect to the SPA's integrations page with ?linkedin=<outcome>",
    tag,
    auth: publicAuth,
    query: linkedinCallbackQuerySchema,
    status: 302,
    response: null,
  }),
};
