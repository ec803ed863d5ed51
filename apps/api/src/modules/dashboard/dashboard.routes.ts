import { Router } from 'express';
import { dashboardEndpoints } from '@aiceo/shared/dashboard';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getDashboard } from './dashboard.service';

export const dashboardRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, dashboardEndpoints.get, ({ org, query }) =>
    getDashboard(deps, { orgId: org.orgId, days: query.days }),
  );
  return router;
};
