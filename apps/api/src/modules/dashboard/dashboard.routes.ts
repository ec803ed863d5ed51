import { Router } from 'express';
import { dashboardEndpoints } from '@aiceo/shared/dashboard';
import { hasRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getActivity } from './activity.service';
import { getDashboard } from './dashboard.service';

export const dashboardRoutes = (deps: Deps): Router => {
  const router = Router();
  // Money as on the money pages: admins and owners, and API keys with the read scope (role null).
  mountEndpoint(router, deps, dashboardEndpoints.get, ({ org }) =>
    getDashboard(deps, { orgId: org.orgId, seesMoney: org.role === null || hasRole(org.role, 'admin') }),
  );
  mountEndpoint(router, deps, dashboardEndpoints.activity, ({ org, query }) =>
    getActivity(deps, { orgId: org.orgId, days: query.days }),
  );
  return router;
};
