import request from 'supertest';
import type { ApiKeyScope } from '@aiceo/shared/roles';
import { isRawZodMessage } from '@aiceo/shared/validation-messages';
import { randomToken, sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, seedUser, uniqueEmail } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const seedApiKey = async (orgId: string, scopes: ApiKeyScope[]): Promise<string> => {
  const key = `aiceo_${randomToken()}`;
  await t.deps.db.apiKey.create({
    data: { orgId, name: 'integration', prefix: key.slice(0, 16), keyHash: sha256(key), scopes },
  });
  return key;
};

describe('POST /api/orgs', () => {
  it('when a user creates an org with only a name, then answers 201 with a slug from the name and makes them its owner', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const name = `Café Été ${randomToken(3)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`;
    // Act
    const res = await request(t.app).post('/api/orgs').set(bearer(user.token)).send({ name });
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name, role: 'owner', memberCount: 1, plan: 'free' });
    expect(res.body.slug).toMatch(/^cafe-ete-[a-z0-9-]+$/);
    const membership = await t.deps.db.membership.findUnique({
      where: { orgId_userId: { orgId: res.body.id, userId: user.id } },
    });
    expect(membership?.role).toBe('owner');
  });

  it('when the derived slug is taken, then appends a short random suffix', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const first = await request(t.app).post('/api/orgs').set(bearer(user.token)).send({ name: 'Acme Robotics' });
    // Act
    const second = await request(t.app).post('/api/orgs').set(bearer(user.token)).send({ name: 'Acme Robotics' });
    // Assert
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.slug).toMatch(/^acme-robotics-[a-f0-9]{6}$/);
    expect(second.body.slug).not.toBe(first.body.slug);
  });

  it('when the name gives a slug too short or empty, then still makes a valid slug', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const short = await request(t.app).post('/api/orgs').set(bearer(user.token)).send({ name: 'AI' });
    const symbols = await request(t.app).post('/api/orgs').set(bearer(user.token)).send({ name: '日本' });
    // Assert
    expect(short.status).toBe(201);
    expect(short.body.slug).toMatch(/^ai-[a-f0-9]{6}$/);
    expect(symbols.status).toBe(201);
    expect(symbols.body.slug).toMatch(/^org-[a-f0-9]{6}$/);
  });

  it('when an explicit slug is taken, then answers 409 ALREADY_EXISTS and creates nothing', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const existing = await seedOrg(t.deps);
    const before = await t.deps.db.organization.count();
    // Act
    const res = await request(t.app)
      .post('/api/orgs')
      .set(bearer(user.token))
      .send({ name: 'Clash', slug: existing.slug });
    // Assert
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'ALREADY_EXISTS', requestId: expect.any(String) } });
    expect(await t.deps.db.organization.count()).toBe(before);
    expect(await t.deps.db.membership.count({ where: { userId: user.id } })).toBe(0);
  });

  it('when the name is empty and the slug malformed, then answers 400 naming both fields', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await request(t.app).post('/api/orgs').set(bearer(user.token)).send({ name: '  ', slug: 'Bad Slug!' });
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.issues.map(
      (i: { location: string; path: string }) => `${i.location}:${i.path}`,
    );
    expect(paths).toEqual(expect.arrayContaining(['body:name', 'body:slug']));
  });

  it('when nobody is signed in, then answers 401', async () => {
    const res = await request(t.app).post('/api/orgs').send({ name: 'Anon' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/orgs', () => {
  it('when a user belongs to two orgs, then lists exactly those with their role and member count', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const owned = await seedOrg(t.deps, { owner: user, name: 'Alpha owned' });
    const joined = await seedOrg(t.deps, { name: 'Beta joined' });
    await addMember(t.deps, { orgId: joined.id, role: 'member', user });
    await seedOrg(t.deps, { name: 'Gamma not mine' });
    // Act
    const res = await request(t.app).get('/api/orgs').set(bearer(user.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: owned.id, role: 'owner', memberCount: 1 }),
      expect.objectContaining({ id: joined.id, role: 'member', memberCount: 2 }),
    ]);
  });
});

describe('GET /api/orgs/:orgId', () => {
  it('when a member reads their org, then answers 200 with their role', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(member.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: org.id, name: org.name, slug: org.slug, role: 'member', memberCount: 2 });
  });

  it('when an API key with the read scope reads its org, then answers 200 with role null', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const key = await seedApiKey(org.id, ['read']);
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: org.id, role: null, memberCount: 1 });
  });

  it('when the org id is not a UUID, then answers 400 naming params.orgId', async () => {
    const user = await seedUser(t.deps);
    const res = await request(t.app).get('/api/orgs/not-a-uuid').set(bearer(user.token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'orgId' })]);
  });
});

