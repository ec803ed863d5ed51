import { Router } from 'express';
import { aiBudgetEndpoints } from '@aiceo/shared/ai-budget';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import {
  getAdminAiBudgets,
  getAiAllowance,
  listPlatformAlerts,
  raiseAiBudget,
  readPlatformAlert,
  updateAiBudgetPlans,
} from './ai-budget.service';

export const aiBudgetRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, aiBudgetEndpoints.getAllowance, ({ org }) =>
    getAiAllowance(deps, { orgId: org.orgId, role: org.role }),
  );
  mountEndpoint(router, deps, aiBudgetEndpoints.adminGet, () => getAdminAiBudgets(deps));
  mountEndpoint(router, deps, aiBudgetEndpoints.adminUpdate, ({ body }) => updateAiBudgetPlans(deps, { input: body }));
  mountEndpoint(router, deps, aiBudgetEndpoints.adminRaise, ({ params, body, auth }) =>
    raiseAiBudget(deps, { orgId: params.orgId, input: body, adminUserId: auth.userId }),
  );
  mountEndpoint(router, deps, aiBudgetEndpoints.adminListAlerts, ({ query }) =>
    listPlatformAlerts(deps, { unreadOnly: query.unread === 'true' }),
  );
  mountEndpoint(router, deps, aiBudgetEndpoints.adminReadAlert, ({ params }) =>
    readPlatformAlert(deps, { alertId: params.alertId }),
  );
  return router;
};
