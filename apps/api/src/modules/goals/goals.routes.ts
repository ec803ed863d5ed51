import { Router } from 'express';
import { goalEndpoints } from '@aiceo/shared/goals';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { createGoal, deleteGoal, getGoal, listGoals, markGoalStep, updateGoal } from './goals.service';

export const goalsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, goalEndpoints.list, ({ org, query }) => listGoals(deps, { orgId: org.orgId, query }));
  mountEndpoint(router, deps, goalEndpoints.create, ({ org, auth, body }) =>
    createGoal(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, goalEndpoints.get, ({ org, params }) =>
    getGoal(deps, { orgId: org.orgId, goalId: params.goalId }),
  );
  mountEndpoint(router, deps, goalEndpoints.update, ({ org, params, body }) =>
    updateGoal(deps, { orgId: org.orgId, goalId: params.goalId, input: body }),
  );
  mountEndpoint(router, deps, goalEndpoints.markStep, ({ org, params, body }) =>
    markGoalStep(deps, { orgId: org.orgId, goalId: params.goalId, taskId: params.taskId, done: body.done }),
  );
  mountEndpoint(router, deps, goalEndpoints.remove, ({ org, params }) =>
    deleteGoal(deps, { orgId: org.orgId, goalId: params.goalId }),
  );
  return router;
};
