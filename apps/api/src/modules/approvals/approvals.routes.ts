import { Router } from 'express';
import { approvalEndpoints } from '@aiceo/shared/approvals';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { createApprovalRule, deleteApprovalRule, listApprovalRules, updateApprovalRule } from './approval-rules';
import {
  approveApproval,
  countPendingApprovals,
  decideMany,
  editApproval,
  getApproval,
  listApprovals,
  rejectApproval,
} from './approvals.service';

/** The approval inbox and its auto-approve rules. Members read; admins decide. */
export const approvalsRoutes = (deps: Deps): Router => {
  const router = Router();
  const e = approvalEndpoints;
  // Fixed paths before `/:approvalId`, which would otherwise take them as (invalid) ids.
  mountEndpoint(router, deps, e.list, ({ org, query }) => listApprovals(deps, { orgId: org.orgId, query }));
  mountEndpoint(router, deps, e.count, ({ org }) => countPendingApprovals(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.bulk, ({ org, auth, body }) =>
    decideMany(deps, { orgId: org.orgId, actorId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, e.get, ({ org, params }) =>
    getApproval(deps, { orgId: org.orgId, approvalId: params.approvalId }),
  );
  mountEndpoint(router, deps, e.edit, ({ org, params, body }) =>
    editApproval(deps, { orgId: org.orgId, approvalId: params.approvalId, content: body.content }),
  );
  mountEndpoint(router, deps, e.approve, ({ org, auth, params, body }) =>
    approveApproval(deps, {
      orgId: org.orgId,
      approvalId: params.approvalId,
      actorId: userIdOrNull(auth),
      content: body.content,
    }),
  );
  mountEndpoint(router, deps, e.reject, ({ org, auth, params, body }) =>
    rejectApproval(deps, {
      orgId: org.orgId,
      approvalId: params.approvalId,
      actorId: userIdOrNull(auth),
      note: body.note,
    }),
  );
  mountEndpoint(router, deps, e.rules, ({ org }) => listApprovalRules(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.createRule, ({ org, auth, body }) =>
    createApprovalRule(deps, { orgId: org.orgId, actorId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, e.updateRule, ({ org, params, body }) =>
    updateApprovalRule(deps, { orgId: org.orgId, ruleId: params.ruleId, input: body }),
  );
  mountEndpoint(router, deps, e.removeRule, ({ org, params }) =>
    deleteApprovalRule(deps, { orgId: org.orgId, ruleId: params.ruleId }),
  );
  return router;
};
