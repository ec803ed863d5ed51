import { Router } from 'express';
import { taskEndpoints } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { cancelTask, createTask, getTask, getTaskSummary, listTasks, retryTask } from './tasks.service';

export const tasksRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, taskEndpoints.list, ({ org, query }) => listTasks(deps, { orgId: org.orgId, query }));
  mountEndpoint(router, deps, taskEndpoints.summary, ({ org }) => getTaskSummary(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, taskEndpoints.create, ({ org, auth, body }) =>
    createTask(deps, {
      orgId: org.orgId,
      origin: auth.kind === 'user' ? 'user' : 'api_key',
      createdById: auth.kind === 'user' ? auth.userId : auth.apiKeyId,
      input: body,
    }),
  );
  mountEndpoint(router, deps, taskEndpoints.get, ({ org, params }) =>
    getTask(deps, { orgId: org.orgId, taskId: params.taskId }),
  );
  mountEndpoint(router, deps, taskEndpoints.cancel, ({ org, params }) =>
    cancelTask(deps, { orgId: org.orgId, taskId: params.taskId }),
  );
  mountEndpoint(router, deps, taskEndpoints.retry, ({ org, params }) =>
    retryTask(deps, { orgId: org.orgId, taskId: params.taskId }),
  );
  return router;
};
