import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Proposal } from '@aiceo/shared/proposals';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';
import { useSendProposal } from '../api/send-proposal';

type SendProposalDialogProps = {
  orgId: string;
  proposal: Proposal;
  /** "Send" for a draft, "Send again" for a reminder. */
  label: string;
  variant?: 'primary' | 'secondary';
  /** Runs first (saves unsaved changes); false stops the send. */
  beforeSend?: () => Promise<boolean>;
};

const NoEmail = ({ orgId, leadId }: { orgId: string; leadId: string | null }) => (
  <div className="alert warning" role="alert">
    <p style={{ margin: 0 }}>
      The client has no email address, so there is nowhere to send it. Add an email address to the lead, then send
      again.
    </p>
    {leadId ? <Link to={paths.orgs.leads.lead.getHref(orgId, leadId)}>Open the lead</Link> : null}
  </div>
);

/** Send (or remind): who gets it, an optional note above the link, then one click. */
export const SendProposalDialog = ({
  orgId,
  proposal,
  label,
  variant = 'primary',
  beforeSend,
}: SendProposalDialogProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  const [message, setMessage] = useState('');
  const [isSaving, setSaving] = useState(false);
  const send = useSendProposal(orgId, proposal.id);
  const toast = useToast();
  const isReminder = proposal.status !== 'draft';
  const noEmail = (send.error instanceof ApiError && send.error.status === 422) || proposal.clientEmail === '';

  const confirm = async () => {
    send.reset();
    if (beforeSend) {
      setSaving(true);
      const saved = await beforeSend().finally(() => setSaving(false));
      if (!saved) {
        dialogRef.current?.close();
        return;
      }
    }
    // mutateAsync: the draft's editor (and this dialog with it) makes way for the sent view on success,
    // and the toast must still say where it went.
    const sent = await send.mutateAsync(message.trim()).catch(() => null);
    if (!sent) return;
    dialogRef.current?.close();
    setMessage('');
    toast(isReminder ? `Reminder sent to ${sent.clientEmail}` : `Proposal sent to ${sent.clientEmail}`);
  };

  return (
    <>
      <Button variant={variant} aria-haspopup="dialog" onClick={() => dialogRef.current?.showModal()}>
        {label}
      </Button>
      <dialog ref={dialogRef} aria-labelledby={titleId} className="proposal-dialog" onClose={() => send.reset()}>
        <h2 id={titleId}>{isReminder ? 'Send a reminder?' : 'Send this proposal?'}</h2>
        <div className="stack">
          {proposal.clientEmail ? (
            <p>
              {proposal.clientName} gets an email at <strong data-testid="send-to">{proposal.clientEmail}</strong> with
              a link to the proposal, where they can accept it online.
            </p>
          ) : null}
          {noEmail ? <NoEmail orgId={orgId} leadId={proposal.leadId} /> : null}
          <div className="field">
            <label htmlFor={messageId}>Personal note (optional)</label>
            <p className="hint">Shown above the link in the email.</p>
            <textarea
              id={messageId}
              rows={4}
              maxLength={5_000}
              value={message}
              onChange={(event) => setMessage(event.target.value)}
            />
          </div>
          {send.isError && !noEmail ? <ActionError error={send.error} inDialog /> : null}
        </div>
        <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
            Cancel
          </Button>
          <Button
            onClick={() => void confirm()}
            isPending={isSaving || send.isPending}
            pendingLabel={isSaving ? 'Saving…' : 'Sending…'}
          >
            {isReminder ? 'Send reminder' : 'Send'}
          </Button>
        </div>
      </dialog>
    </>
  );
};
