import { Router } from 'express';
import { onboardingEndpoints } from '@aiceo/shared/onboarding';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getOnboarding, updateOnboarding } from './onboarding.service';

/** The new organisation's checklist: members read it; owners and admins put it away or bring it back. */
export const onboardingRoutes = (deps: Deps): Router => {
  const router = Router();
  const e = onboardingEndpoints;
  mountEndpoint(router, deps, e.get, ({ org }) => getOnboarding(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.update, ({ org, body }) =>
    updateOnboarding(deps, { orgId: org.orgId, dismissed: body.dismissed }),
  );
  return router;
};
