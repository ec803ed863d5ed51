import { z } from 'zod';
import { aiSourceSchema } from './ai';
import { isoDateSchema, pageQuerySchema, pageSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';
import { errorCodes } from './errors';

/** A conversation belongs to the member who started it; nobody else in the org sees it. */
export const conversationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  lastMessageAt: isoDateSchema.nullable(),
  /** The start of the newest message, for lists. */
  preview: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const chatMessageStatuses = ['complete', 'streaming', 'stopped', 'failed'] as const;
export type ChatMessageStatus = (typeof chatMessageStatuses)[number];

export const chatMessageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  /** `streaming` while the answer is being written; `stopped` when the user stopped it (content is what came so far). */
  status: z.enum(chatMessageStatuses),
  /** Who answered (assistant messages); `offline` means a template over the org's data, not a model. */
  provider: aiSourceSchema.nullable(),
  model: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: isoDateSchema,
  completedAt: isoDateSchema.nullable(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationDetailSchema = conversationSchema.extend({ messages: z.array(chatMessageSchema) });
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const MAX_CHAT_MESSAGE_LENGTH = 8_000;

const titleSchema = z.string().trim().min(1, 'Enter a title').max(120);
export const createConversationInputSchema = z.object({ title: titleSchema.optional() });
export const renameConversationInputSchema = z.object({ title: titleSchema });
export const sendMessageInputSchema = z.object({
  content: z
    .string()
    .trim()
    .min(1, 'Write a message')
    .max(MAX_CHAT_MESSAGE_LENGTH, `At most ${MAX_CHAT_MESSAGE_LENGTH} characters`),
});
export type SendMessageInput = z.infer<typeof sendMessageInputSchema>;

/** The JSON answer of send and retry (when the client does not ask for a stream). */
export const chatExchangeSchema = z.object({
  userMessage: chatMessageSchema.nullable(),
  assistantMessage: chatMessageSchema,
});
export type ChatExchange = z.infer<typeof chatExchangeSchema>;

/**
 * Events of a streamed answer (`Accept: text/event-stream`), each sent as `event: <type>`
 * with the JSON object as `data`. The stream ends after `done` or `error`.
 */
export const chatStreamEventSchema = z.discriminatedUnion('type', [
  /** The user's message as stored (send only). */
  z.object({ type: z.literal('user-message'), message: chatMessageSchema }),
  /** The assistant's message was created (status `streaming`); names who answers. */
  z.object({ type: z.literal('assistant-start'), message: chatMessageSchema }),
  /** The next piece of the answer. */
  z.object({ type: z.literal('delta'), text: z.string() }),
  /** The answer as stored: `complete`, or `stopped` when the user stopped it. */
  z.object({ type: z.literal('done'), message: chatMessageSchema }),
  /** The answer failed; `message` is the stored failed message. */
  z.object({
    type: z.literal('error'),
    error: z.object({ code: z.enum(errorCodes), message: z.string() }),
    message: chatMessageSchema.nullable(),
  }),
]);
export type ChatStreamEvent = z.infer<typeof chatStreamEventSchema>;

export const conversationParamsSchema = z.object({ orgId: z.uuid(), conversationId: z.uuid() });
export const messageParamsSchema = conversationParamsSchema.extend({ messageId: z.uuid() });

const tag = 'Chat';
const orgParams = z.object({ orgId: z.uuid() });
// Conversations are a person's own: API keys (no person) cannot use them.
const member = orgAuth('member', null);
export const chatEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/chat/conversations',
    summary: 'Your conversations with the AI CEO, most recent first',
    tag,
    auth: member,
    params: orgParams,
    query: pageQuerySchema,
    status: 200,
    response: pageSchema(conversationSchema),
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/chat/conversations',
    summary: 'Start a conversation',
    tag,
    auth: member,
    params: orgParams,
    body: createConversationInputSchema,
    status: 201,
    response: conversationSchema,
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/chat/conversations/:conversationId',
    summary: 'A conversation with its messages',
    tag,
    auth: member,
    params: conversationParamsSchema,
    status: 200,
    response: conversationDetailSchema,
  }),
  rename: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/chat/conversations/:conversationId',
    summary: 'Rename a conversation',
    tag,
    auth: member,
    params: conversationParamsSchema,
    body: renameConversationInputSchema,
    status: 200,
    response: conversationSchema,
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/chat/conversations/:conversationId',
    summary: 'Delete a conversation and its messages',
    tag,
    auth: member,
    params: conversationParamsSchema,
    status: 204,
    response: null,
  }),
  send: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/chat/conversations/:conversationId/messages',
    summary:
      'Send a message; the answer streams as Server-Sent Events when asked (Accept: text/event-stream). Counts one AI message.',
    tag,
    auth: member,
    params: conversationParamsSchema,
    body: sendMessageInputSchema,
    status: 201,
    response: chatExchangeSchema,
    errors: [402, 409, 503],
    streams: chatStreamEventSchema,
  }),
  stop: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/chat/conversations/:conversationId/messages/:messageId/stop',
    summary: 'Stop an answer being written; keeps what came so far',
    tag,
    auth: member,
    params: messageParamsSchema,
    status: 200,
    response: chatMessageSchema,
  }),
  retry: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/chat/conversations/:conversationId/messages/:messageId/retry',
    summary: 'Write the last answer again (after a failure or a stop); streams like send. Counts one AI message.',
    tag,
    auth: member,
    params: messageParamsSchema,
    status: 201,
    response: chatExchangeSchema,
    errors: [402, 409, 503],
    streams: chatStreamEventSchema,
  }),
};
