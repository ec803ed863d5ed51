import request from 'supertest';
import { platformEndpoints } from '@aiceo/shared/platform';
import { addMember, bearer, seedOrg, seedUser, uniqueEmail, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
let admin: SeededUser;
beforeAll(async () => {
  t = await createTestContext({ env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
  admin = await seedUser(t.deps, { isPlatformAdmin: true, name: 'Platform Admin' });
});
afterAll(() => t.close());

const asAdmin = () => ({ get: (path: string) => request(t.app).get(path).set(bearer(admin.token)) });
const issuePaths = (res: request.Response): string[] =>
  res.body.error.details.issues.map((i: { path: string }) => i.path);
const SOME_ID = '00000000-0000-4000-8000-000000000000';

describe('platform admin routes', () => {
  const routes = Object.values(platformEndpoints).map(
    (e) => [`${e.method} ${e.path}`, e.method, e.path.replace(':codeId', SOME_ID)] as const,
  );

  it.each(routes)('when %s is called anonymously, then answers 401', async (_name, method, path) => {
    // Act
    const res = await request(t.app)[method.toLowerCase() as 'get'](path).send({});
    // Assert
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it.each(routes)(
    'when %s is called by a user who is not platform admin, then answers 403',
    async (_name, method, path) => {
      // Arrange
      const user = await seedUser(t.deps);
      // Act
      const res = await request(t.app)[method.toLowerCase() as 'get'](path).set(bearer(user.token)).send({});
      // Assert
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    },
  );

  it('when an admin loses the flag, then their still-valid token is refused at once', async () => {
    // Arrange
    const former = await seedUser(t.deps, { isPlatformAdmin: true });
    await t.deps.db.user.update({ where: { id: former.id }, data: { isPlatformAdmin: false } });
    // Act
    const res = await request(t.app).get('/api/admin/settings').set(bearer(former.token));
    // Assert
    expect(res.status).toBe(403);
  });
});

describe('GET /api/admin/users', () => {
  it('when listed, then shows each user with their org count', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await seedOrg(t.deps, { owner: org.owner });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const res = await asAdmin().get(`/api/admin/users?search=${encodeURIComponent(org.owner.email)}`);
    const all = await asAdmin().get('/api/admin/users?limit=100');
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: org.owner.id,
          email: org.owner.email,
          name: 'Owner',
          isPlatformAdmin: false,
          orgCount: 2,
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
    expect(all.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: member.id, orgCount: 1 }),
        expect.objectContaining({ id: admin.id, isPlatformAdmin: true, orgCount: 0 }),
      ]),
    );
  });

  it('when paged two at a time, then the cursor walks every user exactly once', async () => {
    // Arrange
    for (let i = 0; i < 3; i++) await seedUser(t.deps);
    const total = await t.deps.db.user.count();
    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await asAdmin().get(`/api/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    // Assert
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('when searching by part of a name in another case, then finds matching users only', async () => {
    // Arrange
    const label = `zed${Date.now()}`;
    const match = await seedUser(t.deps, { name: `Zoe ${label.toUpperCase()} Smith` });
    await seedUser(t.deps, { name: 'Someone Else' });
    // Act
    const res = await asAdmin().get(`/api/admin/users?search=${label}`);
    // Assert
    expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([match.id]);
  });

  it('when limit and cursor are bad, then answers 400 naming both', async () => {
    // Act
    const res = await asAdmin().get('/api/admin/users?limit=0&cursor=abc');
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res).sort()).toEqual(['cursor', 'limit']);
  });
});

describe('GET and PATCH /api/admin/settings', () => {
  it('when private mode is switched on and off, then the settings and the signup mode follow', async () => {
    // Act
    const initial = await asAdmin().get('/api/admin/settings');
    const on = await request(t.app).patch('/api/admin/settings').set(bearer(admin.token)).send({ privateMode: true });
    const configOn = await request(t.app).get('/api/auth/config');
    const off = await request(t.app).patch('/api/admin/settings').set(bearer(admin.token)).send({ privateMode: false });
    // Assert
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ privateMode: false, privateModeForcedByEnv: false });
    expect(on.body).toEqual({ privateMode: true, privateModeForcedByEnv: false });
    expect(configOn.body).toEqual({ signupMode: 'invite_only' });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ privateMode: false, privateModeForcedByEnv: false });
    expect((await t.deps.db.platformSettings.findUniqueOrThrow({ where: { id: 1 } })).privateMode).toBe(false);
  });

  it('when privateMode is not a boolean, then answers 400 on privateMode', async () => {
    // Act
    const res = await request(t.app).patch('/api/admin/settings').set(bearer(admin.token)).send({ privateMode: 'yes' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['privateMode']);
  });
});

describe('GET and PATCH /api/admin/settings with PRIVATE_MODE=true in the environment', () => {
  let forced: TestContext;
  beforeAll(async () => {
    forced = await createTestContext({ env: { PRIVATE_MODE: 'true' } });
  });
  afterAll(() => forced.close());

  it('when the admin switches private mode off, then it stays on and says it is forced', async () => {
    // Arrange
    const boss = await seedUser(forced.deps, { isPlatformAdmin: true });
    // Act
    const res = await request(forced.app)
      .patch('/api/admin/settings')
      .set(bearer(boss.token))
      .send({ privateMode: false });
    const read = await request(forced.app).get('/api/admin/settings').set(bearer(boss.token));
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ privateMode: true, privateModeForcedByEnv: true });
    expect(read.body).toEqual({ privateMode: true, privateModeForcedByEnv: true });
  });
});

describe('POST /api/admin/invite-codes', () => {
  it('when created with defaults, then answers 201 with a random readable one-use code without expiry', async () => {
    // Act
    const res = await request(t.app).post('/api/admin/invite-codes').set(bearer(admin.token)).send({});
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      maxUses: 1,
      usedCount: 0,
      usesRemaining: 1,
      status: 'active',
      expiresAt: null,
      revokedAt: null,
      note: null,
    });
    expect(res.body.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect((await t.deps.db.inviteCode.findUniqueOrThrow({ where: { id: res.body.id } })).createdById).toBe(admin.id);
  });

  it('when created with a custom code, uses, expiry and note, then stores them (code upper-cased)', async () => {
    // Act
    const res = await request(t.app)
      .post('/api/admin/invite-codes')
      .set(bearer(admin.token))
      .send({ code: 'launch-party', maxUses: 10, expiresInDays: 7, note: ' For the launch ' });
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'LAUNCH-PARTY',
      maxUses: 10,
      usesRemaining: 10,
      note: 'For the launch',
      status: 'active',
    });
    expect(new Date(res.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 7 * 24 * 3600_000);
  });

  it('when the custom code exists (in any case), then answers 409 ALREADY_EXISTS', async () => {
    // Arrange
    await request(t.app).post('/api/admin/invite-codes').set(bearer(admin.token)).send({ code: 'TAKEN-CODE' });
    // Act
    const res = await request(t.app)
      .post('/api/admin/invite-codes')
      .set(bearer(admin.token))
      .send({ code: 'taken-code' });
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ALREADY_EXISTS');
  });

  it('when maxUses, expiresInDays and code are bad, then answers 400 naming each', async () => {
    // Act
    const res = await request(t.app)
      .post('/api/admin/invite-codes')
      .set(bearer(admin.token))
      .send({ maxUses: 0, expiresInDays: 1000, code: 'a b' });
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res).sort()).toEqual(['code', 'expiresInDays', 'maxUses']);
  });

  it('when private mode is on, then a code made here admits exactly its uses at signup', async () => {
    // Arrange
    await t.deps.db.platformSettings.upsert({
      where: { id: 1 },
      create: { id: 1, privateMode: true },
      update: { privateMode: true },
    });
    const created = await request(t.app).post('/api/admin/invite-codes').set(bearer(admin.token)).send({ maxUses: 1 });
    const signup = () =>
      request(t.app).post('/api/auth/signup').send({
        email: uniqueEmail(),
        password: 'a long enough password',
        name: 'Invitee',
        inviteCode: created.body.code,
      });
    // Act
    const first = await signup();
    const second = await signup();
    await t.deps.db.platformSettings.update({ where: { id: 1 }, data: { privateMode: false } });
    // Assert
    expect(first.status).toBe(201);
    expect(second.status).toBe(403);
    const listed = await asAdmin().get('/api/admin/invite-codes');
    expect(listed.body.items.find((c: { id: string }) => c.id === created.body.id)).toMatchObject({
      usedCount: 1,
      usesRemaining: 0,
      status: 'used_up',
    });
  });
});

describe('GET /api/admin/invite-codes', () => {
  it('when codes are active, used up, expired and revoked, then lists each with its status and uses remaining, newest first', async () => {
    // Arrange
    const now = t.clock.now();
    const make = (code: string, data: object) =>
      t.deps.db.inviteCode.create({ data: { code, maxUses: 3, ...data }, select: { id: true } });
    const active = await make('LIST-ACTIVE', { usedCount: 1, createdAt: new Date(now.getTime() + 4000) });
    const usedUp = await make('LIST-USED-UP', { usedCount: 3, createdAt: new Date(now.getTime() + 3000) });
    const expired = await make('LIST-EXPIRED', {
      expiresAt: new Date(now.getTime() - 1),
      createdAt: new Date(now.getTime() + 2000),
    });
    const revoked = await make('LIST-REVOKED', {
      revokedAt: now,
      usedCount: 3,
      createdAt: new Date(now.getTime() + 1000),
    });
    // Act
    const res = await asAdmin().get('/api/admin/invite-codes');
    // Assert
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((c: { code: string }) => c.code.startsWith('LIST-'));
    expect(
      mine.map((c: { id: string; status: string; usesRemaining: number }) => [c.id, c.status, c.usesRemaining]),
    ).toEqual([
      [active.id, 'active', 2],
      [usedUp.id, 'used_up', 0],
      [expired.id, 'expired', 0],
      [revoked.id, 'revoked', 0],
    ]);
  });
});

describe('DELETE /api/admin/invite-codes/:codeId', () => {
  it('when an active code is revoked, then answers 204, stamps it, and revoking again changes nothing', async () => {
    // Arrange
    const created = await request(t.app).post('/api/admin/invite-codes').set(bearer(admin.token)).send({ maxUses: 5 });
    // Act
    const res = await request(t.app).delete(`/api/admin/invite-codes/${created.body.id}`).set(bearer(admin.token));
    const first = await t.deps.db.inviteCode.findUniqueOrThrow({ where: { id: created.body.id } });
    t.clock.advance(1000);
    const again = await request(t.app).delete(`/api/admin/invite-codes/${created.body.id}`).set(bearer(admin.token));
    // Assert
    expect(res.status).toBe(204);
    expect(again.status).toBe(204);
    expect(first.revokedAt).not.toBeNull();
    expect((await t.deps.db.inviteCode.findUniqueOrThrow({ where: { id: created.body.id } })).revokedAt).toEqual(
      first.revokedAt,
    );
  });

  it('when the code does not exist, then answers 404', async () => {
    // Act
    const res = await request(t.app).delete(`/api/admin/invite-codes/${SOME_ID}`).set(bearer(admin.token));
    // Assert
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('when the id is not a UUID, then answers 400 on codeId', async () => {
    // Act
    const res = await request(t.app).delete('/api/admin/invite-codes/nope').set(bearer(admin.token));
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'codeId' })]);
  });
});

describe('GET /api/admin/outbox', () => {
  it('when mails are in the outbox, then lists them newest first, page by page', async () => {
    // Arrange
    const base = t.clock.now().getTime() + 24 * 3600_000;
    const to = uniqueEmail('outbox');
    for (let i = 0; i < 3; i++) {
      await t.deps.db.mailOutbox.create({
        data: { to, subject: `Mail ${i}`, text: 'hello', transport: 'outbox', createdAt: new Date(base + i * 1000) },
      });
    }
    // Act
    const first = await asAdmin().get('/api/admin/outbox?limit=2');
    const second = await asAdmin().get(`/api/admin/outbox?limit=2&cursor=${first.body.nextCursor}`);
    // Assert
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: { subject: string }) => m.subject)).toEqual(['Mail 2', 'Mail 1']);
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      to,
      subject: 'Mail 2',
      text: 'hello',
      transport: 'outbox',
      sentAt: null,
      error: null,
      createdAt: new Date(base + 2000).toISOString(),
    });
    expect(second.body.items[0].subject).toBe('Mail 0');
  });

  it('when a reset mail was requested, then it shows up in the outbox', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    await request(t.app).post('/api/auth/forgot-password').send({ email: user.email });
    // Act
    const res = await asAdmin().get('/api/admin/outbox?limit=100');
    // Assert
    expect(res.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ to: user.email, subject: 'Reset your AI CEO password' })]),
    );
  });

  it('when the limit is above 100, then answers 400 on limit', async () => {
    // Act
    const res = await asAdmin().get('/api/admin/outbox?limit=101');
    // Assert
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['limit']);
  });
});
