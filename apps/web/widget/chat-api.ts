// The public widget endpoints (packages/shared/src/widget.ts), called from the owner's site.
// No zod here (it would triple the chunk): the server validates every input, and the widget
// reads only the fields it shows.
import type { TouchInput } from '@aiceo/shared/attribution';
import type { WidgetConversation, WidgetMessage, WidgetReply, WidgetSync } from '@aiceo/shared/widget';
import { readSse } from './sse';

export const TOO_FAST = 'You are sending messages too fast, try again in a minute';
const OFFLINE = 'The chat could not be reached. Check your connection and try again.';
const CUT_OFF = 'The answer was cut off. It may still arrive in a moment.';

/** A failed call, with the server's message in plain words for the visitor. */
export class ChatError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const messageOf = (body: unknown): string | undefined => {
  const error = body && typeof body === 'object' && 'error' in body ? body.error : undefined;
  const message = error && typeof error === 'object' && 'message' in error ? error.message : undefined;
  return typeof message === 'string' && message.trim() ? message : undefined;
};

const fallbackFor = (status: number): string => {
  if (status === 429) return TOO_FAST;
  if (status === 403) return 'This chat is not available on this website.';
  if (status === 404) return 'This conversation is no longer available. Start over to write again.';
  if (status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  return 'Your message could not be sent. Please try again.';
};

/** The visit and page every call reports, and the trap field a person never fills. */
export type VisitInfo = { pageUrl: string; touch: TouchInput; website: string };

export type StreamHandlers = {
  /** The visitor's message as stored. */
  message(message: WidgetMessage): void;
  delta(text: string): void;
  done(reply: WidgetReply): void;
};

const parse = (data: string): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Hands the streamed answer's events to `on`; throws ChatError on an `error` event or a stream that breaks off. */
const readAnswer = async (res: Response, on: StreamHandlers): Promise<void> => {
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream') || !res.body) {
    // A plain JSON answer (a proxy dropped the Accept header): the same outcome at once.
    const reply = (await res.json()) as WidgetReply;
    on.message(reply.message);
    return on.done(reply);
  }
  try {
    for await (const { event, data } of readSse(res.body)) {
      const payload = parse(data);
      if (!payload) continue;
      // The event name is the type; the data carries the event's fields (and may repeat the type).
      const type = typeof payload.type === 'string' ? payload.type : event;
      if (type === 'message') on.message(payload.message as WidgetMessage);
      else if (type === 'delta' && typeof payload.text === 'string') on.delta(payload.text);
      else if (type === 'done') return on.done(payload.reply as WidgetReply);
      else if (type === 'error')
        throw new ChatError(typeof payload.message === 'string' ? payload.message : fallbackFor(500), 200);
    }
  } catch (error) {
    if (error instanceof ChatError) throw error;
  }
  throw new ChatError(CUT_OFF, 0);
};

export type ChatApi = ReturnType<typeof createChatApi>;

export const createChatApi = ({ base, key }: { base: string; key: string }) => {
  const post = async (path: string, body: object, accept = 'application/json'): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ key, ...body }),
        credentials: 'omit',
      });
    } catch {
      throw new ChatError(OFFLINE, 0);
    }
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => null);
      throw new ChatError(messageOf(body) ?? fallbackFor(res.status), res.status);
    }
    return res;
  };
  const conversation = (id: string) => `api/widget/conversations/${encodeURIComponent(id)}`;

  return {
    /** Starts a conversation, or continues the one `visitorToken` names (a new one with `restart`). */
    start: async (input: VisitInfo & { visitorToken?: string; restart?: boolean }): Promise<WidgetConversation> =>
      (await post('api/widget/conversations', input)).json() as Promise<WidgetConversation>,
    /** Sends a message and streams the answer into `on`. */
    send: async (
      conversationId: string,
      input: VisitInfo & { visitorToken: string; text: string },
      on: StreamHandlers,
    ): Promise<void> =>
      readAnswer(await post(`${conversation(conversationId)}/messages`, input, 'text/event-stream'), on),
    /** Messages after `after` (a teammate's replies), and the current mode. */
    sync: async (conversationId: string, input: { visitorToken: string; after?: string }): Promise<WidgetSync> =>
      (await post(`${conversation(conversationId)}/sync`, input)).json() as Promise<WidgetSync>,
  };
};
