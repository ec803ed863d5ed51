import request from 'supertest';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

type Step = { key: string; title: string; detail: string; done: boolean };
type Body = { dismissed: boolean; complete: boolean; doneCount: number; total: number; steps: Step[] };

const DAY_MS = 86_400_000;
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const path = (org: SeededOrg) => `/api/orgs/${org.id}/onboarding`;
const read = async (org: SeededOrg, token = org.owner.token) => {
  const res = await request(t.app).get(path(org)).set(bearer(token));
  expect(res.status).toBe(200);
  return res.body as Body;
};
const stepOf = (body: Body, key: string) => {
  const step = body.steps.find((s) => s.key === key);
  if (!step) throw new Error(`no step ${key}`);
  return step;
};
const later = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS);

/** Every kind of data that completes a step, for one org. */
const completeEverything = async (org: SeededOrg) => {
  const { db } = t.deps;
  await db.aiSettings.create({
    data: {
      orgId: org.id,
      name: 'Atlas',
      personality: 'coachty',
      companyDescription: 'We fix bikes.',
      goals: [],
      contentThemes: [],
    },
  });
  await db.lead.createMany({
    data: [1, 2, 3].map((n) => ({ orgId: org.id, name: `Lead ${n}`, stage: 'new' as const, tags: [] })),
  });
  await db.integration.create({
    data: {
      orgId: org.id,
      provider: 'linkedin',
      accountName: 'Owner',
      externalAccountId: 'urn:li:person:abc',
      accessTokenEnc: 'sealed',
      accessTokenExpiresAt: later(30),
      scopes: [],
    },
  });
  await db.financeImport.create({
    data: {
      orgId: org.id,
      fileName: 'march.csv',
      content: Buffer.from('date,amount\n'),
      status: 'committed',
      detected: {},
      totals: {},
      duplicates: [],
      rejected: [],
      importedCount: 12,
      committedAt: t.clock.now(),
    },
  });
  await addMember(t.deps, { orgId: org.id, role: 'member' });
  await db.goal.create({ data: { orgId: org.id, title: 'Ten new clients' } });
};

