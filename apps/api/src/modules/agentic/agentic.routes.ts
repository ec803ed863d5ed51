import { Router } from 'express';
import { agenticEndpoints } from '@aiceo/shared/agentic';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { whatWorked } from '../outcomes/outcomes.service';
import { acceptInsight, analyzeOrg, dismissInsight, listInsights, listRuns, undoInsight } from './agentic.service';

export const agenticRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, agenticEndpoints.analyze, ({ org, auth }) =>
    analyzeOrg(deps, { orgId: org.orgId, trigger: 'manual', triggeredById: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, agenticEndpoints.runs, ({ org, query }) =>
    listRuns(deps, { orgId: org.orgId, limit: query.limit }),
  );
  mountEndpoint(router, deps, agenticEndpoints.insights, ({ org, query }) =>
    listInsights(deps, { orgId: org.orgId, query, role: org.role }),
  );
  mountEndpoint(router, deps, agenticEndpoints.accept, ({ org, auth, params }) =>
    acceptInsight(deps, { orgId: org.orgId, insightId: params.insightId, userId: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, agenticEndpoints.dismiss, ({ org, auth, params }) =>
    dismissInsight(deps, { orgId: org.orgId, insightId: params.insightId, userId: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, agenticEndpoints.whatWorked, ({ org, query }) =>
    whatWorked(deps, { orgId: org.orgId, ...(query.action ? { action: query.action } : {}) }),
  );
  mountEndpoint(router, deps, agenticEndpoints.undo, ({ org, auth, params }) =>
    undoInsight(deps, { orgId: org.orgId, insightId: params.insightId, userId: userIdOrNull(auth) }),
  );
  return router;
};
