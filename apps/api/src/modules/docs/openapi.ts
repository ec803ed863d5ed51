import { z } from 'zod';
import type { Endpoint, EndpointAuth } from '@aiceo/shared/contract';
import { endpointGroups } from '@aiceo/shared/endpoints';
import { errorEnvelopeSchema } from '@aiceo/shared/errors';

export type JsonSchema = { [key: string]: unknown };
export type Parameter = {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};
type Content = Record<string, { schema: JsonSchema }>;
export type ResponseObject = {
  description: string;
  content?: Content;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
};
export type Reference = { $ref: string };
export type SecurityRequirement = Record<string, string[]>;

export type Operation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: SecurityRequirement[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Content };
  responses: Record<string, ResponseObject | Reference>;
  /** Who may call it, as the contract says (the docs page shows it). */
  'x-auth': EndpointAuth;
};

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string }>;
  };
};

const ERROR_ENVELOPE_REF = '#/components/schemas/ErrorEnvelope';

/** Every error status an operation can list, as a shared response component. */
const errorResponses: Record<number, { name: string; description: string }> = {
  400: {
    name: 'ValidationFailed',
    description:
      'VALIDATION_FAILED: the body, query or path is invalid (or the body is not valid JSON); `details.issues` lists each bad field with its location and path.',
  },
  401: {
    name: 'Unauthenticated',
    description: 'UNAUTHENTICATED: no credentials, or an invalid, expired or revoked token or API key.',
  },
  402: { name: 'QuotaExceeded', description: 'QUOTA_EXCEEDED: a plan limit was reached; `details` says which.' },
  403: {
    name: 'Forbidden',
    description: 'FORBIDDEN: signed in, but the role, the API key scope or the platform setting does not allow this.',
  },
  404: {
    name: 'NotFound',
    description: "NOT_FOUND: no such resource, or one the caller may not see (another organisation's).",
  },
  409: {
    name: 'Conflict',
    description: 'ALREADY_EXISTS or CONFLICT: a unique value is taken, or the request contradicts the current state.',
  },
  413: {
    name: 'PayloadTooLarge',
    description:
      'PAYLOAD_TOO_LARGE: the body (or the address and headers, over 16 KB) is larger than the server accepts.',
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'UNSUPPORTED_MEDIA_TYPE: a body was sent that is not application/json.',
  },
  422: {
    name: 'Unprocessable',
    description: 'UNPROCESSABLE: the request is valid but the record cannot take it as it is (the message says why).',
  },
  429: {
    name: 'RateLimited',
    description: 'RATE_LIMITED: too many attempts; retry after the number of seconds in Retry-After.',
  },
  500: {
    name: 'Internal',
    description: 'INTERNAL: our fault; the message is always generic. Quote the requestId when reporting it.',
  },
  503: { name: 'Unavailable', description: 'UNAVAILABLE: a dependency (the database) is down.' },
};

const successDescriptions: Record<Endpoint['status'], string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  302: 'Found: a redirect to the URL in Location',
};

const ROLE_PHRASE = { member: 'Any member', admin: 'An admin or owner', owner: 'The owner' } as const;

/** One line per auth kind, for the operation description and the docs page. */
export const describeAuth = (auth: EndpointAuth): string => {
  switch (auth.kind) {
    case 'public':
      return 'Public: no credentials needed.';
    case 'user':
      return 'A signed-in user (access token). API keys are refused.';
    case 'platformAdmin':
      return 'A platform admin (access token).';
    case 'org':
      return `${ROLE_PHRASE[auth.minRole]} of the organisation (access token)${auth.scope ? `, or an API key of that organisation with the "${auth.scope}" scope` : '. API keys are refused'}.`;
  }
};

const securityOf = (auth: EndpointAuth): SecurityRequirement[] => {
  if (auth.kind === 'public') return [];
  if (auth.kind === 'org' && auth.scope) return [{ accessToken: [] }, { apiKey: [auth.scope] }];
  return [{ accessToken: [] }];
};

/**
 * zod 4's own converter; OpenAPI 3.1 schemas are JSON Schema 2020-12, its default target.
 * Reused sub-schemas are inlined; a recursive one would need $defs hoisting, which nothing needs yet.
 */
export const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io }) as JsonSchema;
  if ('$defs' in json) throw new Error('Recursive schemas are not supported by the OpenAPI generator yet');
  return json;
};

const objectFields = (schema: z.ZodObject) => {
  const json = toJsonSchema(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return { properties, required };
};

const describeOf = (schema: JsonSchema): { description?: string } =>
  typeof schema['description'] === 'string' ? { description: schema['description'] } : {};

/** `/api/orgs/:orgId` -> `/api/orgs/{orgId}`. */
export const toOpenApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

const pathParameters = (endpoint: Endpoint): Parameter[] => {
  const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
  const { properties } = endpoint.params
    ? objectFields(endpoint.params)
    : { properties: {} as Record<string, JsonSchema> };
  const extra = Object.keys(properties).filter((name) => !names.includes(name));
  if (extra.length > 0)
    throw new Error(`${endpoint.method} ${endpoint.path}: params schema has ${extra.join(', ')}, which the path lacks`);
  return names.map((name) => {
    const schema = properties[name] ?? { type: 'string' };
    return { name, in: 'path', required: true, ...describeOf(schema), schema };
  });
};

const queryParameters = (endpoint: Endpoint): Parameter[] => {
  if (!endpoint.query) return [];
  const { properties, required } = objectFields(endpoint.query);
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...describeOf(schema),
    schema,
  }));
};

