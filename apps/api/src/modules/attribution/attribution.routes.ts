import { Router } from 'express';
import { attributionEndpoints as e } from '@aiceo/shared/attribution';
import { hasRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import type { OrgAccess } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { getLeadAttribution, getPaymentMatch, listPaymentSuggestions, matchPayment } from './attribution.service';
import { getRevenueBySource } from './revenue.service';

// Money is for admins and owners; an API key (no role) reads what its scope allows, as the books do.
const canSeeMoney = (org: OrgAccess) => org.role === null || hasRole(org.role, 'admin');

/** Attribution: lead touches, payments matched to leads, revenue by source. */
export const attributionRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, e.lead, ({ org, params }) =>
    getLeadAttribution(deps, { orgId: org.orgId, leadId: params.leadId, canSeeMoney: canSeeMoney(org) }),
  );
  mountEndpoint(router, deps, e.getPayment, ({ org, params }) =>
    getPaymentMatch(deps, { orgId: org.orgId, transactionId: params.transactionId }),
  );
  mountEndpoint(router, deps, e.matchPayment, ({ org, params, body }) =>
    matchPayment(deps, { orgId: org.orgId, transactionId: params.transactionId, leadId: body.leadId }),
  );
  mountEndpoint(router, deps, e.paymentSuggestions, ({ org, query }) =>
    listPaymentSuggestions(deps, { orgId: org.orgId, leadId: query.leadId }),
  );
  mountEndpoint(router, deps, e.revenue, ({ org, query }) => getRevenueBySource(deps, { orgId: org.orgId, query }));
  return router;
};
