import { Router } from 'express';
import { platformEndpoints } from '@aiceo/shared/platform';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getAdminAiUsage, getAdminHealth, listAdminDisputes } from './admin-ops.service';
import { getAdminOrg, listAdminOrgs } from './admin-orgs.service';
import { createInviteCode, listInviteCodes, revokeInviteCode } from './invite-codes.service';
import { getSaasMetrics } from './saas-metrics.service';
import { getPlatformSettings, listOutbox, listUsers, updatePlatformSettings } from './platform.service';

export const platformRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, platformEndpoints.listUsers, ({ query }) => listUsers(deps, { query }));
  mountEndpoint(router, deps, platformEndpoints.getSettings, () => getPlatformSettings(deps));
  mountEndpoint(router, deps, platformEndpoints.updateSettings, ({ body }) =>
    updatePlatformSettings(deps, { input: body }),
  );
  mountEndpoint(router, deps, platformEndpoints.listInviteCodes, () => listInviteCodes(deps));
  mountEndpoint(router, deps, platformEndpoints.createInviteCode, ({ auth, body }) =>
    createInviteCode(deps, { input: body, createdById: auth.userId }),
  );
  mountEndpoint(router, deps, platformEndpoints.revokeInviteCode, ({ params }) =>
    revokeInviteCode(deps, { codeId: params.codeId }),
  );
  mountEndpoint(router, deps, platformEndpoints.listOutbox, ({ query }) => listOutbox(deps, { query }));
  mountEndpoint(router, deps, platformEndpoints.metrics, ({ query }) => getSaasMetrics(deps, { query }));
  mountEndpoint(router, deps, platformEndpoints.listOrgs, ({ query }) => listAdminOrgs(deps, { query }));
  mountEndpoint(router, deps, platformEndpoints.getOrg, ({ params }) => getAdminOrg(deps, { orgId: params.orgId }));
  mountEndpoint(router, deps, platformEndpoints.listDisputes, ({ query }) => listAdminDisputes(deps, { query }));
  mountEndpoint(router, deps, platformEndpoints.aiUsage, ({ query }) => getAdminAiUsage(deps, { query }));
  mountEndpoint(router, deps, platformEndpoints.health, () => getAdminHealth(deps));
  return router;
};
