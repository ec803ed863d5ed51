import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Endpoint } from '@aiceo/shared/contract';
import { allEndpoints } from '@aiceo/shared/endpoints';
import { bearer, seedOrg, seedUser, type SeededOrg } from '../testing/seed';
import { createTestContext, type TestContext } from '../testing/test-app';

// Bad input, for every endpoint in the contract (new ones are covered automatically): a record id
// that is not an id, or a body that is not the declared object, answers 400 VALIDATION_FAILED naming
// where the problem is, before any handler runs. Per-route tests cover each field's own rules.
const ID_PARAM = /:(?!orgId\b|token\b)(\w+)/g;

let t: TestContext;
let org: SeededOrg;
beforeAll(async () => {
  t = await createTestContext();
  // A platform admin who owns the org: every guard lets the request through to validation.
  org = await seedOrg(t.deps, { owner: await seedUser(t.deps, { isPlatformAdmin: true }) });
});
afterAll(() => t.close());

const pathWith = (endpoint: Endpoint, id: () => string) =>
  endpoint.path
    .replace(':orgId', org.id)
    .replace(':token', 'some-token')
    .replace(ID_PARAM, () => id());

const send = (endpoint: Endpoint, path: string, body?: unknown) => {
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const req = request(t.app)[method](path).set(bearer(org.owner.token));
  return body === undefined ? req : req.send(body as object);
};

const withIdParams = allEndpoints.filter((e) => new RegExp(ID_PARAM.source).test(e.path));
it.each(withIdParams.map((e) => [`${e.method} ${e.path}`, e] as const))(
  'when %s gets a record id that is not an id, then it answers 400 on params',
  async (_name, endpoint) => {
    const res = await send(
      endpoint,
      pathWith(endpoint, () => 'not-an-id'),
      endpoint.body ? {} : undefined,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ location: 'params' })]),
    );
  },
);

const withBodies = allEndpoints.filter((e) => e.body);
it.each(withBodies.map((e) => [`${e.method} ${e.path}`, e] as const))(
  'when %s gets a JSON array instead of its object, then it answers 400 on body',
  async (_name, endpoint) => {
    const res = await send(endpoint, pathWith(endpoint, randomUUID), [1, 2]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ location: 'body' })]),
    );
  },
);

it('when the contract is read, then both lists have endpoints to check', () => {
  expect(withIdParams.length).toBeGreaterThan(30);
  expect(withBodies.length).toBeGreaterThan(30);
});
