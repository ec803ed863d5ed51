import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body';

/**
 * A small offline LinkedIn: the OAuth 2.0 authorization page (Allow / Cancel), the token
 * endpoint (authorization_code and refresh_token grants, rotating refresh tokens), OpenID
 * userinfo, the Posts API and revoke, in LinkedIn's wire format, plus controls for tests.
 */

export type StandInMember = { sub: string; name: string };
export type ReceivedPost = {
  id: string;
  author: string;
  commentary: string;
  body: Record<string, unknown>;
  version: string;
};
export type LinkedInStandInOptions = {
  clientId: string;
  clientSecret: string;
  host?: string;
  port?: number;
  /** Lifetimes in seconds (LinkedIn's are 60 days and 365 days). */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  member?: StandInMember;
  /** Milliseconds since the epoch; tests pass their fake clock. */
  now?: () => number;
};
export type LinkedInStandIn = {
  url: string;
  port: number;
  /** The app credentials it accepts (a LinkedInStandInTarget of the API, with `url`). */
  clientId: string;
  clientSecret: string;
  posts: ReceivedPost[];
  /** Tokens revoked through /oauth/v2/revoke. */
  revoked: string[];
  /** The next `times` posts answer `status` (401, 429, 500 ...) instead of being published. */
  failNextPosts(status: number, times?: number): void;
  /** Every access token issued so far stops working (as if it had expired). */
  expireAccessTokens(): void;
  /** Every refresh token issued so far stops working. */
  expireRefreshTokens(): void;
  setTokenLifetimes(lifetimes: { accessTokenTtlSeconds?: number; refreshTokenTtlSeconds?: number }): void;
  close(): Promise<void>;
};

type Grant = { expiresAt: number; member: StandInMember; scope: string };
type PendingCode = Grant & { redirectUri: string };

const newToken = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
// The Posts API's error shape; the OAuth endpoints use `error` and `error_description`.
const apiError = (res: ServerResponse, status: number, message: string) =>
  json(res, status, { status, serviceErrorCode: status, message });
const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
  json(res, status, { error, error_description: description });
