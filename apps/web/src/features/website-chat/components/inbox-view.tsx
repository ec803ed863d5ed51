import { useState } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { useInboxConversations } from '../api/list-inbox-conversations';
import { ConversationDetail } from './conversation-detail';
import { InboxList, type InboxModeFilter, type InboxStatus } from './inbox-list';
import './website-chat.css';

const InstallHint = ({ orgId }: { orgId: string }) => (
  <EmptyState title="No conversations yet">
    <p>
      When a visitor writes in the chat on your website, the conversation shows up here, live, and you can take it over.
    </p>
    <p>
      To install the chat, list your site’s domains and copy the one-line snippet into your site:{' '}
      <Link to={paths.orgs.settings.websiteChat.getHref(orgId)}>Settings → Website chat</Link>.
    </p>
  </EmptyState>
);

/** Conversations on the side (on a phone: the list, then the open one with a way back). */
export const InboxView = ({ orgId, conversationId }: { orgId: string; conversationId: string | undefined }) => {
  const [status, setStatus] = useState<InboxStatus>('open');
  const [mode, setMode] = useState<InboxModeFilter>('any');
  // Every conversation, whatever the filter: none at all means the chat is not installed or not used yet.
  const everything = useInboxConversations(orgId);

  if (everything.isPending) return <Loading label="Loading conversations…" />;
  if (everything.isError && !everything.data)
    return (
      <ErrorState
        error={everything.error}
        title="Could not load the conversations"
        onRetry={() => void everything.refetch()}
      />
    );
  const hasAny = everything.data.pages.some((page) => page.items.length > 0);
  if (!hasAny && !conversationId) return <InstallHint orgId={orgId} />;

  return (
    <div className={`inbox${conversationId ? ' has-open' : ''}`}>
      <nav className="inbox-sidebar" aria-label="Website chat conversations">
        <InboxList orgId={orgId} status={status} mode={mode} onStatus={setStatus} onMode={setMode} />
      </nav>
      <section className="inbox-main" aria-label="Conversation">
        {conversationId ? (
          <ConversationDetail key={conversationId} orgId={orgId} conversationId={conversationId} />
        ) : (
          <p className="muted">Pick a conversation to read it, take it over and reply.</p>
        )}
      </section>
    </div>
  );
};
