import { Link } from 'react-router';
import { outcomeActions, type WhatWorked, type WhatWorkedItem } from '@aiceo/shared/agentic';
import { paths } from '@/config/paths';
import { RelativeTime } from '@/components/ui/relative-time';
import { outcomeActionLabels, scorePercent, variantLabel } from '../format';
import './what-worked.css';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const Evidence = ({ orgId, item }: { orgId: string; item: WhatWorkedItem }) => (
  <details className="what-worked-evidence">
    <summary>Evidence ({item.evidence.length})</summary>
    <ul>
      {item.evidence.map((entry) => (
        <li key={entry.subjectId} data-success={entry.success}>
          <span className={`badge${entry.success ? ' good' : ''}`}>{entry.success ? 'Worked' : 'No result'}</span>{' '}
          {entry.leadId ? (
            <Link to={paths.orgs.leads.lead.getHref(orgId, entry.leadId)}>{entry.label}</Link>
          ) : (
            <span>{entry.label}</span>
          )}
          {entry.signal ? <span className="muted"> · {entry.signal}</span> : null}
          <span className="muted">
            {' '}
            · <RelativeTime iso={entry.actedAt} past />
          </span>
        </li>
      ))}
    </ul>
  </details>
);

const Variant = ({ orgId, item }: { orgId: string; item: WhatWorkedItem }) => {
  const label = variantLabel(item.dimension, item.value);
  const percent = scorePercent(item.score);
  return (
    <li className="card what-worked-variant" data-dimension={item.dimension}>
      <p className="what-worked-summary">
        <strong>{item.summary}</strong>
      </p>
      <p className="muted">
        {label} · {item.successes} of {item.attempts} got a result
      </p>
      <div className="what-worked-score">
        <div
          className="what-worked-bar"
          role="meter"
          aria-label={`Score of ${label}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}% (${item.successes} of ${item.attempts})`}
        >
          <div className="what-worked-fill" style={{ width: `${percent}%` }} />
        </div>
        <span className="muted">{percent}%</span>
      </div>
      {item.evidence.length > 0 ? <Evidence orgId={orgId} item={item} /> : null}
    </li>
  );
};

/** Per action, its variants best first, with the counts and the actions behind them. */
export const WhatWorkedView = ({ orgId, data }: { orgId: string; data: WhatWorked }) => (
  <div className="stack">
    {outcomeActions.map((action) => {
      const items = data.items.filter((item) => item.action === action).sort((a, b) => b.score - a.score);
      const totals = data.totals.find((total) => total.action === action);
      const names = outcomeActionLabels[action];
      if (items.length === 0 && !totals?.settled && !totals?.pending) return null;
      return (
        <section key={action} aria-labelledby={`what-worked-${action}`} className="what-worked-action">
          <h2 id={`what-worked-${action}`}>{names.title}</h2>
          {totals ? (
            <p className="muted">
              {plural(totals.settled, `${names.one} with an outcome`, `${names.many} with an outcome`)},{' '}
              {totals.successes} worked
              {totals.pending > 0 ? `; ${totals.pending} still within their 14-day window` : ''}.
            </p>
          ) : null}
          {items.length > 0 ? (
            <ol className="what-worked-list" aria-label={`What worked: ${names.title}`}>
              {items.map((item) => (
                <Variant key={`${item.dimension}:${item.value}`} orgId={orgId} item={item} />
              ))}
            </ol>
          ) : (
            <p className="muted">Not enough outcomes yet to compare variants.</p>
          )}
        </section>
      );
    })}
  </div>
);

/** Why the page is empty and when it fills. */
export const WhatWorkedEmpty = ({ pending }: { pending: number }) => (
  <>
    <p>
      This page fills as the AI CEO’s actions get outcomes. A follow-up works when the lead replies, meets, or moves
      stage within 14 days; a campaign is measured by its replies and unsubscribes; a post by the new leads after it.
    </p>
    <p className="muted">
      {pending > 0
        ? `${plural(pending, 'action is', 'actions are')} still within their 14-day window.`
        : 'Nothing has been measured yet: results show 14 days after the first follow-ups, campaigns and posts.'}
    </p>
  </>
);
