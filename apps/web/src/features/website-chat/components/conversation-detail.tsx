import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { InboxMessage } from '@aiceo/shared/widget-inbox';
import { paths } from '@/config/paths';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { ErrorState, Loading } from '@/components/ui/states';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format';
import {
  useCloseConversation,
  useHandBackConversation,
  useReplyToConversation,
  useTakeOverConversation,
} from '../api/conversation-actions';
import { useInboxConversation } from '../api/get-inbox-conversation';
import { CapturedFields } from './captured-fields';
import { ConversationBadges, visitorName } from './conversation-badges';
import { ReplyBox } from './reply-box';

const who = (message: InboxMessage): string => {
  switch (message.role) {
    case 'visitor':
      return 'Visitor';
    case 'ai':
      return 'AI assistant';
    case 'human':
      return message.author ? `${message.author.name} (team)` : 'The team';
    case 'system':
      return '';
  }
};

const MessageView = ({ message }: { message: InboxMessage }) => (
  <div className={`inbox-message from-${message.role}`} data-role={message.role}>
    {message.role === 'system' ? null : (
      <span className="inbox-message-who">
        {who(message)} · <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
      </span>
    )}
    <p className="inbox-message-text">{message.text}</p>
  </div>
);

type ConversationDetailProps = { orgId: string; conversationId: string };

/** The open conversation: transcript, what was captured, and what a teammate can do. */
export const ConversationDetail = ({ orgId, conversationId }: ConversationDetailProps) => {
  const ref = { orgId, conversationId };
  const conversation = useInboxConversation(orgId, conversationId);
  const reply = useReplyToConversation(ref);
  const takeOver = useTakeOverConversation(ref);
  const handBack = useHandBackConversation(ref);
  const close = useCloseConversation(ref);
  const threadRef = useRef<HTMLDivElement>(null);
  const count = conversation.data?.messages.length ?? 0;

  // New messages (theirs or ours) scroll the transcript to the bottom; a refresh with none does not move it.
  useEffect(() => {
    const thread = threadRef.current;
    if (thread) thread.scrollTop = thread.scrollHeight;
  }, [count]);

  const back = (
    <Link className="inbox-back" to={paths.orgs.conversations.getHref(orgId)}>
      ← All conversations
    </Link>
  );
  if (conversation.isPending)
    return (
      <>
        {back}
        <Loading label="Loading the conversation…" />
      </>
    );
  if (conversation.isError && !conversation.data) {
    const gone =
      conversation.error instanceof ApiError &&
      (conversation.error.status === 404 || conversation.error.status === 400);
    return (
      <>
        {back}
        {gone ? (
          <div className="state" role="alert">
            <h2>Conversation not found</h2>
            <p>It does not exist, or it belongs to another organisation.</p>
          </div>
        ) : (
          <ErrorState
            error={conversation.error}
            title="Could not load the conversation"
            onRetry={() => void conversation.refetch()}
          />
        )}
      </>
    );
  }
  const data = conversation.data;
  const failed = [takeOver, handBack, close].find((action) => action.isError);
  return (
    <>
      {back}
      <div className="inbox-head">
        <h2>{visitorName(data)}</h2>
        <ConversationBadges conversation={data} />
      </div>
      <div className="actions">
        {data.mode === 'ai' ? (
          <Button
            size="small"
            onClick={() => takeOver.mutate({})}
            isPending={takeOver.isPending}
            pendingLabel="Taking over…"
          >
            Take over
          </Button>
        ) : (
          <Button
            size="small"
            variant="secondary"
            onClick={() => handBack.mutate({})}
            isPending={handBack.isPending}
            pendingLabel="Handing back…"
          >
            Hand back to the AI
          </Button>
        )}
        {data.isOpen ? (
          <Button
            size="small"
            variant="secondary"
            onClick={() => close.mutate({})}
            isPending={close.isPending}
            pendingLabel="Closing…"
          >
            Close
          </Button>
        ) : null}
      </div>
      {failed ? <ActionError error={failed.error} /> : null}
      <div className="inbox-body">
        <div className="stack">
          <div ref={threadRef} className="inbox-thread" role="log" aria-live="polite" aria-label="Messages">
            {data.messages.length === 0 ? <p className="muted">No messages yet.</p> : null}
            {data.messages.map((message) => (
              <MessageView key={message.id} message={message} />
            ))}
          </div>
          <ReplyBox
            onSend={(text) => reply.mutateAsync({ text })}
            isSending={reply.isPending}
            takesOver={data.mode === 'ai'}
          />
        </div>
        <CapturedFields orgId={orgId} conversation={data} />
      </div>
    </>
  );
};