describe('GET /api/orgs/:orgId/onboarding', () => {
  it('when the organisation is new, then it shows 0 of 6 steps in order, each saying what is missing', async () => {
    const org = await seedOrg(t.deps);

    const body = await read(org);

    expect(body).toMatchObject({ dismissed: false, complete: false, doneCount: 0, total: 6 });
    expect(body.steps.map((s) => [s.key, s.done, s.detail])).toEqual([
      ['describe', false, 'Not described yet'],
      ['leads', false, 'No leads yet'],
      ['linkedin', false, 'Not connected yet'],
      ['bank', false, 'No statement imported yet'],
      ['teammate', false, 'Just you so far'],
      ['goal', false, 'No goal yet'],
    ]);
    expect(stepOf(body, 'describe').title).toBe('Describe your business or choose a playbook');
  });

  it('when the data of each step appears, then that step turns done with its count in words, until all 6 are', async () => {
    const org = await seedOrg(t.deps);

    await completeEverything(org);
    const body = await read(org);

    expect(body).toMatchObject({ complete: true, doneCount: 6, total: 6 });
    expect(body.steps.map((s) => [s.key, s.done, s.detail])).toEqual([
      ['describe', true, 'Your AI CEO knows what the company does'],
      ['leads', true, '3 leads'],
      ['linkedin', true, 'Connected'],
      ['bank', true, '1 statement imported'],
      ['teammate', true, '1 teammate'],
      ['goal', true, '1 goal'],
    ]);
  });

  it('when the org chose a playbook, or only invited someone, then those steps count as done', async () => {
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { playbook: 'consultancy' } });
    const invite = await request(t.app)
      .post(`/api/orgs/${org.id}/invitations`)
      .set(bearer(org.owner.token))
      .send({ email: 'new.hire@example.test', role: 'member' });
    expect(invite.status).toBe(201);

    const body = await read(org);

    expect(stepOf(body, 'describe')).toMatchObject({ done: true, detail: 'The consultancy playbook is chosen' });
    expect(stepOf(body, 'teammate')).toMatchObject({ done: true, detail: '1 invitation waiting' });
    expect(body.doneCount).toBe(2);
  });

  it('when the data is not there yet in the sense that counts, then the step stays open', async () => {
    // Arrange: an empty description, an expired LinkedIn token that cannot be renewed, a statement
    // still in preview, a revoked and an expired invitation.
    const org = await seedOrg(t.deps);
    const { db } = t.deps;
    await db.aiSettings.create({
      data: {
        orgId: org.id,
        name: 'Atlas',
        personality: 'coachty',
        companyDescription: '   ',
        goals: [],
        contentThemes: [],
      },
    });
    await db.integration.create({
      data: {
        orgId: org.id,
        provider: 'linkedin',
        externalAccountId: 'urn:li:person:old',
        accessTokenEnc: 'sealed',
        accessTokenExpiresAt: later(-1),
        scopes: [],
      },
    });
    await db.financeImport.create({
      data: {
        orgId: org.id,
        fileName: 'april.csv',
        content: Buffer.from('x'),
        detected: {},
        totals: {},
        duplicates: [],
        rejected: [],
      },
    });
    await db.invitation.createMany({
      data: [
        {
          orgId: org.id,
          email: 'a@example.test',
          role: 'member',
          tokenHash: `r-${org.id}`,
          expiresAt: later(5),
          revokedAt: t.clock.now(),
        },
        { orgId: org.id, email: 'b@example.test', role: 'member', tokenHash: `e-${org.id}`, expiresAt: later(-1) },
      ],
    });

    const body = await read(org);

    expect(body.doneCount).toBe(0);
    expect(stepOf(body, 'linkedin').detail).toBe('Access expired: reconnect');
  });

  it("when another organisation has every step's data, then none of it counts here", async () => {
    const busy = await seedOrg(t.deps);
    await completeEverything(busy);
    const fresh = await seedOrg(t.deps);

    const body = await read(fresh);

    expect(body.doneCount).toBe(0);
    expect((await read(busy)).doneCount).toBe(6);
  });

  it('when a member reads it, then it answers 200; when a stranger does, then 404 or 403 and nothing leaks', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const stranger = await seedOrg(t.deps);

    const mine = await read(org, member.token);
    const theirs = await request(t.app).get(path(org)).set(bearer(stranger.owner.token));

    expect(stepOf(mine, 'teammate').done).toBe(true);
    expect([403, 404]).toContain(theirs.status);
    expect(theirs.body.steps).toBeUndefined();
  });
});

describe('PATCH /api/orgs/:orgId/onboarding', () => {
  it('when the owner puts it away and brings it back, then dismissed follows and is stored on the org', async () => {
    const org = await seedOrg(t.deps);

    const off = await request(t.app).patch(path(org)).set(bearer(org.owner.token)).send({ dismissed: true });
    const stored = await t.deps.db.organization.findUniqueOrThrow({
      where: { id: org.id },
      select: { onboardingDismissedAt: true },
    });
    const afterOff = await read(org);
    const on = await request(t.app).patch(path(org)).set(bearer(org.owner.token)).send({ dismissed: false });

    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ dismissed: true, doneCount: 0, total: 6 });
    expect(stored.onboardingDismissedAt).toEqual(t.clock.now());
    expect(afterOff.dismissed).toBe(true);
    expect(on.status).toBe(200);
    expect(on.body.dismissed).toBe(false);
    expect((await read(org)).dismissed).toBe(false);
  });

  it('when an admin puts it away, then it is put away', async () => {
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });

    const res = await request(t.app).patch(path(org)).set(bearer(admin.token)).send({ dismissed: true });

    expect(res.status).toBe(200);
    expect(res.body.dismissed).toBe(true);
  });

  it('when a member tries to put it away, then 403 and it stays', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });

    const res = await request(t.app).patch(path(org)).set(bearer(member.token)).send({ dismissed: true });

    expect(res.status).toBe(403);
    expect((await read(org)).dismissed).toBe(false);
  });

  it('when dismissed is missing or not a boolean, then 400 in words', async () => {
    const org = await seedOrg(t.deps);

    const res = await request(t.app).patch(path(org)).set(bearer(org.owner.token)).send({ dismissed: 'yes' });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
