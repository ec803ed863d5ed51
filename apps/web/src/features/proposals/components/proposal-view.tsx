import { Link, useNavigate } from 'react-router';
import { formatMoney } from '@aiceo/shared/money';
import type { Proposal } from '@aiceo/shared/proposals';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { PageHeader } from '@/components/ui/page-header';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format';
import { useDeleteProposal } from '../api/delete-proposal';
import { useReviseProposal } from '../api/revise-proposal';
import { formatDay, formatQuantity, proposalNumber } from '../format';
import { ProposalStatusBadge } from './proposal-status-badge';
import { PreviewButton } from './preview-button';
import { SendProposalDialog } from './send-proposal-dialog';
import { TotalsPanel } from './totals-panel';
import './proposals.css';

type Step = { key: string; tone?: 'good' | 'bad'; at: string | null; text: string; detail?: string };

/** What happened to the proposal, oldest first. */
const timelineOf = (proposal: Proposal): Step[] => {
  const steps: Step[] = [{ key: 'created', at: proposal.createdAt, text: 'Created' }];
  if (proposal.sentAt)
    steps.push({ key: 'sent', at: proposal.sentAt, text: `Sent to ${proposal.clientEmail || proposal.clientName}` });
  if (proposal.viewedAt) steps.push({ key: 'viewed', at: proposal.viewedAt, text: 'Opened by the client' });
  if (proposal.acceptedAt)
    steps.push({
      key: 'accepted',
      tone: 'good',
      at: proposal.acceptedAt,
      text: `Accepted by ${proposal.acceptedName ?? proposal.clientName}`,
      detail: proposal.acceptedIp ? `from ${proposal.acceptedIp}` : undefined,
    });
  if (proposal.declinedAt)
    steps.push({
      key: 'declined',
      tone: 'bad',
      at: proposal.declinedAt,
      text: 'Declined',
      detail: proposal.declineReason ? `“${proposal.declineReason}”` : undefined,
    });
  if (proposal.expiredAt)
    steps.push({
      key: 'expired',
      tone: 'bad',
      at: proposal.expiredAt,
      text: `Expired (valid until ${formatDay(proposal.validUntil)})`,
    });
  if (proposal.depositPaidAt)
    steps.push({ key: 'deposit', tone: 'good', at: proposal.depositPaidAt, text: 'Deposit paid' });
  return steps.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
};

const Timeline = ({ proposal }: { proposal: Proposal }) => (
  <ol className="timeline" aria-label="Timeline" data-testid="proposal-timeline">
    {timelineOf(proposal).map((step) => (
      <li key={step.key} className={step.tone} data-step={step.key}>
        <strong>{step.text}</strong>
        {step.detail ? <span> {step.detail}</span> : null}
        {step.at ? <time dateTime={step.at}>{formatDateTime(step.at)}</time> : null}
      </li>
    ))}
  </ol>
);

const CopyLink = ({ url }: { url: string }) => {
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      size="small"
      onClick={() =>
        void navigator.clipboard.writeText(url).then(
          () => toast('Link copied'),
          () => toast('Could not copy; select the link and copy it', 'error'),
        )
      }
    >
      Copy link
    </Button>
  );
};

/** The accepted proposal's next steps: its project, and the deposit (link or paid). */
const Accepted = ({ orgId, proposal }: { orgId: string; proposal: Proposal }) => (
  <section className="card stack" aria-label="After acceptance" data-testid="proposal-accepted">
    <h2>Accepted</h2>
    {proposal.projectId ? (
      <p>
        The project has started:{' '}
        <Link to={paths.orgs.project.getHref(orgId, proposal.projectId)}>Open the project</Link>
      </p>
    ) : (
      <p className="muted">No project is linked to this proposal.</p>
    )}
    {proposal.depositMinor > 0 ? (
      proposal.depositPaidAt ? (
        <p>
          <span className="badge good">Deposit paid</span> {formatMoney(proposal.depositMinor, proposal.currency)} on{' '}
          {formatDateTime(proposal.depositPaidAt)}
        </p>
      ) : proposal.depositUrl ? (
        <p>
          Deposit of {formatMoney(proposal.depositMinor, proposal.currency)} not paid yet.{' '}
          <a href={proposal.depositUrl} target="_blank" rel="noopener noreferrer">
            Deposit payment link
          </a>
        </p>
      ) : (
        <p className="muted">No deposit link was sent (connect Stripe to collect a deposit on acceptance).</p>
      )
    ) : null}
  </section>
);

type ProposalViewProps = { orgId: string; proposal: Proposal; canEdit: boolean };

