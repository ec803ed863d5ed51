import request from 'supertest';
import { playbookOf } from '@aiceo/shared/playbooks';
import { addMember, bearer, seedOrg, seedUser, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { draftTaskWithThemes } from '../content/content.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

let orgCounter = 0;
const createOrg = async (user: SeededUser, body: Record<string, unknown>) =>
  request(t.app)
    .post('/api/orgs')
    .set(bearer(user.token))
    .send({ name: `Org ${++orgCounter}`, ...body });

const changeOf = (res: request.Response, field: string) =>
  (res.body.changes as { field: string; outcome: string; detail: string }[]).find((c) => c.field === field);

const categoryNames = async (orgId: string) =>
  (await t.deps.db.financeCategory.findMany({ where: { orgId }, select: { name: true } })).map((c) => c.name).sort();

describe('POST /api/orgs with a playbook', () => {
  it('when a user creates an org as a café, then one request sets persona, tone, stage names, themes, categories and suggestions', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const cafe = playbookOf('cafe_restaurant');
    // Act
    const res = await createOrg(user, { name: 'Blue Door Café', playbook: 'cafe_restaurant' });
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      playbook: 'cafe_restaurant',
      stageLabels: { new: 'Enquiry', qualified: 'Tasting booked', proposal: 'Quote sent', won: 'Booked' },
    });
    const orgId: string = res.body.id;
    const settings = await t.deps.db.aiSettings.findUniqueOrThrow({ where: { orgId } });
    expect(settings).toMatchObject({
      personality: 'custom',
      customPersonality: cafe.customPersonality,
      tone: cafe.tone,
      industry: 'Food and drink',
      contentThemes: cafe.contentThemes,
      goals: cafe.suggestedGoals.map((g) => g.title),
    });
    expect(settings.companyDescription).toContain('Blue Door Café');
    expect(await categoryNames(orgId)).toEqual(cafe.financeCategories.map((c) => c.name).sort());
    const playbook = await request(t.app).get(`/api/orgs/${orgId}/playbook`).set(bearer(user.token));
    expect(playbook.status).toBe(200);
    expect(playbook.body.playbook.key).toBe('cafe_restaurant');
    expect(playbook.body.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'new',
      'contacted',
      'qualified',
      'proposal',
      'won',
      'lost',
    ]);
    expect(playbook.body.suggestedGoals).toHaveLength(cafe.suggestedGoals.length);
    expect(playbook.body.suggestedGoals.every((g: { added: boolean }) => !g.added)).toBe(true);
    expect(playbook.body.financeCategories.every((c: { present: boolean }) => c.present)).toBe(true);
    const settingsRes = await request(t.app).get(`/api/orgs/${orgId}/ai/settings`).set(bearer(user.token));
    expect(settingsRes.body.contentThemes).toEqual(cafe.contentThemes);
  });

  it('when writing the playbook fails half way, then nothing of the org is left (one transaction)', async () => {
    // Arrange: the first finance category of an org with this name fails to insert
    const user = await seedUser(t.deps);
    await t.deps.database.query(`CREATE OR REPLACE FUNCTION test_playbook_boom() RETURNS trigger AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM "Organization" o WHERE o.id = NEW."orgId" AND o.name = 'Boom Bistro') THEN
          RAISE EXCEPTION 'boom';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await t.deps.database.query(
      `CREATE TRIGGER test_playbook_boom BEFORE INSERT ON "FinanceCategory" FOR EACH ROW EXECUTE FUNCTION test_playbook_boom()`,
    );
    try {
      // Act
      const res = await createOrg(user, { name: 'Boom Bistro', playbook: 'cafe_restaurant' });
      // Assert
      expect(res.status).toBe(500);
      expect(await t.deps.db.organization.count({ where: { name: 'Boom Bistro' } })).toBe(0);
      expect(await t.deps.db.membership.count({ where: { userId: user.id } })).toBe(0);
    } finally {
      await t.deps.database.query('DROP TRIGGER test_playbook_boom ON "FinanceCategory"');
    }
  });

  it('when no playbook is given, then the org starts with the default stage names and no AI settings written', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await createOrg(user, {});
    // Assert
    expect(res.status).toBe(201);
    expect(res.body.playbook).toBeNull();
    expect(res.body.stageLabels).toEqual({
      new: 'New',
      contacted: 'Contacted',
      qualified: 'Qualified',
      proposal: 'Proposal',
      won: 'Won',
      lost: 'Lost',
    });
    expect(await t.deps.db.aiSettings.count({ where: { orgId: res.body.id } })).toBe(0);
  });

  it('when the playbook is not one of the eight, then it is 400 in plain words and creates nothing', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    // Act
    const res = await createOrg(user, { name: 'Bad Playbook Ltd', playbook: 'bakery' });
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({ path: 'playbook' });
    expect(res.body.error.details.issues[0].message).toContain('cafe_restaurant');
    expect(await t.deps.db.organization.count({ where: { name: 'Bad Playbook Ltd' } })).toBe(0);
  });
});

describe('POST /api/orgs/:orgId/playbook', () => {
  it('when another playbook is applied, then what the owner wrote is kept and the rest follows the new playbook', async () => {
    // Arrange: a consultancy whose owner chose HustleBot, wrote a tone and renamed one stage
    const user = await seedUser(t.deps);
    const created = await createOrg(user, { playbook: 'consultancy' });
    const orgId: string = created.body.id;
    const saved = await request(t.app)
      .put(`/api/orgs/${orgId}/ai/settings`)
      .set(bearer(user.token))
      .send({ name: 'Atlas', personality: 'hustlebot', industry: 'Consulting', tone: 'Short sentences.' });
    expect(saved.status).toBe(200);
    const renamed = await request(t.app)
      .put(`/api/orgs/${orgId}/stage-labels`)
      .set(bearer(user.token))
      .send({ labels: { ...created.body.stageLabels, qualified: 'Deep dive' } });
    expect(renamed.status).toBe(200);
    // Act
    const res = await request(t.app)
      .post(`/api/orgs/${orgId}/playbook`)
      .set(bearer(user.token))
      .send({ playbook: 'agency' });
    // Assert
    expect(res.status).toBe(200);
    expect(changeOf(res, 'personality')).toMatchObject({ outcome: 'unchanged' }); // agency is HustleBot too
    expect(changeOf(res, 'tone')).toMatchObject({ outcome: 'kept' });
    expect(changeOf(res, 'industry')).toMatchObject({ outcome: 'set' });
    // The saved form sent no description or goals: empty fields are filled.
    expect(changeOf(res, 'companyDescription')).toMatchObject({ outcome: 'set' });
    expect(changeOf(res, 'contentThemes')).toMatchObject({ outcome: 'set' });
    expect(changeOf(res, 'stageLabels')).toMatchObject({ outcome: 'set' });
    expect(changeOf(res, 'stageLabels')?.detail).toContain('Deep dive');
    expect(changeOf(res, 'financeCategories')).toMatchObject({ outcome: 'set' });
    const settings = await t.deps.db.aiSettings.findUniqueOrThrow({ where: { orgId } });
    expect(settings).toMatchObject({
      personality: 'hustlebot',
      tone: 'Short sentences.',
      industry: 'Creative and marketing agency',
      contentThemes: playbookOf('agency').contentThemes,
    });
    const org = await t.deps.db.organization.findUniqueOrThrow({ where: { id: orgId } });
    expect(org.playbook).toBe('agency');
    expect(res.body.current.stageLabels).toEqual({
      new: 'New brief',
      contacted: 'Intro call',
      qualified: 'Deep dive',
      proposal: 'Pitch',
      won: 'Signed',
      lost: 'Lost',
    });
    // Nothing is deleted: the consultancy's categories stay next to the agency's.
    const names = await categoryNames(orgId);
    expect(names).toEqual(expect.arrayContaining(['Consulting fees', 'Retainers', 'Freelancers', 'Project fees']));
  });

  it('when the owner saved a custom persona and description before any playbook, then applying one keeps them', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await request(t.app)
      .put(`/api/orgs/${org.id}/ai/settings`)
      .set(bearer(org.owner.token))
      .send({ name: 'Ada', personality: 'luxuryscaler', companyDescription: 'We bake sourdough.' })
      .expect(200);
    // Act
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/playbook`)
      .set(bearer(org.owner.token))
      .send({ playbook: 'coaching' });
    // Assert
    expect(res.status).toBe(200);
    expect(changeOf(res, 'personality')).toMatchObject({ outcome: 'kept' });
    expect(changeOf(res, 'companyDescription')).toMatchObject({ outcome: 'kept' });
    expect(changeOf(res, 'tone')).toMatchObject({ outcome: 'set' });
    const settings = await t.deps.db.aiSettings.findUniqueOrThrow({ where: { orgId: org.id } });
    expect(settings).toMatchObject({
      name: 'Ada',
      personality: 'luxuryscaler',
      companyDescription: 'We bake sourdough.',
      tone: playbookOf('coaching').tone,
    });
  });

  it('when the same playbook is applied twice, then the second time changes nothing and adds no duplicates', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const created = await createOrg(user, { playbook: 'saas' });
    const before = await categoryNames(created.body.id);
    // Act
    const res = await request(t.app)
      .post(`/api/orgs/${created.body.id}/playbook`)
      .set(bearer(user.token))
      .send({ playbook: 'saas' });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.changes.map((c: { outcome: string }) => c.outcome)).toEqual(Array(8).fill('unchanged'));
    expect(await categoryNames(created.body.id)).toEqual(before);
  });

  it('when a member applies a playbook, renames stages or sets themes, then it is 403 and nothing changes', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const created = await createOrg(user, { playbook: 'coaching' });
    const orgId: string = created.body.id;
    const member = await addMember(t.deps, { orgId, role: 'member' });
    // Act
    const apply = await request(t.app)
      .post(`/api/orgs/${orgId}/playbook`)
      .set(bearer(member.token))
      .send({ playbook: 'saas' });
    const rename = await request(t.app)
      .put(`/api/orgs/${orgId}/stage-labels`)
      .set(bearer(member.token))
      .send({ labels: { new: 'Fresh' } });
    const themes = await request(t.app)
      .put(`/api/orgs/${orgId}/content-themes`)
      .set(bearer(member.token))
      .send({ themes: ['Cats'] });
    const read = await request(t.app).get(`/api/orgs/${orgId}/playbook`).set(bearer(member.token));
    // Assert
    expect([apply.status, rename.status, themes.status]).toEqual([403, 403, 403]);
    expect(read.status).toBe(200);
    expect(read.body.playbook.key).toBe('coaching');
    expect(read.body.stageLabels.new).toBe('Enquiry');
    expect(read.body.contentThemes).toEqual(playbookOf('coaching').contentThemes);
  });

  it('when one org applies a playbook and renames stages, then another org of the same owner is unaffected', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const a = await createOrg(user, { playbook: 'other' });
    const b = await createOrg(user, { playbook: 'other' });
    const bCategories = await categoryNames(b.body.id);
    // Act
    await request(t.app)
      .post(`/api/orgs/${a.body.id}/playbook`)
      .set(bearer(user.token))
      .send({ playbook: 'cafe_restaurant' })
      .expect(200);
    await request(t.app)
      .put(`/api/orgs/${a.body.id}/stage-labels`)
      .set(bearer(user.token))
      .send({ labels: { won: 'Party booked' } })
      .expect(200);
    // Assert
    const bOrg = await request(t.app).get(`/api/orgs/${b.body.id}`).set(bearer(user.token));
    expect(bOrg.body).toMatchObject({ playbook: 'other', stageLabels: { won: 'Won', qualified: 'Qualified' } });
    expect(await categoryNames(b.body.id)).toEqual(bCategories);
    const bSettings = await t.deps.db.aiSettings.findUniqueOrThrow({ where: { orgId: b.body.id } });
    expect(bSettings.contentThemes).toEqual(playbookOf('other').contentThemes);
  });
});