const errorStatusesOf = (endpoint: Endpoint): number[] => {
  const { auth } = endpoint;
  const hasInput = Boolean(endpoint.params || endpoint.query || endpoint.body);
  const statuses = new Set<number>(endpoint.errors ?? []);
  if (hasInput) statuses.add(400);
  if (auth.kind !== 'public') statuses.add(401);
  // user routes refuse API keys with 403; org routes add roles and scopes; org and id routes can 404.
  if (auth.kind !== 'public') statuses.add(403);
  if (auth.kind === 'org' || endpoint.path.includes(':')) statuses.add(404);
  // Any request can be too large (the address and headers, or a body sent where none is read), and
  // every method that may carry a body refuses one that is not JSON, whether the endpoint reads it or not.
  statuses.add(413);
  if (endpoint.method !== 'GET') statuses.add(415);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
};

const successResponse = (endpoint: Endpoint): ResponseObject => {
  const description = successDescriptions[endpoint.status];
  if (endpoint.response) {
    const content: Content = { 'application/json': { schema: toJsonSchema(endpoint.response, 'output') } };
    // Each event is `event: <type>` with one of these objects as JSON `data`.
    if (endpoint.streams) content['text/event-stream'] = { schema: toJsonSchema(endpoint.streams, 'output') };
    return { description, content };
  }
  if (endpoint.produces) return { description, content: { [endpoint.produces]: { schema: { type: 'string' } } } };
  if (endpoint.status === 302)
    return {
      description,
      headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string', format: 'uri' } } },
    };
  return { description };
};

const operationOf = (endpoint: Endpoint, operationId: string): Operation => {
  const parameters = [...pathParameters(endpoint), ...queryParameters(endpoint)];
  const responses: Operation['responses'] = { [String(endpoint.status)]: successResponse(endpoint) };
  for (const status of errorStatusesOf(endpoint)) {
    const error = errorResponses[status];
    if (!error)
      throw new Error(`${endpoint.method} ${endpoint.path}: no error response is defined for status ${status}`);
    // A page for a person (the unsubscribe link's "invalid link" page) is documented as the page it is.
    responses[String(status)] =
      endpoint.pageErrors?.includes(status) && endpoint.produces
        ? {
            description: `${error.description.split(':')[0] ?? ''}: answered as a page (${endpoint.produces}), not the JSON envelope.`,
            content: { [endpoint.produces]: { schema: { type: 'string' } } },
          }
        : { $ref: `#/components/responses/${error.name}` };
  }
  return {
    operationId,
    summary: endpoint.summary,
    description: describeAuth(endpoint.auth),
    tags: [endpoint.tag],
    security: securityOf(endpoint.auth),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(endpoint.body
      ? {
          requestBody: {
            // Bodies whose fields are all optional may be left out.
            required: !endpoint.body.safeParse({}).success,
            content: { 'application/json': { schema: toJsonSchema(endpoint.body, 'input') } },
          },
        }
      : {}),
    responses,
    'x-auth': endpoint.auth,
  };
};

const capitalize = (word: string): string => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** The OpenAPI 3.1 document of every endpoint in the shared contract. */
export const buildOpenApiDocument = (options: {
  version: string;
  groups?: Record<string, Record<string, Endpoint>>;
}): OpenApiDocument => {
  const groups: Record<string, Record<string, Endpoint>> = options.groups ?? endpointGroups;
  const paths: OpenApiDocument['paths'] = {};
  const tags: string[] = [];
  for (const [group, endpoints] of Object.entries(groups)) {
    for (const [key, endpoint] of Object.entries(endpoints)) {
      const path = toOpenApiPath(endpoint.path);
      const method = endpoint.method.toLowerCase();
      const item = (paths[path] ??= {});
      if (item[method]) throw new Error(`${endpoint.method} ${endpoint.path} is declared twice`);
      item[method] = operationOf(endpoint, `${group}${capitalize(key)}`);
      if (!tags.includes(endpoint.tag)) tags.push(endpoint.tag);
    }
  }

  const responses: OpenApiDocument['components']['responses'] = {};
  for (const [status, { name, description }] of Object.entries(errorResponses)) {
    responses[name] = {
      description,
      content: { 'application/json': { schema: { $ref: ERROR_ENVELOPE_REF } } },
      ...(status === '429'
        ? {
            headers: {
              'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
            },
          }
        : {}),
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'AI CEO API',
      version: options.version,
      description: [
        'Send `Authorization: Bearer <token>` with an access token from login, or with an organisation API key on the organisation routes that accept keys.',
        'Every error has the same shape, `{ "error": { "code", "message", "details"?, "requestId" } }`; clients branch on `code`.',
        'Every response carries `x-request-id`; send your own `X-Request-Id` to correlate logs.',
      ].join('\n\n'),
    },
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: { ErrorEnvelope: toJsonSchema(errorEnvelopeSchema, 'output') },
      responses,
      securitySchemes: {
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A short-lived access token from signup, login or refresh, sent as `Authorization: Bearer <token>`.',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'aiceo_<prefix>_<secret>',
          description:
            'An organisation API key, sent as `Authorization: Bearer aiceo_...`. Admins create keys under /api/orgs/{orgId}/api-keys. A key works only for its own organisation and only on routes that allow its scope (listed as the role names of this requirement).',
        },
      },
    },
  };
};
