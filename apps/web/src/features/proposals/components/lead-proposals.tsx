import { Link } from 'react-router';
import { formatMoney } from '@aiceo/shared/money';
import { paths } from '@/config/paths';
import { useProposals } from '../api/list-proposals';
import { proposalNumber } from '../format';
import { ProposalStatusBadge } from './proposal-status-badge';
import './proposals.css';

/** The lead page's proposals: each with its status and total, and "New proposal" for this lead. */
export const LeadProposals = ({ orgId, leadId }: { orgId: string; leadId: string }) => {
  const proposals = useProposals(orgId, { leadId });
  const items = proposals.data?.items ?? [];
  return (
    <section className="card stack lead-proposals" aria-labelledby="lead-proposals-heading">
      <div className="lead-proposals-head">
        <h2 id="lead-proposals-heading">Proposals</h2>
        <Link className="button small secondary" to={paths.orgs.proposals.getHref(orgId, leadId)}>
          New proposal
        </Link>
      </div>
      {proposals.isPending ? <p className="muted">Loading…</p> : null}
      {proposals.isError ? <p className="muted">The proposals could not be loaded.</p> : null}
      {proposals.isSuccess && items.length === 0 ? (
        <p className="muted">None yet. A proposal the client accepts online starts the project.</p>
      ) : null}
      {items.length > 0 ? (
        <ul aria-label="Proposals for this lead">
          {items.map((proposal) => (
            <li key={proposal.id}>
              <span>
                <span className="mono">{proposalNumber(proposal.number)}</span>{' '}
                <Link to={paths.orgs.proposal.getHref(orgId, proposal.id)}>
                  {proposal.title || 'Untitled proposal'}
                </Link>
              </span>
              <span>
                {formatMoney(proposal.totalMinor, proposal.currency)} <ProposalStatusBadge status={proposal.status} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
};
