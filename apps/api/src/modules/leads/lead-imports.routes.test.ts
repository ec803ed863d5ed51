import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { leadScore } from '@aiceo/shared/leads';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';

// The app's general body limit stays 1 MB: uploads pass through the import route's own parser
// (leadImportUploadRoutes in app.ts), which only members of the org reach.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/leads/imports`;
const upload = async (org: SeededOrg, csv: string) => {
  const res = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send({ fileName: 'leads.csv', csv });
  expect(res.status).toBe(201);
  return res.body as { id: string; suggestedMapping: Record<string, string | null> };
};

const HUBSPOT = [
  '\uFEFF"Record ID","First Name","Last Name","Email","Company Name","Job Title","Phone Number","Lead Status"',
  '101,Ada,Lovelace,ada@example.test,"Engines, Ltd",CTO,+44 20 7946 0000,Open',
  '102,Grace,Hopper,grace@example.test,Navy,"Rear ""Amazing"" Admiral",,In Progress',
  '103,Bad,Email,not-an-email,Acme,,,New',
  '104,Ada,Again,ADA@example.test,Dup Co,,,New',
  '105,Alan,Turing,alan@example.test,Bletchley,,,Sleeping',
  '106,Existing,Person,taken@example.test,,,,Connected',
  '',
].join('\r\n');

