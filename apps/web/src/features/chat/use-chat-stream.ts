import { useCallback, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ChatMessage, ChatStreamEvent } from '@aiceo/shared/chat';
import { ApiError } from '@/lib/api-client';
import { conversationQueryOptions } from './api/get-conversation';
import { conversationsQueryOptions } from './api/list-conversations';
import { stopMessage } from './api/stop-message';
import { streamRetry, streamSend } from './api/stream-answer';

/** The answer this tab is streaming, drawn over the stored conversation until it is reloaded. */
export type LiveAnswer = {
  conversationId: string;
  /** The user's message: a local copy until the stored one arrives (send only). */
  userMessage: ChatMessage | null;
  /** Null until `assistant-start`; its content grows with every `delta`. */
  assistant: ChatMessage | null;
  /** The stored message a retry writes again (hidden meanwhile). */
  replacesId: string | null;
};

/** Why the last send or retry did not produce an answer. */
export type ChatFailure = { conversationId: string; code: string; message: string; details: unknown };

/** `conversationId` is '' when no conversation could be started. */
export const failureOf = (conversationId: string, error: unknown): ChatFailure =>
  error instanceof ApiError
    ? { conversationId, code: error.code, message: error.message, details: error.details }
    : { conversationId, code: 'INTERNAL', message: 'Something went wrong; try again', details: undefined };

const localUserMessage = (conversationId: string, content: string): ChatMessage => {
  const now = new Date().toISOString();
  return {
    id: `local-${now}`,
    conversationId,
    role: 'user',
    content,
    status: 'complete',
    provider: null,
    model: null,
    error: null,
    createdAt: now,
    completedAt: now,
  };
};

const apply = (live: LiveAnswer, event: ChatStreamEvent): LiveAnswer => {
  switch (event.type) {
    case 'user-message':
      return { ...live, userMessage: event.message };
    case 'assistant-start':
      return { ...live, assistant: event.message };
    case 'delta':
      return live.assistant
        ? { ...live, assistant: { ...live.assistant, content: live.assistant.content + event.text } }
        : live;
    case 'done':
      return { ...live, assistant: event.message };
    case 'error':
      return event.message ? { ...live, assistant: event.message } : live;
  }
};

type UseChatStreamOptions = { orgId: string; onAnswered?: () => void };

/**
 * Sends, retries and stops answers. Stopping goes through the stop endpoint, never by dropping
 * the connection: the server keeps writing (and storing) an answer whose client went away.
 */
export const useChatStream = ({ orgId, onAnswered }: UseChatStreamOptions) => {
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveAnswer | null>(null);
  const [failure, setFailure] = useState<ChatFailure | null>(null);
  const [isStopping, setStopping] = useState(false);
  const stopWanted = useRef(false);
  const busy = useRef(false);

  const stop = useCallback(
    async (conversationId: string, messageId: string) => {
      setStopping(true);
      try {
        await stopMessage({ orgId, conversationId, messageId });
      } catch (error) {
        // Already finished (409) or gone: the stream or the next reload shows how it ended.
        if (!(error instanceof ApiError)) throw error;
      } finally {
        setStopping(false);
      }
      await queryClient.invalidateQueries({ queryKey: conversationQueryOptions(orgId, conversationId).queryKey });
    },
    [orgId, queryClient],
  );

  const run = useCallback(
    async (
      start: LiveAnswer,
      open: (onEvent: (event: ChatStreamEvent) => void) => Promise<boolean>,
    ): Promise<boolean> => {
      if (busy.current) return false;
      busy.current = true;
      stopWanted.current = false;
      setFailure(null);
      setLive(start);
      const { conversationId } = start;
      let accepted = false;
      try {
        await open((event) => {
          accepted = true;
          setLive((current) => (current ? apply(current, event) : current));
          if (event.type === 'assistant-start' && stopWanted.current) void stop(conversationId, event.message.id);
          if (event.type === 'error')
            setFailure({ conversationId, code: event.error.code, message: event.error.message, details: undefined });
        });
      } catch (error) {
        setFailure(failureOf(conversationId, error));
      } finally {
        // The stored conversation replaces the live copy only once it is loaded, so nothing flickers.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: conversationQueryOptions(orgId, conversationId).queryKey }),
          queryClient.invalidateQueries({ queryKey: conversationsQueryOptions(orgId).queryKey }),
        ]).catch(() => undefined);
        setLive(null);
        busy.current = false;
        onAnswered?.();
      }
      return accepted;
    },
    [orgId, queryClient, onAnswered, stop],
  );

  /** Resolves false when the message was not taken (the composer keeps the draft). */
  const send = useCallback(
    (conversationId: string, content: string) =>
      run(
        { conversationId, userMessage: localUserMessage(conversationId, content), assistant: null, replacesId: null },
        (onEvent) => streamSend({ orgId, conversationId, content, onEvent }),
      ),
    [orgId, run],
  );

  const retry = useCallback(
    (conversationId: string, messageId: string) =>
      run({ conversationId, userMessage: null, assistant: null, replacesId: messageId }, (onEvent) =>
        streamRetry({ orgId, conversationId, messageId, onEvent }),
      ),
    [orgId, run],
  );

  /** Stops the answer being streamed here (as soon as its id is known). */
  const stopLive = useCallback(() => {
    if (!live) return;
    if (live.assistant) void stop(live.conversationId, live.assistant.id);
    else stopWanted.current = true;
  }, [live, stop]);

  return { live, failure, isStopping, send, retry, stop, stopLive, fail: setFailure };
};
