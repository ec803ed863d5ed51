import { monthKey } from '@aiceo/shared/plans';
import request from 'supertest';
import { createLinkedInClient } from '../../lib/linkedin-client';
import { secretBoxFor } from '../../lib/secret-box';
import { startLocalLinkedIn } from '@aiceo/stand-ins/linkedin/embedded';
import type { LinkedInStandIn } from '@aiceo/stand-ins/linkedin/stand-in';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { publishDuePosts, publishPost } from '../content/publish.service';
import { OAUTH_STATE_TTL_MS, refreshExpiringIntegrations } from './integrations.service';

// The real LinkedIn client (fetch) against the local stand-in over HTTP, with the app's clock in both.
let t: TestContext;
let standIn: LinkedInStandIn;
const FRONTEND = 'http://localhost:5173';
const HOUR = 3_600_000;

beforeAll(async () => {
  const holder: { t?: TestContext } = {};
  standIn = await startLocalLinkedIn({
    now: () => (holder.t?.clock.now() ?? new Date()).getTime(),
    member: { sub: 'abc123', name: 'Ada Lovelace' },
  });
  t = await createTestContext({
    env: {
      LINKEDIN_CLIENT_ID: standIn.clientId,
      LINKEDIN_CLIENT_SECRET: standIn.clientSecret,
      LINKEDIN_AUTH_BASE_URL: standIn.url,
      LINKEDIN_API_BASE_URL: standIn.url,
      TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
      FRONTEND_URL: FRONTEND,
    },
  });
  holder.t = t;
});
afterAll(async () => {
  await standIn.close();
  await t.close();
});

