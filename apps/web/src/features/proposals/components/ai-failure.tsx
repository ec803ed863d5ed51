import { Link } from 'react-router';
import { aiAllowanceExceededDetailsSchema } from '@aiceo/shared/ai-budget';
import { ActionError } from '@/components/ui/action-error';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';

/**
 * A failed AI action: the month's AI allowance used up says so with a link to it; a plan limit is
 * announced app-wide (ActionError shows nothing then); anything else shows its message.
 */
export const AiFailure = ({ orgId, error }: { orgId: string; error: unknown }) => {
  if (
    error instanceof ApiError &&
    error.code === 'QUOTA_EXCEEDED' &&
    aiAllowanceExceededDetailsSchema.safeParse(error.details).success
  ) {
    return (
      <div className="alert warning" role="alert">
        <p>{error.message}</p>
        <Link to={paths.orgs.settings.aiAllowance.getHref(orgId)}>See the AI allowance</Link>
      </div>
    );
  }
  return <ActionError error={error} />;
};
