import { Link } from 'react-router';
import { usageResourceLabels } from '@aiceo/shared/plans';
import { quotaExceededDetailsSchema } from '@aiceo/shared/usage';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';
import { errorMessage } from './states';

/**
 * A failed action's message: for 402 QUOTA_EXCEEDED, what ran out with a link to the billing page;
 * otherwise the API's message.
 */
export const ActionError = ({ orgId, error }: { orgId: string; error: unknown }) => {
  const quota = error instanceof ApiError && error.code === 'QUOTA_EXCEEDED' ? quotaExceededDetailsSchema.safeParse(error.details) : null;
  if (quota) {
    const what = quota.success
      ? `Your plan’s ${quota.data.limit.toLocaleString('en-US')} ${usageResourceLabels[quota.data.resource].other} for this month are used up.`
      : 'Your plan’s limit for this month is reached.';
    return (
      <div className="alert warning" role="alert" tabIndex={-1} data-form-error="">
        <p>{what}</p>
        <Link to={paths.orgs.settings.billing.getHref(orgId)}>{quota.success && quota.data.upgrade ? 'Upgrade your plan' : 'See plan and usage'}</Link>
      </div>
    );
  }
  return (
    <p className="alert error" role="alert" tabIndex={-1} data-form-error="">
      {errorMessage(error)}
    </p>
  );
};