describe('POST /api/orgs/:orgId/leads/imports', () => {
  it('when a HubSpot export is uploaded, then it answers the headers, sample rows, row count and a mapping that joins the names', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ fileName: 'hubspot.csv', csv: HUBSPOT });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fileName: 'hubspot.csv',
      headers: [
        'Record ID',
        'First Name',
        'Last Name',
        'Email',
        'Company Name',
        'Job Title',
        'Phone Number',
        'Lead Status',
      ],
      rowCount: 6,
      suggestedMapping: {
        'Record ID': null,
        'First Name': 'firstName',
        'Last Name': 'lastName',
        Email: 'email',
        'Lead Status': 'stage',
      },
    });
    expect(res.body.sampleRows).toHaveLength(5);
    expect(res.body.sampleRows[0]).toEqual([
      '101',
      'Ada',
      'Lovelace',
      'ada@example.test',
      'Engines, Ltd',
      'CTO',
      '+44 20 7946 0000',
      'Open',
    ]);
    expect(await t.deps.db.leadImport.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when an API key with the write scope uploads, then the upload is authenticated once: exactly one API call is counted', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const created = await request(t.app)
      .post(`/api/orgs/${org.id}/api-keys`)
      .set(bearer(org.owner.token))
      .send({ name: 'Importer', scopes: ['write'] });
    expect(created.status).toBe(201);
    // Act
    const res = await request(t.app)
      .post(base(org))
      .set(bearer(created.body.key as string))
      .send({ fileName: 'hubspot.csv', csv: HUBSPOT });
    // Assert
    expect(res.status).toBe(201);
    const days = await t.deps.db.apiUsageDaily.findMany({ where: { orgId: org.id }, select: { calls: true } });
    expect(days).toEqual([{ calls: 1 }]);
  });

  it('when the file is over 10 MB, then it answers 413 and stores nothing', async () => {
    const org = await seedOrg(t.deps);
    const csv = `Name,Notes\r\nBig,${'x'.repeat(10 * 1024 * 1024)}\r\n`;
    const res = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send({ fileName: 'big.csv', csv });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await t.deps.db.leadImport.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the file has more than 50,000 rows or a broken quote, then it answers 400', async () => {
    const org = await seedOrg(t.deps);
    const tooMany = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ fileName: 'many.csv', csv: `Name\n${'a\n'.repeat(50_001)}` });
    const broken = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ fileName: 'broken.csv', csv: 'Name\r\n"never closed\r\n' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/more than 50000 rows/);
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/Record 2/);
  });

  it('when a column header is longer than 200 characters, then it answers 400 naming the column and stores nothing', async () => {
    const org = await seedOrg(t.deps);
    const res = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ fileName: 'odd.csv', csv: `Name,${'h'.repeat(201)}\r\nAda,x\r\n` });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/Column 2 has a header longer than 200 characters/),
    });
    expect(await t.deps.db.leadImport.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe('preview and commit', () => {
  it('when previewed, then bad rows come with their number and reason, and duplicates in the file and in the org are reported', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    await t.deps.db.lead.create({ data: { orgId: org.id, name: 'Taken', email: 'taken@example.test' } });
    const { id, suggestedMapping } = await upload(org, HUBSPOT);
    // Act
    const res = await request(t.app)
      .post(`${base(org)}/${id}/preview`)
      .set(bearer(org.owner.token))
      .send({ mapping: suggestedMapping });
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: 2,
      rejected: [
        { row: 3, reason: 'email: Enter a valid email address' },
        { row: 5, reason: 'Unknown stage "Sleeping"' },
      ],
      duplicates: [
        { row: 4, email: 'ada@example.test', of: 'file' },
        { row: 6, email: 'taken@example.test', of: 'existing' },
      ],
    });
    expect(await t.deps.db.lead.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when committed, then the valid rows become leads with their score, and a second commit answers 409', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const { id, suggestedMapping } = await upload(org, HUBSPOT);
    const first = await request(t.app)
      .post(`${base(org)}/${id}/commit`)
      .set(bearer(member.token))
      .send({ mapping: suggestedMapping });
    const second = await request(t.app)
      .post(`${base(org)}/${id}/commit`)
      .set(bearer(member.token))
      .send({ mapping: suggestedMapping });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ imported: 3, rejected: 2, duplicates: 1 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    const leads = await t.deps.db.lead.findMany({ where: { orgId: org.id }, orderBy: { name: 'asc' } });
    expect(leads.map((l) => [l.name, l.company, l.title, l.stage])).toEqual([
      ['Ada Lovelace', 'Engines, Ltd', 'CTO', 'new'],
      ['Existing Person', '', '', 'contacted'],
      ['Grace Hopper', 'Navy', 'Rear "Amazing" Admiral', 'contacted'],
    ]);
    for (const lead of leads) expect(lead.score).toBe(leadScore(lead).score);
  });

  it('when a Pipedrive export with deal values and labels is committed, then values become cents and labels tags', async () => {
    const org = await seedOrg(t.deps);
    const csv =
      'Person - Name,Person - Email,Organization - Name,Deal - Value,Person - Labels\nJo Doe,jo@example.test,Globex,"$1,250.50","hot; enterprise"\n';
    const { id, suggestedMapping } = await upload(org, csv);
    const res = await request(t.app)
      .post(`${base(org)}/${id}/commit`)
      .set(bearer(org.owner.token))
      .send({ mapping: suggestedMapping });
    expect(res.body.imported).toBe(1);
    const lead = await t.deps.db.lead.findFirstOrThrow({ where: { orgId: org.id } });
    expect(lead).toMatchObject({ name: 'Jo Doe', company: 'Globex', valueCents: 125_050, tags: ['hot', 'enterprise'] });
  });

  it('when no column maps to a name, then preview answers 400 on the mapping', async () => {
    const org = await seedOrg(t.deps);
    const { id } = await upload(org, 'Email\na@example.test\n');
    const res = await request(t.app)
      .post(`${base(org)}/${id}/preview`)
      .set(bearer(org.owner.token))
      .send({ mapping: { Email: 'email' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('mapping');
  });

  // The full 50,000 rows on PostgreSQL; PGlite takes ~25 s for them (see `pnpm bench:leads`), so it imports fewer.
  const bulkRows = () => (t.deps.database.kind === 'postgresql' ? 50_000 : 10_000);
  it('when the largest file is imported, then the server keeps answering other requests meanwhile and every row lands', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const rows = bulkRows();
    const lines = ['First Name,Last Name,Email,Company'];
    for (let i = 0; i < rows; i += 1)
      lines.push(`First${i},Last${i},lead${i}@bulk.example.test,"Company ${i % 100}, Inc"`);
    const csv = `${lines.join('\r\n')}\r\n`;
    const started = performance.now();
    const { id, suggestedMapping } = await upload(org, csv);
    const uploadMs = performance.now() - started;
    // Act: commit, and meanwhile ask for something else.
    let committedAt = 0;
    const commit = request(t.app)
      .post(`${base(org)}/${id}/commit`)
      .set(bearer(org.owner.token))
      .send({ mapping: suggestedMapping })
      .then((res) => {
        committedAt = performance.now();
        return res;
      });
    let answeredDuring = false;
    const probe = (async () => {
      // Let the commit get going first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const res = await request(t.app).get('/api/health/live');
      answeredDuring = res.status === 200 && committedAt === 0;
    })();
    const [res] = await Promise.all([commit, probe]);
    const totalMs = performance.now() - started;
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ imported: rows, rejected: 0, duplicates: 0 });
    expect(answeredDuring).toBe(true);
    expect(await t.deps.db.lead.count({ where: { orgId: org.id } })).toBe(rows);
    process.stderr.write(
      `${rows}-row import: upload ${Math.round(uploadMs)} ms, upload+commit ${Math.round(totalMs)} ms\n`,
    );
  }, 120_000);
});

