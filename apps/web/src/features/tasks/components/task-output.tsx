import { Link } from 'react-router';
import { dateTimeInWords } from '@aiceo/shared/dates-in-words';
import type { Task } from '@aiceo/shared/tasks';
import { fieldLabel } from '@aiceo/shared/validation-messages';
import { paths } from '@/config/paths';
import { MarkdownText } from '@/components/ui/markdown';
import './tasks.css';

type Output = Record<string, unknown>;

const text = (output: Output, ...keys: string[]): string | null => {
  for (const key of keys) {
    const value = output[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
};
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const isWebUrl = (value: string | null): value is string => !!value && /^https?:\/\//i.test(value);
const record = (value: unknown): Output | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Output) : null;

/** The published or drafted post: its link, or where to find it in the app. */
const PostOutput = ({ orgId, output }: { orgId: string; output: Output }) => {
  const url = text(output, 'postUrl', 'url', 'linkedinUrl', 'externalUrl');
  const status =
    text(output, 'postStatus', 'status') ??
    (output['published'] === true ? 'published' : output['published'] === false ? 'draft' : null);
  const body = text(output, 'text', 'body', 'content');
  return (
    <div className="stack" data-testid="task-output-post">
      <p>
        {status ? (
          <>
            Post status: <strong>{status}</strong>.{' '}
          </>
        ) : null}
        {isWebUrl(url) ? (
          <a href={url} target="_blank" rel="noopener noreferrer">
            Open the post
          </a>
        ) : (
          <Link to={paths.orgs.content.getHref(orgId)}>See it in Content</Link>
        )}
      </p>
      {text(output, 'reason', 'note') ? <p className="muted">{text(output, 'reason', 'note')}</p> : null}
      {body ? <MarkdownText text={body} label="Post text" /> : null}
    </div>
  );
};

/** The campaign it made, with how many mails went out. */
const CampaignOutput = ({ orgId, output }: { orgId: string; output: Output }) => {
  const campaignId = text(output, 'campaignId');
  const counts = record(output['counts']) ?? output;
  const parts = (['audienceCount', 'sent', 'failed', 'skipped', 'pending'] as const).flatMap((key) => {
    const n = num(counts[key]);
    const label = key === 'audienceCount' ? 'in the audience' : key;
    return n === null ? [] : [`${n} ${label}`];
  });
  const status = text(output, 'campaignStatus', 'status');
  return (
    <div className="stack" data-testid="task-output-campaign">
      <p>
        {campaignId ? <Link to={paths.orgs.campaign.getHref(orgId, campaignId)}>Open the campaign</Link> : null}
        {status ? <> ({status})</> : null}
      </p>
      {parts.length > 0 ? <p>{parts.join(', ')}.</p> : null}
      {text(output, 'reason') ? <p className="muted">{text(output, 'reason')}</p> : null}
      {text(output, 'subject') ? (
        <p>
          Subject: <strong>{text(output, 'subject')}</strong>
        </p>
      ) : null}
    </div>
  );
};

/** The follow-up written for the lead, and whether it was emailed. */
const FollowupOutput = ({ orgId, output }: { orgId: string; output: Output }) => {
  const message = text(output, 'message', 'body', 'text');
  const leadId = text(output, 'leadId');
  const emailed = output['emailed'];
  return (
    <div className="stack" data-testid="task-output-followup">
      <p>
        {leadId ? (
          <Link to={paths.orgs.leads.lead.getHref(orgId, leadId)}>{text(output, 'leadName') ?? 'Open the lead'}</Link>
        ) : null}
        {emailed === true
          ? ` · Emailed to ${text(output, 'emailedTo') ?? 'the lead'}.`
          : emailed === false
            ? ' · Not emailed; logged on the lead.'
            : null}
      </p>
      {emailed === false && text(output, 'reason') ? <p className="muted">{text(output, 'reason')}</p> : null}
      {text(output, 'subject') ? (
        <p>
          Subject: <strong>{text(output, 'subject')}</strong>
        </p>
      ) : null}
      {message ? (
        // A message for a person, as it would be sent: plain text with its line breaks, not markdown.
        <section aria-label="Follow-up message" className="task-output-message">
          <p className="task-output-plain">{message}</p>
        </section>
      ) : null}
    </div>
  );
};

/** Ids the app can open, as links with words instead of the id itself. */
const linkFor = (orgId: string, key: string, id: string): { to: string; label: string } | null => {
  switch (key) {
    case 'leadId':
      return { to: paths.orgs.leads.lead.getHref(orgId, id), label: 'Open the lead' };
    case 'campaignId':
      return { to: paths.orgs.campaign.getHref(orgId, id), label: 'Open the campaign' };
    case 'postId':
      return { to: paths.orgs.content.getHref(orgId), label: 'See the post in Content' };
    case 'goalId':
      return { to: paths.orgs.goal.getHref(orgId, id), label: 'Open the goal' };
    case 'approvalId':
      return { to: paths.orgs.approvals.getHref(orgId), label: 'See it in the approval inbox' };
    default:
      return null;
  }
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const valueInWords = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString('en-GB');
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? dateTimeInWords(value) : value;
  if (Array.isArray(value)) {
    const parts = value.map(valueInWords).filter((v): v is string => v !== null);
    return parts.length > 0 ? parts.join(', ') : null;
  }
  const parts = Object.entries(value as Output).flatMap(([key, inner]) => {
    const words = valueInWords(inner);
    return words === null || /id$/i.test(key) ? [] : [`${fieldLabel(key).toLowerCase()}: ${words}`];
  });
  return parts.length > 0 ? parts.join('; ') : null;
};

/**
 * Any task's input or output as lines a person reads: field names in words, dates in words, ids
 * the app can open as links, other ids left out (the raw JSON keeps them).
 */
export const ReadableFields = ({ orgId, value, label }: { orgId: string; value: unknown; label: string }) => {
  const fields = record(value);
  if (!fields) return <p className="muted">Nothing.</p>;
  const lines = Object.entries(fields).flatMap(([key, inner]) => {
    if (typeof inner === 'string' && /id$/i.test(key)) {
      const link = linkFor(orgId, key, inner);
      return link
        ? [{ key, label: fieldLabel(key.replace(/Id$/, '')), node: <Link to={link.to}>{link.label}</Link> }]
        : [];
    }
    if (/ids?$/i.test(key) || key === 'provider') return [];
    const words = valueInWords(inner);
    return words === null
      ? []
      : [{ key, label: fieldLabel(key), node: <span className="task-output-plain">{words}</span> }];
  });
  if (lines.length === 0) return <p className="muted">Nothing to show.</p>;
  return (
    <dl className="task-facts" aria-label={label}>
      {lines.map((line) => (
        <div key={line.key} style={{ display: 'contents' }}>
          <dt>{line.label}</dt>
          <dd>{line.node}</dd>
        </div>
      ))}
    </dl>
  );
};

/** A report or a goal step's deliverable: markdown the AI wrote. */
const DocumentOutput = ({ output, label }: { output: Output; label: string }) => {
  const body = text(output, 'markdown', 'deliverable', 'report', 'content', 'text', 'body', 'summary');
  const from = text(output, 'from');
  const to = text(output, 'to');
  const emailedTo = Array.isArray(output['emailedTo'])
    ? output['emailedTo'].filter((to): to is string => typeof to === 'string')
    : [];
  return (
    <>
      {from && to ? (
        <p className="muted">
          Covers {dateTimeInWords(from)} to {dateTimeInWords(to)}.
        </p>
      ) : null}
      {emailedTo.length > 0 ? <p className="muted">Emailed to {emailedTo.join(', ')}.</p> : null}
      {body ? <MarkdownText text={body} label={label} /> : null}
    </>
  );
};

const known = (task: Task, orgId: string, output: Output) => {
  switch (task.type) {
    case 'social_media_post':
      return <PostOutput orgId={orgId} output={output} />;
    case 'email_campaign':
      return <CampaignOutput orgId={orgId} output={output} />;
    case 'lead_followup':
      return <FollowupOutput orgId={orgId} output={output} />;
    case 'report':
      return <DocumentOutput output={output} label="Report" />;
    case 'goal_step':
      return <DocumentOutput output={output} label="Deliverable" />;
    default:
      return <ReadableFields orgId={orgId} value={output} label="What the task did" />;
  }
};

export const JsonBlock = ({ value, label }: { value: unknown; label: string }) => (
  <pre className="task-json" aria-label={label} tabIndex={0}>
    {JSON.stringify(value, null, 2)}
  </pre>
);

/** What the handler produced, in the shape its type is known to have; the raw JSON is always one click away. */
export const TaskOutput = ({ task, orgId }: { task: Task; orgId: string }) => {
  if (!task.output) return <p className="muted">No output yet.</p>;
  return (
    <>
      {known(task, orgId, task.output)}
      <details>
        <summary>Raw output</summary>
        <JsonBlock value={task.output} label="Raw output" />
      </details>
    </>
  );
};
