import request from 'supertest';
import { monthKey } from '@aiceo/shared/plans';
import type { Project, ProjectPage, ProjectPlan } from '@aiceo/shared/projects';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { createProjectInTx, projectForClient } from './projects.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

const DAY_MS = 86_400_000;
const base = (org: SeededOrg) => `/api/orgs/${org.id}/projects`;
const as = (org: SeededOrg) => bearer(org.owner.token);
/** A day `days` from the test clock's today (UTC, the seeded org's timezone). */
const day = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString().slice(0, 10);

const create = async (org: SeededOrg, body: object) => {
  const res = await request(t.app).post(base(org)).set(as(org)).send(body);
  expect(res.status).toBe(201);
  return res.body as Project;
};
const get = async (org: SeededOrg, id: string) => {
  const res = await request(t.app)
    .get(`${base(org)}/${id}`)
    .set(as(org));
  expect(res.status).toBe(200);
  return res.body as Project;
};
const list = async (org: SeededOrg, query = '') => {
  const res = await request(t.app)
    .get(`${base(org)}${query}`)
    .set(as(org));
  expect(res.status).toBe(200);
  return res.body as ProjectPage;
};
const patchMilestone = (org: SeededOrg, project: Project, milestoneId: string, body: object) =>
  request(t.app)
    .patch(`${base(org)}/${project.id}/milestones/${milestoneId}`)
    .set(as(org))
    .send(body);
const titles = (project: Project) => project.milestones.map((m) => `${m.position}:${m.title}`);

describe('projects CRUD', () => {
  it('when projects are made, listed, filtered, paged, completed, reopened and deleted, then each answer shows it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { currency: 'EUR' } });
    const lead = await t.deps.db.lead.create({ data: { orgId: org.id, name: 'Dana Whitfield', tags: [] } });
    const strangerLead = await t.deps.db.lead.create({ data: { orgId: other.id, name: 'Stranger', tags: [] } });

    // Act: a lead of another org is as unknown as none.
    const foreign = await request(t.app).post(base(org)).set(as(org)).send({ name: 'Nope', leadId: strangerLead.id });
    const site = await create(org, {
      name: 'Website relaunch',
      clientName: 'Acme GmbH',
      leadId: lead.id,
      priority: 'high',
      budgetMinor: 500_000,
      startDate: day(0),
      dueDate: day(30),
      milestones: [
        { title: 'Kickoff', dueDate: day(2) },
        { title: 'Design', deliverables: ['Mockups'] },
      ],
    });
    t.clock.advance(1_000);
    const logo = await create(org, { name: 'Logo', clientName: 'Beta Ltd', status: 'in_progress' });
    t.clock.advance(1_000);
    const audit = await create(org, { name: 'SEO audit', clientName: 'Acme GmbH', priority: 'urgent' });

    // Assert
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Lead not found' });
    expect(site).toMatchObject({
      currency: 'EUR',
      status: 'planning',
      priority: 'high',
      leadId: lead.id,
      leadName: 'Dana Whitfield',
      budgetMinor: 500_000,
      spentMinor: 0,
      receivedMinor: 0,
      milestonesTotal: 2,
      milestonesDone: 0,
      progressPercent: 0,
      nextMilestone: { title: 'Kickoff', dueDate: day(2) },
      completedAt: null,
      transactions: [],
    });
    expect(titles(site)).toEqual(['0:Kickoff', '1:Design']);
    expect(site.publicUrl).toMatch(/\/api\/public\/projects\/[\w-]{43}$/);
    // Newest change first; filters; q matches the name or the client.
    expect((await list(org)).items.map((p) => p.name)).toEqual(['SEO audit', 'Logo', 'Website relaunch']);
    expect((await list(org, '?status=in_progress')).items.map((p) => p.id)).toEqual([logo.id]);
    expect((await list(org, '?priority=urgent')).items.map((p) => p.id)).toEqual([audit.id]);
    expect((await list(org, '?q=acme')).items.map((p) => p.id)).toEqual([audit.id, site.id]);
    expect((await list(other)).items).toEqual([]);
    const first = await list(org, '?limit=2');
    const second = await list(org, `?limit=2&cursor=${first.nextCursor ?? ''}`);
    expect([...first.items, ...second.items].map((p) => p.id)).toEqual([audit.id, logo.id, site.id]);
    expect(second.nextCursor).toBeNull();

    // Act + Assert: completing stamps completedAt; leaving the status clears it; a change moves it to the top.
    t.clock.advance(1_000);
    const done = await request(t.app)
      .patch(`${base(org)}/${site.id}`)
      .set(as(org))
      .send({ status: 'completed' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedAt: t.clock.now().toISOString() });
    expect((await list(org)).items[0]?.id).toBe(site.id);
    const reopened = await request(t.app)
      .patch(`${base(org)}/${site.id}`)
      .set(as(org))
      .send({ status: 'review', leadId: null, budgetMinor: 0 });
    expect(reopened.body).toMatchObject({ status: 'review', completedAt: null, leadId: null, budgetMinor: 0 });

    // Another org can neither read, change nor delete it.
    for (const res of [
      await request(t.app)
        .get(`${base(other)}/${site.id}`)
        .set(as(other)),
      await request(t.app)
        .patch(`${base(other)}/${site.id}`)
        .set(as(other))
        .send({ name: 'Mine' }),
      await request(t.app)
        .delete(`${base(other)}/${site.id}`)
        .set(as(other)),
      await request(t.app)
        .post(`${base(other)}/${site.id}/milestones`)
        .set(as(other))
        .send({ milestones: [{ title: 'x' }] }),
      await request(t.app)
        .delete(`${base(other)}/${site.id}/milestones/${site.milestones[0]?.id}`)
        .set(as(other)),
    ])
      expect(res.status).toBe(404);
    expect((await get(org, site.id)).milestones).toHaveLength(2);

    const removed = await request(t.app)
      .delete(`${base(org)}/${site.id}`)
      .set(as(org));
    expect(removed.status).toBe(204);
    expect(
      (
        await request(t.app)
          .get(`${base(org)}/${site.id}`)
          .set(as(org))
      ).status,
    ).toBe(404);
    expect(await t.deps.db.projectMilestone.count({ where: { projectId: site.id } })).toBe(0);
  });
});

