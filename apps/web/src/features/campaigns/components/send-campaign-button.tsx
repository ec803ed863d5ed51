import { Link } from 'react-router';
import { campaignRecipientCapFor, campaignTooLargeMessage, type Plan } from '@aiceo/shared/plans';
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
  /** Emails the plan has left this month (a campaign counts as one); null while unknown. */
  emailsLeft: number | null;
  /** The org's plan (its cap on recipients per campaign); null while unknown. */
  plan: Plan | null;
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
  const { used, limit, campaignRecipients, upgrade } = quota.data;
  return (
    <div className="alert error" role="alert">
      <p>
        {campaignRecipients
          ? errorMessage(failure)
          : used >= limit
            ? `This month’s ${limit.toLocaleString('en-US')} emails are used up (a campaign counts as one).`
            : `Not enough emails left: ${used} of ${limit} used this month.`}
      </p>
      <Link to={paths.orgs.settings.billing.getHref(orgId)}>
        {upgrade ? 'Upgrade your plan' : 'See plan and usage'}
      </Link>
    </div>
  );
};

/**
 * Send behind a confirmation that says how many mails go out, that the campaign counts as one of
 * the plan's emails, and whether the audience is over the plan's cap on recipients per campaign.
 */
export const SendCampaignButton = ({
  orgId,
  campaignId,
  audienceCount,
  emailsLeft,
  plan,
  onSent,
}: SendCampaignButtonProps) => {
  const toast = useToast();
  const send = useSendCampaign(orgId, campaignId);
  const noneLeft = emailsLeft !== null && emailsLeft < 1;
  const overCap = plan !== null && audienceCount !== null && audienceCount > campaignRecipientCapFor(plan);

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
            , one email each. It counts as 1 of your plan’s emails.
          </p>
          {emailsLeft !== null ? (
            <p data-testid="emails-left">Your plan has {emailsLeft.toLocaleString('en-US')} emails left this month.</p>
          ) : null}
          {noneLeft ? <p className="alert warning">No emails are left this month: the send will be refused.</p> : null}
          {overCap && plan && audienceCount !== null ? (
            <p className="alert warning">{campaignTooLargeMessage(plan, audienceCount)}</p>
          ) : null}
        </>
      }
      confirmLabel="Send now"
      pendingLabel="Sending…"
      variant="primary"
      size="normal"
      disabled={audienceCount === 0 || overCap}
      renderError={(failure) => <SendError orgId={orgId} failure={failure} />}
      onConfirm={async () => {
        const campaign = await send.mutateAsync();
        const total = campaign.counts.pending + campaign.counts.sent + campaign.counts.failed;
        toast(
          campaign.status === 'sent'
            ? `Campaign sent: ${campaign.counts.sent} sent${campaign.counts.failed ? `, ${campaign.counts.failed} failed` : ''}`
            : `Sending to ${total.toLocaleString('en-US')} ${total === 1 ? 'lead' : 'leads'}: the progress shows on this page`,
        );
        onSent();
      }}
    >
      Send campaign
    </ConfirmButton>
  );
};
