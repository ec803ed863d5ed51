import { Router, type Response } from 'express';
import { financeReportEndpoints } from '@aiceo/shared/finance-reports';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { cashFlowCsv, profitAndLossCsv } from './finance-reports.csv';
import { cashForecast, getCashFlow, getMoneyOverview, getProfitAndLossReport } from './finance-reports.service';

const sendCsv = (res: Response, fileName: string, body: string) => {
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .setHeader('content-disposition', `attachment; filename="${fileName}"`)
    .send(body);
};

export const financeReportsRoutes = (deps: Deps): Router => {
  const router = Router();
  const endpoints = financeReportEndpoints;
  mountEndpoint(router, deps, endpoints.profitAndLoss, ({ org, query }) =>
    getProfitAndLossReport(deps, { orgId: org.orgId, ...query }),
  );
  mountEndpoint(router, deps, endpoints.profitAndLossExport, async ({ org, query, res }) => {
    const report = await getProfitAndLossReport(deps, { orgId: org.orgId, ...query });
    sendCsv(res, `profit-and-loss-${report.from}-${report.to}.csv`, profitAndLossCsv(report));
  });
  mountEndpoint(router, deps, endpoints.cashFlow, ({ org, query }) =>
    getCashFlow(deps, { orgId: org.orgId, ...query }),
  );
  mountEndpoint(router, deps, endpoints.cashFlowExport, async ({ org, query, res }) => {
    const report = await getCashFlow(deps, { orgId: org.orgId, ...query });
    sendCsv(res, `cash-flow-${report.from}-${report.to}.csv`, cashFlowCsv(report));
  });
  mountEndpoint(router, deps, endpoints.forecast, ({ org, query }) =>
    cashForecast(deps, { orgId: org.orgId, weeks: query.weeks }),
  );
  mountEndpoint(router, deps, endpoints.overview, ({ org }) => getMoneyOverview(deps, { orgId: org.orgId }));
  return router;
};