describe('project milestones', () => {
  it('when milestones are added, ticked, moved and removed, then positions stay 0..n-1 and progress and overdue follow, with the clock moved', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const project = await create(org, {
      name: 'Brand book',
      milestones: [
        { title: 'A', dueDate: day(1) },
        { title: 'B', dueDate: day(3) },
      ],
    });

    // Act: append two, in order.
    const added = await request(t.app)
      .post(`${base(org)}/${project.id}/milestones`)
      .set(as(org))
      .send({ milestones: [{ title: 'C', dueDate: day(10) }, { title: 'D' }] });
    expect(added.status).toBe(201);
    let current = added.body as Project;
    expect(titles(current)).toEqual(['0:A', '1:B', '2:C', '3:D']);
    const id = (title: string) => current.milestones.find((m) => m.title === title)?.id ?? '';

    // Tick A done: doneAt is now, progress 25%, next is B.
    const ticked = await patchMilestone(org, current, id('A'), { done: true });
    current = ticked.body as Project;
    expect(current.milestones[0]).toMatchObject({ done: true, doneAt: t.clock.now().toISOString(), overdue: false });
    expect(current).toMatchObject({ progressPercent: 25, milestonesDone: 1, nextMilestone: { title: 'B' } });

    // Move D to the front, then C past the end (the end).
    current = (await patchMilestone(org, current, id('D'), { position: 0 })).body as Project;
    expect(titles(current)).toEqual(['0:D', '1:A', '2:B', '3:C']);
    current = (await patchMilestone(org, current, id('C'), { position: 100, title: 'C2' })).body as Project;
    expect(titles(current)).toEqual(['0:D', '1:A', '2:B', '3:C2']);
    current = (await patchMilestone(org, current, id('A'), { position: 2 })).body as Project;
    expect(titles(current)).toEqual(['0:D', '1:B', '2:A', '3:C2']);

    // Five days on, B (due in 3) is overdue and A (done, due in 1) is not.
    t.clock.advance(5 * DAY_MS);
    current = await get(org, project.id);
    expect(current.milestones.map((m) => [m.title, m.overdue])).toEqual([
      ['D', false],
      ['B', true],
      ['A', false],
      ['C2', false],
    ]);
    expect((await list(org)).items[0]).toMatchObject({ milestonesOverdue: 1, milestonesTotal: 4 });

    // Unticking clears doneAt; removing renumbers.
    current = (await patchMilestone(org, current, id('A'), { done: false })).body as Project;
    expect(current.milestones.find((m) => m.title === 'A')).toMatchObject({ done: false, doneAt: null, overdue: true });
    const removed = await request(t.app)
      .delete(`${base(org)}/${project.id}/milestones/${id('D')}`)
      .set(as(org));
    expect(removed.status).toBe(200);
    expect(titles(removed.body as Project)).toEqual(['0:B', '1:A', '2:C2']);
    current = (await patchMilestone(org, removed.body as Project, id('B'), { done: true })).body as Project;
    current = (await patchMilestone(org, current, id('A'), { done: true })).body as Project;
    expect(current).toMatchObject({ progressPercent: 66, milestonesOverdue: 0, nextMilestone: { title: 'C2' } });

    // Too many milestones: 422 and nothing added; another org's or an unknown milestone: 404.
    const tooMany = await request(t.app)
      .post(`${base(org)}/${project.id}/milestones`)
      .set(as(org))
      .send({ milestones: Array.from({ length: 98 }, (_, n) => ({ title: `M${n}` })) });
    expect(tooMany.status).toBe(422);
    expect((await get(org, project.id)).milestones).toHaveLength(3);
    const strangers = await create(other, { name: 'Theirs', milestones: [{ title: 'X' }] });
    expect((await patchMilestone(org, current, strangers.milestones[0]?.id ?? '', { done: true })).status).toBe(404);
    expect((await patchMilestone(other, current, id('B'), { done: false })).status).toBe(404);
    expect((await get(other, strangers.id)).milestones[0]?.done).toBe(false);
  });
});