describe('PATCH /api/orgs/:orgId', () => {
  it('when an admin renames the org and changes its slug, then answers 200 with both', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const slug = `renamed-${randomToken(4)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`;
    // Act
    const res = await request(t.app)
      .patch(`/api/orgs/${org.id}`)
      .set(bearer(admin.token))
      .send({ name: 'Renamed', slug });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', slug, role: 'admin' });
    expect(
      await t.deps.db.organization.findUnique({ where: { id: org.id }, select: { name: true, slug: true } }),
    ).toEqual({ name: 'Renamed', slug });
  });

  it('when a plain member tries, then answers 403 and changes nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await request(t.app).patch(`/api/orgs/${org.id}`).set(bearer(member.token)).send({ name: 'Hijacked' });
    // Assert
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect((await t.deps.db.organization.findUnique({ where: { id: org.id } }))?.name).toBe(org.name);
  });

  it('when the new slug belongs to another org, then answers 409 ALREADY_EXISTS', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    // Act
    const res = await request(t.app)
      .patch(`/api/orgs/${org.id}`)
      .set(bearer(org.owner.token))
      .send({ slug: other.slug });
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ALREADY_EXISTS');
    expect((await t.deps.db.organization.findUnique({ where: { id: org.id } }))?.slug).toBe(org.slug);
  });

  it('when the body changes nothing or has a bad name, then answers 400', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const empty = await request(t.app).patch(`/api/orgs/${org.id}`).set(bearer(org.owner.token)).send({});
    const badName = await request(t.app).patch(`/api/orgs/${org.id}`).set(bearer(org.owner.token)).send({ name: '' });
    // Assert
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues).toEqual([
      expect.objectContaining({ location: 'body', message: 'Change at least one field' }),
    ]);
    expect(badName.status).toBe(400);
    expect(badName.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'name' })]);
  });

  it('when an API key (even with write scope) tries, then answers 403', async () => {
    const org = await seedOrg(t.deps);
    const key = await seedApiKey(org.id, ['read', 'write']);
    const res = await request(t.app).patch(`/api/orgs/${org.id}`).set(bearer(key)).send({ name: 'By key' });
    expect(res.status).toBe(403);
  });
});

describe('plain-words validation', () => {
  it('when a create and an update carry bad fields, then each 400 names the field in a sentence', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const created = await request(t.app)
      .post('/api/orgs')
      .set(bearer(org.owner.token))
      .send({ name: 'x'.repeat(101), slug: 'ab' });
    const updated = await request(t.app)
      .patch(`/api/orgs/${org.id}`)
      .set(bearer(org.owner.token))
      .send({ fiscalYearStartMonth: 'March' });
    const lead = await request(t.app)
      .post(`/api/orgs/${org.id}/leads`)
      .set(bearer(org.owner.token))
      .send({ name: 'Ada', email: 'ada-at-example', priority: 'urgent', valueCents: 'lots' });
    // Assert
    const messages = [created, updated, lead].flatMap((res) => {
      expect(res.status).toBe(400);
      return [res.body.error.message, ...res.body.error.details.issues.map((i: { message: string }) => i.message)];
    });
    expect(messages.filter(isRawZodMessage)).toEqual([]);
    expect(created.body.error.details.issues.map((i: { message: string }) => i.message)).toEqual([
      'Name is too long: use at most 100 characters',
      'The web address needs at least 3 characters',
    ]);
    expect(lead.body.error.details.issues.map((i: { message: string }) => i.message)).toEqual(
      expect.arrayContaining([
        'Enter a valid email address',
        'Priority: choose one of: low, medium, high',
        'Value must be a number',
      ]),
    );
    expect(lead.body.error.message).toMatch(/^3 fields need attention: /);
  });
});

describe('GET /api/orgs/:orgId/deletion-preview', () => {
  it('when the owner asks, then it lists what goes with the org, counted, and leaves out kinds with none', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Preview Ltd' });
    await addMember(t.deps, { orgId: org.id, role: 'member' });
    for (const name of ['Ada', 'Grace', 'Linus'])
      expect(
        (await request(t.app).post(`/api/orgs/${org.id}/leads`).set(bearer(org.owner.token)).send({ name })).status,
      ).toBe(201);
    await seedApiKey(org.id, ['read']);
    // Act
    const res = await request(t.app).get(`/api/orgs/${org.id}/deletion-preview`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'Preview Ltd',
      items: [
        { kind: 'members', count: 2, label: '2 members' },
        { kind: 'apiKeys', count: 1, label: '1 API key' },
        { kind: 'leads', count: 3, label: '3 leads' },
      ],
    });
  });

  it('when an admin asks, then answers 403', async () => {
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const res = await request(t.app).get(`/api/orgs/${org.id}/deletion-preview`).set(bearer(admin.token));
    expect(res.status).toBe(403);
  });
});

