import { chatEndpoints, chatExchangeSchema, chatStreamEventSchema, type ChatStreamEvent } from '@aiceo/shared/chat';
import { ApiError, requestStream } from '@/lib/api-client';
import { readSseFrames } from '../utils/read-sse';

type OnEvent = (event: ChatStreamEvent) => void;
type MessageRef = { orgId: string; conversationId: string };

const badResponse = () =>
  new ApiError({ status: 200, code: 'BAD_RESPONSE', message: 'The server answered in an unexpected shape' });

/**
 * Hands every valid event of the answer to `onEvent` as it arrives. Resolves true when the stream
 * ended with `done` or `error`, false when it broke off first (the server keeps writing and stores
 * the answer anyway, so the caller reloads the conversation).
 */
const readAnswer = async (response: Response, onEvent: OnEvent): Promise<boolean> => {
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    // A plain JSON exchange (a proxy that dropped the Accept header): the same outcome, all at once.
    const exchange = chatExchangeSchema.safeParse(await response.json().catch(() => undefined));
    if (!exchange.success) throw badResponse();
    if (exchange.data.userMessage) onEvent({ type: 'user-message', message: exchange.data.userMessage });
    onEvent({ type: 'done', message: exchange.data.assistantMessage });
    return true;
  }
  if (!response.body) throw badResponse();
  try {
    for await (const frame of readSseFrames(response.body)) {
      let json: unknown;
      try {
        json = JSON.parse(frame.data);
      } catch {
        continue;
      }
      const event = chatStreamEventSchema.safeParse(json);
      // Events this client does not know (a newer API) are skipped, not fatal.
      if (!event.success) continue;
      onEvent(event.data);
      if (event.data.type === 'done' || event.data.type === 'error') return true;
    }
  } catch {
    return false;
  }
  return false;
};

/** Sends a message and streams the answer (counts one AI message). */
export const streamSend = async ({
  orgId,
  conversationId,
  content,
  onEvent,
}: MessageRef & { content: string; onEvent: OnEvent }) =>
  readAnswer(
    await requestStream(chatEndpoints.send, { params: { orgId, conversationId }, body: { content } }),
    onEvent,
  );

/** Writes the last answer again after a failure or a stop, streamed like `streamSend`. */
export const streamRetry = async ({
  orgId,
  conversationId,
  messageId,
  onEvent,
}: MessageRef & { messageId: string; onEvent: OnEvent }) =>
  readAnswer(await requestStream(chatEndpoints.retry, { params: { orgId, conversationId, messageId } }), onEvent);
