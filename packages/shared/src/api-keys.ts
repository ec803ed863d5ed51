import { z } from 'zod';
import { defineEndpoint, orgAuth } from './contract';
import { isoDateSchema } from './common';
import { apiKeyScopes, apiKeyScopeSchema } from './roles';

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the key, shown so that owners can tell keys apart. */
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: isoDateSchema,
  lastUsedAt: isoDateSchema.nullable(),
  revokedAt: isoDateSchema.nullable(),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** Only the create response carries the secret, once. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const createApiKeyInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100),
  /** Each scope is its own permission: `write` does not imply `read`. Stored once each, in canonical order. */
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'Pick at least one scope')
    .max(apiKeyScopes.length)
    .transform((picked) => apiKeyScopes.filter((scope) => picked.includes(scope))),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInputSchema>;

export const apiKeyParamsSchema = z.object({ orgId: z.uuid(), keyId: z.uuid() });

const tag = 'API keys';
const orgParams = z.object({ orgId: z.uuid() });
export const apiKeyEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/api-keys',
    summary: 'API keys of the organisation (admin+)',
    tag,
    auth: orgAuth('admin', null),
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(apiKeySchema) }),
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/api-keys',
    summary: 'Create a key; the secret is shown only in this answer (admin+)',
    tag,
    auth: orgAuth('admin', null),
    params: orgParams,
    body: createApiKeyInputSchema,
    status: 201,
    response: createdApiKeySchema,
  }),
  revoke: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/api-keys/:keyId',
    summary: 'Revoke a key at once (admin+)',
    tag,
    auth: orgAuth('admin', null),
    params: apiKeyParamsSchema,
    status: 204,
    response: null,
  }),
};