describe('POST /api/orgs/:orgId/leads/imports body limit', () => {
  it('when someone outside the org sends a large body, then it is refused before the body is read, while the other routes keep the 1 MB limit', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const stranger = await seedOrg(t.deps);
    const big = { fileName: 'big.csv', csv: `name,email\n${'x'.repeat(2 * 1024 * 1024)}` };
    // Act
    const outsider = await request(t.app)
      .post(`/api/orgs/${org.id}/leads/imports`)
      .set(bearer(stranger.owner.token))
      .send(big);
    const elsewhere = await request(t.app)
      .post(`/api/orgs/${org.id}/leads`)
      .set(bearer(org.owner.token))
      .send({ name: 'x'.repeat(2 * 1024 * 1024) });
    // Assert
    expect(outsider.status).toBe(404);
    expect(elsewhere.status).toBe(413);
  });
});

describe('POST /api/orgs/:orgId/leads/imports: files from other tools', () => {
  it('when a Windows-1252 file with semicolons and export lines above the header is sent as bytes, then names keep their accents and values their decimal commas', async () => {
    // Arrange: what a German CRM or Excel "CSV (semicolon)" export looks like.
    const org = await seedOrg(t.deps);
    const text = [
      'Kontakte exportiert am 30.11.2026',
      '',
      'Vorname;Nachname;E-Mail;Firma;Wert',
      'Jörg;Müller;joerg@example.test;Bäckerei Müller GmbH;1.250,50',
      'Anaïs;Dubois;anais@example.test;Société Générale;99,00',
      '',
    ].join('\r\n');
    const contentBase64 = Buffer.from(text, 'latin1').toString('base64');
    // Act
    const created = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ fileName: 'kontakte.csv', contentBase64 });
    const mapping = { Vorname: 'firstName', Nachname: 'lastName', 'E-Mail': 'email', Firma: 'company', Wert: 'value' };
    const committed = await request(t.app)
      .post(`${base(org)}/${created.body.id}/commit`)
      .set(bearer(org.owner.token))
      .send({ mapping });
    // Assert
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ headers: ['Vorname', 'Nachname', 'E-Mail', 'Firma', 'Wert'], rowCount: 2 });
    expect(committed.status).toBe(201);
    expect(committed.body).toEqual({ imported: 2, rejected: 0, duplicates: 0 });
    const leads = await t.deps.db.lead.findMany({ where: { orgId: org.id }, orderBy: { name: 'asc' } });
    expect(leads.map((l) => [l.name, l.company, l.valueCents])).toEqual([
      ['Anaïs Dubois', 'Société Générale', 9_900],
      ['Jörg Müller', 'Bäckerei Müller GmbH', 125_050],
    ]);
  });

  it('when a binary file, an .xlsx renamed .csv or an empty file is uploaded, then it answers 400 saying what is wrong and stores nothing', async () => {
    const org = await seedOrg(t.deps);
    const send = (body: object) => request(t.app).post(base(org)).set(bearer(org.owner.token)).send(body);
    const binary = await send({
      fileName: 'photo.csv',
      contentBase64: Buffer.from([0, 1, 2, 3, 255, 254, 0, 7, 8]).toString('base64'),
    });
    const xlsx = await send({
      fileName: 'leads.csv',
      contentBase64: Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml').toString('base64'),
    });
    const empty = await send({ fileName: 'empty.csv', csv: '' });
    const binaryText = await send({ fileName: 'photo.csv', csv: '\u0001\u0002\u0003\u0004\u0005\u0006 JFIF' });
    expect([binary.status, xlsx.status, empty.status, binaryText.status]).toEqual([400, 400, 400, 400]);
    expect(binary.body.error.message).toMatch(/not text/);
    expect(xlsx.body.error.message).toMatch(/Excel workbook/);
    expect(empty.body.error.message).toMatch(/empty/);
    expect(binaryText.body.error.message).toMatch(/not text/);
    expect(await t.deps.db.leadImport.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when both or neither of csv and contentBase64 are sent, then it answers 400', async () => {
    const org = await seedOrg(t.deps);
    const both = await request(t.app)
      .post(base(org))
      .set(bearer(org.owner.token))
      .send({ fileName: 'x.csv', csv: 'Name\nA\n', contentBase64: 'TmFtZQpBCg==' });
    const neither = await request(t.app).post(base(org)).set(bearer(org.owner.token)).send({ fileName: 'x.csv' });
    expect(both.status).toBe(400);
    expect(neither.status).toBe(400);
  });
});
