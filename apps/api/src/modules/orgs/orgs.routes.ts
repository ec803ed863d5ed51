import { Router } from 'express';
import { orgEndpoints } from '@aiceo/shared/orgs';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { createOrg, deleteOrg, getOrg, listMyOrgs, orgDeletionPreview, updateOrg } from './orgs.service';

export const orgsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, orgEndpoints.create, ({ auth, body }) =>
    createOrg(deps, { userId: auth.userId, input: body }),
  );
  mountEndpoint(router, deps, orgEndpoints.listMine, async ({ auth }) => ({
    items: await listMyOrgs(deps, { userId: auth.userId }),
  }));
  mountEndpoint(router, deps, orgEndpoints.get, ({ org }) => getOrg(deps, org));
  mountEndpoint(router, deps, orgEndpoints.update, ({ org, body }) => updateOrg(deps, { ...org, input: body }));
  mountEndpoint(router, deps, orgEndpoints.deletionPreview, ({ org }) =>
    orgDeletionPreview(deps, { orgId: org.orgId }),
  );
  mountEndpoint(router, deps, orgEndpoints.remove, ({ org }) => deleteOrg(deps, { orgId: org.orgId }));
  return router;
};