describe('PUT /api/orgs/:orgId/stage-labels', () => {
  it('when an admin renames stages, then every org read shows the names and leads keep their stored stage', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    await t.deps.db.lead.create({ data: { orgId: org.id, name: 'Pat', stage: 'qualified' } });
    // Act
    const res = await request(t.app)
      .put(`/api/orgs/${org.id}/stage-labels`)
      .set(bearer(admin.token))
      .send({ labels: { new: '  First   hello ', qualified: 'Tasting booked' } });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.stageLabels).toMatchObject({ new: 'First hello', qualified: 'Tasting booked', won: 'Won' });
    const read = await request(t.app).get(`/api/orgs/${org.id}`).set(bearer(org.owner.token));
    expect(read.body.stageLabels.qualified).toBe('Tasting booked');
    const list = await request(t.app).get('/api/orgs').set(bearer(org.owner.token));
    expect(list.body.items.find((o: { id: string }) => o.id === org.id).stageLabels.new).toBe('First hello');
    const leads = await request(t.app).get(`/api/orgs/${org.id}/leads`).set(bearer(org.owner.token));
    expect(leads.body.items[0].stage).toBe('qualified');
    const stored = await t.deps.db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(stored.stageLabels).toEqual({ new: 'First hello', qualified: 'Tasting booked' });
  });

  it('when every stage gets its default name back, then nothing is stored', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const created = await createOrg(user, { playbook: 'agency' });
    // Act
    const res = await request(t.app)
      .put(`/api/orgs/${created.body.id}/stage-labels`)
      .set(bearer(user.token))
      .send({ labels: {} });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.stageLabels.new).toBe('New');
    const stored = await t.deps.db.organization.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.stageLabels).toBeNull();
  });

  it.each([
    ['two stages share a name (case aside)', { new: 'Booked', won: 'booked' }, 'labels.won', 'already the name'],
    ['a stage takes the default name of another', { new: 'Won' }, 'labels.won', 'already the name'],
    ['a name is too long', { new: 'x'.repeat(31) }, 'labels.new', '30 characters'],
    ['a name has markup', { new: '<b>Hot</b>' }, 'labels.new', 'plain words'],
    ['a name is blank', { lost: '   ' }, 'labels.lost', 'Give the stage a name'],
    ['a stage does not exist', { closed: 'Closed' }, 'labels', ''],
  ])('when %s, then it is 400 naming the field and nothing changes', async (_case, labels, path, words) => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await request(t.app)
      .put(`/api/orgs/${org.id}/stage-labels`)
      .set(bearer(org.owner.token))
      .send({ labels });
    // Assert
    expect(res.status).toBe(400);
    const issue = res.body.error.details.issues.find((i: { path: string }) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue.message).toContain(words);
    const stored = await t.deps.db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(stored.stageLabels).toBeNull();
  });
});

