import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { Endpoint } from '@aiceo/shared/contract';
import { allEndpoints } from '@aiceo/shared/endpoints';
import { errorEnvelopeSchema } from '@aiceo/shared/errors';
import { isRawZodMessage } from '@aiceo/shared/validation-messages';
import { toJsonSchema, type JsonSchema } from '../modules/docs/openapi';
import { fillOrgPath, seedOrgFixture, validOrgBody, type OrgFixture } from '../testing/endpoint-fixtures';
import { bearer, seedUser, uniqueEmail } from '../testing/seed';
import { createTestContext, type TestContext } from '../testing/test-app';
import { createHttpServer } from './server';

// Hostile input, for every endpoint in the contract (new ones are covered automatically): every
// string, number and date field of its body, query and path gets values the database cannot store
// or no schema should let through (NUL, lone surrogates, huge strings, out-of-range numbers, dates
// outside the years 1 to 9999, days that do not exist), one field at a time on top of a valid
// request. Each answer must be a 4xx with the JSON error envelope: never a 5xx, never a success,
// and its messages are plain words (no "Too big: expected string to have <=100 characters").

type FieldKind = 'string' | 'number' | 'integer' | 'date-time' | 'date';
type Field = { path: string[]; kind: FieldKind };
type Location = 'body' | 'query' | 'params';
type Case = {
  location: Location;
  field: string;
  label: string;
  value: unknown;
  /** The valid body the value is put into. */ baseline?: unknown;
};

const STRONG_PASSWORD = 'Quiet-Harbour-Lantern-93';
const MB = 1024 * 1024;

const BAD_STRINGS: [string, string][] = [
  ['NUL', 'before\u0000after'],
  ['lone high surrogate', 'before\ud800after'],
  ['lone low surrogate', '\udc00'],
];
const BAD_NUMBERS: [string, number][] = [
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['2^53 + 2', 2 ** 53 + 2],
  ['-(2^53 + 2)', -(2 ** 53 + 2)],
];
const BAD_DATE_TIMES: [string, string][] = [
  ['year 0000', '0000-01-01T00:00:00.000Z'],
  ['year -1', '-000001-01-01T00:00:00.000Z'],
  ['year 275760', '+275760-09-13T00:00:00.000Z'],
  ['30 February', '2026-02-30T10:00:00.000Z'],
  ['NUL', '2026-03-01T10:00:00.000Z\u0000'],
];
const BAD_DAYS: [string, string][] = [
  ['year 0000', '0000-01-01'],
  ['30 February', '2026-02-30'],
];

const kindOf = (schema: JsonSchema): FieldKind | null => {
  const types = ([] as unknown[]).concat(schema['type'] ?? []);
  if (types.includes('string'))
    return schema['format'] === 'date-time' ? 'date-time' : schema['format'] === 'date' ? 'date' : 'string';
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  return null;
};

/** Every string, number and date field a JSON schema describes, through objects, arrays, unions and maps. */
const fieldsOf = (
  schema: JsonSchema,
  path: string[] = [],
  out = new Map<string, Field>(),
  depth = 0,
): Map<string, Field> => {
  if (depth > 8) return out;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const variant of (schema[key] as JsonSchema[] | undefined) ?? []) fieldsOf(variant, path, out, depth + 1);
  }
  const kind = kindOf(schema);
  if (kind && path.length > 0) out.set(`${path.join('.')}:${kind}`, { path, kind });
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  for (const [name, child] of Object.entries(properties ?? {})) fieldsOf(child, [...path, name], out, depth + 1);
  const extra = schema['additionalProperties'];
  if (typeof extra === 'object' && extra !== null) fieldsOf(extra as JsonSchema, [...path, 'fuzzKey'], out, depth + 1);
  const items = schema['items'];
  if (typeof items === 'object' && items !== null) fieldsOf(items as JsonSchema, [...path, '0'], out, depth + 1);
  return out;
};

/** A plausible value for a schema, for bodies no test names: enough to get past the other fields. */
const sample = (schema: JsonSchema): unknown => {
  const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (variants) return sample(variants.find((v) => v['type'] !== 'null') ?? variants[0] ?? {});
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return schema['enum'][0];
  const type = ([] as unknown[]).concat(schema['type'] ?? 'object')[0];
  switch (type) {
    case 'string': {
      const format = schema['format'];
      if (format === 'email') return uniqueEmail('fuzz');
      if (format === 'uuid') return randomUUID();
      if (format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (format === 'date') return new Date().toISOString().slice(0, 10);
      if (format === 'uri') return 'https://example.test/';
      return 'x'.repeat(Math.max(Number(schema['minLength'] ?? 0), 12));
    }
    case 'integer':
    case 'number':
      return Number(schema['minimum'] ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Number(schema['minItems'] ?? 0) }, () =>
        sample((schema['items'] as JsonSchema) ?? {}),
      );
    default: {
      const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
      const required = (schema['required'] ?? []) as string[];
      return Object.fromEntries(required.map((name) => [name, sample(properties[name] ?? {})]));
    }
  }
};

