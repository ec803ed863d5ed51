import request from 'supertest';
import type { ApiKeyScope } from '@aiceo/shared/roles';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, seedUser, type SeededOrg, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const zeroDay = { membersJoined: 0, signIns: 0, apiCalls: 0 };

describe('GET /api/orgs/:orgId/activity', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
  const daysAgo = (n: number): Date => new Date(t.clock.now().getTime() - n * DAY_MS);

  /** Runs `fn` with the fake clock `n` days back, then puts it back. Access tokens keep working: they are checked against real time. */
  const atDaysAgo = async (n: number, fn: () => Promise<unknown>): Promise<void> => {
    t.clock.advance(-n * DAY_MS);
    try {
      await fn();
    } finally {
      t.clock.advance(n * DAY_MS);
    }
  };

  const createKey = async (org: SeededOrg, scopes: ApiKeyScope[] = ['read']): Promise<string> => {
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/api-keys`)
      .set(bearer(org.owner.token))
      .send({ name: 'Integration', scopes });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };

  /** `count` API calls with `key` through the real app. */
  const callWithKey = async (org: SeededOrg, key: string, count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const res = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key));
      expect(res.status).toBe(200);
    }
  };

  const login = async (user: SeededUser): Promise<void> => {
    const res = await request(t.app).post('/api/auth/login').send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
  };

  /** Places a membership on a given day (seeding stamps it with the database's now). */
  const joinedAt = (org: SeededOrg, user: SeededUser, at: Date) =>
    t.deps.db.membership.update({
      where: { orgId_userId: { orgId: org.id, userId: user.id } },
      data: { createdAt: at },
    });

  const activity = (org: SeededOrg, token: string, query = '') =>
    request(t.app).get(`/api/orgs/${org.id}/activity${query}`).set(bearer(token));

  it('when activity is spread over several days, then each day counts members joined, sign-ins and API calls, and the totals count what is there now', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await joinedAt(org, org.owner, daysAgo(10));
    await joinedAt(org, admin, daysAgo(2));
    await joinedAt(org, member, t.clock.now());
    const key = await createKey(org);
    const revokedKey = await createKey(org);
    await t.deps.db.apiKey.updateMany({
      where: { orgId: org.id, keyHash: sha256(revokedKey) },
      data: { revokedAt: t.clock.now() },
    });
    const inFuture = new Date(t.clock.now().getTime() + DAY_MS);
    await t.deps.db.invitation.createMany({
      data: [
        {
          orgId: org.id,
          email: 'pending@example.test',
          role: 'member',
          tokenHash: sha256(`p-${org.id}`),
          expiresAt: inFuture,
        },
        {
          orgId: org.id,
          email: 'expired@example.test',
          role: 'member',
          tokenHash: sha256(`e-${org.id}`),
          expiresAt: daysAgo(1),
        },
        {
          orgId: org.id,
          email: 'accepted@example.test',
          role: 'member',
          tokenHash: sha256(`a-${org.id}`),
          expiresAt: inFuture,
          acceptedAt: daysAgo(1),
        },
      ],
    });
    await atDaysAgo(2, async () => {
      await login(org.owner);
      await login(member);
      await callWithKey(org, key, 3);
    });
    await login(member);
    await callWithKey(org, key, 2);

    // Act
    const res = await activity(org, org.owner.token, '?days=7');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.days).toBe(7);
    expect(res.body.totals).toEqual({ members: 3, admins: 2, pendingInvitations: 1, activeApiKeys: 1 });
    expect(res.body.series).toEqual([
      { date: dayOf(daysAgo(6)), ...zeroDay },
      { date: dayOf(daysAgo(5)), ...zeroDay },
      { date: dayOf(daysAgo(4)), ...zeroDay },
      { date: dayOf(daysAgo(3)), ...zeroDay },
      { date: dayOf(daysAgo(2)), membersJoined: 1, signIns: 2, apiCalls: 3 },
      { date: dayOf(daysAgo(1)), ...zeroDay },
      { date: dayOf(t.clock.now()), membersJoined: 1, signIns: 1, apiCalls: 2 },
    ]);
    const usage = await t.deps.db.apiUsageDaily.findMany({
      where: { orgId: org.id },
      orderBy: { day: 'asc' },
      select: { day: true, calls: true },
    });
    expect(usage.map((u) => ({ day: dayOf(u.day), calls: u.calls }))).toEqual([
      { day: dayOf(daysAgo(2)), calls: 3 },
      { day: dayOf(t.clock.now()), calls: 2 },
    ]);
  });

  it('when the range is wide enough, then a member who joined 10 days ago is on that day', async () => {
    const org = await seedOrg(t.deps);
    await joinedAt(org, org.owner, daysAgo(10));
    const res = await activity(org, org.owner.token, '?days=30');
    expect(res.status).toBe(200);
    expect(res.body.series).toHaveLength(30);
    expect(res.body.series[19]).toEqual({ date: dayOf(daysAgo(10)), membersJoined: 1, signIns: 0, apiCalls: 0 });
  });

  it('when nothing happened in the range, then every day is there with zeros, oldest first and ending today, over 30 days by default', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await joinedAt(org, org.owner, daysAgo(60));

    // Act
    const res = await activity(org, org.owner.token);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.days).toBe(30);
    expect(res.body.totals).toEqual({ members: 1, admins: 1, pendingInvitations: 0, activeApiKeys: 0 });
    expect(res.body.series).toEqual(
      Array.from({ length: 30 }, (_, i) => ({ date: dayOf(daysAgo(29 - i)), ...zeroDay })),
    );
  });

  it('when days is 90, then the series has 90 days', async () => {
    const org = await seedOrg(t.deps);
    const res = await activity(org, org.owner.token, '?days=90');
    expect(res.status).toBe(200);
    expect(res.body.series).toHaveLength(90);
    expect(res.body.series[0].date).toBe(dayOf(daysAgo(89)));
  });

  it.each([['3'], ['91'], ['7.5'], ['abc'], ['']])(
    'when days is "%s", then answers 400 naming query.days',
    async (days) => {
      const org = await seedOrg(t.deps);
      const res = await activity(org, org.owner.token, `?days=${days}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        requestId: expect.any(String),
        details: { issues: [{ location: 'query', path: 'days', message: expect.any(String) }] },
      });
    },
  );

  it('when a plain member or a read-scoped API key asks, then it answers 200', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const key = await createKey(org, ['read']);
    expect((await activity(org, member.token)).status).toBe(200);
    const byKey = await activity(org, key, '?days=7');
    expect(byKey.status).toBe(200);
    // The key's own request is an API call of today.
    expect(byKey.body.series.at(-1)).toMatchObject({ date: dayOf(t.clock.now()), apiCalls: 1 });
  });

  it('when an API key has only the write scope, then it answers 403; with no token, 401; for a non-member, 404', async () => {
    const org = await seedOrg(t.deps);
    const writeKey = await createKey(org, ['write']);
    const stranger = await seedUser(t.deps);
    const forbidden = await activity(org, writeKey);
    const anonymous = await request(t.app).get(`/api/orgs/${org.id}/activity`);
    const outsider = await activity(org, stranger.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    expect(anonymous.status).toBe(401);
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('NOT_FOUND');
  });

  it("when another org has members, sign-ins and API calls, then none of them count in this org's activity", async () => {
    // Arrange: org A, and org B with its own member, key and activity today
    const a = await seedOrg(t.deps);
    const b = await seedOrg(t.deps);
    const bMember = await addMember(t.deps, { orgId: b.id, role: 'member' });
    await joinedAt(a, a.owner, daysAgo(40));
    await joinedAt(b, b.owner, t.clock.now());
    await joinedAt(b, bMember, t.clock.now());
    const bKey = await createKey(b);
    await login(b.owner);
    await login(bMember);
    await callWithKey(b, bKey, 4);
    // B's key on A's activity is refused, and counted as B's call, not A's.
    const probe = await activity(a, bKey);

    // Act
    const res = await activity(a, a.owner.token, '?days=7');

    // Assert
    expect(probe.status).toBe(404);
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ members: 1, admins: 1, pendingInvitations: 0, activeApiKeys: 0 });
    expect(res.body.series.at(-1)).toEqual({ date: dayOf(t.clock.now()), ...zeroDay });
    expect(await t.deps.db.apiUsageDaily.findMany({ where: { orgId: a.id } })).toEqual([]);
    const bToday = (await activity(b, b.owner.token, '?days=7')).body.series.at(-1);
    expect(bToday).toEqual({ date: dayOf(t.clock.now()), membersJoined: 2, signIns: 2, apiCalls: 5 });
  });

  it('when a member leaves, then their sign-ins no longer count (only current members do)', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    await login(member);
    const before = await activity(org, org.owner.token, '?days=7');
    await t.deps.db.membership.delete({ where: { orgId_userId: { orgId: org.id, userId: member.id } } });
    const after = await activity(org, org.owner.token, '?days=7');
    expect(before.body.series.at(-1).signIns).toBe(1);
    expect(after.body.series.at(-1).signIns).toBe(0);
  });

  it('when a new user signs up and joins, then the signup counts as a sign-in', async () => {
    const org = await seedOrg(t.deps);
    const email = `joiner-${org.id}@example.test`;
    const signup = await request(t.app)
      .post('/api/auth/signup')
      .send({ email, password: 'correct horse battery', name: 'Joiner' });
    expect(signup.status).toBe(201);
    await t.deps.db.membership.create({ data: { orgId: org.id, userId: signup.body.user.id, role: 'member' } });
    const res = await activity(org, org.owner.token, '?days=7');
    expect(await t.deps.db.loginEvent.count({ where: { userId: signup.body.user.id } })).toBe(1);
    expect(res.body.series.at(-1).signIns).toBe(1);
  });

  it('when 20 requests with one API key run at once, then exactly 20 calls are counted', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const key = await createKey(org);

    // Act
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => request(t.app).get(`/api/orgs/${org.id}`).set(bearer(key))),
    );

    // Assert
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    const usage = await t.deps.db.apiUsageDaily.findMany({ where: { orgId: org.id }, select: { calls: true } });
    expect(usage).toEqual([{ calls: 20 }]);
    expect((await activity(org, org.owner.token, '?days=7')).body.series.at(-1).apiCalls).toBe(20);
  });

  it('when calls straddle UTC midnight on the clock, then each is counted on its own UTC day', async () => {
    const org = await seedOrg(t.deps);
    const key = await createKey(org);
    const saved = t.clock.now();
    try {
      t.clock.set(new Date('2026-03-01T23:59:59.999Z'));
      await callWithKey(org, key, 1);
      t.clock.advance(1);
      await callWithKey(org, key, 2);
    } finally {
      t.clock.set(saved);
    }
    const usage = await t.deps.db.apiUsageDaily.findMany({
      where: { orgId: org.id },
      orderBy: { day: 'asc' },
      select: { day: true, calls: true },
    });
    expect(usage).toEqual([
      { day: new Date('2026-03-01T00:00:00.000Z'), calls: 1 },
      { day: new Date('2026-03-02T00:00:00.000Z'), calls: 2 },
    ]);
  });
});
