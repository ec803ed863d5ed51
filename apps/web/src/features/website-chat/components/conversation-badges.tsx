import type { InboxConversation } from '@aiceo/shared/widget-inbox';

/** Who answers, and what the team should know at a glance (qualified, waiting for a person, closed). */
export const ConversationBadges = ({ conversation }: { conversation: InboxConversation }) => (
  <span className="inbox-badges">
    {conversation.needsHuman ? <span className="badge bad">Needs a person</span> : null}
    {conversation.isQualified ? <span className="badge good">Qualified</span> : null}
    {conversation.isOpen ? null : <span className="badge">Closed</span>}
    <span className="badge">
      {conversation.mode === 'ai'
        ? 'AI answering'
        : conversation.takenOverBy
          ? `${conversation.takenOverBy.name} answering`
          : 'Waiting for the team'}
    </span>
  </span>
);

/** A name for the visitor: what they told the assistant, the lead's, or their email. */
export const visitorName = (conversation: InboxConversation): string =>
  conversation.fields.name ?? conversation.lead?.name ?? conversation.fields.email ?? 'Website visitor';
