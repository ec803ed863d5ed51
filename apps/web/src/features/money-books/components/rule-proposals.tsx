import { useState } from 'react';
import type { FinanceRuleProposal } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useAcceptRuleProposal, useDismissRuleProposal } from '../api/decide-rule-proposal';
import { useRuleProposals } from '../api/list-rule-proposals';
import { plural } from '../format';

const Proposal = ({ orgId, proposal }: { orgId: string; proposal: FinanceRuleProposal }) => {
  const accept = useAcceptRuleProposal(orgId);
  const dismiss = useDismissRuleProposal(orgId);
  const toast = useToast();
  const [applyToPast, setApplyToPast] = useState(proposal.wouldChange > 0);
  const isBusy = accept.isPending || dismiss.isPending;
  return (
    <li className="card">
      <p>
        You moved “{proposal.counterparty}” to <strong>{proposal.category.name}</strong>{' '}
        {plural(proposal.corrections, 'time')}: make it a rule?
      </p>
      {proposal.wouldChange > 0 ? (
        <label className="check">
          <input type="checkbox" checked={applyToPast} onChange={(event) => setApplyToPast(event.target.checked)} />
          Also apply it to the {plural(proposal.wouldChange, 'past transaction')} it matches
        </label>
      ) : null}
      <div className="actions">
        <Button
          size="small"
          disabled={isBusy}
          isPending={accept.isPending}
          pendingLabel="Making the rule…"
          onClick={() =>
            accept.mutate(
              { proposalId: proposal.id, applyToPast: proposal.wouldChange > 0 && applyToPast },
              {
                onSuccess: ({ rule, changed }) =>
                  toast(`Rule “${rule.name}” made${changed > 0 ? `; ${plural(changed, 'transaction')} changed` : ''}`),
                onError: (error) => toast(errorMessage(error), 'error'),
              },
            )
          }
        >
          Make it a rule
        </Button>
        <Button
          variant="ghost"
          size="small"
          disabled={isBusy}
          onClick={() =>
            dismiss.mutate(proposal.id, {
              onSuccess: () => toast(`No rule for “${proposal.counterparty}”; it will not be proposed again`),
              onError: (error) => toast(errorMessage(error), 'error'),
            })
          }
        >
          Dismiss
        </Button>
      </div>
    </li>
  );
};

/** Rules the app proposes from the owner's own corrections; nothing happens until one is accepted. */
export const RuleProposals = ({ orgId }: { orgId: string }) => {
  const proposals = useRuleProposals(orgId);
  const items = proposals.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">Proposed rules</h2>
      <ul className="proposals" aria-label="Proposed rules">
        {items.map((proposal) => (
          <Proposal key={proposal.id} orgId={orgId} proposal={proposal} />
        ))}
      </ul>
    </section>
  );
};
