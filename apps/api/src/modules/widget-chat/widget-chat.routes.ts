import { Router, type Request } from 'express';
import { widgetEndpoints, type WidgetReply, type WidgetStreamEvent } from '@aiceo/shared/widget';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { openSse, wantsEventStream } from '../../http/sse';
import { resolveWidgetKey, type WidgetSite } from '../widget/widget-keys.service';
import { allowWidgetOrigin } from './widget-cors';
import {
  acceptWidgetMessage,
  answerWidgetMessage,
  getWidgetConfig,
  refuseHoneypot,
  startWidgetConversation,
  syncWidgetConversation,
} from './widget-chat.service';

/**
 * Every call names the key and is checked against the page's Origin (404 unknown or replaced
 * key, 403 a page outside the owner's domains); only then may the page read the answer (CORS).
 */
const siteFor = async (deps: Deps, req: Request, key: string): Promise<WidgetSite> => {
  const origin = req.get('origin');
  const site = await resolveWidgetKey(deps, { key, origin });
  if (origin) allowWidgetOrigin(req.res!, origin);
  return site;
};

/** The website chat's public endpoints, called by widget.js on the owner's site. */
export const widgetChatRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, widgetEndpoints.config, async ({ req, query }) =>
    getWidgetConfig(deps, { site: await siteFor(deps, req, query.key) }),
  );
  mountEndpoint(router, deps, widgetEndpoints.start, async ({ req, body }) => {
    refuseHoneypot(body.website);
    const site = await siteFor(deps, req, body.key);
    return startWidgetConversation(deps, { site, input: body, ip: req.ip ?? 'unknown' });
  });
  mountEndpoint(router, deps, widgetEndpoints.sync, async ({ req, params, body }) => {
    const site = await siteFor(deps, req, body.key);
    return syncWidgetConversation(deps, {
      site,
      conversationId: params.conversationId,
      visitorToken: body.visitorToken,
      after: body.after,
    });
  });
  mountEndpoint(router, deps, widgetEndpoints.send, async ({ req, res, params, body }) => {
    refuseHoneypot(body.website);
    const site = await siteFor(deps, req, body.key);
    const accepted = await acceptWidgetMessage(deps, {
      site,
      conversationId: params.conversationId,
      visitorToken: body.visitorToken,
      input: body,
    });
    if (!wantsEventStream(req.get('accept'))) return answerWidgetMessage(deps, accepted);
    // The message is saved before the stream opens; the answer is saved even if the visitor leaves.
    const sse = openSse(res);
    const send = (event: WidgetStreamEvent) => sse.send(event.type, event);
    send({ type: 'message', message: accepted.message });
    try {
      const reply = await answerWidgetMessage(deps, accepted, { onDelta: (text) => send({ type: 'delta', text }) });
      send({ type: 'done', reply });
      return reply;
    } catch (error) {
      deps.log.error({ err: error, conversationId: accepted.conversationId }, 'website chat answer failed');
      const notice = 'Something went wrong on our side. Your message was saved; please try again.';
      send({ type: 'error', message: notice });
      return { message: accepted.message, reply: null, mode: accepted.mode, notice } satisfies WidgetReply;
    } finally {
      sse.end();
    }
  });
  return router;
};
