import { useId, useState } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ActionError } from '@/components/ui/action-error';
import { useToast } from '@/components/ui/toast';
import { useMatchPayment, usePaymentMatch } from '../api/payment-match';
import { useSearchLeads } from '../api/search-leads';
import '../attribution.css';

const LeadPicker = ({
  orgId,
  onPick,
  isPending,
}: {
  orgId: string;
  onPick: (leadId: string) => void;
  isPending: boolean;
}) => {
  const id = useId();
  const [q, setQ] = useState('');
  const found = useSearchLeads(orgId, q);
  const items = q.trim() ? (found.data?.items ?? []) : [];
  return (
    <div className="field">
      <label htmlFor={`${id}-q`}>Find the lead by name, email or company</label>
      <input
        id={`${id}-q`}
        type="search"
        autoComplete="off"
        value={q}
        onChange={(event) => setQ(event.target.value)}
        placeholder="e.g. Vera"
      />
      {q.trim() && found.isSuccess && items.length === 0 ? <p className="hint">No lead matches “{q}”.</p> : null}
      {items.length > 0 ? (
        <ul aria-label="Matching leads">
          {items.map((lead) => (
            <li key={lead.id}>
              <span>
                {lead.name}
                {lead.company ? <span className="muted"> · {lead.company}</span> : null}
              </span>
              <Button size="small" variant="secondary" disabled={isPending} onClick={() => onPick(lead.id)}>
                Match to {lead.name}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

/**
 * Which lead an income transaction came from: shown, matched by searching leads, or unmatched. A
 * matched payment is the lead's revenue in Sources (it replaces the deal value once the lead is won).
 */
export const PaymentLeadMatch = ({ orgId, transactionId }: { orgId: string; transactionId: string }) => {
  const match = usePaymentMatch(orgId, transactionId);
  const change = useMatchPayment(orgId, transactionId);
  const toast = useToast();
  const set = (leadId: string | null) =>
    change.mutate(leadId, {
      onSuccess: (result) => toast(result.lead ? `Matched to ${result.lead.name}` : 'Unmatched from the lead'),
    });
  const lead = match.data?.lead ?? null;
  return (
    <section className="payment-match" aria-labelledby={`lead-${transactionId}`} data-testid="payment-lead-match">
      <h3 id={`lead-${transactionId}`}>Lead</h3>
      {match.isPending ? (
        <p className="muted">Loading…</p>
      ) : match.isError ? (
        <ActionError error={match.error} />
      ) : lead ? (
        <p>
          This payment came from <Link to={paths.orgs.leads.lead.getHref(orgId, lead.id)}>{lead.name}</Link>
          {lead.stage === 'won' ? '.' : ': mark the lead won to count it in Sources.'}{' '}
          <Button
            size="small"
            variant="ghost"
            isPending={change.isPending}
            pendingLabel="Unmatching…"
            onClick={() => set(null)}
          >
            Unmatch
          </Button>
        </p>
      ) : (
        <>
          <p className="muted">Match this payment to the lead it came from, to see what each source earned.</p>
          <LeadPicker orgId={orgId} onPick={set} isPending={change.isPending} />
        </>
      )}
      {change.isError ? <ActionError error={change.error} /> : null}
    </section>
  );
};
