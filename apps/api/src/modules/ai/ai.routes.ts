import { Router } from 'express';
import { aiEndpoints } from '@aiceo/shared/ai';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { getAiSettings, updateAiSettings } from './ai-settings.service';
import { getAiContext, getAiUsage, listAiCalls } from './ai.service';

export const aiRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, aiEndpoints.getSettings, ({ org }) => getAiSettings(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, aiEndpoints.updateSettings, ({ org, auth, body }) =>
    updateAiSettings(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, aiEndpoints.status, () => deps.ai.status());
  mountEndpoint(router, deps, aiEndpoints.context, ({ org, auth }) =>
    getAiContext(deps, { orgId: org.orgId, userId: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, aiEndpoints.usage, ({ org, query }) => getAiUsage(deps, { orgId: org.orgId, ...query }));
  mountEndpoint(router, deps, aiEndpoints.calls, ({ org, query }) => listAiCalls(deps, { orgId: org.orgId, query }));
  return router;
};