describe('overdue in the org timezone', () => {
  it("when it is still the due day in UTC but already the next day in the org's timezone, then the milestone is overdue", async () => {
    // Arrange: 12:00 UTC on 10 June is 02:00 on 11 June in Kiritimati (UTC+14).
    const org = await seedOrg(t.deps);
    t.clock.set(new Date('2030-06-10T12:00:00.000Z'));
    const project = await create(org, { name: 'Tz', milestones: [{ title: 'Due today', dueDate: '2030-06-10' }] });
    expect(project.milestones[0]?.overdue).toBe(false);

    // Act
    await t.deps.db.organization.update({ where: { id: org.id }, data: { timezone: 'Pacific/Kiritimati' } });

    // Assert
    expect((await get(org, project.id)).milestones[0]?.overdue).toBe(true);
    expect((await list(org)).items[0]?.milestonesOverdue).toBe(1);
  });
});

describe('project budget vs actual', () => {
  it('when transactions are tagged, untagged and the project is deleted, then spent and received follow and the books keep the money', async () => {
    // Arrange: an account in the org currency and one in another.
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const project = await create(org, { name: 'Shop', budgetMinor: 100_000 });
    const theirs = await create(other, { name: 'Theirs' });
    const account = async (currency: string) => {
      const res = await request(t.app)
        .post(`/api/orgs/${org.id}/finance/accounts`)
        .set(as(org))
        .send({ name: `Bank ${currency}`, kind: 'bank', currency });
      expect(res.status).toBe(201);
      return res.body as { id: string };
    };
    const usd = await account('USD');
    const eur = await account('EUR');
    const tx = (body: object) =>
      request(t.app)
        .post(`/api/orgs/${org.id}/finance/transactions`)
        .set(as(org))
        .send({ date: day(0), accountId: usd.id, ...body });

    // Act
    const deposit = await tx({ amountMinor: 40_000, counterparty: 'Client', projectId: project.id });
    const hosting = await tx({ amountMinor: -2_500, counterparty: 'Host', projectId: project.id });
    const fonts = await tx({ amountMinor: -1_000, counterparty: 'Fonts', projectId: project.id });
    const foreign = await tx({ amountMinor: -9_900, accountId: eur.id, counterparty: 'EU', projectId: project.id });
    await tx({ amountMinor: -7_777, counterparty: 'Untagged' });
    const toStranger = await tx({ amountMinor: -1, projectId: theirs.id });
    const transfer = await tx({ amountMinor: 100, transferToAccountId: usd.id, projectId: project.id });

    // Assert: only tagged money in the project's currency counts; the EUR one is listed but not summed.
    expect(deposit.status).toBe(201);
    expect(deposit.body).toMatchObject({ projectId: project.id });
    expect(foreign.status).toBe(201);
    expect(toStranger.status).toBe(404);
    expect(toStranger.body.error.message).toBe('Project not found');
    expect(transfer.status).toBe(400);
    let shown = await get(org, project.id);
    expect(shown).toMatchObject({ spentMinor: 3_500, receivedMinor: 40_000, budgetMinor: 100_000 });
    expect(shown.transactions.map((row) => row.amountMinor).sort()).toEqual([-1_000, -2_500, -9_900, 40_000].sort());
    expect((await list(org)).items[0]).toMatchObject({ spentMinor: 3_500, receivedMinor: 40_000 });
    expect(await get(other, theirs.id)).toMatchObject({ spentMinor: 0, transactions: [] });

    // Untag one with PATCH; the finance get shows the tag.
    const untag = await request(t.app)
      .patch(`/api/orgs/${org.id}/finance/transactions/${(fonts.body as { id: string }).id}`)
      .set(as(org))
      .send({ projectId: null });
    expect(untag.status).toBe(200);
    expect(untag.body.projectId).toBeNull();
    const retag = await request(t.app)
      .patch(`/api/orgs/${org.id}/finance/transactions/${(fonts.body as { id: string }).id}`)
      .set(as(org))
      .send({ projectId: theirs.id });
    expect(retag.status).toBe(404);
    const read = await request(t.app)
      .get(`/api/orgs/${org.id}/finance/transactions/${(hosting.body as { id: string }).id}`)
      .set(as(org));
    expect(read.body.projectId).toBe(project.id);
    shown = await get(org, project.id);
    expect(shown).toMatchObject({ spentMinor: 2_500, receivedMinor: 40_000 });

    // Deleting the project keeps its transactions, untagged.
    expect(
      (
        await request(t.app)
          .delete(`${base(org)}/${project.id}`)
          .set(as(org))
      ).status,
    ).toBe(204);
    const kept = await t.deps.db.financeTransaction.findUniqueOrThrow({
      where: { id: (deposit.body as { id: string }).id },
      select: { projectId: true, amountMinor: true },
    });
    expect(kept).toEqual({ projectId: null, amountMinor: 40_000n });
  });
});

