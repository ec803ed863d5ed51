import { Router } from 'express';
import { financeStripeEndpoints } from '@aiceo/shared/finance-stripe';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { connectStripe, disconnectStripe, getStripeConnection, syncStripe } from './finance-stripe.service';

export const financeStripeRoutes = (deps: Deps): Router => {
  const router = Router();
  const e = financeStripeEndpoints;
  mountEndpoint(router, deps, e.get, ({ org }) => getStripeConnection(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.connect, ({ org, auth, body }) =>
    connectStripe(deps, { orgId: org.orgId, apiKey: body.apiKey, userId: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, e.sync, ({ org }) => syncStripe(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.disconnect, ({ org }) => disconnectStripe(deps, { orgId: org.orgId }));
  return router;
};