describe('DELETE /api/orgs/:orgId', () => {
  it('when the owner deletes the org, then answers 204 and its memberships, invitations and keys are gone', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await addMember(t.deps, { orgId: org.id, role: 'member' });
    await t.deps.db.invitation.create({
      data: {
        orgId: org.id,
        email: uniqueEmail(),
        role: 'member',
        tokenHash: sha256(randomToken()),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await seedApiKey(org.id, ['read']);
    // Act
    const res = await request(t.app).delete(`/api/orgs/${org.id}`).set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(204);
    expect(await t.deps.db.organization.count({ where: { id: org.id } })).toBe(0);
    expect(await t.deps.db.membership.count({ where: { orgId: org.id } })).toBe(0);
    expect(await t.deps.db.invitation.count({ where: { orgId: org.id } })).toBe(0);
    expect(await t.deps.db.apiKey.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when an admin tries, then answers 403 and the org stays', async () => {
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const res = await request(t.app).delete(`/api/orgs/${org.id}`).set(bearer(admin.token));
    expect(res.status).toBe(403);
    expect(await t.deps.db.organization.count({ where: { id: org.id } })).toBe(1);
  });

  it('when the org id is not a UUID, then answers 400 naming params.orgId', async () => {
    const user = await seedUser(t.deps);
    const res = await request(t.app).delete('/api/orgs/123').set(bearer(user.token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'orgId' })]);
  });
});

describe('cross-organisation isolation', () => {
  it("when the owner of org A calls any route of org B, then every answer is 404 and B's data is unchanged", async () => {
    // Arrange
    const a = await seedOrg(t.deps, { name: 'Org A' });
    const b = await seedOrg(t.deps, { name: 'Org B' });
    const bMember = await addMember(t.deps, { orgId: b.id, role: 'member' });
    const bInvitation = await t.deps.db.invitation.create({
      data: {
        orgId: b.id,
        email: uniqueEmail(),
        role: 'member',
        tokenHash: sha256(randomToken()),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const snapshot = async () => ({
      org: await t.deps.db.organization.findUnique({ where: { id: b.id } }),
      memberships: await t.deps.db.membership.findMany({ where: { orgId: b.id }, orderBy: { userId: 'asc' } }),
      invitations: await t.deps.db.invitation.findMany({ where: { orgId: b.id }, orderBy: { id: 'asc' } }),
    });
    const before = await snapshot();
    const auth = bearer(a.owner.token);
    const base = `/api/orgs/${b.id}`;
    // Act
    const calls: [string, request.Test][] = [
      ['GET org', request(t.app).get(base).set(auth)],
      ['PATCH org', request(t.app).patch(base).set(auth).send({ name: 'Taken over' })],
      ['DELETE org', request(t.app).delete(base).set(auth)],
      ['GET members', request(t.app).get(`${base}/members`).set(auth)],
      ['PATCH member', request(t.app).patch(`${base}/members/${bMember.id}`).set(auth).send({ role: 'admin' })],
      ['DELETE member', request(t.app).delete(`${base}/members/${bMember.id}`).set(auth)],
      ['POST transfer', request(t.app).post(`${base}/transfer-ownership`).set(auth).send({ userId: a.owner.id })],
      ['GET invitations', request(t.app).get(`${base}/invitations`).set(auth)],
      ['POST invitation', request(t.app).post(`${base}/invitations`).set(auth).send({ email: uniqueEmail() })],
      ['DELETE invitation', request(t.app).delete(`${base}/invitations/${bInvitation.id}`).set(auth)],
      // B's member and invitation through A's own org must not be found either.
      [
        'PATCH B member via A',
        request(t.app).patch(`/api/orgs/${a.id}/members/${bMember.id}`).set(auth).send({ role: 'admin' }),
      ],
      ['DELETE B member via A', request(t.app).delete(`/api/orgs/${a.id}/members/${bMember.id}`).set(auth)],
      ['DELETE B invitation via A', request(t.app).delete(`/api/orgs/${a.id}/invitations/${bInvitation.id}`).set(auth)],
    ];
    const results = await Promise.all(calls.map(async ([label, call]) => ({ label, res: await call })));
    const list = await request(t.app).get('/api/orgs').set(auth);
    // Assert
    for (const { label, res } of results) {
      expect({ label, status: res.status, code: res.body.error?.code }).toEqual({
        label,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    expect(await snapshot()).toEqual(before);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([a.id]);
  });
});
