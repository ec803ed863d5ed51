import { Link } from 'react-router';
import { formatMoney } from '@aiceo/shared/money';
import type { ProposalSummary } from '@aiceo/shared/proposals';
import { RelativeTime } from '@/components/ui/relative-time';
import { paths } from '@/config/paths';
import { formatDay, proposalNumber } from '../format';
import { ProposalStatusBadge } from './proposal-status-badge';
import './proposals.css';

/** The proposals list: a table on wide screens, one card per proposal on phones. */
export const ProposalsTable = ({ orgId, proposals }: { orgId: string; proposals: readonly ProposalSummary[] }) => (
  <div className="table-wrap stacked-table">
    <table className="proposals-table" aria-label="Proposals">
      <thead>
        <tr>
          <th scope="col">Number</th>
          <th scope="col">Title</th>
          <th scope="col">Client</th>
          <th scope="col" className="amount">
            Total
          </th>
          <th scope="col">Status</th>
          <th scope="col">Valid until</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {proposals.map((proposal) => (
          <tr key={proposal.id} data-status={proposal.status}>
            <td className="mono number">{proposalNumber(proposal.number)}</td>
            <th scope="row">
              <Link to={paths.orgs.proposal.getHref(orgId, proposal.id)}>{proposal.title || 'Untitled proposal'}</Link>
            </th>
            <td data-label="Client" className="client">
              {proposal.clientName}
              {proposal.clientCompany ? <span className="muted"> · {proposal.clientCompany}</span> : null}
            </td>
            <td data-label="Total" className="amount">
              {formatMoney(proposal.totalMinor, proposal.currency)}
            </td>
            <td data-label="Status">
              <ProposalStatusBadge status={proposal.status} />
            </td>
            <td data-label="Valid until">{formatDay(proposal.validUntil)}</td>
            <td data-label="Updated">
              <RelativeTime iso={proposal.updatedAt} past />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
