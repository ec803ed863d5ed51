import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApprovalItem } from '@aiceo/shared/approvals';
import { formatMoney } from '@aiceo/shared/money';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format';
import { useNow, useRelativeTime } from '@/utils/relative-time';
import {
  approvalKindLabels,
  approvalRiskLabels,
  approvalStatusLabels,
  audienceText,
  riskTone,
  statusTone,
  summarise,
} from '../format';
import './approvals.css';

type ApprovalCardProps = {
  orgId: string;
  item: ApprovalItem;
  /** The selection checkbox (admins, waiting items). */
  select?: ReactNode;
  /** What went wrong with the last decision on this item, in the server's words. */
  problem?: ReactNode;
  /** The buttons, or the editor while it is open. */
  children?: ReactNode;
};

/** A time relative to the clock now, kept true as the clock moves; `past` for what already happened. */
const Ago = ({ iso, past = true }: { iso: string; past?: boolean }) => (
  <time dateTime={iso} title={formatDateTime(iso)}>
    {useRelativeTime(iso, { past })}
  </time>
);

/** When a waiting item expires; anything else, when it was decided or ran. */
const WhenText = ({ item }: { item: ApprovalItem }) => {
  const now = useNow();
  if (item.status === 'pending') {
    const isPast = Date.parse(item.expiresAt) <= now;
    return (
      <>
        {isPast ? 'Expired' : 'Expires'} <Ago iso={item.expiresAt} past={isPast} />
      </>
    );
  }
  if (item.status === 'expired')
    return (
      <>
        Expired <Ago iso={item.expiresAt} />
      </>
    );
  return (
    <>
      {approvalStatusLabels[item.status]} <Ago iso={item.executedAt ?? item.decidedAt ?? item.updatedAt} />
    </>
  );
};

const ResultFacts = ({ item }: { item: ApprovalItem }) => {
  const facts = summarise(item.result, item.currency);
  if (facts.length === 0) return null;
  return (
    <dl className="approval-facts" aria-label="What it did">
      {facts.map((fact) => (
        <Fact key={fact.label} label={fact.label}>
          {fact.value}
        </Fact>
      ))}
    </dl>
  );
};

/** The text with exactly one full stop at its end. */
const sentence = (text: string) => `${text.trim().replace(/[.\s]+$/, '')}.`;

/** What happened to an item that no longer waits, in plain words (nothing claims a send that did not happen). */
const Outcome = ({ item }: { item: ApprovalItem }) => {
  const byRule = item.autoRuleId ? ' by an auto-approve rule' : '';
  const note = item.decisionNote ? <p className="muted">Note: {item.decisionNote}</p> : null;
  switch (item.status) {
    case 'pending':
      return null;
    case 'approved':
      return (
        <p className="alert success approval-outcome">
          Approved{byRule} <Ago iso={item.decidedAt ?? item.updatedAt} />; queued to run.
        </p>
      );
    case 'executed':
      return (
        <div className="alert success approval-outcome">
          <p>
            {item.kind === 'campaign_send' && item.result?.status === 'sending' ? (
              <>
                Approved{byRule} <Ago iso={item.executedAt ?? item.updatedAt} />, and handed to the sender: the mails go
                out in batches, and the campaign page shows how many were sent.
              </>
            ) : (
              <>
                Approved{byRule}, and done <Ago iso={item.executedAt ?? item.updatedAt} />.
              </>
            )}
          </p>
          <ResultFacts item={item} />
        </div>
      );
    case 'failed':
      return (
        <div className="alert error approval-outcome">
          <p>
            Approved{byRule}, but it failed: {sentence(item.error ?? 'no reason was given')}
          </p>
          <ResultFacts item={item} />
        </div>
      );
    case 'rejected':
      return (
        <div className="alert approval-outcome">
          <p>
            Rejected <Ago iso={item.decidedAt ?? item.updatedAt} />; nothing was sent.
          </p>
          {note}
        </div>
      );
    case 'expired':
      return (
        <p className="alert approval-outcome">
          Expired <Ago iso={item.expiresAt} />: nobody decided in time, so nothing was sent.
        </p>
      );
    case 'cancelled': {
      const why = item.error || item.decisionNote || 'What it was for changed before it ran';
      return (
        <p className="alert warning approval-outcome">
          Cancelled: {sentence(why)}
          {/nothing was sent/i.test(why) ? '' : ' Nothing was sent.'}
        </p>
      );
    }
  }
};

