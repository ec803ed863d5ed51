import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { updateAiSettings } from '../ai/ai-settings.service';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

// Offline AI mode and no LinkedIn connection: publishing itself is covered in linkedin.flow.test.ts.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { AI_OFFLINE_WORD_DELAY_MS: '0' } });
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/posts`;
const inHours = (hours: number) => new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
const newPost = async (org: SeededOrg, body: object = { body: 'Hello LinkedIn' }) => {
  const res = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string };
};

describe('POST /api/orgs/:orgId/posts', () => {
  it('when a member writes a post without a time, then it is a draft; with a future time, then it is scheduled', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const at = inHours(3);
    // Act
    const draft = await request(t.app)
      .post(base(org))
      .set(bearer(member.token))
      .send({ title: 'Launch', body: 'We launched' });
    const scheduled = await request(t.app)
      .post(base(org))
      .set(bearer(member.token))
      .send({ body: 'Later', scheduledFor: at });
    // Assert
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      title: 'Launch',
      body: 'We launched',
      status: 'draft',
      scheduledFor: null,
      createdBy: member.id,
      attempts: 0,
      channel: 'linkedin',
    });
    expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduledFor: at, title: '' });
  });

  it('when the time is in the past or the body is bad, then it answers 400 and stores nothing', async () => {
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const past = await request(t.app)
      .post(base(org))
      .set(auth)
      .send({ body: 'x', scheduledFor: inHours(-1) });
    const empty = await request(t.app).post(base(org)).set(auth).send({ body: '   ' });
    const long = await request(t.app)
      .post(base(org))
      .set(auth)
      .send({ body: 'x'.repeat(3_001) });
    const badDate = await request(t.app).post(base(org)).set(auth).send({ body: 'x', scheduledFor: 'tomorrow' });
    for (const res of [past, empty, long, badDate]) expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(past.body.error.details.issues[0].path).toBe('scheduledFor');
    expect(await t.deps.db.contentPost.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe('GET /api/orgs/:orgId/posts', () => {
  it('when a range is asked, then every post whose calendar date falls in it comes back unpaged, filtered by status', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const soon = await newPost(org, { body: 'soon', scheduledFor: inHours(24) });
    const far = await newPost(org, { body: 'far', scheduledFor: inHours(24 * 40) });
    const draft = await newPost(org, { body: 'draft today' });
    const from = inHours(-1);
    const to = inHours(24 * 30);
    // Act
    const all = await request(t.app).get(base(org)).query({ from, to, limit: 1 }).set(bearer(org.owner.token));
    const scheduledOnly = await request(t.app)
      .get(base(org))
      .query({ from, to, status: 'scheduled' })
      .set(bearer(org.owner.token));
    // Assert
    expect(all.status).toBe(200);
    expect(all.body.items.map((p: { id: string }) => p.id).sort()).toEqual([soon.id, draft.id].sort());
    expect(all.body.nextCursor).toBeNull();
    expect(scheduledOnly.body.items.map((p: { id: string }) => p.id)).toEqual([soon.id]);
    expect(all.body.items.map((p: { id: string }) => p.id)).not.toContain(far.id);
  });

  it('when no range is asked, then posts come in pages, newest first', async () => {
    const org = await seedOrg(t.deps);
    const first = await newPost(org, { body: 'one' });
    t.clock.advance(1_000);
    const second = await newPost(org, { body: 'two' });
    const page1 = await request(t.app).get(base(org)).query({ limit: 1 }).set(bearer(org.owner.token));
    const page2 = await request(t.app)
      .get(base(org))
      .query({ limit: 1, cursor: page1.body.nextCursor })
      .set(bearer(org.owner.token));
    expect(page1.body.items.map((p: { id: string }) => p.id)).toEqual([second.id]);
    expect(page2.body.items.map((p: { id: string }) => p.id)).toEqual([first.id]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('when the range is too long, reversed or half given, or the status unknown, then it answers 400', async () => {
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const tooLong = await request(t.app)
      .get(base(org))
      .query({ from: inHours(0), to: inHours(24 * 63) })
      .set(auth);
    const reversed = await request(t.app)
      .get(base(org))
      .query({ from: inHours(5), to: inHours(1) })
      .set(auth);
    const half = await request(t.app)
      .get(base(org))
      .query({ from: inHours(0) })
      .set(auth);
    const status = await request(t.app).get(base(org)).query({ status: 'lost' }).set(auth);
    const limit = await request(t.app).get(base(org)).query({ limit: 0 }).set(auth);
    const cursor = await request(t.app).get(base(org)).query({ cursor: 'not-a-uuid' }).set(auth);
    for (const res of [tooLong, reversed, half, status, limit, cursor]) expect(res.status).toBe(400);
  });
});

describe('GET, PATCH and DELETE /api/orgs/:orgId/posts/:postId', () => {
  it('when a post is dragged to another day, then it is rescheduled; when unscheduled, then it is a draft again', async () => {
    const org = await seedOrg(t.deps);
    const post = await newPost(org, { body: 'x', scheduledFor: inHours(2) });
    const at = inHours(50);
    const moved = await request(t.app)
      .patch(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token))
      .send({ scheduledFor: at });
    const edited = await request(t.app)
      .patch(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token))
      .send({ title: 'T', body: 'New body' });
    const unscheduled = await request(t.app)
      .patch(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token))
      .send({ scheduledFor: null });
    const read = await request(t.app)
      .get(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token));
    expect(moved.body).toMatchObject({ status: 'scheduled', scheduledFor: at });
    expect(edited.body).toMatchObject({ title: 'T', body: 'New body', status: 'scheduled' });
    expect(unscheduled.body).toMatchObject({ status: 'draft', scheduledFor: null });
    expect(read.body).toMatchObject({ id: post.id, title: 'T', status: 'draft' });
  });

  it('when a post is published, then editing and deleting it answer 409 and it stays', async () => {
    const org = await seedOrg(t.deps);
    const post = await newPost(org);
    await t.deps.db.contentPost.update({
      where: { id: post.id },
      data: { status: 'published', publishedAt: t.clock.now(), externalId: 'urn:li:share:1' },
    });
    const edit = await request(t.app)
      .patch(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token))
      .send({ body: 'changed' });
    const remove = await request(t.app)
      .delete(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token));
    const publish = await request(t.app)
      .post(`${base(org)}/${post.id}/publish`)
      .set(bearer(org.owner.token));
    expect(edit.status).toBe(409);
    expect(remove.status).toBe(409);
    expect(publish.status).toBe(409);
    expect(await t.deps.db.contentPost.findUnique({ where: { id: post.id }, select: { body: true } })).toEqual({
      body: 'Hello LinkedIn',
    });
  });

  it('when a draft is deleted, then it is gone and a second delete is 404', async () => {
    const org = await seedOrg(t.deps);
    const post = await newPost(org);
    const first = await request(t.app)
      .delete(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token));
    const second = await request(t.app)
      .delete(`${base(org)}/${post.id}`)
      .set(bearer(org.owner.token));
    expect(first.status).toBe(204);
    expect(second.status).toBe(404);
  });

  it('when inputs are bad, then get, update, delete and publish answer 400', async () => {
    const org = await seedOrg(t.deps);
    const post = await newPost(org);
    const auth = bearer(org.owner.token);
    const badId = await request(t.app)
      .get(`${base(org)}/not-a-uuid`)
      .set(auth);
    const emptyPatch = await request(t.app)
      .patch(`${base(org)}/${post.id}`)
      .set(auth)
      .send({});
    const pastPatch = await request(t.app)
      .patch(`${base(org)}/${post.id}`)
      .set(auth)
      .send({ scheduledFor: inHours(-2) });
    const badDelete = await request(t.app)
      .delete(`${base(org)}/123`)
      .set(auth);
    const badPublish = await request(t.app)
      .post(`${base(org)}/123/publish`)
      .set(auth);
    for (const res of [badId, emptyPatch, pastPatch, badDelete, badPublish]) expect(res.status).toBe(400);
  });

  it('when an API key with only read scope tries to write, then it is 403; with write scope it can', async () => {
    const org = await seedOrg(t.deps);
    const readKey = `aiceo_read${org.id.slice(0, 6)}_secret-${org.id}`;
    const writeKey = `aiceo_writ${org.id.slice(0, 6)}_secret-${org.id}`;
    await t.deps.db.apiKey.create({
      data: { orgId: org.id, name: 'r', prefix: readKey.slice(0, 14), keyHash: sha256(readKey), scopes: ['read'] },
    });
    await t.deps.db.apiKey.create({
      data: {
        orgId: org.id,
        name: 'w',
        prefix: writeKey.slice(0, 14),
        keyHash: sha256(writeKey),
        scopes: ['read', 'write'],
      },
    });
    const refused = await request(t.app).post(base(org)).set(bearer(readKey)).send({ body: 'x' });
    const allowed = await request(t.app).post(base(org)).set(bearer(writeKey)).send({ body: 'x' });
    expect(refused.status).toBe(403);
    expect(allowed.status).toBe(201);
    expect(allowed.body.createdBy).toBeNull();
  });
});

describe('POST /api/orgs/:orgId/posts/:postId/publish', () => {
  it('when LinkedIn is not connected, then it answers 409 "Connect LinkedIn first" and the post is unchanged', async () => {
    const org = await seedOrg(t.deps);
    const post = await newPost(org);
    const res = await request(t.app)
      .post(`${base(org)}/${post.id}/publish`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('Connect LinkedIn first');
    expect(
      await t.deps.db.contentPost.findUnique({ where: { id: post.id }, select: { status: true, attempts: true } }),
    ).toEqual({ status: 'draft', attempts: 0 });
  });
});

describe('POST /api/orgs/:orgId/posts/draft', () => {
  it('when offline, then it answers a marked template built from the brief and the org settings, and saves nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Acme Bakery' });
    await updateAiSettings(t.deps, {
      orgId: org.id,
      userId: org.owner.id,
      input: {
        name: 'Atlas',
        personality: 'coachty',
        customPersonality: null,
        industry: 'food',
        companyDescription: 'we bake sourdough daily',
        goals: ['open a second shop'],
        tone: '',
      },
    });
    // Act
    const res = await request(t.app)
      .post(`${base(org)}/draft`)
      .set(bearer(org.owner.token))
      .send({ brief: 'our new rye loaf is out', tone: 'warm' });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.provider).toBe('offline');
    expect(res.body.title).toBe('Our new rye loaf is out');
    expect(res.body.body).toMatch(/^\[Template:/);
    expect(res.body.body).toContain('Acme Bakery');
    expect(res.body.body).toContain('food');
    expect(res.body.body).toContain('open a second shop');
    expect(await t.deps.db.contentPost.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the brief is missing or too short, then it answers 400', async () => {
    const org = await seedOrg(t.deps);
    const missing = await request(t.app)
      .post(`${base(org)}/draft`)
      .set(bearer(org.owner.token))
      .send({});
    const short = await request(t.app)
      .post(`${base(org)}/draft`)
      .set(bearer(org.owner.token))
      .send({ brief: 'a' });
    expect(missing.status).toBe(400);
    expect(short.status).toBe(400);
  });
});
