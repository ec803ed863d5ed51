import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { leadScore } from '@aiceo/shared/leads';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/leads`;
const createLead = async (org: SeededOrg, body: object) => {
  const res = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; score: number };
};
const storedScoreMatches = async (leadId: string) => {
  const row = await t.deps.db.lead.findUniqueOrThrow({ where: { id: leadId } });
  return row.score === leadScore(row).score;
};
const apiKeyFor = async (orgId: string, scopes: ('read' | 'write')[]) => {
  const key = `aiceo_${randomBytes(4).toString('hex')}_secret-${orgId}`;
  await t.deps.db.apiKey.create({
    data: { orgId, name: `key ${scopes.join(',')}`, prefix: key.slice(0, 14), keyHash: sha256(key), scopes },
  });
  return key;
};

describe('lead values and the org currency', () => {
  it('when the org changes its currency to EUR, then lead values and the pipeline say EUR', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Zoe', valueCents: 250_000 });
    const before = await request(t.app)
      .get(`${base(org)}/${lead.id}`)
      .set(bearer(org.owner.token));
    const changed = await request(t.app)
      .patch(`/api/orgs/${org.id}`)
      .set(bearer(org.owner.token))
      .send({ currency: 'eur', timezone: 'Europe/Berlin', fiscalYearStartMonth: 4 });
    const after = await request(t.app)
      .get(`${base(org)}/${lead.id}`)
      .set(bearer(org.owner.token));
    const pipeline = await request(t.app)
      .get(`${base(org)}/pipeline`)
      .set(bearer(org.owner.token));
    expect(before.body).toMatchObject({ valueCents: 250_000, currency: 'USD' });
    expect(changed.body).toMatchObject({ currency: 'EUR', timezone: 'Europe/Berlin', fiscalYearStartMonth: 4 });
    expect(after.body).toMatchObject({ valueCents: 250_000, currency: 'EUR' });
    expect(pipeline.body.currency).toBe('EUR');
  });

  it.each([
    [{ currency: 'EURO' }, 'currency'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ fiscalYearStartMonth: 13 }, 'fiscalYearStartMonth'],
  ])('when the money settings are %j, then it is 400 naming %s', async (body, field) => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app).patch(`/api/orgs/${org.id}`).set(bearer(org.owner.token)).send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain(field);
  });
});

describe('leads CRUD', () => {
  it('when a member creates, reads, changes and deletes a lead, then each answer reflects it and the stored score follows', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const auth = bearer(member.token);
    // Act
    const created = await request(t.app)
      .post(base(org))
      .set(auth)
      .send({
        name: 'Ada Lovelace',
        email: 'ADA@Example.test',
        priority: 'low',
        tags: ['vip', 'vip', 'uk'],
        ownerId: member.id,
        valueCents: 120_000,
      });
    const read = await request(t.app)
      .get(`${base(org)}/${created.body.id}`)
      .set(auth);
    const updated = await request(t.app)
      .patch(`${base(org)}/${created.body.id}`)
      .set(auth)
      .send({ priority: 'high', company: 'Analytical Engines', stage: 'qualified' });
    const removed = await request(t.app)
      .delete(`${base(org)}/${created.body.id}`)
      .set(auth);
    const after = await request(t.app)
      .get(`${base(org)}/${created.body.id}`)
      .set(auth);
    // Assert
    expect(created.body).toMatchObject({
      email: 'ada@example.test',
      score: 50,
      stage: 'new',
      tags: ['vip', 'uk'],
      owner: { id: member.id, name: member.name },
    });
    expect(read.status).toBe(200);
    expect(read.body.scoreFactors).toContainEqual({ label: 'Base', points: 50, applies: true });
    expect(read.body.scoreFactors).toContainEqual({ label: 'Company known', points: 10, applies: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ stage: 'qualified', company: 'Analytical Engines', score: 80 });
    expect(removed.status).toBe(204);
    expect(after.status).toBe(404);
  });

  it('when the stage becomes won or lost, then the score is 100 or 0 and matches leadScore of the stored row', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Grace' });
    const won = await request(t.app)
      .patch(`${base(org)}/${lead.id}`)
      .set(bearer(org.owner.token))
      .send({ stage: 'won' });
    expect(won.body.score).toBe(100);
    expect(await storedScoreMatches(lead.id)).toBe(true);
    const lost = await request(t.app)
      .patch(`${base(org)}/${lead.id}`)
      .set(bearer(org.owner.token))
      .send({ stage: 'lost' });
    expect(lost.body.score).toBe(0);
    expect(await storedScoreMatches(lead.id)).toBe(true);
  });

  it('when the owner is not a member of the org, then create and update answer 400 on ownerId', async () => {
    const org = await seedOrg(t.deps);
    const stranger = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Owned' });
    const created = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ name: 'x', ownerId: stranger.owner.id });
    const updated = await request(t.app)
      .patch(`${base(org)}/${lead.id}`)
      .set(bearer(org.owner.token))
      .send({ ownerId: stranger.owner.id });
    for (const res of [created, updated]) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'ownerId' }] } });
    }
  });

  it('when an email is already used in the org, then create and update answer 409 ALREADY_EXISTS; another org may use it', async () => {
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    await createLead(org, { name: 'First', email: 'same@example.test' });
    const second = await createLead(org, { name: 'Second', email: 'second@example.test' });
    const dupCreate = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ name: 'Dup', email: 'SAME@example.test' });
    const dupUpdate = await request(t.app)
      .patch(`${base(org)}/${second.id}`)
      .set(bearer(org.owner.token))
      .send({ email: 'same@example.test' });
    const elsewhere = await request(t.app)
      .post(base(other))
      .set(bearer(other.owner.token))
      .send({ name: 'Elsewhere', email: 'same@example.test' });
    expect(dupCreate.status).toBe(409);
    expect(dupCreate.body.error.code).toBe('ALREADY_EXISTS');
    expect(dupUpdate.status).toBe(409);
    expect(elsewhere.status).toBe(201);
  });

  it('when inputs are bad, then every route answers 400 with the field', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Bad inputs' });
    const auth = bearer(org.owner.token);
    const meeting = await request(t.app)
      .post(`${base(org)}/${lead.id}/meetings`)
      .set(auth)
      .send({ title: 'Call', startsAt: '2030-01-01T10:00:00.000Z', endsAt: '2030-01-01T11:00:00.000Z' });
    const cases = [
      [
        request(t.app)
          .get(`${base(org)}?sort=email`)
          .set(auth),
        'sort',
      ],
      [
        request(t.app)
          .get(`${base(org)}?limit=101`)
          .set(auth),
        'limit',
      ],
      [
        request(t.app)
          .get(`${base(org)}?stage=maybe`)
          .set(auth),
        'stage.0',
      ],
      [
        request(t.app)
          .get(`${base(org)}?cursor=not-a-cursor`)
          .set(auth),
        'cursor',
      ],
      [
        request(t.app)
          .get(`${base(org)}?order=up`)
          .set(auth),
        'order',
      ],
      [
        request(t.app)
          .get(`${base(org)}?priority=urgent`)
          .set(auth),
        'priority.0',
      ],
      [
        request(t.app)
          .get(`${base(org)}?ownerId=nope`)
          .set(auth),
        'ownerId',
      ],
      [
        request(t.app)
          .get(`${base(org)}?hasEmail=yes`)
          .set(auth),
        'hasEmail',
      ],
      [
        request(t.app)
          .get(`${base(org)}?inactiveSince=yesterday`)
          .set(auth),
        'inactiveSince',
      ],
      [
        request(t.app)
          .get(`${base(org)}/export?minScore=101`)
          .set(auth),
        'minScore',
      ],
      [
        request(t.app)
          .get(`${base(org)}/export?stage=maybe`)
          .set(auth),
        'stage.0',
      ],
      [
        request(t.app)
          .get(`${base(org)}/not-a-uuid`)
          .set(auth),
        'leadId',
      ],
      [request(t.app).post(base(org)).set(auth).send({ email: 'x@example.test' }), 'name'],
      [
        request(t.app)
          .patch(`${base(org)}/${lead.id}`)
          .set(auth)
          .send({ stage: 'maybe' }),
        'stage',
      ],
      [
        request(t.app)
          .delete(`${base(org)}/nope`)
          .set(auth),
        'leadId',
      ],
      [
        request(t.app)
          .get(`${base(org)}/nope/activities`)
          .set(auth),
        'leadId',
      ],
      [
        request(t.app)
          .post(`${base(org)}/${lead.id}/activities`)
          .set(auth)
          .send({ kind: 'tweet', summary: 'x' }),
        'kind',
      ],
      [
        request(t.app)
          .get(`${base(org)}/nope/meetings`)
          .set(auth),
        'leadId',
      ],
      [
        request(t.app)
          .post(`${base(org)}/${lead.id}/meetings`)
          .set(auth)
          .send({ title: 'x', startsAt: '2030-01-01T10:00:00.000Z', endsAt: '2030-01-01T09:00:00.000Z' }),
        'endsAt',
      ],
      [
        request(t.app)
          .patch(`${base(org)}/${lead.id}/meetings/${meeting.body.id}`)
          .set(auth)
          .send({ endsAt: '2030-01-01T09:00:00.000Z' }),
        'endsAt',
      ],
      [
        request(t.app)
          .delete(`${base(org)}/${lead.id}/meetings/nope`)
          .set(auth),
        'meetingId',
      ],
      [
        request(t.app)
          .post(`${base(org)}/imports`)
          .set(auth)
          .send({ fileName: 'x.csv' }),
        'csv',
      ],
      [
        request(t.app)
          .post(`${base(org)}/imports/nope/preview`)
          .set(auth)
          .send({ mapping: {} }),
        'importId',
      ],
      [
        request(t.app)
          .post(`${base(org)}/imports/${lead.id}/commit`)
          .set(auth)
          .send({ mapping: { Name: 'fullName' } }),
        'mapping.Name',
      ],
    ] as const;
    for (const [pending, path] of cases) {
      const res = await pending;
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const pipeline = await request(t.app)
      .get(`${base(org)}/pipeline`)
      .set(auth);
    expect(pipeline.status).toBe(200);
  });
});

describe('GET /api/orgs/:orgId/leads', () => {
  it('when leads tie on the sort key, then cursor pages cover each lead exactly once in order', async () => {
    // Arrange: seven leads with the same score, three more with other scores.
    const org = await seedOrg(t.deps);
    for (let i = 0; i < 7; i += 1) await createLead(org, { name: `Tie ${i}`, priority: 'low' });
    for (let i = 0; i < 3; i += 1) await createLead(org, { name: `High ${i}`, priority: 'high', company: 'Acme' });
    // Act
    const seen: { id: string; score: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(t.app)
        .get(base(org))
        .query({ sort: 'score', order: 'desc', limit: 3, ...(cursor ? { cursor } : {}) })
        .set(bearer(org.owner.token));
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    // Assert
    expect(pages).toBe(4);
    expect(new Set(seen.map((l) => l.id)).size).toBe(10);
    expect(seen.map((l) => l.score)).toEqual([80, 80, 80, 50, 50, 50, 50, 50, 50, 50]);
  });

  it('when filtering by search, stage, tag, priority and score, then only matching leads are listed', async () => {
    const org = await seedOrg(t.deps);
    await createLead(org, {
      name: 'Alpha',
      company: 'Northwind',
      stage: 'qualified',
      tags: ['enterprise'],
      priority: 'high',
    });
    await createLead(org, { name: 'Beta', email: 'beta@northwind.test', stage: 'new', tags: ['smb'], priority: 'low' });
    await createLead(org, { name: 'Gamma', company: 'Contoso', stage: 'qualified', tags: ['smb'] });
    const names = async (query: Record<string, string>) => {
      const res = await request(t.app)
        .get(base(org))
        .query({ sort: 'name', order: 'asc', ...query })
        .set(bearer(org.owner.token));
      expect(res.status).toBe(200);
      return res.body.items.map((l: { name: string }) => l.name);
    };
    expect(await names({ q: 'NORTHWIND' })).toEqual(['Alpha', 'Beta']);
    expect(await names({ stage: 'qualified' })).toEqual(['Alpha', 'Gamma']);
    expect(await names({ tag: 'smb' })).toEqual(['Beta', 'Gamma']);
    expect(await names({ priority: 'low,high' })).toEqual(['Alpha', 'Beta']);
    expect(await names({ minScore: '75' })).toEqual(['Alpha']);
    expect(await names({ hasEmail: 'true' })).toEqual(['Beta']);
  });

  it('when a cursor is reused with another sort, then it answers 400', async () => {
    const org = await seedOrg(t.deps);
    await createLead(org, { name: 'One' });
    await createLead(org, { name: 'Two' });
    const first = await request(t.app).get(base(org)).query({ limit: 1 }).set(bearer(org.owner.token));
    const other = await request(t.app)
      .get(base(org))
      .query({ limit: 1, sort: 'name', cursor: first.body.nextCursor })
      .set(bearer(org.owner.token));
    expect(other.status).toBe(400);
  });
});

describe('pipeline, activities and meetings', () => {
  it('when leads are in several stages, then the pipeline counts and sums each stage', async () => {
    const org = await seedOrg(t.deps);
    await createLead(org, { name: 'a', stage: 'qualified', valueCents: 1_000 });
    await createLead(org, { name: 'b', stage: 'qualified', valueCents: 2_500 });
    await createLead(org, { name: 'c', stage: 'won', valueCents: 10_000 });
    const res = await request(t.app)
      .get(`${base(org)}/pipeline`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body.stages).toEqual([
      { stage: 'new', count: 0, valueCents: 0 },
      { stage: 'contacted', count: 0, valueCents: 0 },
      { stage: 'qualified', count: 2, valueCents: 3_500 },
      { stage: 'proposal', count: 0, valueCents: 0 },
      { stage: 'won', count: 1, valueCents: 10_000 },
      { stage: 'lost', count: 0, valueCents: 0 },
    ]);
  });

  it('when an activity is logged, then the lead counts it, moves its last activity and gains the activity points', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Active', priority: 'low' });
    const auth = bearer(org.owner.token);
    const occurredAt = '2030-05-01T12:00:00.000Z';
    const created = await request(t.app)
      .post(`${base(org)}/${lead.id}/activities`)
      .set(auth)
      .send({ kind: 'call', summary: 'Intro call', occurredAt });
    await request(t.app)
      .post(`${base(org)}/${lead.id}/activities`)
      .set(auth)
      .send({ kind: 'note', summary: 'Older note', occurredAt: '2030-01-01T00:00:00.000Z' });
    const list = await request(t.app)
      .get(`${base(org)}/${lead.id}/activities`)
      .set(auth);
    const after = await request(t.app)
      .get(`${base(org)}/${lead.id}`)
      .set(auth);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'call', summary: 'Intro call', actorId: org.owner.id, occurredAt });
    expect(list.body.items.map((a: { summary: string }) => a.summary)).toEqual(['Intro call', 'Older note']);
    expect(after.body).toMatchObject({ activityCount: 2, lastActivityAt: occurredAt, score: 65 });
    expect(await storedScoreMatches(lead.id)).toBe(true);
  });

  it('when a meeting is scheduled, moved and cancelled, then each answer reflects it', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Meet me' });
    const auth = bearer(org.owner.token);
    const created = await request(t.app)
      .post(`${base(org)}/${lead.id}/meetings`)
      .set(auth)
      .send({
        title: 'Demo',
        startsAt: '2030-01-01T10:00:00.000Z',
        endsAt: '2030-01-01T11:00:00.000Z',
        location: 'Zoom',
      });
    const moved = await request(t.app)
      .patch(`${base(org)}/${lead.id}/meetings/${created.body.id}`)
      .set(auth)
      .send({ endsAt: '2030-01-01T12:00:00.000Z' });
    const list = await request(t.app)
      .get(`${base(org)}/${lead.id}/meetings`)
      .set(auth);
    const removed = await request(t.app)
      .delete(`${base(org)}/${lead.id}/meetings/${created.body.id}`)
      .set(auth);
    const again = await request(t.app)
      .delete(`${base(org)}/${lead.id}/meetings/${created.body.id}`)
      .set(auth);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Demo', location: 'Zoom', leadId: lead.id });
    expect(moved.body.endsAt).toBe('2030-01-01T12:00:00.000Z');
    expect(list.body.items).toHaveLength(1);
    expect(removed.status).toBe(204);
    expect(again.status).toBe(404);
  });
});

describe('API keys', () => {
  it('when a read-only key writes, then it is 403; a read key reads and a write key writes (an email: ai_followup is no longer loggable by hand)', async () => {
    const org = await seedOrg(t.deps);
    const readKey = await apiKeyFor(org.id, ['read']);
    const writeKey = await apiKeyFor(org.id, ['read', 'write']);
    const refused = await request(t.app).post(base(org)).set(bearer(readKey)).send({ name: 'By key' });
    const created = await request(t.app).post(base(org)).set(bearer(writeKey)).send({ name: 'By key' });
    const activity = await request(t.app)
      .post(`${base(org)}/${created.body.id}/activities`)
      .set(bearer(writeKey))
      .send({ kind: 'email', summary: 'Sent' });
    const listed = await request(t.app).get(base(org)).set(bearer(readKey));
    expect(refused.status).toBe(403);
    expect(created.status).toBe(201);
    expect(activity.body.actorId).toBeNull();
    expect(listed.body.items).toHaveLength(1);
  });
});

describe('GET /api/orgs/:orgId/leads/export', () => {
  it('when leads hold commas, quotes, line breaks and formulas, then the CSV quotes and guards them and imports back the same', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const target = await seedOrg(t.deps);
    await createLead(org, {
      name: 'Smith, "Jo"',
      email: 'jo@example.test',
      company: '=HYPERLINK("http://evil")',
      title: 'CEO\nFounder',
      phone: '+1 555 0100',
      source: 'LinkedIn',
      stage: 'proposal',
      priority: 'high',
      valueCents: 123_456,
      tags: ['vip', 'emea'],
      notes: '@mention me',
    });
    await createLead(org, { name: 'Plain' });
    await createLead(org, { name: 'Filtered out', stage: 'lost' });
    // Act
    const exported = await request(t.app)
      .get(`${base(org)}/export?stage=new,proposal`)
      .set(bearer(org.owner.token));
    const upload = await request(t.app)
      .post(`${base(target)}/imports`)
      .set(bearer(target.owner.token))
      .send({ fileName: 'leads.csv', csv: exported.text });
    const commit = await request(t.app)
      .post(`${base(target)}/imports/${upload.body.id}/commit`)
      .set(bearer(target.owner.token))
      .send({ mapping: upload.body.suggestedMapping });
    // Assert
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(exported.text).toContain("'+1 555 0100");
    expect(exported.text.split('\r\n')[0]).toBe(
      'Name,Email,Company,Title,Phone,Source,Stage,Priority,Value,Tags,Notes,Owner,Score,Created At',
    );
    expect(upload.body.rowCount).toBe(2);
    expect(commit.body).toEqual({ imported: 2, rejected: 0, duplicates: 0 });
    const fields = {
      name: true,
      email: true,
      company: true,
      title: true,
      phone: true,
      source: true,
      stage: true,
      priority: true,
      valueCents: true,
      tags: true,
      notes: true,
      score: true,
    };
    const original = await t.deps.db.lead.findMany({
      where: { orgId: org.id, stage: { not: 'lost' } },
      orderBy: { name: 'asc' },
      select: fields,
    });
    const imported = await t.deps.db.lead.findMany({
      where: { orgId: target.id },
      orderBy: { name: 'asc' },
      select: fields,
    });
    expect(imported).toEqual(original);
  });

  it('when more leads match than one page of the export holds, then every one is written once', async () => {
    const org = await seedOrg(t.deps);
    await t.deps.db.$executeRawUnsafe(
      `INSERT INTO "Lead" ("id", "orgId", "name", "email", "tags", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'Bulk ' || g, 'bulk' || g || '@example.test', '{}', now() - make_interval(secs => g % 7), now()
       FROM generate_series(1, 2500) AS g`,
      org.id,
    );
    const res = await request(t.app)
      .get(`${base(org)}/export`)
      .set(bearer(org.owner.token));
    const emails = res.text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(emails).toHaveLength(2500);
    expect(new Set(emails).size).toBe(2500);
  });
});

describe('truthful contact on a lead', () => {
  it('when someone tries to log a follow-up sent or drafted by hand, then it answers 400 and nothing changes', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Hana Hand' });
    for (const kind of ['ai_followup', 'followup_draft']) {
      const res = await request(t.app)
        .post(`${base(org)}/${lead.id}/activities`)
        .set(bearer(org.owner.token))
        .send({ kind, summary: 'Sent the follow-up' });
      expect({ kind, status: res.status, code: res.body.error?.code }).toEqual({
        kind,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when a lead has a follow-up drafted, then a note keeps "drafted, not sent", a back-dated call keeps it, and a call now clears it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await createLead(org, { name: 'Drew Draft' });
    const draftedAt = t.clock.now();
    await t.deps.db.lead.update({ where: { id: lead.id }, data: { followupDraftedAt: draftedAt } });
    const log = (body: object) =>
      request(t.app)
        .post(`${base(org)}/${lead.id}/activities`)
        .set(bearer(org.owner.token))
        .send(body)
        .expect(201);
    const flag = async () => (await t.deps.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).followupDraftedAt;
    // Act and assert
    await log({ kind: 'note', summary: 'Thinking about it' });
    expect(await flag()).toEqual(draftedAt);
    await log({
      kind: 'call',
      summary: 'Old call',
      occurredAt: new Date(draftedAt.getTime() - 86_400_000).toISOString(),
    });
    expect(await flag()).toEqual(draftedAt);
    t.clock.advance(60_000);
    await log({ kind: 'call', summary: 'Reached them' });
    expect(await flag()).toBeNull();
  });
});
