import { proposalStatusLabels, type ProposalStatus } from '@aiceo/shared/proposals';
import { proposalStatusTone } from '../format';

export const ProposalStatusBadge = ({ status }: { status: ProposalStatus }) => (
  <span className={proposalStatusTone[status]} data-testid="proposal-status" data-status={status}>
    {proposalStatusLabels[status]}
  </span>
);
