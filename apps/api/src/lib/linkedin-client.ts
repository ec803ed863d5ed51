import type { Env } from '../config/env';

/** Tokens from LinkedIn's token endpoint; lifetimes in seconds. */
export type LinkedInTokens = {
  accessToken: string;
  expiresIn: number;
  refreshToken: string | null;
  refreshTokenExpiresIn: number | null;
  scopes: string[];
};

/** Why a LinkedIn call failed, in the terms the app reacts to. */
export type LinkedInErrorKind = 'unauthorized' | 'rate_limited' | 'unavailable' | 'rejected';

export class LinkedInError extends Error {
  override name = 'LinkedInError';
  constructor(
    readonly kind: LinkedInErrorKind,
    message: string,
    readonly status: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The port: the LinkedIn calls the app makes, in our own types. Integration tests run it against the stand-in. */
export type LinkedInClient = {
  mode: 'linkedin' | 'local-stand-in' | 'not-configured';
  authorizeUrl(input: { state: string }): string;
  exchangeCode(input: { code: string }): Promise<LinkedInTokens>;
  refresh(input: { refreshToken: string }): Promise<LinkedInTokens>;
  userinfo(input: { accessToken: string }): Promise<{ sub: string; name: string }>;
  /** Publishes as `authorUrn`; answers the post's urn (the x-restli-id header). */
  createPost(input: { accessToken: string; authorUrn: string; commentary: string }): Promise<{ id: string }>;
  revoke(input: { accessToken: string }): Promise<void>;
};

export type LinkedInConfig = {
  mode: Exclude<LinkedInClient['mode'], 'not-configured'>;
  clientId: string;
  clientSecret: string;
  authBaseUrl: string;
  apiBaseUrl: string;
  version: string;
  redirectUri: string;
  scopes: string[];
  timeoutMs?: number;
};

export const LINKEDIN_SCOPES = ['openid', 'profile', 'w_member_social'];

export const LINKEDIN_NOT_CONFIGURED =
  'LinkedIn is not set up on this server (it has no LINKEDIN_CLIENT_ID), so nothing can be connected or published there';

/**
 * A local stand-in the app talks to instead of linkedin.com (`@aiceo/stand-ins`, started by
 * lib/stand-ins.ts): where it is and the credentials it made at its start.
 */
export type LinkedInStandInTarget = { url: string; clientId: string; clientSecret: string };

/**
 * linkedin.com with LINKEDIN_CLIENT_ID. Without it: nothing in production (a server never reports
 * a post published to a stand-in); otherwise `standIn`, the embedded one. Outside production,
 * LINKEDIN_CLIENT_ID with LINKEDIN_*_BASE_URL is a stand-in of one's own (`pnpm linkedin:local`
 * prints the variables), so it counts as the local stand-in too.
 */
export const linkedinConfigFor = (env: Env, standIn?: LinkedInStandInTarget): LinkedInConfig | null => {
  const common = {
    version: env.LINKEDIN_VERSION,
    redirectUri:
      env.LINKEDIN_REDIRECT_URI ?? `${env.FRONTEND_URL.replace(/\/$/, '')}/api/integrations/linkedin/callback`,
    scopes: LINKEDIN_SCOPES,
  };
  if (env.LINKEDIN_CLIENT_ID) {
    const elsewhere = env.LINKEDIN_AUTH_BASE_URL !== undefined || env.LINKEDIN_API_BASE_URL !== undefined;
    return {
      ...common,
      mode: elsewhere && env.NODE_ENV !== 'production' ? 'local-stand-in' : 'linkedin',
      clientId: env.LINKEDIN_CLIENT_ID,
      clientSecret: env.LINKEDIN_CLIENT_SECRET ?? '',
      authBaseUrl: env.LINKEDIN_AUTH_BASE_URL ?? 'https://www.linkedin.com',
      apiBaseUrl: env.LINKEDIN_API_BASE_URL ?? 'https://api.linkedin.com',
    };
  }
  if (env.NODE_ENV === 'production') return null;
  // No credentials and no stand-in (tests, or the stand-ins package is not installed): every call fails.
  const local = standIn?.url ?? 'http://127.0.0.1:9';
  return {
    ...common,
    mode: 'local-stand-in',
    clientId: standIn?.clientId ?? 'none',
    clientSecret: standIn?.clientSecret ?? 'none',
    authBaseUrl: env.LINKEDIN_AUTH_BASE_URL ?? local,
    apiBaseUrl: env.LINKEDIN_API_BASE_URL ?? local,
  };
};

/** The client of a server without LinkedIn credentials: every call fails, saying why. */
export const notConfiguredLinkedInClient = (): LinkedInClient => {
  const refuse = (): never => {
    throw new LinkedInError('rejected', LINKEDIN_NOT_CONFIGURED);
  };
  return {
    mode: 'not-configured',
    authorizeUrl: refuse,
    exchangeCode: async () => refuse(),
    refresh: async () => refuse(),
    userinfo: async () => refuse(),
    createPost: async () => refuse(),
    revoke: async () => refuse(),
  };
};

/** The client for this environment: over the config, or the refusing one when there is none. */
export const linkedinClientFor = (env: Env, standIn?: LinkedInStandInTarget): LinkedInClient => {
  const config = linkedinConfigFor(env, standIn);
  return config ? createLinkedInClient(config) : notConfiguredLinkedInClient();
};

const trimSlash = (url: string) => url.replace(/\/+$/, '');

type TokenResponse = {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  refresh_token_expires_in?: unknown;
  scope?: unknown;
};

const toTokens = (body: TokenResponse): LinkedInTokens => {
  if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number')
    throw new LinkedInError('rejected', 'LinkedIn answered without an access token');
  return {
    accessToken: body.access_token,
    expiresIn: body.expires_in,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    refreshTokenExpiresIn: typeof body.refresh_token_expires_in === 'number' ? body.refresh_token_expires_in : null,
    scopes: typeof body.scope === 'string' ? body.scope.split(/[ ,]+/).filter(Boolean) : [],
  };
};

const kindOf = (status: number): LinkedInErrorKind =>
  status === 401 ? 'unauthorized' : status === 429 ? 'rate_limited' : status >= 500 ? 'unavailable' : 'rejected';

/** LinkedIn's error bodies vary (`message`, `error_description`); the first one present explains the failure. */
const failure = async (res: Response, what: string): Promise<LinkedInError> => {
  const text = await res.text().catch(() => '');
  let detail = '';
  try {
    const body = JSON.parse(text) as { message?: unknown; error_description?: unknown; error?: unknown };
    const found = [body.message, body.error_description, body.error].find((v) => typeof v === 'string');
    detail = typeof found === 'string' ? found : '';
  } catch {
    detail = text.slice(0, 200);
  }
  return new LinkedInError(
    kindOf(res.status),
    `${what} failed with HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
    res.status,
  );
};

/** The client over Node's fetch (LinkedIn has no official Node SDK); the same code talks to the stand-in. */
export const createLinkedInClient = (config: LinkedInConfig): LinkedInClient => {
  const authBase = trimSlash(config.authBaseUrl);
  const apiBase = trimSlash(config.apiBaseUrl);
  const call = async (url: string, init: RequestInit, what: string): Promise<Response> => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(config.timeoutMs ?? 15_000) });
    } catch (error) {
      throw new LinkedInError(
        'unavailable',
        `${what} could not reach LinkedIn: ${error instanceof Error ? error.message : String(error)}`,
        null,
        { cause: error },
      );
    }
  };
  const tokenRequest = async (params: Record<string, string>, what: string): Promise<LinkedInTokens> => {
    const res = await call(
      `${authBase}/oauth/v2/accessToken`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          ...params,
          client_id: config.clientId,
          client_secret: config.clientSecret,
        }).toString(),
      },
      what,
    );
    if (!res.ok) throw await failure(res, what);
    return toTokens((await res.json()) as TokenResponse);
  };
  return {
    mode: config.mode,
    authorizeUrl: ({ state }) => {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        state,
        scope: config.scopes.join(' '),
      });
      return `${authBase}/oauth/v2/authorization?${query.toString()}`;
    },
    exchangeCode: ({ code }) =>
      tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: config.redirectUri }, 'The code exchange'),
    refresh: ({ refreshToken }) =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'The token refresh'),
    userinfo: async ({ accessToken }) => {
      const res = await call(
        `${apiBase}/v2/userinfo`,
        { headers: { authorization: `Bearer ${accessToken}` } },
        'Reading the member',
      );
      if (!res.ok) throw await failure(res, 'Reading the member');
      const body = (await res.json()) as { sub?: unknown; name?: unknown; given_name?: unknown; family_name?: unknown };
      if (typeof body.sub !== 'string')
        throw new LinkedInError('rejected', 'LinkedIn answered the member without an id');
      const name =
        typeof body.name === 'string'
          ? body.name
          : [body.given_name, body.family_name].filter((v) => typeof v === 'string').join(' ');
      return { sub: body.sub, name };
    },
    createPost: async ({ accessToken, authorUrn, commentary }) => {
      const res = await call(
        `${apiBase}/rest/posts`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json',
            'LinkedIn-Version': config.version,
            'X-Restli-Protocol-Version': '2.0.0',
          },
          body: JSON.stringify({
            author: authorUrn,
            commentary,
            visibility: 'PUBLIC',
            distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
            lifecycleState: 'PUBLISHED',
            isReshareDisabledByAuthor: false,
          }),
        },
        'Publishing',
      );
      if (res.status !== 201) throw await failure(res, 'Publishing');
      const id = res.headers.get('x-restli-id');
      if (!id) throw new LinkedInError('rejected', 'LinkedIn accepted the post without giving its id');
      return { id };
    },
    revoke: async ({ accessToken }) => {
      const res = await call(
        `${authBase}/oauth/v2/revoke`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            token: accessToken,
            client_id: config.clientId,
            client_secret: config.clientSecret,
          }).toString(),
        },
        'Revoking',
      );
      if (!res.ok) throw await failure(res, 'Revoking');
    },
  };
};