/** Valid bodies of the routes outside an org (the org ones come from the shared fixture). */
const validOtherBody = (endpoint: Endpoint, f: OrgFixture): unknown => {
  const bodies: Record<string, unknown> = {
    'POST /api/auth/signup': { email: uniqueEmail('signup'), password: STRONG_PASSWORD, name: 'New Person' },
    'POST /api/auth/login': { email: f.org.owner.email, password: f.org.owner.password },
    'POST /api/auth/forgot-password': { email: f.org.owner.email },
    'POST /api/auth/reset-password': { token: 'a'.repeat(43), password: STRONG_PASSWORD },
    'PATCH /api/me': { name: 'Renamed' },
    'POST /api/me/password': { currentPassword: f.org.owner.password, newPassword: STRONG_PASSWORD },
    'POST /api/orgs': { name: 'Another org' },
    'PATCH /api/admin/orgs/:orgId/plan': { plan: 'pro' },
    'POST /api/admin/orgs/:orgId/credits/adjust': { amount: 10, reason: 'goodwill' },
  };
  const key = `${endpoint.method} ${endpoint.path}`;
  return key in bodies ? bodies[key] : endpoint.body ? sample(toJsonSchema(endpoint.body, 'input')) : undefined;
};

const baselineBody = (endpoint: Endpoint, f: OrgFixture): unknown => {
  if (!endpoint.body) return undefined;
  if (endpoint.auth.kind === 'org') return validOrgBody(endpoint, f);
  return validOtherBody(endpoint, f);
};

/** One path parameter's valid value: the fixture's record, or a well-formed id or token. */
const paramValue = (endpoint: Endpoint, name: string, f: OrgFixture): string => {
  if (name === 'token') return 'a'.repeat(43);
  if (name === 'codeId' || name === 'disputeId' || name === 'alertId') return randomUUID();
  return fillOrgPath({ ...endpoint, path: `/api/:${name}` }, f, f).slice('/api/'.length);
};

const fillPath = (endpoint: Endpoint, f: OrgFixture): string =>
  endpoint.path.replace(/:(\w+)/g, (_match, name: string) => paramValue(endpoint, name, f));

