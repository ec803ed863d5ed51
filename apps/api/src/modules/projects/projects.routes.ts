import { Router } from 'express';
import { projectEndpoints } from '@aiceo/shared/projects';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { planProject } from './projects.plan';
import {
  addMilestones,
  createProject,
  deleteMilestone,
  deleteProject,
  getProject,
  listProjects,
  updateMilestone,
  updateProject,
} from './projects.service';

// The client's progress page (projectEndpoints.progressPage) is served by client-pages.
export const projectsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, projectEndpoints.list, ({ org, query }) =>
    listProjects(deps, { orgId: org.orgId, query }),
  );
  mountEndpoint(router, deps, projectEndpoints.create, ({ org, auth, body }) =>
    createProject(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, projectEndpoints.get, ({ org, params }) =>
    getProject(deps, { orgId: org.orgId, projectId: params.projectId }),
  );
  mountEndpoint(router, deps, projectEndpoints.update, ({ org, params, body }) =>
    updateProject(deps, { orgId: org.orgId, projectId: params.projectId, input: body }),
  );
  mountEndpoint(router, deps, projectEndpoints.remove, ({ org, params }) =>
    deleteProject(deps, { orgId: org.orgId, projectId: params.projectId }),
  );
  mountEndpoint(router, deps, projectEndpoints.plan, ({ org, auth, params, body }) =>
    planProject(deps, { orgId: org.orgId, userId: userIdOrNull(auth), projectId: params.projectId, brief: body.brief }),
  );
  mountEndpoint(router, deps, projectEndpoints.addMilestones, ({ org, params, body }) =>
    addMilestones(deps, { orgId: org.orgId, projectId: params.projectId, milestones: body.milestones }),
  );
  mountEndpoint(router, deps, projectEndpoints.updateMilestone, ({ org, params, body }) =>
    updateMilestone(deps, {
      orgId: org.orgId,
      projectId: params.projectId,
      milestoneId: params.milestoneId,
      input: body,
    }),
  );
  mountEndpoint(router, deps, projectEndpoints.removeMilestone, ({ org, params }) =>
    deleteMilestone(deps, { orgId: org.orgId, projectId: params.projectId, milestoneId: params.milestoneId }),
  );
  return router;
};