describe('PUT /api/orgs/:orgId/content-themes', () => {
  it('when an admin sets themes, then the AI settings show them and saving the AI form without themes keeps them', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await request(t.app)
      .put(`/api/orgs/${org.id}/content-themes`)
      .set(bearer(org.owner.token))
      .send({ themes: ['Sourdough science', 'Meet the bakers'] });
    await request(t.app)
      .put(`/api/orgs/${org.id}/ai/settings`)
      .set(bearer(org.owner.token))
      .send({ name: 'Atlas', personality: 'coachty' })
      .expect(200);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body.contentThemes).toEqual(['Sourdough science', 'Meet the bakers']);
    const settings = await request(t.app).get(`/api/orgs/${org.id}/ai/settings`).set(bearer(org.owner.token));
    expect(settings.body.contentThemes).toEqual(['Sourdough science', 'Meet the bakers']);
  });

  it('when the AI settings form sends themes, then they are saved; duplicates or too many are 400', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const put = (contentThemes: string[]) =>
      request(t.app)
        .put(`/api/orgs/${org.id}/ai/settings`)
        .set(bearer(org.owner.token))
        .send({ name: 'Atlas', personality: 'coachty', contentThemes });
    // Act
    const ok = await put(['Menus', 'Events']);
    const dup = await put(['Menus', 'menus']);
    const many = await put(Array.from({ length: 9 }, (_, i) => `Theme ${i}`));
    // Assert
    expect(ok.status).toBe(200);
    expect(ok.body.contentThemes).toEqual(['Menus', 'Events']);
    expect(dup.status).toBe(400);
    expect(many.status).toBe(400);
    const settings = await t.deps.db.aiSettings.findUniqueOrThrow({ where: { orgId: org.id } });
    expect(settings.contentThemes).toEqual(['Menus', 'Events']);
  });

  it('when drafting a post, then the themes go to the AI as guidance', () => {
    expect(draftTaskWithThemes(['Seasonal menus', 'Live music'])).toContain('Seasonal menus; Live music');
    expect(draftTaskWithThemes([])).not.toContain('themes');
  });
});

