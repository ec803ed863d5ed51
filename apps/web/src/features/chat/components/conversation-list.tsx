import { NavLink } from 'react-router';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ErrorState, Loading } from '@/components/ui/states';
import { useConversations } from '../api/list-conversations';

const when = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Your conversations, most recent first, each with the start of its newest message. */
export const ConversationList = ({ orgId }: { orgId: string }) => {
  const conversations = useConversations(orgId);
  if (conversations.isPending) return <Loading label="Loading conversations…" />;
  if (conversations.isError)
    return (
      <ErrorState
        error={conversations.error}
        title="Could not load your conversations"
        onRetry={() => void conversations.refetch()}
      />
    );

  const items = conversations.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="muted">No conversations yet. Ask your first question.</p>;
  return (
    <>
      <ul className="chat-conversations">
        {items.map((conversation) => (
          <li key={conversation.id}>
            <NavLink to={paths.orgs.chat.getHref(orgId, conversation.id)}>
              <span className="chat-conversation-title">{conversation.title}</span>
              {conversation.preview ? <span className="chat-conversation-preview">{conversation.preview}</span> : null}
              <span className="chat-conversation-when">
                {when.format(new Date(conversation.lastMessageAt ?? conversation.updatedAt))}
              </span>
            </NavLink>
          </li>
        ))}
      </ul>
      {conversations.hasNextPage ? (
        <Button
          variant="secondary"
          size="small"
          onClick={() => void conversations.fetchNextPage()}
          isPending={conversations.isFetchingNextPage}
          pendingLabel="Loading…"
        >
          Load more
        </Button>
      ) : null}
    </>
  );
};
