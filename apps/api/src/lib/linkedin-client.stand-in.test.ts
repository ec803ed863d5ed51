import { startLocalLinkedIn } from '@aiceo/stand-ins/linkedin/embedded';
import type { LinkedInStandIn } from '@aiceo/stand-ins/linkedin/stand-in';
import { createLinkedInClient, LinkedInError } from './linkedin-client';

// The stand-in on its own, driven by the real client: what a person clicking through it would see.
let standIn: LinkedInStandIn;
const REDIRECT = 'http://localhost:5173/api/integrations/linkedin/callback';
const clientFor = (url: string, clientSecret: string = standIn.clientSecret) =>
  createLinkedInClient({
    mode: 'local-stand-in',
    clientId: standIn.clientId,
    clientSecret,
    authBaseUrl: url,
    apiBaseUrl: url,
    version: '202411',
    redirectUri: REDIRECT,
    scopes: ['openid', 'profile', 'w_member_social'],
  });

beforeAll(async () => {
  standIn = await startLocalLinkedIn();
});
afterAll(() => standIn.close());

const codeFromPage = async (decision: 'allow' | 'cancel') => {
  const client = clientFor(standIn.url);
  const page = await fetch(client.authorizeUrl({ state: 'st-1' }));
  const html = await page.text();
  expect(html).toContain('>Allow</button>');
  expect(html).toContain('>Cancel</button>');
  const form = new URLSearchParams({
    client_id: standIn.clientId,
    redirect_uri: REDIRECT,
    state: 'st-1',
    scope: 'openid profile w_member_social',
    decision,
  });
  const res = await fetch(`${standIn.url}/oauth/v2/authorization/decision`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  return new URL(res.headers.get('location') ?? '');
};

describe('LinkedIn stand-in', () => {
  it('when the person clicks Allow, then the redirect carries a code that exchanges once for tokens, and refresh tokens rotate', async () => {
    // Arrange
    const client = clientFor(standIn.url);
    const back = await codeFromPage('allow');
    const code = back.searchParams.get('code') ?? '';
    // Act
    const tokens = await client.exchangeCode({ code });
    const again = client.exchangeCode({ code });
    const renewed = await client.refresh({ refreshToken: tokens.refreshToken ?? '' });
    const reused = client.refresh({ refreshToken: tokens.refreshToken ?? '' });
    // Assert
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(tokens).toMatchObject({ expiresIn: 60 * 86_400, scopes: ['openid', 'profile', 'w_member_social'] });
    await expect(again).rejects.toBeInstanceOf(LinkedInError);
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    await expect(reused).rejects.toMatchObject({ kind: 'rejected', status: 400 });
    expect(await client.userinfo({ accessToken: renewed.accessToken })).toEqual({
      sub: 'local-member-1',
      name: 'Local Member',
    });
  });

  it('when the person clicks Cancel, then the redirect carries error=user_cancelled_authorize and the state', async () => {
    const back = await codeFromPage('cancel');
    expect(back.searchParams.get('error')).toBe('user_cancelled_authorize');
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('when the client secret is wrong or a post lacks the version header, then it is refused like LinkedIn does', async () => {
    const back = await codeFromPage('allow');
    await expect(
      clientFor(standIn.url, 'wrong').exchangeCode({ code: back.searchParams.get('code') ?? '' }),
    ).rejects.toMatchObject({ status: 401 });
    const tokens = await clientFor(standIn.url).exchangeCode({
      code: (await codeFromPage('allow')).searchParams.get('code') ?? '',
    });
    const res = await fetch(`${standIn.url}/rest/posts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.accessToken}`,
        'content-type': 'application/json',
        'X-Restli-Protocol-Version': '2.0.0',
      },
      body: JSON.stringify({
        author: 'urn:li:person:local-member-1',
        commentary: 'x',
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED' },
        lifecycleState: 'PUBLISHED',
      }),
    });
    expect(res.status).toBe(426);
    const unauthenticated = await fetch(`${standIn.url}/rest/posts`, { method: 'POST', body: '{}' });
    expect(unauthenticated.status).toBe(401);
  });
});