/** A sent (viewed, accepted, declined, expired) proposal: read-only, with what happened and what to do next. */
export const ProposalView = ({ orgId, proposal, canEdit }: ProposalViewProps) => {
  const revise = useReviseProposal(orgId, proposal.id);
  const remove = useDeleteProposal(orgId);
  const navigate = useNavigate();
  const toast = useToast();
  const isOpen = proposal.status === 'sent' || proposal.status === 'viewed';
  const canRevise = proposal.status !== 'accepted';
  return (
    <>
      <p>
        <Link to={paths.orgs.proposals.getHref(orgId)}>← All proposals</Link>
      </p>
      <PageHeader
        title={proposal.title || 'Untitled proposal'}
        description={
          <>
            <span className="mono">{proposalNumber(proposal.number)}</span> ·{' '}
            <ProposalStatusBadge status={proposal.status} /> · for{' '}
            {proposal.leadId ? (
              <Link to={paths.orgs.leads.lead.getHref(orgId, proposal.leadId)}>{proposal.clientName}</Link>
            ) : (
              proposal.clientName
            )}
            {proposal.clientCompany ? ` (${proposal.clientCompany})` : ''}
          </>
        }
        actions={
          <>
            <PreviewButton orgId={orgId} proposalId={proposal.id} />
            {isOpen ? (
              <a className="button secondary" href={proposal.publicUrl} target="_blank" rel="noopener noreferrer">
                Open client link
              </a>
            ) : null}
            {canEdit && isOpen ? (
              <SendProposalDialog orgId={orgId} proposal={proposal} label="Send again" variant="secondary" />
            ) : null}
            {canEdit && canRevise ? (
              <ConfirmButton
                title="Revise this proposal?"
                description="It goes back to draft so you can change it; the client’s page says it is being revised until you send it again."
                confirmLabel="Revise"
                pendingLabel="Opening…"
                variant="secondary"
                size="normal"
                onConfirm={() => revise.mutateAsync().then(() => toast('Back to draft'))}
              >
                Revise
              </ConfirmButton>
            ) : null}
            {canEdit && proposal.status !== 'accepted' ? (
              <ConfirmButton
                title="Delete this proposal?"
                description="It is deleted for good and its link stops working."
                confirmLabel="Delete proposal"
                pendingLabel="Deleting…"
                size="normal"
                onConfirm={async () => {
                  await remove.mutateAsync(proposal.id);
                  toast('Proposal deleted');
                  await navigate(paths.orgs.proposals.getHref(orgId));
                }}
              >
                Delete
              </ConfirmButton>
            ) : null}
          </>
        }
      />
      {revise.isError ? <ActionError error={revise.error} /> : null}
      <div className="proposal-layout">
        <div className="stack">
          {proposal.status === 'accepted' ? <Accepted orgId={orgId} proposal={proposal} /> : null}
          {proposal.status === 'declined' && proposal.declineReason ? (
            <div className="alert warning" role="note">
              <strong>Declined:</strong> {proposal.declineReason}
            </div>
          ) : null}
          {proposal.coverLetter ? (
            <section className="card stack" aria-label="Cover letter">
              <h2>Cover letter</h2>
              <p className="proposal-text">{proposal.coverLetter}</p>
            </section>
          ) : null}
          <section className="card stack" aria-label="Items">
            <h2>Items</h2>
            <div className="table-wrap stacked-table proposal-items">
              <table aria-label="Items">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Quantity</th>
                    <th scope="col" className="amount">
                      Unit price
                    </th>
                    <th scope="col" className="amount">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {proposal.items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">
                        {item.name}
                        {item.description ? (
                          <p className="item-meta proposal-text" style={{ fontWeight: 400 }}>
                            {item.description}
                          </p>
                        ) : null}
                      </th>
                      <td data-label="Quantity">{formatQuantity(item.quantity, item.pricingModel)}</td>
                      <td data-label="Unit price" className="amount">
                        {formatMoney(item.unitPriceMinor, proposal.currency)}
                      </td>
                      <td data-label="Amount" className="amount">
                        {formatMoney(item.amountMinor, proposal.currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {proposal.terms ? (
            <section className="card stack" aria-label="Terms">
              <h2>Terms</h2>
              <p className="proposal-text">{proposal.terms}</p>
            </section>
          ) : null}
        </div>
        <aside className="stack proposal-side" aria-label="Status and totals">
          <section className="card stack">
            <h2>Totals</h2>
            <TotalsPanel
              totals={proposal}
              currency={proposal.currency}
              discountPercent={proposal.discountPercent}
              taxPercent={proposal.taxPercent}
              depositPercent={proposal.depositPercent}
            />
            <p className="muted">Valid until {formatDay(proposal.validUntil)}</p>
          </section>
          <section className="card stack">
            <h2>Timeline</h2>
            <Timeline proposal={proposal} />
          </section>
          <section className="card stack">
            <h2>Client link</h2>
            <div className="public-link">
              <code data-testid="public-url">{proposal.publicUrl}</code>
              <CopyLink url={proposal.publicUrl} />
            </div>
          </section>
        </aside>
      </div>
    </>
  );
};