const withValue = (base: unknown, path: string[], value: unknown): unknown => {
  const root: unknown = structuredClone(base ?? {});
  let node = root as Record<string, unknown>;
  path.forEach((key, index) => {
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = path[index + 1] === '0' ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
  return root;
};

const badValuesFor = (kind: FieldKind, location: Location): [string, unknown][] => {
  const asQuery = (values: [string, unknown][]) =>
    location === 'body' ? values : values.map(([l, v]) => [l, String(v)] as [string, unknown]);
  switch (kind) {
    case 'string':
      return [
        ...BAD_STRINGS,
        location === 'body' ? ['100,000 characters', 'x'.repeat(100_000)] : ['10,000 characters', 'x'.repeat(10_000)],
      ];
    case 'integer':
      return asQuery([...BAD_NUMBERS, ['1.5', 1.5]]);
    case 'number':
      return asQuery(BAD_NUMBERS);
    case 'date-time':
      return BAD_DATE_TIMES;
    case 'date':
      return BAD_DAYS;
  }
};

/** A body schema that is a union at its root (a discriminated union) is swept one variant at a time. */
const bodyVariants = (schema: JsonSchema): JsonSchema[] =>
  ((schema['oneOf'] ?? schema['anyOf']) as JsonSchema[] | undefined) ?? [schema];

/** The constant fields of a union variant (its discriminator), to tell which variant a body is. */
const constantsOf = (variant: JsonSchema): [string, unknown][] =>
  Object.entries((variant['properties'] ?? {}) as Record<string, JsonSchema>).flatMap(([name, p]) =>
    'const' in p ? [[name, p['const']] as [string, unknown]] : [],
  );

const casesFor = (endpoint: Endpoint, validBody: unknown): Case[] => {
  const cases: Case[] = [];
  const push = (location: Location, fields: Field[], baseline?: unknown) => {
    for (const field of fields) {
      for (const [label, value] of badValuesFor(field.kind, location))
        cases.push({ location, field: field.path.join('.'), label, value, baseline });
    }
    const firstString = fields.find((f) => f.kind === 'string');
    // Past every size limit: the body parser's (1 MB) or Node's for the address (16 KB).
    if (firstString)
      cases.push({
        location,
        field: firstString.path.join('.'),
        label: '1 MB string',
        value: 'x'.repeat(MB + 1),
        baseline,
      });
  };
  if (endpoint.body) {
    const variants = bodyVariants(toJsonSchema(endpoint.body, 'input'));
    for (const variant of variants) {
      const matchesValidBody = constantsOf(variant).every(
        ([name, value]) => (validBody as Record<string, unknown> | undefined)?.[name] === value,
      );
      push(
        'body',
        [...fieldsOf(variant).values()],
        variants.length === 1 || matchesValidBody ? validBody : sample(variant),
      );
    }
  }
  if (endpoint.query) push('query', [...fieldsOf(toJsonSchema(endpoint.query, 'input')).values()]);
  if (endpoint.path.includes(':')) {
    for (const [label, value] of [
      ['malformed %-escape', '%C0%AF'],
      ['encoded NUL', '%00'],
      ['encoded lone surrogate', '%ED%A0%80'],
      ['1 MB segment', 'x'.repeat(MB)],
    ] as const) {
      cases.push({ location: 'params', field: 'last', label, value });
    }
  }
  return cases;
};

/** encodeURIComponent refuses a lone surrogate: send the bytes a careless client would (CESU-8). */
const encodeForQuery = (value: string): string =>
  /^[\x20-\x7e]*$/.test(value)
    ? encodeURIComponent(value)
    : [...value].map((char) => (/[\ud800-\udfff]/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('');

type Sent = { status: number; body: unknown; contentType: string };

const send = async (server: Server, endpoint: Endpoint, f: OrgFixture, testCase: Case): Promise<Sent> => {
  let path = fillPath(endpoint, f);
  let body = testCase.location === 'body' ? testCase.baseline : baselineBody(endpoint, f);
  let query = '';
  if (testCase.location === 'params') {
    const names = [...endpoint.path.matchAll(/:(\w+)/g)];
    const last = names[names.length - 1]?.[1];
    path = endpoint.path.replace(/:(\w+)/g, (_match, name: string) =>
      name === last ? String(testCase.value) : paramValue(endpoint, name, f),
    );
  } else if (testCase.location === 'body') {
    body = withValue(body, testCase.field.split('.'), testCase.value);
  } else {
    query = `?${encodeURIComponent(testCase.field.split('.')[0] ?? testCase.field)}=${encodeForQuery(String(testCase.value))}`;
  }
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const req = request(server)[method](`${path}${query}`).set(bearer(f.org.owner.token));
  const res = body === undefined ? await req : await req.send(body as object);
  return { status: res.status, body: res.body, contentType: String(res.headers['content-type'] ?? '') };
};

const problemOf = (sent: Sent): string | null => {
  if (sent.status < 400 || sent.status >= 500) return `answered ${sent.status}`;
  if (!sent.contentType.startsWith('application/json'))
    return `answered ${sent.status} as ${sent.contentType || 'no content type'}`;
  const envelope = errorEnvelopeSchema.safeParse(sent.body);
  if (!envelope.success) return `answered ${sent.status} without the error envelope`;
  // What a person reads must be plain words, never zod's programmer phrases.
  const { message, details } = envelope.data.error;
  const issues = (details as { issues?: { message?: unknown }[] } | undefined)?.issues ?? [];
  const raw = [message, ...issues.map((i) => String(i.message))].filter(isRawZodMessage);
  if (raw.length > 0) return `answered with zod's wording: ${raw.join(' | ')}`;
  return null;
};

let t: TestContext;
let server: Server;
let caseCount = 0;
beforeAll(async () => {
  t = await createTestContext({
    env: {
      LOGIN_RATE_LIMIT_PER_IP: '100000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000',
      AI_OFFLINE_WORD_DELAY_MS: '0',
      AGENTIC_UNDO_MINUTES: '0',
    },
  });
  server = createHttpServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
  process.stdout.write(`hostile input: ${caseCount} cases over ${allEndpoints.length} endpoints\n`);
});

it.each(allEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
  'when %s gets hostile values in its fields, then every answer is a 4xx with the error envelope',
  async (_name, endpoint) => {
    // A fresh org (owned by a platform admin, so every guard lets the request reach validation) per endpoint.
    const f = await seedOrgFixture(t, randomUUID().slice(0, 6), {
      owner: await seedUser(t.deps, { isPlatformAdmin: true }),
    });
    const problems: string[] = [];
    for (const testCase of casesFor(endpoint, baselineBody(endpoint, f))) {
      caseCount += 1;
      const sent = await send(server, endpoint, f, testCase);
      const problem = problemOf(sent);
      if (problem)
        problems.push(
          `${testCase.location} ${testCase.field} = ${testCase.label}: ${problem} ${JSON.stringify(sent.body).slice(0, 200)}`,
        );
    }
    expect(problems).toEqual([]);
  },
);

it('when the contract is swept, then it finds string, number and date fields to send hostile values to', () => {
  const kinds = new Set(
    allEndpoints.flatMap((e) =>
      (['body', 'query'] as const).flatMap((l) =>
        e[l] ? [...fieldsOf(toJsonSchema(e[l], 'input')).values()].map((f) => f.kind) : [],
      ),
    ),
  );
  expect([...kinds]).toEqual(expect.arrayContaining(['date', 'date-time', 'integer', 'string']));
});
