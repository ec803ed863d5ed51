import { Router } from 'express';
import { platformEndpoints } from '@aiceo/shared/platform';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { createInviteCode, listInviteCodes, revokeInviteCode } from './invite-codes.service';
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
  return router;
};