const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <>
    <dt>{label}</dt>
    <dd>{children}</dd>
  </>
);

/** The exact content that goes out, with its line breaks kept. */
const Content = ({ item }: { item: ApprovalItem }) => (
  <section className="approval-content" aria-label={`Content of ${item.title}`}>
    <h3>{item.edited ? 'Content (edited)' : 'Content'}</h3>
    {item.content.subject !== null ? (
      <p className="approval-subject">
        <span className="visually-hidden">Subject: </span>
        {item.content.subject}
      </p>
    ) : null}
    <p className="approval-body" data-testid="approval-body">
      {item.content.body}
    </p>
  </section>
);

const Why = ({ orgId, item }: { orgId: string; item: ApprovalItem }) => {
  const evidence = summarise(item.evidence, item.currency);
  return (
    <section className="approval-why" aria-label={`Why: ${item.title}`}>
      <p className="approval-reason">
        <strong>Why: </strong>
        {item.reason || 'No reason was recorded.'}
        {item.insightId ? (
          <>
            {' '}
            <Link to={`${paths.orgs.insights.getHref(orgId)}#insight-${item.insightId}-title`}>See the insight</Link>
          </>
        ) : null}
      </p>
      {evidence.length > 0 ? (
        <details>
          <summary>Evidence</summary>
          <dl className="approval-facts">
            {evidence.map((fact) => (
              <Fact key={fact.label} label={fact.label}>
                {fact.value}
              </Fact>
            ))}
          </dl>
        </details>
      ) : null}
    </section>
  );
};

/** One action that reaches outside the business: what, to whom, the exact content, why, the risk, and its fate. */
export const ApprovalCard = ({ orgId, item, select, problem, children }: ApprovalCardProps) => {
  const kind = approvalKindLabels[item.kind];
  const headingId = `approval-${item.id}-title`;
  const risk = `badge ${riskTone[item.risk]}`;
  return (
    <article
      className="card approval-card"
      aria-labelledby={headingId}
      data-kind={item.kind}
      data-status={item.status}
      data-approval-id={item.id}
    >
      <div className="approval-head">
        {select}
        <span className="approval-kind">
          <span aria-hidden="true">{kind.icon}</span> {kind.label}
        </span>
        <span className={risk} data-testid="approval-risk">
          {approvalRiskLabels[item.risk]}
        </span>
        <span className={`badge ${statusTone[item.status]}`} data-testid="approval-status">
          {approvalStatusLabels[item.status]}
        </span>
        {item.edited ? <span className="badge">Edited</span> : null}
        <span className="spacer" />
        <span className="muted">
          <WhenText item={item} />
        </span>
      </div>
      <h2 id={headingId}>{item.title}</h2>
      <dl className="approval-facts">
        <Fact label="To">{audienceText(item)}</Fact>
        {item.moneyMinor > 0 ? (
          <Fact label={item.kind === 'lead_email' ? 'Deal value' : 'Money involved'}>
            {formatMoney(item.moneyMinor, item.currency)}
          </Fact>
        ) : null}
      </dl>
      {item.riskReasons.length > 0 ? (
        <ul className="approval-risks" aria-label={`${approvalRiskLabels[item.risk]} because`}>
          {item.riskReasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {item.status === 'pending' && item.needsEdit && !item.edited ? (
        <p className="alert warning approval-outcome" data-testid="approval-needs-edit">
          Written offline from a template: edit before approving.
        </p>
      ) : null}
      <Content item={item} />
      <Why orgId={orgId} item={item} />
      <Outcome item={item} />
      {problem}
      {children}
    </article>
  );
};
