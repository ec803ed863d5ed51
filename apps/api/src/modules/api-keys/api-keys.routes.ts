import { Router } from 'express';
import { apiKeyEndpoints } from '@aiceo/shared/api-keys';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { userOf } from '../../http/auth-context';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service';

export const apiKeysRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, apiKeyEndpoints.list, async ({ org }) => ({
    items: await listApiKeys(deps, { orgId: org.orgId }),
  }));
  mountEndpoint(router, deps, apiKeyEndpoints.create, ({ org, body, req }) =>
    createApiKey(deps, { orgId: org.orgId, userId: userOf(req).userId, input: body }),
  );
  mountEndpoint(router, deps, apiKeyEndpoints.revoke, ({ org, params }) =>
    revokeApiKey(deps, { orgId: org.orgId, keyId: params.keyId }),
  );
  return router;
};