describe('POST /api/orgs/:orgId/projects/:projectId/plan (offline)', () => {
  it('when the AI is offline, then a five-stage plan spread over the project dates comes back, nothing is saved and no AI message is counted', async () => {
    const org = await seedOrg(t.deps);
    const project = await create(org, { name: 'App', startDate: '2030-01-01', dueDate: '2030-01-21' });
    const res = await request(t.app)
      .post(`${base(org)}/${project.id}/plan`)
      .set(as(org))
      .send({ brief: 'Mobile app' });
    expect(res.status).toBe(200);
    const plan = res.body as ProjectPlan;
    expect(plan.source).toBe('offline');
    expect(plan.milestones.map((m) => [m.title, m.dueDate])).toEqual([
      ['Kickoff', '2030-01-05'],
      ['Discovery', '2030-01-09'],
      ['Build and first draft', '2030-01-13'],
      ['Review and revisions', '2030-01-17'],
      ['Handover', '2030-01-21'],
    ]);
    expect((await get(org, project.id)).milestones).toEqual([]);
    expect(await t.deps.db.usageCounter.count({ where: { orgId: org.id, resource: 'aiMessages' } })).toBe(0);
  });
});

describe('POST /api/orgs/:orgId/projects/:projectId/plan (online AI)', () => {
  let fakeAi: FakeAi;
  let online: TestContext;
  beforeAll(async () => {
    fakeAi = await startFakeAi({ apiKey: 'test-key' });
    online = await createTestContext({
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fakeAi.baseUrlFor('openai'), AI_MAX_RETRIES: '0' },
    });
  });
  afterAll(async () => {
    await online.close();
    await fakeAi.close();
  });

  it('when the AI answers JSON, then its milestones come back inside the dates and one AI message is counted; when used up, 402', async () => {
    // Arrange
    const org = await seedOrg(online.deps);
    const made = await request(online.app)
      .post(`/api/orgs/${org.id}/projects`)
      .set(as(org))
      .send({ name: 'Rebrand', startDate: '2030-03-01', dueDate: '2030-03-31' });
    const url = `/api/orgs/${org.id}/projects/${(made.body as Project).id}/plan`;
    const milestones = [
      { title: 'Workshop', description: 'Align on values', deliverables: ['Notes'], dueDate: '2030-02-20' },
      { title: 'Concepts', deliverables: ['Three logo routes'], dueDate: '2030-03-10' },
      { title: 'Final files', description: 'All formats', dueDate: '2030-05-01' },
    ];
    const reply = `Here it is:\n${JSON.stringify(milestones)}\nThanks.`;

    // Act
    const res = await request(online.app)
      .post(url)
      .set(as(org))
      .send({ brief: `[[reply:${reply}]]` });

    // Assert: dates before the start or after the due date are pulled inside.
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      source: 'ai',
      milestones: [
        { title: 'Workshop', description: 'Align on values', deliverables: ['Notes'], dueDate: '2030-03-01' },
        { title: 'Concepts', description: '', deliverables: ['Three logo routes'], dueDate: '2030-03-10' },
        { title: 'Final files', description: 'All formats', deliverables: [], dueDate: '2030-03-31' },
      ],
    });
    expect(fakeAi.requests('openai').at(-1)?.messages[0]?.content).toContain('Reply with only a JSON array');
    const counter = { orgId: org.id, resource: 'aiMessages' as const, month: monthKey(online.clock.now()) };
    expect((await online.deps.db.usageCounter.findFirst({ where: counter }))?.used).toBe(1);

    // Act + Assert: the month's AI messages used up.
    await online.deps.db.usageCounter.updateMany({ where: counter, data: { used: 50 } });
    const blocked = await request(online.app).post(url).set(as(org)).send({});
    expect(blocked.status).toBe(402);
    expect(blocked.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
  });
});

