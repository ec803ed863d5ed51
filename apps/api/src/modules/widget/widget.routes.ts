import { Router } from 'express';
import { widgetInboxEndpoints } from '@aiceo/shared/widget-inbox';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  closeConversation,
  countInboxConversations,
  getInboxConversation,
  handBackConversation,
  listInboxConversations,
  replyToConversation,
  takeOverConversation,
} from './widget-inbox.service';
import { getWidgetSettings, rotateWidgetKey, updateWidgetSettings } from './widget-settings.service';

/** The owner's side of the website chat: settings, keys and the conversations inbox. */
export const widgetRoutes = (deps: Deps): Router => {
  const router = Router();
  const e = widgetInboxEndpoints;
  mountEndpoint(router, deps, e.getSettings, ({ org }) => getWidgetSettings(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.updateSettings, ({ org, auth, body }) =>
    updateWidgetSettings(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, e.rotateKey, ({ org, auth }) =>
    rotateWidgetKey(deps, { orgId: org.orgId, userId: userIdOrNull(auth) }),
  );
  mountEndpoint(router, deps, e.list, ({ org, query }) => listInboxConversations(deps, { orgId: org.orgId, query }));
  // Before `/:conversationId`, which would otherwise take "count" as an (invalid) id.
  mountEndpoint(router, deps, e.count, ({ org }) => countInboxConversations(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.get, ({ org, params }) =>
    getInboxConversation(deps, { orgId: org.orgId, conversationId: params.conversationId }),
  );
  const actorOf = ({ orgId }: { orgId: string }, auth: Parameters<typeof userIdOrNull>[0], conversationId: string) => ({
    orgId,
    conversationId,
    userId: userIdOrNull(auth),
  });
  mountEndpoint(router, deps, e.reply, ({ org, auth, params, body }) =>
    replyToConversation(deps, { ...actorOf(org, auth, params.conversationId), text: body.text }),
  );
  mountEndpoint(router, deps, e.takeOver, ({ org, auth, params }) =>
    takeOverConversation(deps, actorOf(org, auth, params.conversationId)),
  );
  mountEndpoint(router, deps, e.handBack, ({ org, auth, params }) =>
    handBackConversation(deps, actorOf(org, auth, params.conversationId)),
  );
  mountEndpoint(router, deps, e.close, ({ org, auth, params }) =>
    closeConversation(deps, actorOf(org, auth, params.conversationId)),
  );
  return router;
};
