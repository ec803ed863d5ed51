import express, { Router, type Request, type Response } from 'express';
import { projectEndpoints } from '@aiceo/shared/projects';
import { proposalEndpoints } from '@aiceo/shared/proposals';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { publicTokenHash } from '../../lib/public-links';
import {
  acceptProposal,
  announceClientAnswer,
  declineProposal,
  findProposalForClient,
  findProposalForPreview,
  type ClientAnswer,
} from '../proposals/proposal-acceptance.service';
import { projectForClient } from '../projects/projects.service';
import { clientPageLimits, countClientPageHit, type ClientPageLimit } from './client-limits';
import { renderPlainPage } from './page-layout';
import { renderProjectPage } from './project-page';
import { requestDeposit } from './proposal-deposit';
import { renderClosedPage, renderDeclinedPage, renderProposalPage } from './proposal-page';

/** The forms post a few short fields; nothing larger is read. */
const BODY_LIMIT = '16kb';

const sendPage = (res: Response, status: number, html: string): void => {
  res
    .status(status)
    .set({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow', 'referrer-policy': 'no-referrer' })
    .type('html')
    .send(html);
};

const notFoundPage = () =>
  renderPlainPage(
    'This link is not valid',
    'This link does not lead to anything (any more). Please use the link from the latest email you received, or ask the sender for a new one.',
  );

/** Counts the hit; false (and the 429 page sent) when a bucket is full. */
const underLimit = async (deps: Deps, res: Response, limits: ClientPageLimit[]): Promise<boolean> => {
  const wait = await countClientPageHit(deps, limits);
  if (wait === null) return true;
  res.set('retry-after', String(wait));
  sendPage(
    res,
    429,
    renderPlainPage(
      'Too many requests',
      `This page was asked for too often from your network. Please wait ${wait} seconds and try again.`,
    ),
  );
  return false;
};

const viewLimits = (req: Request, token: string) => [
  clientPageLimits.viewsPerIp(req.ip ?? 'unknown'),
  clientPageLimits.viewsPerLink(publicTokenHash(token)),
];
const answerLimits = (req: Request, token: string) => [
  clientPageLimits.answersPerIp(req.ip ?? 'unknown'),
  clientPageLimits.answersPerLink(publicTokenHash(token)),
];

const closedOrMissing = (res: Response, answer: Exclude<ClientAnswer, { outcome: 'done' }>, token: string) => {
  if (answer.outcome === 'not_found') return sendPage(res, 404, notFoundPage());
  sendPage(res, 409, renderClosedPage(answer.proposal, answer.reason, token));
};

/**
 * The client's pages, by the unguessable token of their link: no login, HTML answers. The forms
 * post application/x-www-form-urlencoded (JSON works too), so this router is mounted before the
 * app's JSON-only body guard and parses its own small bodies.
 */
export const clientPagesRoutes = (deps: Deps): Router => {
  const router = Router();
  router.use(
    '/api/public/proposals',
    express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 20 }),
    express.json({ limit: BODY_LIMIT }),
  );

  mountEndpoint(router, deps, proposalEndpoints.publicPage, async ({ params, req, res }) => {
    if (!(await underLimit(deps, res, viewLimits(req, params.token)))) return;
    // Express answers HEAD with this route too: a link checker's HEAD is not a view.
    const proposal = await findProposalForClient(deps, { token: params.token, countView: req.method === 'GET' });
    if (!proposal) return sendPage(res, 404, notFoundPage());
    sendPage(res, 200, renderProposalPage(proposal, params.token));
  });

  mountEndpoint(router, deps, proposalEndpoints.accept, async ({ params, body, req, res }) => {
    if (!(await underLimit(deps, res, answerLimits(req, params.token)))) return;
    const answer = await acceptProposal(deps, {
      token: params.token,
      name: body.name,
      ip: req.ip ?? '',
      userAgent: req.get('user-agent') ?? '',
    });
    if (answer.outcome !== 'done') return closedOrMissing(res, answer, params.token);
    // After the commit: the acceptance stands whatever Stripe or the mail server says.
    const depositUrl = await requestDeposit(deps, answer.proposal);
    // Only the request whose answer won gets here: the team hears of it once.
    await announceClientAnswer(deps, { kind: 'accepted', proposal: answer.proposal, depositUrl });
    sendPage(res, 200, renderProposalPage({ ...answer.proposal, depositUrl }, params.token));
  });

  mountEndpoint(router, deps, proposalEndpoints.decline, async ({ params, body, req, res }) => {
    if (!(await underLimit(deps, res, answerLimits(req, params.token)))) return;
    const answer = await declineProposal(deps, { token: params.token, reason: body.reason });
    if (answer.outcome !== 'done') return closedOrMissing(res, answer, params.token);
    await announceClientAnswer(deps, { kind: 'declined', proposal: answer.proposal, reason: body.reason });
    sendPage(res, 200, renderDeclinedPage(answer.proposal));
  });

  // The owner's preview, signed in (the org guard from the contract); a 404 is the JSON envelope.
  mountEndpoint(router, deps, proposalEndpoints.preview, async ({ params, res }) => {
    const proposal = await findProposalForPreview(deps, { orgId: params.orgId, proposalId: params.proposalId });
    sendPage(res, 200, renderProposalPage(proposal, null));
  });

  mountEndpoint(router, deps, projectEndpoints.progressPage, async ({ params, req, res }) => {
    if (!(await underLimit(deps, res, viewLimits(req, params.token)))) return;
    const project = await projectForClient(deps, { token: params.token });
    if (!project) return sendPage(res, 404, notFoundPage());
    sendPage(res, 200, renderProjectPage(project));
  });
  return router;
};