describe('createProjectInTx and projectForClient', () => {
  it('when an acceptance makes a project in its transaction, then the client view by its token shows progress and nothing of the money', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Studio North' });
    await t.deps.db.organization.update({ where: { id: org.id }, data: { brandColor: '#112233' } });
    const proposal = await t.deps.db.proposal.create({
      data: {
        orgId: org.id,
        number: 7,
        title: 'Site',
        clientName: 'Acme',
        currency: 'USD',
        validUntil: new Date('2031-01-01'),
        tokenHash: `hash-${org.id}`,
        tokenSealed: 'x',
      },
      select: { id: true },
    });

    // Act
    const made = await t.deps.db.$transaction((tx) =>
      createProjectInTx(tx, t.deps.env, {
        orgId: org.id,
        name: 'Acme site',
        description: 'From P-7',
        clientName: 'Acme',
        clientEmail: 'ceo@acme.test',
        leadId: null,
        proposalId: proposal.id,
        budgetMinor: 250_000,
        currency: 'USD',
        startDate: day(-10),
        dueDate: day(20),
        milestones: [
          { title: 'Kickoff', description: '', deliverables: ['Call'], dueDate: day(-5) },
          { title: 'Launch', description: 'Go live', deliverables: [], dueDate: day(20) },
        ],
      }),
    );
    const token = made.publicUrl.split('/').at(-1) ?? '';
    await patchMilestone(org, await get(org, made.id), (await get(org, made.id)).milestones[1]?.id ?? '', {
      done: true,
    });
    const view = await projectForClient(t.deps, { token });

    // Assert
    expect(await get(org, made.id)).toMatchObject({ proposalId: proposal.id, proposalNumber: 7, budgetMinor: 250_000 });
    expect(view).toEqual({
      orgName: 'Studio North',
      brandColor: '#112233',
      logoUrl: '',
      name: 'Acme site',
      clientName: 'Acme',
      status: 'planning',
      statusLabel: 'Planning',
      progressPercent: 50,
      startDate: day(-10),
      dueDate: day(20),
      milestones: [
        {
          title: 'Kickoff',
          description: '',
          deliverables: ['Call'],
          dueDate: day(-5),
          done: false,
          doneAt: null,
          overdue: true,
        },
        {
          title: 'Launch',
          description: 'Go live',
          deliverables: [],
          dueDate: day(20),
          done: true,
          doneAt: expect.any(String),
          overdue: false,
        },
      ],
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(view)).not.toMatch(/250000|budget|Minor|ceo@acme/);
    expect(await projectForClient(t.deps, { token: `${token.slice(0, -1)}x` })).toBeNull();
  });
});

