import { Link } from 'react-router';
import { campaignRecipientCapFor, campaignTooLargeMessage, type Plan } from '@aiceo/shared/plans';
import { paths } from '@/config/paths';

type RecipientCapNoticeProps = {
  orgId: string;
  /** Leads the campaign would reach now (the preview's count); null while unknown. */
  audienceCount: number | null;
  /** The org's plan; null while unknown. */
  plan: Plan | null;
};

/** Before sending: the same words the API answers when the audience is over the plan's cap per campaign. */
export const RecipientCapNotice = ({ orgId, audienceCount, plan }: RecipientCapNoticeProps) => {
  if (plan === null || audienceCount === null || audienceCount <= campaignRecipientCapFor(plan)) return null;
  return (
    <div className="alert warning" role="alert" data-testid="recipient-cap">
      <p>{campaignTooLargeMessage(plan, audienceCount)}</p>
      <Link to={paths.orgs.settings.billing.getHref(orgId)}>See plans</Link>
    </div>
  );
};
