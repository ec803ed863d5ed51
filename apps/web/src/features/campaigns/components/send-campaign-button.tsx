import { Link } from 'react-router';
import { usageResourceLabels } from '@aiceo/shared/plans';
import { quotaExceededDetailsSchema } from '@aiceo/shared/usage';
import { paths } from '@/config/paths';
import { ConfirmButton } from '@/components/ui/confirm-button';
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

/** A refused send: over quota shows the numbers and the way to more; anything else its message. */
const SendError = ({ orgId, failure }: { orgId: string; failure: unknown }) => {
  const quota =
    failure instanceof ApiError && failure.code === 'QUOTA_EXCEEDED'
      ? quotaExceededDetailsSchema.safeParse(failure.details)
      : null;
  if (!quota?.success)
    return (
      <p className="alert error" role="alert">
        {errorMessage(failure)}
      </p>
    );
  return (
    <div className="alert error" role="alert">
      <p>
        Not enough {usageResourceLabels[quota.data.resource].other} left: {quota.data.used} of {quota.data.limit} used
        this month.
      </p>
      <Link to={paths.orgs.settings.billing.getHref(orgId)}>
        {quota.data.upgrade ? 'Upgrade your plan' : 'See plan and usage'}
      </Link>
    </div>
  );
};

/** Send behind a confirmation that says how many mails go out and how many the plan has left. */
export const SendCampaignButton = ({
  orgId,
  campaignId,
  audienceCount,
  emailsLeft,
  onSent,
}: SendCampaignButtonProps) => {
  const toast = useToast();
  const send = useSendCampaign(orgId, campaignId);
  const tooFew = audienceCount !== null && emailsLeft !== null && audienceCount > emailsLeft;

  return (
    <ConfirmButton
      title="Send this campaign?"
      description={
        <>
          <p>
            It goes to{' '}
            <strong data-testid="send-count">
              {audienceCount === null
                ? 'every lead of the audience'
                : audienceCount === 1
                  ? '1 lead'
                  : `${audienceCount} leads`}
            </strong>
            , one email each.
          </p>
          {emailsLeft !== null ? (
            <p data-testid="emails-left">Your plan has {emailsLeft.toLocaleString('en-US')} emails left this month.</p>
          ) : null}
          {tooFew ? <p className="alert warning">That is fewer than the audience: the send will be refused.</p> : null}
        </>
      }
      confirmLabel="Send now"
      pendingLabel="Sending…"
      variant="primary"
      size="normal"
      disabled={audienceCount === 0}
      renderError={(failure) => <SendError orgId={orgId} failure={failure} />}
      onConfirm={async () => {
        const campaign = await send.mutateAsync();
        toast(
          `Campaign sent: ${campaign.counts.sent} sent${campaign.counts.failed ? `, ${campaign.counts.failed} failed` : ''}`,
        );
        onSent();
      }}
    >
      Send campaign
    </ConfirmButton>
  );
};
