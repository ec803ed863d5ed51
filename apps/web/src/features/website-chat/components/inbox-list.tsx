import { NavLink } from 'react-router';
import type { WidgetMessageRole } from '@aiceo/shared/widget';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { RelativeTime } from '@/components/ui/relative-time';
import { ErrorState, Loading } from '@/components/ui/states';
import { useInboxConversations, type InboxFilter } from '../api/list-inbox-conversations';
import { ConversationBadges, visitorName } from './conversation-badges';

const speaker: Record<WidgetMessageRole, string> = { visitor: 'Visitor', ai: 'AI', human: 'Team', system: '' };

export type InboxStatus = 'open' | 'closed' | 'all';
export type InboxModeFilter = 'any' | 'ai' | 'human';

export const filterOf = (status: InboxStatus, mode: InboxModeFilter): InboxFilter => ({
  ...(status === 'all' ? {} : { open: status === 'open' }),
  ...(mode === 'any' ? {} : { mode }),
});

type InboxListProps = {
  orgId: string;
  status: InboxStatus;
  mode: InboxModeFilter;
  onStatus: (status: InboxStatus) => void;
  onMode: (mode: InboxModeFilter) => void;
};

/** The org's conversations, newest activity first; the list refreshes itself every few seconds. */
export const InboxList = ({ orgId, status, mode, onStatus, onMode }: InboxListProps) => {
  const conversations = useInboxConversations(orgId, filterOf(status, mode));
  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <div className="inbox-filters">
        <SelectField
          label="Show"
          name="status"
          value={status}
          onChange={(e) => onStatus(e.target.value as InboxStatus)}
          options={[
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
            { value: 'all', label: 'All' },
          ]}
        />
        <SelectField
          label="Answered by"
          name="mode"
          value={mode}
          onChange={(e) => onMode(e.target.value as InboxModeFilter)}
          options={[
            { value: 'any', label: 'Anyone' },
            { value: 'ai', label: 'The AI' },
            { value: 'human', label: 'The team' },
          ]}
        />
      </div>
      {conversations.isPending ? <Loading label="Loading conversations…" /> : null}
      {conversations.isError && !conversations.data ? (
        <ErrorState
          error={conversations.error}
          title="Could not load the conversations"
          onRetry={() => void conversations.refetch()}
        />
      ) : null}
      {conversations.data && items.length === 0 ? <p className="muted">No conversations match.</p> : null}
      <ul className="inbox-list" aria-label="Conversations" aria-busy={conversations.isPlaceholderData || undefined}>
        {items.map((conversation) => (
          <li key={conversation.id}>
            <NavLink to={paths.orgs.conversations.getHref(orgId, conversation.id)}>
              <span className="inbox-item-top">
                <span className="inbox-item-name">{visitorName(conversation)}</span>
                <RelativeTime iso={conversation.lastMessageAt} past className="inbox-item-line" />
              </span>
              {conversation.fieldsSummary ? (
                <span className="inbox-item-line">{conversation.fieldsSummary}</span>
              ) : null}
              {conversation.lastMessage ? (
                <span className="inbox-item-line">
                  {speaker[conversation.lastMessage.role] ? `${speaker[conversation.lastMessage.role]}: ` : ''}
                  {conversation.lastMessage.text}
                </span>
              ) : null}
              <ConversationBadges conversation={conversation} />
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
