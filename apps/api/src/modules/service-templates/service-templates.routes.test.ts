import { monthKey } from '@aiceo/shared/plans';
import { serviceTemplateInputSchema, type ServiceTemplate } from '@aiceo/shared/proposals';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import request from 'supertest';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { templatesForProposal } from './service-templates.service';

// Offline AI mode here; the online drafts run against the fake provider further down.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/service-templates`;
const logoDesign = {
  name: 'Logo design',
  description: 'A logo and a small brand guide for new companies',
  deliverables: [
    { title: 'Mood board', dueAfterDays: 3 },
    { title: 'Three concepts', description: 'Sketches to choose from', dueAfterDays: 10 },
  ],
  pricingModel: 'fixed',
  priceMinor: 150_000,
  durationDays: 21,
};
const create = async (ctx: TestContext, org: SeededOrg, body: object) => {
  const res = await request(ctx.app).post(base(org)).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body as ServiceTemplate;
};
const aiMessagesUsed = async (ctx: TestContext, orgId: string) =>
  (await ctx.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'aiMessages' }, select: { used: true } }))
    ?.used ?? 0;

/** A proposal with one line copied from the template, as the proposals module writes it. */
const useInProposal = async (org: SeededOrg, templateId: string) => {
  const proposal = await t.deps.db.proposal.create({
    data: {
      orgId: org.id,
      number: 1,
      title: 'Branding',
      clientName: 'Dana',
      currency: 'EUR',
      validUntil: new Date('2027-01-31'),
      tokenHash: `hash-${templateId}`,
      tokenSealed: 'sealed',
    },
    select: { id: true },
  });
  const item = await t.deps.db.proposalItem.create({
    data: {
      orgId: org.id,
      proposalId: proposal.id,
      templateId,
      position: 0,
      name: 'Logo design',
      pricingModel: 'fixed',
      unitPriceMinor: 150_000n,
      quantityCenti: 100,
      amountMinor: 150_000n,
      deliverables: [],
    },
    select: { id: true },
  });
  return item.id;
};

