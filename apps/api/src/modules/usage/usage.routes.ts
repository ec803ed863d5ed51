import { Router } from 'express';
import { platformEndpoints } from '@aiceo/shared/platform';
import { usageEndpoints } from '@aiceo/shared/usage';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getUsage, setOrgPlan } from './usage.service';

export const usageRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, usageEndpoints.get, ({ org }) => getUsage(deps, { orgId: org.orgId }));
  // Until Stripe is configured a platform admin sets plans by hand (later the subscription drives it).
  mountEndpoint(router, deps, platformEndpoints.updateOrgPlan, ({ params, body }) =>
    setOrgPlan(deps, { orgId: params.orgId, plan: body.plan }),
  );
  return router;
};
