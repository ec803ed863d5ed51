import { Router } from 'express';
import { invitationEndpoints, memberEndpoints } from '@aiceo/shared/members';
import type { Deps } from '../../deps';
import { userOf } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from './invitations.service';
import { listMembers, removeMember, transferOwnership, updateMemberRole } from './members.service';

/** Members and invitations of an org, plus the public invitation link routes. */
export const membersRoutes = (deps: Deps): Router => {
  const router = Router();

  mountEndpoint(router, deps, memberEndpoints.list, async ({ org }) => ({
    items: await listMembers(deps, { orgId: org.orgId }),
  }));
  // The write routes refuse API keys (scope null), so the caller is always a user here.
  mountEndpoint(router, deps, memberEndpoints.update, ({ org, params, body, req }) =>
    updateMemberRole(deps, { orgId: org.orgId, actorId: userOf(req).userId, userId: params.userId, role: body.role }),
  );
  mountEndpoint(router, deps, memberEndpoints.remove, ({ org, params, req }) =>
    removeMember(deps, { orgId: org.orgId, actorId: userOf(req).userId, userId: params.userId }),
  );
  mountEndpoint(router, deps, memberEndpoints.transferOwnership, async ({ org, body, req }) => ({
    items: await transferOwnership(deps, { orgId: org.orgId, actorId: userOf(req).userId, userId: body.userId }),
  }));

  mountEndpoint(router, deps, invitationEndpoints.list, async ({ org }) => ({
    items: await listInvitations(deps, { orgId: org.orgId }),
  }));
  mountEndpoint(router, deps, invitationEndpoints.create, ({ org, body, req }) =>
    createInvitation(deps, { orgId: org.orgId, inviterId: userOf(req).userId, input: body }),
  );
  mountEndpoint(router, deps, invitationEndpoints.revoke, ({ org, params }) =>
    revokeInvitation(deps, { orgId: org.orgId, invitationId: params.invitationId }),
  );
  mountEndpoint(router, deps, invitationEndpoints.preview, ({ params }) =>
    previewInvitation(deps, { token: params.token }),
  );
  mountEndpoint(router, deps, invitationEndpoints.accept, ({ auth, body }) =>
    acceptInvitation(deps, { userId: auth.userId, token: body.token }),
  );

  return router;
};
