import { Link } from 'react-router';
import { capturedFieldKeys } from '@aiceo/shared/widget';
import { capturedFieldLabels, type InboxConversation } from '@aiceo/shared/widget-inbox';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format';

/** What the sales rep captured so far, the lead it made, and where the visitor was. */
export const CapturedFields = ({ orgId, conversation }: { orgId: string; conversation: InboxConversation }) => (
  <aside className="inbox-fields" aria-labelledby={`fields-${conversation.id}`}>
    <h3 id={`fields-${conversation.id}`}>What we know</h3>
    <dl>
      {capturedFieldKeys.map((key) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{capturedFieldLabels[key]}</dt>
          <dd>{conversation.fields[key] ?? <span className="muted">—</span>}</dd>
        </div>
      ))}
      <dt>Qualified</dt>
      <dd>{conversation.qualifiedAt ? formatDateTime(conversation.qualifiedAt) : 'Not yet'}</dd>
      {conversation.pageUrl ? (
        <>
          <dt>Page</dt>
          <dd>{conversation.pageUrl}</dd>
        </>
      ) : null}
    </dl>
    <p style={{ marginBottom: 0 }}>
      {conversation.lead ? (
        <Link to={paths.orgs.leads.lead.getHref(orgId, conversation.lead.id)}>
          Open the lead: {conversation.lead.name}
        </Link>
      ) : (
        <span className="muted">No lead yet: one is made as soon as the visitor leaves a way to reach them.</span>
      )}
    </p>
  </aside>
);
