import { Router } from 'express';
import { playbookEndpoints } from '@aiceo/shared/playbooks';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  applyPlaybook,
  getOrgPlaybook,
  listPlaybooks,
  updateContentThemes,
  updateStageLabels,
} from './playbooks.service';

export const playbooksRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, playbookEndpoints.list, () => listPlaybooks());
  mountEndpoint(router, deps, playbookEndpoints.get, ({ org }) => getOrgPlaybook(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, playbookEndpoints.apply, ({ org, auth, body }) =>
    applyPlaybook(deps, { orgId: org.orgId, userId: userIdOrNull(auth), key: body.playbook }),
  );
  mountEndpoint(router, deps, playbookEndpoints.updateStageLabels, ({ org, body }) =>
    updateStageLabels(deps, { orgId: org.orgId, input: body }),
  );
  mountEndpoint(router, deps, playbookEndpoints.updateContentThemes, ({ org, auth, body }) =>
    updateContentThemes(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  return router;
};
