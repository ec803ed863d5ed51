import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { aiAllowanceExceededDetailsSchema } from '@aiceo/shared/ai-budget';
import { usageResourceLabels } from '@aiceo/shared/plans';
import { quotaExceededDetailsSchema } from '@aiceo/shared/usage';
import type { ChatMessage } from '@aiceo/shared/chat';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ErrorState, Loading } from '@/components/ui/states';
import { ApiError } from '@/lib/api-client';
import { useCreateConversation } from '../api/create-conversation';
import { useConversation } from '../api/get-conversation';
import { failureOf, useChatStream, type ChatFailure, type LiveAnswer } from '../use-chat-stream';
import { ChatMessageView } from './chat-message';
import { Composer } from './composer';
import { ConversationList } from './conversation-list';
import { ConversationTitle } from './conversation-title';
import './chat.css';

type ChatViewProps = {
  orgId: string;
  conversationId: string | undefined;
  /** Shown under the composer (the AI messages left this month). */
  footer?: ReactNode;
  /** After every answer, whatever its outcome (usage has changed). */
  onAnswered?: () => void;
};

/** The stored messages with this tab's live answer drawn over them. */
const withLive = (stored: readonly ChatMessage[], live: LiveAnswer | null): ChatMessage[] => {
  if (!live) return [...stored];
  const hidden = new Set([live.replacesId, live.userMessage?.id, live.assistant?.id]);
  const messages = stored.filter((message) => !hidden.has(message.id));
  if (live.userMessage) messages.push(live.userMessage);
  if (live.assistant) messages.push(live.assistant);
  return messages;
};

const FailureNotice = ({ orgId, failure }: { orgId: string; failure: ChatFailure }) => {
  const quota = quotaExceededDetailsSchema.safeParse(failure.details);
  // The margin guard's 402 (the AI allowance is used up): its message says why and until when.
  if (failure.code === 'QUOTA_EXCEEDED' && aiAllowanceExceededDetailsSchema.safeParse(failure.details).success) {
    return (
      <div className="alert warning" role="alert">
        <p>{failure.message}</p>
        <Link to={paths.orgs.settings.aiAllowance.getHref(orgId)}>See the AI allowance</Link>
      </div>
    );
  }
  if (failure.code === 'QUOTA_EXCEEDED') {
    const what = quota.success
      ? `all ${quota.data.limit.toLocaleString('en-US')} ${usageResourceLabels[quota.data.resource].other}`
      : 'all AI messages';
    return (
      <div className="alert warning" role="alert">
        <p>Your plan’s {what} for this month are used up.</p>
        <Link to={paths.orgs.settings.billing.getHref(orgId)}>See plan and usage, or upgrade</Link>
      </div>
    );
  }
  if (failure.code === 'UNAVAILABLE') {
    return (
      <p className="alert error" role="alert">
        The AI CEO is unavailable right now; try again in a moment. ({failure.message})
      </p>
    );
  }
  return (
    <p className="alert error" role="alert">
      {failure.message}
    </p>
  );
};

/** Conversations on the side; the open one's messages, streamed answers and the composer. */
export const ChatView = ({ orgId, conversationId, footer, onAnswered }: ChatViewProps) => {
  const navigate = useNavigate();
  const chat = useChatStream({ orgId, onAnswered });
  const create = useCreateConversation(orgId);
  const live = chat.live && chat.live.conversationId === conversationId ? chat.live : null;
  // Polls while an answer this tab does not stream is being written (another tab, before a reload).
  const conversation = useConversation({ orgId, conversationId, poll: !chat.live });
  const threadRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const messages = useMemo(() => withLive(conversation.data?.messages ?? [], live), [conversation.data, live]);
  const elsewhere = live ? undefined : messages.find((message) => message.status === 'streaming');
  const isStreaming = !!chat.live || !!elsewhere;
  const last = messages.at(-1);
  const canRetry =
    !isStreaming && last?.role === 'assistant' && (last.status === 'failed' || last.status === 'stopped');
  const failure = chat.failure && chat.failure.conversationId === (conversationId ?? '') ? chat.failure : null;

  const lastContent = last?.content;
  useEffect(() => {
    const thread = threadRef.current;
    if (thread) thread.scrollTop = thread.scrollHeight;
  }, [messages.length, lastContent]);

  const onSend = async (content: string): Promise<boolean> => {
    let id = conversationId;
    if (!id) {
      try {
        id = (await create.mutateAsync(undefined)).id;
      } catch (error) {
        chat.fail(failureOf('', error));
        return false;
      }
      void navigate(paths.orgs.chat.getHref(orgId, id));
    }
    return chat.send(id, content);
  };

  const onStop = () => {
    if (chat.live) chat.stopLive();
    else if (elsewhere) void chat.stop(elsewhere.conversationId, elsewhere.id);
  };

  const notFound =
    conversation.error instanceof ApiError && (conversation.error.status === 404 || conversation.error.status === 400);

  return (
    <div className="chat">
      <aside className="chat-sidebar" aria-label="Conversations">
        <Button
          onClick={() => {
            if (conversationId) void navigate(paths.orgs.chat.getHref(orgId));
            inputRef.current?.focus();
          }}
        >
          New conversation
        </Button>
        <ConversationList orgId={orgId} />
      </aside>
      <section className="chat-main" aria-label="Conversation">
        {conversationId && conversation.data ? (
          <ConversationTitle key={conversation.data.id} orgId={orgId} conversation={conversation.data} />
        ) : null}
        {!conversationId ? <h2 className="chat-new-title">New conversation</h2> : null}
        {conversationId && conversation.isPending ? <Loading label="Loading the conversation…" /> : null}
        {notFound ? (
          <div className="state" role="alert">
            <h2>Conversation not found</h2>
            <p>It was deleted, or it is not yours.</p>
            <Link to={paths.orgs.chat.getHref(orgId)}>Start a new conversation</Link>
          </div>
        ) : conversation.isError ? (
          <ErrorState
            error={conversation.error}
            title="Could not load the conversation"
            onRetry={() => void conversation.refetch()}
          />
        ) : null}
        <div
          ref={threadRef}
          className="chat-thread"
          role="log"
          aria-live="polite"
          aria-label="Messages"
          aria-busy={isStreaming || undefined}
        >
          {!conversationId && messages.length === 0 ? (
            <p className="muted">
              Ask about your business: a summary, what to focus on this week, how your plan and team are doing.
            </p>
          ) : null}
          {messages.map((message) => (
            <ChatMessageView
              key={message.id}
              message={message}
              onRetry={
                canRetry && message === last ? () => void chat.retry(message.conversationId, message.id) : undefined
              }
            />
          ))}
          {live && !live.assistant ? (
            <p className="chat-pending muted">
              <span className="spinner" aria-hidden="true" /> Thinking…
            </p>
          ) : null}
        </div>
        {failure ? <FailureNotice orgId={orgId} failure={failure} /> : null}
        {notFound ? null : (
          <Composer
            onSend={onSend}
            onStop={onStop}
            isStreaming={isStreaming}
            isStopping={chat.isStopping}
            canStop={isStreaming}
            inputRef={inputRef}
          />
        )}
        {footer}
      </section>
    </div>
  );
};
