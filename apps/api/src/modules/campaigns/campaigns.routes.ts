import { Router, type Response } from 'express';
import { campaignEndpoints } from '@aiceo/shared/campaigns';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { followTrackedLink, isPrefetch, looksLikeScanner } from './campaign-clicks.service';
import { sendCampaign } from './campaign-sending.service';
import {
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  listRecipients,
  previewCampaign,
  testSendCampaign,
  updateCampaign,
} from './campaigns.service';
import {
  renderConfirmPage,
  renderDonePage,
  renderInvalidLinkPage,
  renderInvalidTrackedLinkPage,
  renderTestMailPage,
} from './unsubscribe-page';
import { findUnsubscribeTarget, TEST_UNSUBSCRIBE_TOKEN, unsubscribeLead } from './unsubscribe.service';

const sendPage = (res: Response, status: number, html: string) => {
  res.status(status).set('cache-control', 'no-store').type('html').send(html);
};

/**
 * The public unsubscribe link. Its POST is also the RFC 8058 one-click target, whose body is a
 * form (`List-Unsubscribe=One-Click`), so this router belongs before the JSON-only body guard.
 */
export const unsubscribeRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, campaignEndpoints.unsubscribePage, async ({ params, res }) => {
    if (params.token === TEST_UNSUBSCRIBE_TOKEN) return sendPage(res, 200, renderTestMailPage());
    const target = await findUnsubscribeTarget(deps, { token: params.token });
    if (!target) return sendPage(res, 404, renderInvalidLinkPage());
    sendPage(res, 200, renderConfirmPage(target));
  });
  mountEndpoint(router, deps, campaignEndpoints.unsubscribe, async ({ params, res }) => {
    if (params.token === TEST_UNSUBSCRIBE_TOKEN) return sendPage(res, 200, renderTestMailPage());
    const target = await unsubscribeLead(deps, { token: params.token });
    if (!target) return sendPage(res, 404, renderInvalidLinkPage());
    sendPage(res, 200, renderDonePage(target));
  });
  // Express answers HEAD with the GET route: a HEAD (a link checker) is redirected but not counted.
  mountEndpoint(router, deps, campaignEndpoints.click, async ({ params, req, res }) => {
    const count =
      req.method === 'GET' &&
      !looksLikeScanner(req.get('user-agent')) &&
      !isPrefetch(req.get('sec-purpose') ?? req.get('purpose'));
    const target = await followTrackedLink(deps, { token: params.token, count });
    if (!target) return sendPage(res, 404, renderInvalidTrackedLinkPage());
    res.set('cache-control', 'no-store').set('x-robots-tag', 'noindex').redirect(302, target);
  });
  return router;
};

export const campaignsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, campaignEndpoints.list, ({ org, query }) =>
    listCampaigns(deps, { orgId: org.orgId, query }),
  );
  mountEndpoint(router, deps, campaignEndpoints.create, ({ org, auth, body }) =>
    createCampaign(deps, { orgId: org.orgId, createdBy: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, campaignEndpoints.get, ({ org, params }) =>
    getCampaign(deps, { orgId: org.orgId, campaignId: params.campaignId }),
  );
  mountEndpoint(router, deps, campaignEndpoints.update, ({ org, params, body }) =>
    updateCampaign(deps, { orgId: org.orgId, campaignId: params.campaignId, input: body }),
  );
  mountEndpoint(router, deps, campaignEndpoints.remove, ({ org, params }) =>
    deleteCampaign(deps, { orgId: org.orgId, campaignId: params.campaignId }),
  );
  mountEndpoint(router, deps, campaignEndpoints.preview, ({ org, params }) =>
    previewCampaign(deps, { orgId: org.orgId, campaignId: params.campaignId }),
  );
  mountEndpoint(router, deps, campaignEndpoints.send, ({ org, auth, params }) =>
    sendCampaign(deps, { orgId: org.orgId, campaignId: params.campaignId, actorId: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, campaignEndpoints.testSend, ({ org, auth, params }) =>
    testSendCampaign(deps, { orgId: org.orgId, campaignId: params.campaignId, auth }),
  );
  mountEndpoint(router, deps, campaignEndpoints.recipients, ({ org, params, query }) =>
    listRecipients(deps, { orgId: org.orgId, campaignId: params.campaignId, query }),
  );
  return router;
};