describe('the "project at risk" insight', () => {
  const analyze = (org: SeededOrg) => request(t.app).post(`/api/orgs/${org.id}/agentic/analyze`).set(as(org));
  type InsightBody = {
    kind: string;
    title: string;
    reason: string;
    data: Record<string, unknown>;
    actions: { kind: string }[];
  };
  const atRisk = (body: { insights: InsightBody[] }) => body.insights.filter((i) => i.kind === 'project_at_risk');

  it("when a running project has an overdue milestone, then one insight names it, once; completed, on-hold and other orgs' projects raise none", async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const late = {
      milestones: [
        { title: 'Wireframes', dueDate: day(-3) },
        { title: 'Build', dueDate: day(9) },
      ],
    };
    const running = await create(org, { name: 'Portal', status: 'in_progress', ...late });
    await create(org, { name: 'Archive', status: 'completed', ...late });
    await create(org, { name: 'Paused', status: 'on_hold', ...late });
    await create(other, { name: 'Elsewhere', status: 'in_progress', ...late });

    // Act
    const first = await analyze(org);
    const second = await analyze(org);

    // Assert
    expect(first.status).toBe(200);
    const found = atRisk(first.body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      title: 'Project Portal is at risk',
      data: {
        projectId: running.id,
        milestones: [{ milestoneId: running.milestones[0]?.id, title: 'Wireframes', dueDate: day(-3), daysLate: 3 }],
      },
      actions: [{ kind: 'warning' }],
    });
    expect(found[0]?.reason).toContain('"Wireframes" (due');
    expect(found[0]?.reason).toContain('3 days late');
    expect(atRisk(second.body)).toEqual([]);
    // Ten days on the second milestone is late too: the same risk, still one insight.
    t.clock.advance(10 * DAY_MS);
    expect(atRisk((await analyze(org)).body)).toEqual([]);
    expect(await t.deps.db.insight.count({ where: { orgId: org.id, kind: 'project_at_risk' } })).toBe(1);
    expect(await t.deps.db.task.count({ where: { orgId: org.id } })).toBe(0);

    // The other org's run sees only its own project.
    const theirs = atRisk((await analyze(other)).body);
    expect(theirs.map((i) => i.title)).toEqual(['Project Elsewhere is at risk']);
  });
});
