import { Router } from 'express';
import { financeOwnerReportEndpoints } from '@aiceo/shared/finance-owner-reports';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getFinanceReportSettings, updateFinanceReportSettings } from './finance-owner-reports.service';

export const financeOwnerReportsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, financeOwnerReportEndpoints.getSettings, ({ org }) =>
    getFinanceReportSettings(deps, { orgId: org.orgId }),
  );
  mountEndpoint(router, deps, financeOwnerReportEndpoints.updateSettings, ({ org, body }) =>
    updateFinanceReportSettings(deps, { orgId: org.orgId, input: body }),
  );
  return router;
};
