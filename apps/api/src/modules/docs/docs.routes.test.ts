import request from 'supertest';
import { allEndpoints } from '@aiceo/shared/endpoints';
import { createApp } from '../../app';
import { createTestContext, type TestContext } from '../../testing/test-app';
import type { OpenApiDocument, Operation, Parameter, Reference, ResponseObject } from './openapi';

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

/** Every `$ref` string anywhere in a value, with where it was found. */
const collectRefs = (value: unknown, at: string, out: { ref: string; at: string }[] = []) => {
  if (Array.isArray(value)) value.forEach((v, i) => collectRefs(v, `${at}/${i}`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') out.push({ ref: v, at });
      else collectRefs(v, `${at}/${key}`, out);
    }
  }
  return out;
};

/** Resolves a local JSON pointer (`#/components/schemas/X`) against the document. */
const resolvePointer = (document: unknown, ref: string): unknown => {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined),
      document,
    );
};

const operationsOf = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

const errorStatuses = (operation: Operation): string[] =>
  Object.keys(operation.responses).filter((s) => Number(s) >= 400);

describe('GET /api/openapi.json', () => {
  let t: TestContext;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestContext();
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    document = res.body as OpenApiDocument;
  });
  afterAll(() => t.close());

  it('when fetched, then it is an OpenAPI 3.1 document with info, tags, paths and the error envelope component', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({ title: 'AI CEO API', version: t.deps.version, description: expect.any(String) });
    expect(document.components.schemas['ErrorEnvelope']).toMatchObject({ type: 'object', required: ['error'] });
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['accessToken', 'apiKey']);
    expect(
      Object.values(document.components.securitySchemes).every((s) => s.type === 'http' && s.scheme === 'bearer'),
    ).toBe(true);
  });

  it('when every $ref is followed, then each one resolves inside the document', () => {
    const refs = collectRefs(document, '#');
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter(({ ref }) => resolvePointer(document, ref) === undefined)).toEqual([]);
  });

  it('when paths are read, then each has only known methods, unique operationIds, known tags and security schemes, and a success response', () => {
    const operations = operationsOf(document);
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(document.tags.map((tag) => tag.name));
    const problems: string[] = [];
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!path.startsWith('/api/')) problems.push(`${where}: path outside /api`);
      if (!METHODS.includes(method)) problems.push(`${where}: unknown method`);
      if (!operation.tags.every((tag) => tags.has(tag))) problems.push(`${where}: undeclared tag`);
      if (!operation.summary) problems.push(`${where}: no summary`);
      for (const requirement of operation.security) {
        for (const scheme of Object.keys(requirement))
          if (!document.components.securitySchemes[scheme])
            problems.push(`${where}: unknown security scheme ${scheme}`);
      }
      // A redirect (the OAuth callback's 302) is that operation's success.
      if (!Object.keys(operation.responses).some((s) => /^(2\d\d|302)$/.test(s)))
        problems.push(`${where}: no success response`);
      for (const [status, response] of Object.entries(operation.responses)) {
        const resolved = ('$ref' in response ? resolvePointer(document, (response as Reference).$ref) : response) as
          ResponseObject | undefined;
        if (!resolved?.description) problems.push(`${where}: response ${status} has no description`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('when a path has {parameters}, then each is declared as a required path parameter and no other path parameter is', () => {
    const problems: string[] = [];
    for (const { path, method, operation } of operationsOf(document)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).filter((p: Parameter) => p.in === 'path');
      for (const name of inPath) {
        const parameter = declared.find((p) => p.name === name);
        if (!parameter?.required || !parameter.schema)
          problems.push(`${method.toUpperCase()} ${path}: {${name}} not declared as a required path parameter`);
      }
      for (const p of declared)
        if (!inPath.includes(p.name))
          problems.push(`${method.toUpperCase()} ${path}: declares path parameter ${p.name} it does not have`);
    }
    expect(problems).toEqual([]);
  });

  it('when an org route accepts read keys, then it lists both security schemes, its path and error responses', () => {
    const operation = document.paths['/api/orgs/{orgId}/members']?.['get'];
    expect(operation).toMatchObject({
      operationId: 'membersList',
      tags: ['Members'],
      security: [{ accessToken: [] }, { apiKey: ['read'] }],
      parameters: [{ name: 'orgId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      'x-auth': { kind: 'org', minRole: 'member', scope: 'read' },
    });
    expect(errorStatuses(operation!)).toEqual(['400', '401', '403', '404', '413', '500']);
    expect(operation!.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
  });

  it('when an operation takes a body, then it documents the input schema and 400, 413 and 415', () => {
    const operation = document.paths['/api/orgs/{orgId}/api-keys']?.['post'];
    expect(operation?.security).toEqual([{ accessToken: [] }]);
    expect(operation?.requestBody).toEqual({
      required: true,
      content: {
        'application/json': { schema: expect.objectContaining({ type: 'object', required: ['name', 'scopes'] }) },
      },
    });
    expect(operation?.responses['201']).toMatchObject({
      content: { 'application/json': { schema: { required: expect.arrayContaining(['key', 'prefix']) } } },
    });
    expect(errorStatuses(operation!)).toEqual(['400', '401', '403', '404', '413', '415', '500']);
  });

  it('when operations are public, user-only or for platform admins, then their error responses follow their auth', () => {
    const live = document.paths['/api/health/live']?.['get'];
    expect(live?.security).toEqual([]);
    expect(errorStatuses(live!)).toEqual(['413', '500']);
    expect(errorStatuses(document.paths['/api/health']!['get']!)).toEqual(['413', '500', '503']);
    const settings = document.paths['/api/admin/settings']?.['patch'];
    expect(errorStatuses(settings!)).toEqual(['400', '401', '403', '413', '415', '500']);
    const login = document.paths['/api/auth/login']?.['post'];
    expect(login?.security).toEqual([]);
    expect(errorStatuses(login!)).toEqual(['400', '401', '413', '415', '429', '500']);
    expect(document.components.responses['RateLimited']?.headers?.['Retry-After']).toBeDefined();
  });

  it('when a route has a query schema, then each field is a query parameter, required only when it must be sent', () => {
    const parameters = document.paths['/api/admin/users']?.['get']?.parameters ?? [];
    expect(parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['limit', 'query', false],
      ['cursor', 'query', false],
      ['search', 'query', false],
    ]);
    expect(parameters[0]?.schema).toMatchObject({ type: 'integer', default: 50, maximum: 100 });
  });

  it('when operations answer a redirect, an HTML page or a reused key, then the document says so', () => {
    const callback = document.paths['/api/integrations/linkedin/callback']?.['get'];
    expect(callback?.responses['302']).toMatchObject({ headers: { Location: expect.any(Object) } });
    const unsubscribe = document.paths['/api/unsubscribe/{token}']?.['get'];
    expect(unsubscribe?.responses['404']).toMatchObject({ content: { 'text/html': { schema: { type: 'string' } } } });
    expect(unsubscribe?.responses['400']).toEqual({ $ref: '#/components/responses/ValidationFailed' });
    const consume = document.paths['/api/orgs/{orgId}/credits/consume']?.['post'];
    expect(errorStatuses(consume!)).toContain('409');
    const bodiless = document.paths['/api/orgs/{orgId}/tasks/{taskId}/cancel']?.['post'];
    expect(errorStatuses(bodiless!)).toEqual(expect.arrayContaining(['413', '415']));
  });

  it('when every endpoint of the contract is looked up, then each one is in the document once', () => {
    const documented = operationsOf(document)
      .map((o) => `${o.method.toUpperCase()} ${o.path}`)
      .sort();
    const declared = allEndpoints.map((e) => `${e.method} ${e.path.replace(/:(\w+)/g, '{$1}')}`).sort();
    expect(documented).toEqual(declared);
  });
});

type RouterLayer = {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: unknown;
  slash?: boolean;
  name: string;
};

/** `METHOD /path` of every route mounted in a router stack, through routers mounted without a path. */
const mountedRoutes = (stack: RouterLayer[]): string[] =>
  stack.flatMap((layer) => {
    if (layer.route) {
      const { path, methods } = layer.route;
      if (typeof path !== 'string')
        throw new Error(`A route is mounted with a non-string path (${String(path)}); the coverage test cannot map it`);
      return Object.keys(methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${path}`);
    }
    const inner = (layer.handle as { stack?: RouterLayer[] }).stack;
    if (!Array.isArray(inner)) return [];
    // Feature routers carry full paths and are mounted at the root; a prefix would hide part of the path.
    if (!layer.slash)
      throw new Error(`Router "${layer.name}" is mounted under a path; mount feature routers without one`);
    return mountedRoutes(inner);
  });

describe('OpenAPI coverage of the mounted routes', () => {
  let t: TestContext;
  let documented: Set<string>;
  let mounted: Set<string>;
  beforeAll(async () => {
    t = await createTestContext();
    const document = (await request(t.app).get('/api/openapi.json')).body as OpenApiDocument;
    documented = new Set(
      operationsOf(document).map((o) => `${o.method.toUpperCase()} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // The document covers the API; outside /api there is at most the SPA's index.html fallback.
    // The app itself, not the test context's wrapper that records statuses.
    mounted = new Set(
      mountedRoutes((createApp(t.deps).router as unknown as { stack: RouterLayer[] }).stack).filter((route) =>
        route.split(' ')[1]?.startsWith('/api'),
      ),
    );
  });
  afterAll(() => t.close());

  it('when the app is built, then it mounts routes at all (the walk sees them)', () => {
    expect(mounted.has('GET /api/health/live')).toBe(true);
    expect(mounted.has('GET /api/openapi.json')).toBe(true);
  });

  it('when a route is mounted, then it is documented in /api/openapi.json', () => {
    expect([...mounted].filter((route) => !documented.has(route)).sort()).toEqual([]);
  });

  it('when an operation is documented, then a route serves it', () => {
    expect([...documented].filter((route) => !mounted.has(route)).sort()).toEqual([]);
  });
});

describe('GET /api/docs', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when fetched, then answers a self-contained HTML page listing every operation, grouped by tag, without scripts', async () => {
    // Act
    const res = await request(t.app).get('/api/docs');
    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const html = res.text;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|\son\w+=/i);
    expect(html).toContain('prefers-color-scheme: dark');
    for (const endpoint of allEndpoints) {
      expect(html).toContain(endpoint.path.replace(/:(\w+)/g, '<span class="param">{$1}</span>'));
      expect(html).toContain(endpoint.tag.replace('&', '&amp;'));
    }
    expect(html).toContain('Error envelope');
    expect(html).toContain('or an API key of that organisation with the &quot;read&quot; scope');
  });

  it('when a query string is added, then it is ignored and the same page is served', async () => {
    const plain = await request(t.app).get('/api/docs');
    const withQuery = await request(t.app).get('/api/docs?x=1');
    expect(withQuery.status).toBe(200);
    expect(withQuery.text).toBe(plain.text);
  });
});
