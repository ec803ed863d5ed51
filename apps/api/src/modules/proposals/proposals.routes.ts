import { Router } from 'express';
import { proposalEndpoints } from '@aiceo/shared/proposals';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  createProposal,
  deleteProposal,
  getProposal,
  listProposals,
  reviseProposal,
  sendProposal,
  updateProposal,
  writeProposalCoverLetter,
} from './proposals.service';

// The owner's side; the client's public page (publicPage, accept, decline) lives in client-pages.
export const proposalsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, proposalEndpoints.list, ({ org, query }) =>
    listProposals(deps, { orgId: org.orgId, query }),
  );
  mountEndpoint(router, deps, proposalEndpoints.create, ({ org, auth, body }) =>
    createProposal(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, proposalEndpoints.get, ({ org, params }) =>
    getProposal(deps, { orgId: org.orgId, proposalId: params.proposalId }),
  );
  mountEndpoint(router, deps, proposalEndpoints.update, ({ org, params, body }) =>
    updateProposal(deps, { orgId: org.orgId, proposalId: params.proposalId, input: body }),
  );
  mountEndpoint(router, deps, proposalEndpoints.remove, ({ org, params }) =>
    deleteProposal(deps, { orgId: org.orgId, proposalId: params.proposalId }),
  );
  mountEndpoint(router, deps, proposalEndpoints.coverLetter, ({ org, auth, params }) =>
    writeProposalCoverLetter(deps, { orgId: org.orgId, proposalId: params.proposalId, userId: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, proposalEndpoints.send, ({ org, auth, params, body }) =>
    sendProposal(deps, {
      orgId: org.orgId,
      proposalId: params.proposalId,
      userId: userIdOrNull(auth),
      message: body.message,
    }),
  );
  mountEndpoint(router, deps, proposalEndpoints.revise, ({ org, params }) =>
    reviseProposal(deps, { orgId: org.orgId, proposalId: params.proposalId }),
  );
  return router;
};