describe('service templates (/api/orgs/:orgId/service-templates)', () => {
  it('when a member adds, lists, searches, pages, reads, changes and deletes templates, then each answer is exact and proposals keep their copy', async () => {
    // Arrange: an org in euros, and a member (not the owner) doing the work.
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { currency: 'EUR' } });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const auth = bearer(member.token);

    // Act: create three.
    const created = await request(t.app).post(base(org)).set(auth).send(logoDesign);
    // The longest name, in two-byte characters: the next page's cursor carries it.
    const copywriting = `Copywriting ${'ü'.repeat(108)}`;
    const hourly = await create(t, org, {
      name: copywriting,
      pricingModel: 'hourly',
      priceMinor: 9_000,
      defaultQuantity: 12.5,
      durationDays: 14,
    });
    const retainer = await create(t, org, {
      name: 'Bookkeeping',
      description: 'Monthly LOGO-free books, 100% on time',
      pricingModel: 'retainer',
      priceMinor: 40_000,
      defaultQuantity: 3,
      durationDays: 90,
    });

    // Assert: the stored shape, in the org's currency, with defaults filled.
    expect(created.status).toBe(201);
    const logo = created.body as ServiceTemplate;
    expect(logo).toMatchObject({
      name: 'Logo design',
      deliverables: [
        { title: 'Mood board', description: '', dueAfterDays: 3 },
        { title: 'Three concepts', description: 'Sketches to choose from', dueAfterDays: 10 },
      ],
      pricingModel: 'fixed',
      priceMinor: 150_000,
      currency: 'EUR',
      defaultQuantity: 1,
      durationDays: 21,
      usedInProposals: 0,
    });
    expect(hourly).toMatchObject({ defaultQuantity: 12.5, deliverables: [], description: '' });
    const row = await t.deps.db.serviceTemplate.findUniqueOrThrow({ where: { id: hourly.id } });
    expect(row).toMatchObject({
      orgId: org.id,
      priceMinor: 9_000n,
      defaultQuantityCenti: 1250,
      createdById: org.owner.id,
    });

    // Listed by name; q searches name and description, case-insensitively.
    const list = await request(t.app).get(base(org)).set(auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: ServiceTemplate) => i.name)).toEqual(['Bookkeeping', copywriting, 'Logo design']);
    expect(list.body.nextCursor).toBeNull();
    const search = await request(t.app)
      .get(`${base(org)}?q=logo`)
      .set(auth);
    expect(search.body.items.map((i: ServiceTemplate) => i.id)).toEqual([retainer.id, logo.id]);
    // LIKE's wildcards are characters like any other.
    const percent = await request(t.app)
      .get(`${base(org)}?q=${encodeURIComponent('0% on')}`)
      .set(auth);
    expect(percent.body.items.map((i: ServiceTemplate) => i.id)).toEqual([retainer.id]);
    const underscore = await request(t.app)
      .get(`${base(org)}?q=_`)
      .set(auth);
    expect(underscore.body.items).toEqual([]);

    // Pages of two follow each other, also when the last row of a page is deleted meanwhile.
    const first = await request(t.app)
      .get(`${base(org)}?limit=2`)
      .set(auth);
    expect(first.body.items.map((i: ServiceTemplate) => i.name)).toEqual(['Bookkeeping', copywriting]);
    await t.deps.db.serviceTemplate.delete({ where: { id: hourly.id } });
    const second = await request(t.app)
      .get(`${base(org)}?limit=2&cursor=${first.body.nextCursor as string}`)
      .set(auth);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: logo.id })], nextCursor: null });
    const stale = await request(t.app)
      .get(`${base(org)}?cursor=not-a-cursor`)
      .set(auth);
    expect(stale.status).toBe(400);
    expect(stale.body.error.message).toBe('This page link is out of date; open the list again');

    // Read one, counted in a proposal; change only the price and quantity.
    const itemId = await useInProposal(org, logo.id);
    const one = await request(t.app)
      .get(`${base(org)}/${logo.id}`)
      .set(auth);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ ...logo, usedInProposals: 1 });
    t.clock.advance(60_000);
    const changed = await request(t.app)
      .patch(`${base(org)}/${logo.id}`)
      .set(auth)
      .send({ priceMinor: 175_050, defaultQuantity: 2 });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      ...logo,
      priceMinor: 175_050,
      defaultQuantity: 2,
      usedInProposals: 1,
      updatedAt: t.clock.now().toISOString(),
    });

    // Delete: gone for good, the proposal's line stays (without the link).
    const removed = await request(t.app)
      .delete(`${base(org)}/${logo.id}`)
      .set(auth);
    expect(removed.status).toBe(204);
    expect(
      (
        await request(t.app)
          .get(`${base(org)}/${logo.id}`)
          .set(auth)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(t.app)
          .delete(`${base(org)}/${logo.id}`)
          .set(auth)
      ).status,
    ).toBe(404);
    expect(await t.deps.db.proposalItem.findUnique({ where: { id: itemId }, select: { templateId: true } })).toEqual({
      templateId: null,
    });
  });

  it('when the input is bad, then it answers 400 in plain words and stores nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);
    const template = await create(t, org, logoDesign);
    const cases: [object, string][] = [
      [{ ...logoDesign, name: '  ' }, 'Enter a name'],
      [{ ...logoDesign, pricingModel: 'weekly' }, 'Choose fixed, hourly or retainer'],
      [{ ...logoDesign, priceMinor: -1 }, 'A price cannot be negative'],
      [{ ...logoDesign, priceMinor: 10.5 }, 'Use whole minor units (cents)'],
      [{ ...logoDesign, defaultQuantity: 1.255 }, 'Use at most two decimals for a quantity'],
      [{ ...logoDesign, durationDays: 0 }, 'At least 1 day'],
      [{ ...logoDesign, deliverables: [{ title: '', dueAfterDays: 1 }] }, 'Enter a deliverable title'],
      [{ ...logoDesign, deliverables: [{ title: 'Late', dueAfterDays: -2 }] }, 'Days cannot be negative'],
    ];

    // Act + Assert
    for (const [body, message] of cases) {
      const res = await request(t.app).post(base(org)).set(auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error.details)).toContain(message);
    }
    const empty = await request(t.app)
      .patch(`${base(org)}/${template.id}`)
      .set(auth)
      .send({});
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.error.details)).toContain('Change at least one field');
    const extra = await request(t.app)
      .patch(`${base(org)}/${template.id}`)
      .set(auth)
      .send({ orgId: org.id });
    expect(extra.status).toBe(400);
    expect(await t.deps.db.serviceTemplate.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when another org asks for, changes or deletes a template, then it answers 404 and the template is unchanged', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const template = await create(t, org, logoDesign);
    const path = `${base(other)}/${template.id}`;
    const auth = bearer(other.owner.token);

    // Act
    const got = await request(t.app).get(path).set(auth);
    const changed = await request(t.app).patch(path).set(auth).send({ name: 'Stolen' });
    const removed = await request(t.app).delete(path).set(auth);
    const listed = await request(t.app).get(base(other)).set(auth);
    const intoOwn = await request(t.app)
      .get(`${base(org)}/${template.id}`)
      .set(auth);

    // Assert
    expect([got.status, changed.status, removed.status, intoOwn.status]).toEqual([404, 404, 404, 404]);
    expect(got.body.error.message).toBe('Service template not found');
    expect(listed.body.items).toEqual([]);
    expect(await t.deps.db.serviceTemplate.findUnique({ where: { id: template.id }, select: { name: true } })).toEqual({
      name: 'Logo design',
    });
    await expect(templatesForProposal(t.deps, { orgId: other.id, templateIds: [template.id] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Service template not found',
    });
  });
});

