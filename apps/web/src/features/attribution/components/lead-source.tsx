import { Link } from 'react-router';
import type { AttributedTouch } from '@aiceo/shared/attribution';
import { dayInWords } from '@aiceo/shared/dates-in-words';
import { formatMoney } from '@aiceo/shared/money';
import { Loading, ErrorState } from '@/components/ui/states';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { Button } from '@/components/ui/button';
import { ActionError } from '@/components/ui/action-error';
import { useLeadAttribution } from '../api/get-lead-attribution';
import { pageWithoutUtm } from '../format';
import { useMatchSuggestion, usePaymentSuggestions } from '../api/payment-suggestions';
import { refHref } from './source-table';
import '../attribution.css';

const REF_KIND: Record<string, string> = { post: 'Post', campaign: 'Campaign', followup: 'Email', widget: 'Chat' };

const TouchFacts = ({ orgId, touch, timeZone }: { orgId: string; touch: AttributedTouch; timeZone: string }) => {
  const href = touch.ref ? refHref(orgId, touch.ref) : null;
  return (
    <dl>
      <dt>Channel</dt>
      <dd>{touch.channel}</dd>
      {touch.ref ? (
        <>
          <dt>{REF_KIND[touch.ref.kind] ?? 'From'}</dt>
          <dd>{href ? <Link to={href}>{touch.ref.name}</Link> : touch.ref.name}</dd>
        </>
      ) : touch.campaign ? (
        <>
          <dt>Campaign</dt>
          <dd>{touch.campaign}</dd>
        </>
      ) : null}
      {touch.landingPage ? (
        <>
          <dt>Landed on</dt>
          <dd title={touch.landingPage}>{pageWithoutUtm(touch.landingPage)}</dd>
        </>
      ) : null}
      <dt>Came from</dt>
      <dd>{touch.referrer || 'No referring site (direct)'}</dd>
      <dt>When</dt>
      <dd>
        <time dateTime={touch.at}>{dayInWords(touch.at, timeZone)}</time>
      </dd>
    </dl>
  );
};

/** Unmatched income that names the lead (its email, company or name), each one click from matched. */
const SuggestedPayments = ({ orgId, leadId }: { orgId: string; leadId: string }) => {
  const suggestions = usePaymentSuggestions(orgId, leadId);
  const match = useMatchSuggestion(orgId, leadId);
  const items = suggestions.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <>
      <h3>Payments that may be this lead&rsquo;s</h3>
      <ul className="lead-payments">
        {items.map(({ transaction, matchedOn }) => (
          <li key={transaction.id}>
            {formatMoney(transaction.amountMinor, transaction.currency)} on {dayInWords(transaction.date, 'UTC')}
            {transaction.counterparty ? ` · ${transaction.counterparty}` : ''}{' '}
            <span className="muted">(names its {matchedOn})</span>{' '}
            <Button
              size="small"
              variant="secondary"
              isPending={match.isPending && match.variables === transaction.id}
              pendingLabel="Matching…"
              onClick={() => match.mutate(transaction.id)}
            >
              Match
            </Button>
          </li>
        ))}
      </ul>
      {match.isError ? <ActionError error={match.error} /> : null}
    </>
  );
};

/** The lead's source: its first and latest touch, and (for admins) the payments matched to it. */
export const LeadSource = ({ orgId, leadId }: { orgId: string; leadId: string }) => {
  const org = useCurrentOrg();
  const attribution = useLeadAttribution(orgId, leadId);
  const body = (() => {
    if (attribution.isPending) return <Loading label="Loading the source…" />;
    if (attribution.isError)
      return (
        <ErrorState
          error={attribution.error}
          title="Could not load the source"
          onRetry={() => void attribution.refetch()}
        />
      );
    const { firstTouch, lastTouch, payments } = attribution.data;
    const sameTouch = firstTouch && lastTouch && firstTouch.at === lastTouch.at;
    return (
      <>
        {firstTouch ? (
          <>
            <h3>{sameTouch ? 'First and latest visit' : 'First visit'}</h3>
            <TouchFacts orgId={orgId} touch={firstTouch} timeZone={org.timezone} />
          </>
        ) : (
          <p className="muted">
            Not tracked: this lead was added by hand or imported, not through a tagged link or the website chat.
          </p>
        )}
        {lastTouch && !sameTouch ? (
          <>
            <h3>Latest visit</h3>
            <TouchFacts orgId={orgId} touch={lastTouch} timeZone={org.timezone} />
          </>
        ) : null}
        {payments === null ? null : (
          <>
            <h3>Payments</h3>
            {payments.length === 0 ? (
              <p className="muted">No payment matched yet. Match one from Money → Transactions.</p>
            ) : (
              <ul className="lead-payments">
                {payments.map((payment) => (
                  <li key={payment.id}>
                    {formatMoney(payment.amountMinor, payment.currency)} on {dayInWords(payment.date, 'UTC')}
                    {payment.counterparty ? ` · ${payment.counterparty}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <SuggestedPayments orgId={orgId} leadId={leadId} />
          </>
        )}
      </>
    );
  })();
  return (
    <section className="card lead-source" aria-labelledby="lead-source-heading" data-testid="lead-source">
      <h2 id="lead-source-heading">Source</h2>
      {body}
    </section>
  );
};
