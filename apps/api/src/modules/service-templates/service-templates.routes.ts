import { Router } from 'express';
import { serviceTemplateEndpoints } from '@aiceo/shared/proposals';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  createServiceTemplate,
  deleteServiceTemplate,
  draftServiceTemplate,
  getServiceTemplate,
  listServiceTemplates,
  updateServiceTemplate,
} from './service-templates.service';

export const serviceTemplatesRoutes = (deps: Deps): Router => {
  const router = Router();
  const endpoints = serviceTemplateEndpoints;
  // The fixed path `/draft` before `/:templateId`.
  mountEndpoint(router, deps, endpoints.list, ({ org, query }) =>
    listServiceTemplates(deps, { orgId: org.orgId, query }),
  );
  mountEndpoint(router, deps, endpoints.create, ({ org, auth, body }) =>
    createServiceTemplate(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, endpoints.draft, ({ org, auth, body }) =>
    draftServiceTemplate(deps, { orgId: org.orgId, userId: userIdOrNull(auth), brief: body.brief }),
  );
  mountEndpoint(router, deps, endpoints.get, ({ org, params }) =>
    getServiceTemplate(deps, { orgId: org.orgId, templateId: params.templateId }),
  );
  mountEndpoint(router, deps, endpoints.update, ({ org, params, body }) =>
    updateServiceTemplate(deps, { orgId: org.orgId, templateId: params.templateId, input: body }),
  );
  mountEndpoint(router, deps, endpoints.remove, ({ org, params }) =>
    deleteServiceTemplate(deps, { orgId: org.orgId, templateId: params.templateId }),
  );
  return router;
};