const redirect = (res: ServerResponse, location: string) => {
  res.writeHead(302, { location });
  res.end();
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const withQuery = (base: string, params: Record<string, string>) => {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
};

const consentPage = (params: URLSearchParams, member: StandInMember) => {
  const hidden = ['client_id', 'redirect_uri', 'state', 'scope']
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>LinkedIn (local stand-in)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem;border-radius:999px;border:1px solid #0a66c2;cursor:pointer}.allow{background:#0a66c2;color:#fff}.cancel{background:#fff;color:#0a66c2}</style></head>
<body><p><strong>LinkedIn (local stand-in)</strong>: nothing leaves this computer.</p>
<h1>Allow access?</h1><p>The app asks to sign you in as <strong>${escapeHtml(member.name)}</strong> and post on your behalf (${escapeHtml(params.get('scope') ?? '')}).</p>
<form method="post" action="/oauth/v2/authorization/decision">${hidden}
<button class="allow" name="decision" value="allow" type="submit">Allow</button><button class="cancel" name="decision" value="cancel" type="submit">Cancel</button></form></body></html>`;
};

export const startLinkedInStandIn = async (options: LinkedInStandInOptions): Promise<LinkedInStandIn> => {
  const now = options.now ?? (() => Date.now());
  const lifetimes = {
    access: options.accessTokenTtlSeconds ?? 60 * 86_400,
    refresh: options.refreshTokenTtlSeconds ?? 365 * 86_400,
  };
  const member = options.member ?? { sub: 'local-member-1', name: 'Local Member' };
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();
  const posts: ReceivedPost[] = [];
  const revoked: string[] = [];
  const failures: number[] = [];

  const issue = (grant: Omit<Grant, 'expiresAt'>) => {
    const accessToken = newToken('AQV');
    const refreshToken = newToken('AQX');
    accessTokens.set(accessToken, { ...grant, expiresAt: now() + lifetimes.access * 1000 });
    refreshTokens.set(refreshToken, { ...grant, expiresAt: now() + lifetimes.refresh * 1000 });
    return {
      access_token: accessToken,
      expires_in: lifetimes.access,
      refresh_token: refreshToken,
      refresh_token_expires_in: lifetimes.refresh,
      scope: grant.scope,
    };
  };

  const bearerGrant = (req: IncomingMessage): Grant | null => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const grant = token ? accessTokens.get(token) : undefined;
    return grant && grant.expiresAt > now() ? grant : null;
  };

  const decide = (res: ServerResponse, params: URLSearchParams, approve: boolean) => {
    const redirectUri = params.get('redirect_uri') ?? '';
    const state = params.get('state') ?? '';
    if (params.get('client_id') !== options.clientId || !/^https?:\/\//.test(redirectUri)) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('Unknown client_id or bad redirect_uri');
      return;
    }
    if (!approve) {
      redirect(
        res,
        withQuery(redirectUri, {
          error: 'user_cancelled_authorize',
          error_description: 'The user cancelled the authorization',
          state,
        }),
      );
      return;
    }
    const code = newToken('code');
    codes.set(code, { member, scope: params.get('scope') ?? '', redirectUri, expiresAt: now() + 30 * 60_000 });
    redirect(res, withQuery(redirectUri, { code, state }));
  };

  const handleToken = (res: ServerResponse, form: URLSearchParams) => {
    if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
      oauthError(res, 401, 'invalid_client', 'Client authentication failed');
      return;
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      // Codes are single use, like LinkedIn's.
      codes.delete(code);
      if (!pending || pending.expiresAt <= now())
        return oauthError(res, 400, 'invalid_request', 'Unable to retrieve access token: authorization code not found');
      if (pending.redirectUri !== form.get('redirect_uri'))
        return oauthError(
          res,
          400,
          'invalid_redirect_uri',
          'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code',
        );
      return json(res, 200, issue({ member: pending.member, scope: pending.scope }));
    }
    if (grantType === 'refresh_token') {
      const token = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(token);
      refreshTokens.delete(token);
      if (!grant || grant.expiresAt <= now())
        return oauthError(res, 400, 'invalid_request', 'The provided refresh token is invalid or expired');
      return json(res, 200, issue({ member: grant.member, scope: grant.scope }));
    }
    oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant_type ${grantType ?? ''}`);
  };

  const handlePost = async (req: IncomingMessage, res: ServerResponse) => {
    const grant = bearerGrant(req);
    if (!grant) return apiError(res, 401, 'Invalid access token');
    const forced = failures.shift();
    if (forced !== undefined)
      return apiError(
        res,
        forced,
        forced === 429 ? 'Resource level throttle limit reached' : `Forced failure ${forced}`,
      );
    const version = String(req.headers['linkedin-version'] ?? '');
    if (!/^\d{6}$/.test(version)) return apiError(res, 426, 'A valid LinkedIn-Version header is required');
    if (req.headers['x-restli-protocol-version'] !== '2.0.0')
      return apiError(res, 400, 'X-Restli-Protocol-Version must be 2.0.0');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return apiError(res, 400, 'The body is not JSON');
    }
    const distribution = body['distribution'] as Record<string, unknown> | undefined;
    const problems = [
      body['author'] === `urn:li:person:${grant.member.sub}` ? null : 'author must be the token owner',
      typeof body['commentary'] === 'string' && body['commentary'].length > 0 && body['commentary'].length <= 3_000
        ? null
        : 'commentary must be 1-3000 characters',
      body['visibility'] === 'PUBLIC' ? null : 'visibility must be PUBLIC',
      distribution?.['feedDistribution'] === 'MAIN_FEED' ? null : 'distribution.feedDistribution must be MAIN_FEED',
      body['lifecycleState'] === 'PUBLISHED' ? null : 'lifecycleState must be PUBLISHED',
      grant.scope.split(' ').includes('w_member_social') ? null : 'the token lacks w_member_social',
    ].filter((p) => p !== null);
    if (problems.length > 0) return apiError(res, 422, problems.join('; '));
    const id = `urn:li:share:${7_000_000_000_000_000_000n + BigInt(posts.length + 1)}`;
    posts.push({ id, author: String(body['author']), commentary: String(body['commentary']), body, version });
    res.writeHead(201, { 'x-restli-id': id, 'x-linkedin-id': id });
    res.end();
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const handle = async () => {
      switch (route) {
        case 'GET /oauth/v2/authorization': {
          if (url.searchParams.get('response_type') !== 'code')
            return oauthError(res, 400, 'invalid_request', 'response_type must be code');
          // Tests (and scripts) skip the page: auto=approve or auto=cancel decides at once.
          const auto = url.searchParams.get('auto');
          if (auto === 'approve' || auto === 'cancel') return decide(res, url.searchParams, auto === 'approve');
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(consentPage(url.searchParams, member));
          return;
        }
        case 'POST /oauth/v2/authorization/decision': {
          const form = new URLSearchParams(await readBody(req));
          return decide(res, form, form.get('decision') === 'allow');
        }
        case 'POST /oauth/v2/accessToken':
          return handleToken(res, new URLSearchParams(await readBody(req)));
        case 'POST /oauth/v2/revoke': {
          const form = new URLSearchParams(await readBody(req));
          const token = form.get('token') ?? '';
          if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret)
            return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
          accessTokens.delete(token);
          revoked.push(token);
          res.writeHead(200);
          res.end();
          return;
        }
        case 'GET /v2/userinfo': {
          const grant = bearerGrant(req);
          if (!grant) return apiError(res, 401, 'Invalid access token');
          const [given = '', ...family] = grant.member.name.split(' ');
          return json(res, 200, {
            sub: grant.member.sub,
            name: grant.member.name,
            given_name: given,
            family_name: family.join(' '),
            locale: { country: 'US', language: 'en' },
          });
        }
        case 'POST /rest/posts':
          return handlePost(req, res);
        default:
          return apiError(res, 404, `No route ${route}`);
      }
    };
    handle().catch((error: unknown) => apiError(res, 500, error instanceof Error ? error.message : 'Stand-in error'));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const expireAll = (tokens: Map<string, Grant>) => {
    for (const grant of tokens.values()) grant.expiresAt = 0;
  };
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    posts,
    revoked,
    failNextPosts: (status, times = 1) => {
      for (let i = 0; i < times; i += 1) failures.push(status);
    },
    expireAccessTokens: () => expireAll(accessTokens),
    expireRefreshTokens: () => expireAll(refreshTokens),
    setTokenLifetimes: ({ accessTokenTtlSeconds, refreshTokenTtlSeconds }) => {
      if (accessTokenTtlSeconds !== undefined) lifetimes.access = accessTokenTtlSeconds;
      if (refreshTokenTtlSeconds !== undefined) lifetimes.refresh = refreshTokenTtlSeconds;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