describe('GET /api/orgs/:orgId/playbook suggested goals', () => {
  it('when a suggested goal is added through the goal endpoint, then the suggestion reads as added', async () => {
    // Arrange
    const user = await seedUser(t.deps);
    const created = await createOrg(user, { playbook: 'local_services' });
    const orgId: string = created.body.id;
    const before = await request(t.app).get(`/api/orgs/${orgId}/playbook`).set(bearer(user.token));
    const suggestion = before.body.suggestedGoals[0];
    // Act
    const goal = await request(t.app)
      .post(`/api/orgs/${orgId}/goals`)
      .set(bearer(user.token))
      .send({
        title: suggestion.title,
        description: suggestion.description,
        metric: suggestion.metric,
        target: suggestion.target,
        targetDate: new Date(t.clock.now().getTime() + suggestion.days * 86_400_000).toISOString(),
      });
    const after = await request(t.app).get(`/api/orgs/${orgId}/playbook`).set(bearer(user.token));
    // Assert
    expect(goal.status).toBe(201);
    expect(after.body.suggestedGoals[0]).toMatchObject({ title: suggestion.title, added: true });
    expect(after.body.suggestedGoals.slice(1).every((g: { added: boolean }) => !g.added)).toBe(true);
  });
});

describe('GET /api/playbooks', () => {
  it('when a signed-in user lists playbooks, then the eight come back with "other" last; signed out is 401', async () => {
    const user = await seedUser(t.deps);
    const res = await request(t.app).get('/api/playbooks').set(bearer(user.token));
    const anonymous = await request(t.app).get('/api/playbooks');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { key: string }) => p.key)).toEqual([
      'consultancy',
      'agency',
      'online_shop',
      'local_services',
      'saas',
      'coaching',
      'cafe_restaurant',
      'other',
    ]);
    expect(anonymous.status).toBe(401);
  });
});
