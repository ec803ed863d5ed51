import { Router, type Request, type Response } from 'express';
import type { ChatExchange, ChatStreamEvent } from '@aiceo/shared/chat';
import { chatEndpoints } from '@aiceo/shared/chat';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import type { Auth } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { openSse, wantsEventStream } from '../../http/sse';
import { createChatRuns, type ChatRuns } from './chat-runs';
import {
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  renameConversation,
  startAnswer,
  startRetry,
  stopAnswer,
  writeAnswer,
  type PendingAnswer,
} from './chat.service';

// Chat endpoints refuse API keys (their auth scope is null), so the caller is always a person.
const ownerOf = (auth: Auth, orgId: string) => {
  if (auth.kind !== 'user') throw new AppError('FORBIDDEN', 'Conversations belong to people; API keys cannot use them');
  return { orgId, userId: auth.userId };
};

/**
 * Answers with Server-Sent Events when asked, otherwise with JSON once the answer is saved.
 * Either way the answer is written to the end even if the client disconnects.
 */
const deliver = async (
  deps: Deps & { runs: ChatRuns },
  pending: PendingAnswer,
  req: Request,
  res: Response,
): Promise<ChatExchange> => {
  if (!wantsEventStream(req.get('accept'))) {
    const { message, failure } = await writeAnswer(deps, { pending });
    if (failure) throw failure;
    return { userMessage: pending.userMessage, assistantMessage: message };
  }
  const sse = openSse(res, 201);
  const send = (event: ChatStreamEvent) => sse.send(event.type, event);
  if (pending.userMessage) send({ type: 'user-message', message: pending.userMessage });
  send({ type: 'assistant-start', message: pending.assistant });
  const { message, failure } = await writeAnswer(deps, { pending, onDelta: (text) => send({ type: 'delta', text }) });
  if (failure) send({ type: 'error', error: { code: failure.code, message: failure.message }, message });
  else send({ type: 'done', message });
  sse.end();
  return { userMessage: pending.userMessage, assistantMessage: message };
};

export const chatRoutes = (deps: Deps, runs: ChatRuns = createChatRuns()): Router => {
  const router = Router();
  const chatDeps = { ...deps, runs };
  mountEndpoint(router, deps, chatEndpoints.list, ({ org, auth, query }) =>
    listConversations(deps, { owner: ownerOf(auth, org.orgId), query }),
  );
  mountEndpoint(router, deps, chatEndpoints.create, ({ org, auth, body }) =>
    createConversation(deps, { owner: ownerOf(auth, org.orgId), title: body.title }),
  );
  mountEndpoint(router, deps, chatEndpoints.get, ({ org, auth, params }) =>
    getConversation(deps, { owner: ownerOf(auth, org.orgId), conversationId: params.conversationId }),
  );
  mountEndpoint(router, deps, chatEndpoints.rename, ({ org, auth, params, body }) =>
    renameConversation(deps, {
      owner: ownerOf(auth, org.orgId),
      conversationId: params.conversationId,
      title: body.title,
    }),
  );
  mountEndpoint(router, deps, chatEndpoints.remove, ({ org, auth, params }) =>
    deleteConversation(deps, { owner: ownerOf(auth, org.orgId), conversationId: params.conversationId }),
  );
  mountEndpoint(router, deps, chatEndpoints.send, async ({ org, auth, params, body, req, res }) => {
    const pending = await startAnswer(deps, {
      owner: ownerOf(auth, org.orgId),
      conversationId: params.conversationId,
      content: body.content,
    });
    return deliver(chatDeps, pending, req, res);
  });
  mountEndpoint(router, deps, chatEndpoints.retry, async ({ org, auth, params, req, res }) => {
    const pending = await startRetry(deps, {
      owner: ownerOf(auth, org.orgId),
      conversationId: params.conversationId,
      messageId: params.messageId,
    });
    return deliver(chatDeps, pending, req, res);
  });
  mountEndpoint(router, deps, chatEndpoints.stop, ({ org, auth, params }) =>
    stopAnswer(chatDeps, {
      owner: ownerOf(auth, org.orgId),
      conversationId: params.conversationId,
      messageId: params.messageId,
    }),
  );
  return router;
};
