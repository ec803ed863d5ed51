import { Router } from 'express';
import { integrationEndpoints } from '@aiceo/shared/integrations';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import type { Auth } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  disconnectLinkedin,
  finishLinkedinConnect,
  listIntegrations,
  startLinkedinConnect,
} from './integrations.service';

// Connect refuses API keys (its scope is null): the state is bound to a person.
const userIdOf = (auth: Auth): string => {
  if (auth.kind !== 'user')
    throw new AppError('FORBIDDEN', 'Connecting an account needs a signed-in person; API keys cannot');
  return auth.userId;
};

export const integrationsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, integrationEndpoints.list, ({ org }) => listIntegrations(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, integrationEndpoints.connectLinkedin, ({ org, auth }) =>
    startLinkedinConnect(deps, { orgId: org.orgId, userId: userIdOf(auth) }),
  );
  mountEndpoint(router, deps, integrationEndpoints.disconnectLinkedin, ({ org }) =>
    disconnectLinkedin(deps, { orgId: org.orgId }),
  );
  mountEndpoint(router, deps, integrationEndpoints.linkedinCallback, async ({ query, res }) => {
    res.redirect(302, await finishLinkedinConnect(deps, { query }));
  });
  return router;
};
