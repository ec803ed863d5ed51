import request from 'supertest';
import { allEndpoints } from '@aiceo/shared/endpoints';
import type { Endpoint } from '@aiceo/shared/contract';
import { fillOrgPath, seedOrgFixture, validOrgBody, type OrgFixture } from '../testing/endpoint-fixtures';
import { bearer } from '../testing/seed';
import { createTestContext, type TestContext } from '../testing/test-app';

// Tenancy, for every org-scoped endpoint in the contract (new ones are covered automatically):
// a caller from org A can neither read, change nor detect org B's records.
const orgEndpoints = allEndpoints.filter((e) => e.auth.kind === 'org');

const send = (t: TestContext, endpoint: Endpoint, options: { path: string; token: string; target: OrgFixture }) => {
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const req = request(t.app)[method](options.path).set(bearer(options.token));
  const body = validOrgBody(endpoint, options.target);
  return body ? req.send(body) : req;
};

/**
 * Everything of org B that a request could change, to compare before and after: the org's row and
 * a digest of its rows in every table with an "orgId" column, found in the catalog (a new table is
 * covered without touching this file), in one statement per snapshot.
 */
let snapshotSql = '';
const prepareSnapshot = async (t: TestContext) => {
  const tables = await t.deps.database.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name = 'orgId' ORDER BY table_name`,
  );
  const digests = tables.map(
    ({ table_name: name }) =>
      `(SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${name}" x WHERE x."orgId" = $1) AS "${name}"`,
  );
  snapshotSql = `SELECT (SELECT o::text FROM "Organization" o WHERE o.id = $1) AS "Organization", ${digests.join(', ')}`;
  return tables.length;
};
const snapshot = async (t: TestContext, orgId: string) => (await t.deps.database.query(snapshotSql, [orgId]))[0];

describe('org-scoped endpoints across organisations', () => {
  let t: TestContext;
  let a: OrgFixture;
  let b: OrgFixture;
  let tablesWatched = 0;
  beforeAll(async () => {
    t = await createTestContext();
    a = await seedOrgFixture(t, 'a');
    b = await seedOrgFixture(t, 'b');
    tablesWatched = await prepareSnapshot(t);
  });
  afterAll(() => t.close());

  it('when the contract is read, then there are org-scoped endpoints to check and org tables to watch', async () => {
    expect(orgEndpoints.length).toBeGreaterThanOrEqual(10);
    // Leads, tasks, approval items, transactions ...: every table that holds an org's records.
    expect(tablesWatched).toBeGreaterThanOrEqual(40);
    const before = await snapshot(t, b.org.id);
    expect(before?.['Lead']).toMatch(/^[1-9]\d*:/);
    // A change to one of B's rows changes the snapshot (a digest that never changes would prove nothing).
    await t.deps.db.lead.updateMany({ where: { orgId: b.org.id }, data: { notes: 'changed by the snapshot check' } });
    expect(await snapshot(t, b.org.id)).not.toEqual(before);
  });

  it.each(orgEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    'when the owner of org A calls %s on org B, then it answers 404 and B is unchanged',
    async (_name, endpoint) => {
      const before = await snapshot(t, b.org.id);
      const res = await send(t, endpoint, { path: fillOrgPath(endpoint, b, b), token: a.org.owner.token, target: b });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect(await snapshot(t, b.org.id)).toEqual(before);
    },
  );

  it.each(orgEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    'when an API key of org A calls %s on org B, then it answers 404 and B is unchanged',
    async (_name, endpoint) => {
      const before = await snapshot(t, b.org.id);
      const res = await send(t, endpoint, { path: fillOrgPath(endpoint, b, b), token: a.apiKey, target: b });
      expect(res.status).toBe(404);
      expect(await snapshot(t, b.org.id)).toEqual(before);
    },
  );

  const withResourceIds = orgEndpoints.filter((e) => /:(?!orgId)\w+/.test(e.path));
  it.each(withResourceIds.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "when the owner of org A calls %s on A's path with B's record id, then it answers 404 and B is unchanged",
    async (_name, endpoint) => {
      const before = await snapshot(t, b.org.id);
      const res = await send(t, endpoint, { path: fillOrgPath(endpoint, a, b), token: a.org.owner.token, target: b });
      expect(res.status).toBe(404);
      expect(await snapshot(t, b.org.id)).toEqual(before);
    },
  );

  it('when the owner of org A lists organisations, then only A is listed', async () => {
    const res = await request(t.app).get('/api/orgs').set(bearer(a.org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([a.org.id]);
  });
});
