import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { usageResourceLabels } from '@aiceo/shared/plans';
import { quotaExceededDetailsSchema, type QuotaExceededDetails } from '@aiceo/shared/usage';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { ApiError } from '@/lib/api-client';
import { useSendCampaign } from '../api/send-campaign';

type SendCampaignButtonProps = {
  orgId: string;
  campaignId: string;
  /** Leads the campaign would reach now (from the preview); null while unknown. */
  audienceCount: number | null;
  /** Emails the plan has left this month; null while unknown. */
  emailsLeft: number | null;
  onSent: () => void;
};

/** Send behind a confirmation that says how many mails go out and how many the plan has left. */
export const SendCampaignButton = ({ orgId, campaignId, audienceCount, emailsLeft, onSent }: SendCampaignButtonProps) => {
  const id = useId();
  const toast = useToast();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const send = useSendCampaign(orgId, campaignId);
  const [quota, setQuota] = useState<QuotaExceededDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tooFew = audienceCount !== null && emailsLeft !== null && audienceCount > emailsLeft;

  const confirm = async () => {
    setQuota(null);
    setError(null);
    try {
      const campaign = await send.mutateAsync();
      dialogRef.current?.close();
      toast(`Campaign sent: ${campaign.counts.sent} sent${campaign.counts.failed ? `, ${campaign.counts.failed} failed` : ''}`);
      onSent();
    } catch (failure) {
      const details = failure instanceof ApiError && failure.code === 'QUOTA_EXCEEDED' ? quotaExceededDetailsSchema.safeParse(failure.details) : null;
      if (details?.success) setQuota(details.data);
      else setError(errorMessage(failure));
    }
  };

  return (
    <>
      <Button onClick={() => dialogRef.current?.showModal()} disabled={audienceCount === 0}>
        Send campaign
      </Button>
      <dialog ref={dialogRef} aria-labelledby={`${id}-title`} aria-describedby={`${id}-description`}>
        <h2 id={`${id}-title`}>Send this campaign?</h2>
        <div id={`${id}-description`}>
          <p>
            It goes to <strong data-testid="send-count">{audienceCount === null ? 'every lead of the audience' : audienceCount === 1 ? '1 lead' : `${audienceCount} leads`}</strong>, one email each.
          </p>
          {emailsLeft !== null ? <p data-testid="emails-left">Your plan has {emailsLeft.toLocaleString('en-US')} emails left this month.</p> : null}
          {tooFew ? <p className="alert warning">That is fewer than the audience: the send will be refused.</p> : null}
        </div>
        {quota ? (
          <div className="alert error" role="alert">
            <p>
              Not enough {usageResourceLabels[quota.resource].other} left: {quota.used} of {quota.limit} used this month.
            </p>
            <Link to={paths.orgs.settings.billing.getHref(orgId)}>{quota.upgrade ? 'Upgrade your plan' : 'See plan and usage'}</Link>
          </div>
        ) : null}
        {error ? (
          <p className="alert error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={() => dialogRef.current?.close()} disabled={send.isPending} autoFocus>
            Cancel
          </Button>
          <Button onClick={() => void confirm()} isPending={send.isPending} pendingLabel="Sending…">
            Send now
          </Button>
        </div>
      </dialog>
    </>
  );
};