const integrationsUrl = (org: SeededOrg) => `/api/orgs/${org.id}/integrations`;
const startConnect = async (org: SeededOrg, token = org.owner.token) => {
  const res = await request(t.app)
    .post(`${integrationsUrl(org)}/linkedin/connect`)
    .set(bearer(token));
  expect(res.status).toBe(200);
  return res.body.url as string;
};
/** Follows the consent page (auto-decided) and answers the callback path LinkedIn sends the browser to. */
const consent = async (url: string, decision: 'approve' | 'cancel' = 'approve') => {
  const res = await fetch(`${url}&auto=${decision}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  return `${location.pathname}${location.search}`;
};
const callback = (path: string) => request(t.app).get(path);
const connect = async (org: SeededOrg) => {
  const back = await callback(await consent(await startConnect(org)));
  expect(back.headers.location).toBe(`${FRONTEND}/orgs/${org.id}/settings/integrations?linkedin=connected`);
};
const newPost = async (org: SeededOrg, body: object = { body: 'Shipping day!' }) => {
  const res = await request(t.app).post(`/api/orgs/${org.id}/posts`).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const publish = (org: SeededOrg, postId: string) =>
  request(t.app).post(`/api/orgs/${org.id}/posts/${postId}/publish`).set(bearer(org.owner.token));
const postsUsed = async (orgId: string) =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'posts' }, select: { used: true } }))?.used ?? 0;

describe('LinkedIn connection (OAuth 2.0 authorization code)', () => {
  it('when an admin connects and approves, then the account is stored with encrypted tokens and listed without them', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    // Act
    const url = await startConnect(org, admin.token);
    const back = await callback(await consent(url));
    const listed = await request(t.app).get(integrationsUrl(org)).set(bearer(org.owner.token));
    // Assert
    expect(new URL(url).searchParams.get('scope')).toBe('openid profile w_member_social');
    expect(back.status).toBe(302);
    expect(back.headers.location).toBe(`${FRONTEND}/orgs/${org.id}/settings/integrations?linkedin=connected`);
    expect(listed.body.items).toEqual([
      {
        provider: 'linkedin',
        connected: true,
        accountName: 'Ada Lovelace',
        expiresAt: expect.any(String),
        lastError: null,
        mode: 'local-stand-in',
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toMatch(/AQ[VX]_/);
    const row = await t.deps.db.integration.findFirstOrThrow({ where: { orgId: org.id } });
    expect(row).toMatchObject({
      externalAccountId: 'urn:li:person:abc123',
      connectedBy: admin.id,
      scopes: ['openid', 'profile', 'w_member_social'],
    });
    expect(row.accessTokenEnc).toMatch(/^v1\./);
    expect(row.accessTokenEnc).not.toContain('AQV_');
    expect(row.refreshTokenEnc).not.toContain('AQX_');
    expect(secretBoxFor(t.deps.env).open(row.accessTokenEnc)).toMatch(/^AQV_/);
  });

  it('when the member cancels on LinkedIn, then the browser goes back with linkedin=denied and nothing is stored', async () => {
    const org = await seedOrg(t.deps);
    const back = await callback(await consent(await startConnect(org), 'cancel'));
    expect(back.headers.location).toBe(`${FRONTEND}/orgs/${org.id}/settings/integrations?linkedin=denied`);
    expect(await t.deps.db.integration.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the state is unknown, used twice or older than 10 minutes, then the browser goes back with an error and nothing is stored', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const used = await consent(await startConnect(org));
    await callback(used);
    await t.deps.db.integration.deleteMany({ where: { orgId: org.id } });
    const stale = await consent(await startConnect(org));
    t.clock.advance(OAUTH_STATE_TTL_MS + 1_000);
    // Act
    const unknown = await callback('/api/integrations/linkedin/callback?code=x&state=forged');
    const missing = await callback('/api/integrations/linkedin/callback?code=x');
    const replayed = await callback(used);
    const expired = await callback(stale);
    // Assert
    expect(unknown.headers.location).toBe(`${FRONTEND}/?linkedin=invalid`);
    expect(missing.headers.location).toBe(`${FRONTEND}/?linkedin=invalid`);
    expect(replayed.headers.location).toBe(`${FRONTEND}/orgs/${org.id}/settings/integrations?linkedin=expired`);
    expect(expired.headers.location).toBe(`${FRONTEND}/orgs/${org.id}/settings/integrations?linkedin=expired`);
    expect(await t.deps.db.integration.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when a member or an API key tries to connect or disconnect, then it is 403', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const connectRes = await request(t.app)
      .post(`${integrationsUrl(org)}/linkedin/connect`)
      .set(bearer(member.token));
    const disconnectRes = await request(t.app)
      .delete(`${integrationsUrl(org)}/linkedin`)
      .set(bearer(member.token));
    const list = await request(t.app).get(integrationsUrl(org)).set(bearer(member.token));
    expect(connectRes.status).toBe(403);
    expect(disconnectRes.status).toBe(403);
    expect(list.body.items[0]).toMatchObject({ provider: 'linkedin', connected: false, accountName: null });
    expect(await t.deps.db.oAuthState.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when inputs are bad, then the org routes answer 400', async () => {
    const bad = await request(t.app)
      .post('/api/orgs/not-a-uuid/integrations/linkedin/connect')
      .set(bearer((await seedOrg(t.deps)).owner.token));
    const longState = await callback(`/api/integrations/linkedin/callback?state=${'x'.repeat(600)}`);
    expect(bad.status).toBe(400);
    expect(longState.status).toBe(400);
  });

  it('when an admin disconnects, then the token is revoked at LinkedIn and the row is gone; again is 404', async () => {
    const org = await seedOrg(t.deps);
    await connect(org);
    const token = secretBoxFor(t.deps.env).open(
      (await t.deps.db.integration.findFirstOrThrow({ where: { orgId: org.id } })).accessTokenEnc,
    );
    const first = await request(t.app)
      .delete(`${integrationsUrl(org)}/linkedin`)
      .set(bearer(org.owner.token));
    const second = await request(t.app)
      .delete(`${integrationsUrl(org)}/linkedin`)
      .set(bearer(org.owner.token));
    expect(first.status).toBe(204);
    expect(second.status).toBe(404);
    expect(standIn.revoked).toContain(token);
    expect(await t.deps.db.integration.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe('publishing to LinkedIn', () => {
  it('when a connected org publishes now, then LinkedIn receives the post and it is published with its urn, counting one post', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await connect(org);
    const postId = await newPost(org, { body: 'We just shipped v2 🚀' });
    // Act
    const res = await publish(org, postId);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'published',
      failureReason: null,
      attempts: 1,
      externalId: expect.stringMatching(/^urn:li:share:/),
    });
    const received = standIn.posts.find((p) => p.id === res.body.externalId);
    expect(received).toMatchObject({
      author: 'urn:li:person:abc123',
      commentary: 'We just shipped v2 🚀',
      version: '202411',
    });
    expect(received?.body).toMatchObject({
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    });
    expect(await postsUsed(org.id)).toBe(1);
  });

  it('when the access token expires within 5 minutes, then it is refreshed (rotating the refresh token) before publishing', async () => {
    const org = await seedOrg(t.deps);
    await connect(org);
    const before = await t.deps.db.integration.findFirstOrThrow({ where: { orgId: org.id } });
    await t.deps.db.integration.update({
      where: { id: before.id },
      data: { accessTokenExpiresAt: new Date(t.clock.now().getTime() + 60_000) },
    });
    const postId = await newPost(org);
    const res = await publish(org, postId);
    const after = await t.deps.db.integration.findFirstOrThrow({ where: { orgId: org.id } });
    expect(res.body.status).toBe('published');
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.refreshTokenEnc).not.toBe(before.refreshTokenEnc);
    expect(after.accessTokenExpiresAt.getTime()).toBeGreaterThan(t.clock.now().getTime() + 86_400_000);
  });

  it('when LinkedIn answers 401 once, then the token is refreshed and the post published; when it stays 401, then the post fails asking to reconnect', async () => {
    const org = await seedOrg(t.deps);
    await connect(org);
    const onceId = await newPost(org);
    const alwaysId = await newPost(org);
    standIn.expireAccessTokens();
    const once = await publish(org, onceId);
    standIn.failNextPosts(401, 2);
    const always = await publish(org, alwaysId);
    expect(once.body.status).toBe('published');
    expect(always.body).toMatchObject({
      status: 'failed',
      failureReason: 'LinkedIn access expired: reconnect LinkedIn',
      attempts: 1,
    });
    expect((await t.deps.db.integration.findFirstOrThrow({ where: { orgId: org.id } })).lastError).toBe(
      'LinkedIn access expired: reconnect LinkedIn',
    );
    expect(await postsUsed(org.id)).toBe(1);
  });

  it('when LinkedIn answers 429 or 500, then the post fails with a human reason, the post is given back, and a later retry works', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await connect(org);
    const postId = await newPost(org);
    // Act
    standIn.failNextPosts(429);
    const limited = await publish(org, postId);
    standIn.failNextPosts(500);
    const broken = await publish(org, postId);
    const listed = await request(t.app).get(integrationsUrl(org)).set(bearer(org.owner.token));
    const retried = await publish(org, postId);
    // Assert
    expect(limited.body).toMatchObject({
      status: 'failed',
      failureReason: 'LinkedIn rate limit, try again later',
      attempts: 1,
    });
    expect(broken.body).toMatchObject({ status: 'failed', attempts: 2 });
    expect(broken.body.failureReason).toMatch(
      /^LinkedIn is unavailable, try again later \(Publishing failed with HTTP 500/,
    );
    expect(listed.body.items[0].lastError).toMatch(/^LinkedIn is unavailable/);
    expect(retried.body).toMatchObject({ status: 'published', failureReason: null, attempts: 3 });
    expect(
      (await request(t.app).get(integrationsUrl(org)).set(bearer(org.owner.token))).body.items[0].lastError,
    ).toBeNull();
    expect(await postsUsed(org.id)).toBe(1);
  });

  it('when LinkedIn cannot be reached, then the post fails with the reason', async () => {
    const org = await seedOrg(t.deps);
    await connect(org);
    const postId = await newPost(org);
    const offline = createLinkedInClient({
      mode: 'linkedin',
      clientId: 'x',
      clientSecret: 'y',
      authBaseUrl: 'http://127.0.0.1:9',
      apiBaseUrl: 'http://127.0.0.1:9',
      version: '202411',
      redirectUri: 'http://localhost/cb',
      scopes: [],
      timeoutMs: 2_000,
    });
    const post = await publishPost({ ...t.deps, linkedin: offline }, { orgId: org.id, postId });
    expect(post).toMatchObject({ status: 'failed' });
    expect(post.failureReason).toMatch(
      /^LinkedIn is unavailable, try again later \(Publishing could not reach LinkedIn/,
    );
  });

  it('when the same post is published twice at once, then LinkedIn receives it once and the other request answers 409', async () => {
    const org = await seedOrg(t.deps);
    await connect(org);
    const postId = await newPost(org, { body: 'only once please' });
    const [first, second] = await Promise.all([publish(org, postId), publish(org, postId)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect(standIn.posts.filter((p) => p.commentary === 'only once please')).toHaveLength(1);
    expect(await postsUsed(org.id)).toBe(1);
  });

  it("when the plan's posts limit is reached, then publishing answers 402 and the post stays unpublished and untouched", async () => {
    const org = await seedOrg(t.deps);
    await connect(org);
    const postId = await newPost(org);
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: monthKey(t.clock.now()), resource: 'posts', used: 5 },
    });
    const sentBefore = standIn.posts.length;
    const res = await publish(org, postId);
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { resource: 'posts', limit: 5, used: 5 } });
    expect(
      await t.deps.db.contentPost.findUnique({ where: { id: postId }, select: { status: true, attempts: true } }),
    ).toEqual({ status: 'draft', attempts: 0 });
    expect(standIn.posts.length).toBe(sentBefore);
  });
});

describe('jobs: publishDuePosts and refreshExpiringIntegrations', () => {
  it('when two runs overlap, then each due post is published exactly once and future ones wait', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await connect(org);
    const due = await newPost(org, {
      body: 'due post',
      scheduledFor: new Date(t.clock.now().getTime() + HOUR).toISOString(),
    });
    const later = await newPost(org, {
      body: 'later post',
      scheduledFor: new Date(t.clock.now().getTime() + 5 * HOUR).toISOString(),
    });
    t.clock.advance(2 * HOUR);
    const sentBefore = standIn.posts.length;
    // Act
    const [a, b] = await Promise.all([
      publishDuePosts(t.deps, { now: t.clock.now() }),
      publishDuePosts(t.deps, { now: t.clock.now() }),
    ]);
    // Assert
    expect(standIn.posts.slice(sentBefore).filter((p) => p.commentary === 'due post')).toHaveLength(1);
    expect(a.published + b.published).toBe(1);
    const rows = await t.deps.db.contentPost.findMany({ where: { orgId: org.id }, select: { id: true, status: true } });
    expect(rows.find((r) => r.id === due)?.status).toBe('published');
    expect(rows.find((r) => r.id === later)?.status).toBe('scheduled');
  });

  it('when a due post belongs to an org without LinkedIn, then it ends failed with the reason instead of being lost', async () => {
    const org = await seedOrg(t.deps);
    const postId = await newPost(org, {
      body: 'orphan',
      scheduledFor: new Date(t.clock.now().getTime() + 60_000).toISOString(),
    });
    t.clock.advance(120_000);
    await publishDuePosts(t.deps, { now: t.clock.now() });
    const row = await t.deps.db.contentPost.findUniqueOrThrow({ where: { id: postId } });
    expect(row).toMatchObject({
      status: 'failed',
      failureReason: 'LinkedIn is not connected: connect LinkedIn, then publish again',
      attempts: 1,
    });
    expect(await postsUsed(org.id)).toBe(0);
  });

  it('when tokens expire within a day, then the job refreshes them; a dead refresh token is kept as lastError', async () => {
    // Arrange
    const fresh = await seedOrg(t.deps);
    const dead = await seedOrg(t.deps);
    await connect(fresh);
    await connect(dead);
    const soon = new Date(t.clock.now().getTime() + 2 * HOUR);
    await t.deps.db.integration.updateMany({
      where: { orgId: { in: [fresh.id, dead.id] } },
      data: { accessTokenExpiresAt: soon },
    });
    await t.deps.db.integration.updateMany({
      where: { orgId: dead.id },
      data: { refreshTokenExpiresAt: new Date(t.clock.now().getTime() - 1_000) },
    });
    // Act
    const outcome = await refreshExpiringIntegrations(t.deps, { now: t.clock.now() });
    // Assert
    expect(outcome.refreshed).toBeGreaterThanOrEqual(1);
    const freshRow = await t.deps.db.integration.findFirstOrThrow({ where: { orgId: fresh.id } });
    const deadRow = await t.deps.db.integration.findFirstOrThrow({ where: { orgId: dead.id } });
    expect(freshRow.accessTokenExpiresAt.getTime()).toBeGreaterThan(soon.getTime());
    expect(deadRow.lastError).toBe('LinkedIn access expired: reconnect LinkedIn');
    const listed = await request(t.app).get(integrationsUrl(dead)).set(bearer(dead.owner.token));
    expect(listed.body.items[0]).toMatchObject({ lastError: 'LinkedIn access expired: reconnect LinkedIn' });
  });
});