describe('templatesForProposal', () => {
  it('when ids are given in an order with a repeat, then the templates come back in that order, the repeat repeated', async () => {
    const org = await seedOrg(t.deps);
    const a = await create(t, org, logoDesign);
    const b = await create(t, org, { ...logoDesign, name: 'Another' });
    const found = await templatesForProposal(t.deps, { orgId: org.id, templateIds: [b.id, a.id, b.id] });
    expect(found.map((x) => x.id)).toEqual([b.id, a.id, b.id]);
    expect(found[1]).toEqual(a);
    expect(await templatesForProposal(t.deps, { orgId: org.id, templateIds: [] })).toEqual([]);
  });
});

describe('POST /api/orgs/:orgId/service-templates/draft (offline)', () => {
  it('when offline, then the offline writer fills a valid template from the sentence, marked offline, saving and counting nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const auth = bearer(org.owner.token);

    // Act
    const fixed = await request(t.app)
      .post(`${base(org)}/draft`)
      .set(auth)
      .send({ brief: 'we offer a 3-week website redesign for local restaurants.' });
    const retainer = await request(t.app)
      .post(`${base(org)}/draft`)
      .set(auth)
      .send({ brief: 'Monthly bookkeeping for small shops' });
    const missing = await request(t.app)
      .post(`${base(org)}/draft`)
      .set(auth)
      .send({ brief: ' ' });

    // Assert
    expect(fixed.status).toBe(200);
    expect(fixed.body.source).toBe('offline');
    const draft = fixed.body.draft;
    expect(serviceTemplateInputSchema.safeParse(draft).success).toBe(true);
    expect(draft).toMatchObject({
      name: '3-week website redesign for local restaurants',
      pricingModel: 'fixed',
      priceMinor: 0,
      defaultQuantity: 1,
      durationDays: 21,
    });
    expect(draft.description).toContain('3-week website redesign for local restaurants');
    const days = (draft.deliverables as { dueAfterDays: number }[]).map((d) => d.dueAfterDays);
    expect(days).toEqual([2, 9, 16, 21]);
    expect(retainer.body).toMatchObject({
      source: 'offline',
      draft: { name: 'Monthly bookkeeping for small shops', pricingModel: 'retainer', defaultQuantity: 3 },
    });
    expect(missing.status).toBe(400);
    expect(await t.deps.db.serviceTemplate.count({ where: { orgId: org.id } })).toBe(0);
    expect(await aiMessagesUsed(t, org.id)).toBe(0);
  });
});

describe('POST /api/orgs/:orgId/service-templates/draft (online AI)', () => {
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
  const draft = (org: SeededOrg, brief: string) =>
    request(online.app)
      .post(`${base(org)}/draft`)
      .set(bearer(org.owner.token))
      .send({ brief });

  it('when the AI answers a template, then it comes back marked ai and counts one AI message; junk or a failure falls back to the offline writer', async () => {
    // Arrange: the fake provider answers whatever the [[reply:...]] marker holds.
    const org = await seedOrg(online.deps);
    const answer = {
      name: 'SEO audit',
      description: 'A full technical audit.',
      deliverables: [
        { title: 'Crawl report', description: 'Every page checked.', dueAfterDays: 5 },
        { title: 'Fix list', dueAfterDays: 10, priority: 'high' },
      ],
      pricingModel: 'fixed',
      priceMinor: 250_000,
      defaultQuantity: 1,
      durationDays: 14,
      currency: 'USD',
    };

    // Act
    const good = await draft(org, `An SEO audit [[reply:Here you go:\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\`]]`);
    const junk = await draft(org, 'Dog walking [[reply:Sure, a great idea! {not json}]]');
    fakeAi.setMode('openai', 'server-error', { times: 1 });
    const failed = await draft(org, 'Dog walking, by the hour');

    // Assert
    expect(good.status).toBe(200);
    expect(good.body).toEqual({
      source: 'ai',
      draft: {
        ...answer,
        currency: undefined,
        deliverables: [answer.deliverables[0], { title: 'Fix list', description: '', dueAfterDays: 10 }],
      },
    });
    expect(fakeAi.requests('openai')[0]?.messages[0]?.content).toContain('minor units of USD');
    expect(junk.status).toBe(200);
    expect(junk.body).toMatchObject({ source: 'offline', draft: { pricingModel: 'fixed', priceMinor: 0 } });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      source: 'offline',
      draft: { name: 'Dog walking, by the hour', pricingModel: 'hourly' },
    });
    // The good and the junk answer came from the provider; the failed one is given back.
    expect(await aiMessagesUsed(online, org.id)).toBe(2);
  });

  it('when the AI messages of the month are used up, then it answers 402 and asks the provider nothing', async () => {
    const org = await seedOrg(online.deps);
    await online.deps.db.usageCounter.create({
      data: { orgId: org.id, month: monthKey(online.clock.now()), resource: 'aiMessages', used: 50 },
    });
    const before = fakeAi.requests('openai').length;
    const res = await draft(org, 'Logo design');
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 50, used: 50 } });
    expect(fakeAi.requests('openai')).toHaveLength(before);
    expect(await aiMessagesUsed(online, org.id)).toBe(50);
  });
});
