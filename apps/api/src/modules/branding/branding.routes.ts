import { Router } from 'express';
import { brandingEndpoints } from '@aiceo/shared/branding';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getBranding, updateBranding } from './branding.service';

/** Email branding: members read it; owners and admins change it. */
export const brandingRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, brandingEndpoints.get, ({ org }) => getBranding(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, brandingEndpoints.update, ({ org, body }) =>
    updateBranding(deps, { orgId: org.orgId, input: body }),
  );
  return router;
};
